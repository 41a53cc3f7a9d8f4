import { domainMatches, hostOf } from '../domain/site.ts';
import { PAIRING_WINDOW_MS, VISIT_CAPS } from './caps.ts';
import {
  placeCookieChange,
  recordCookieChange,
  type CookieChangeEvent,
  type CookieChangeOptions,
  type Visit,
} from './visit.ts';

interface HeldChange {
  ev: CookieChangeEvent;
  /** The visits that already have it. */
  placedIn: WeakSet<Visit>;
}

/**
 * Cookie changes for browsers that may report a change before the webRequest events of the
 * request behind it (Firefox). A change that no write explains goes to the visits that contacted a
 * host its domain covers — but the visit that made the request may not know that host yet, or
 * may not exist yet (a navigation's first response). So such a change is held for
 * PAIRING_WINDOW_MS, and each request a visit records later is offered the held changes that
 * happened after it started and that cover its host: the visit gets what it would have had, had
 * the events come in order.
 */
export class LateCookieChanges {
  private readonly held: HeldChange[] = [];

  constructor(private readonly cap: number = VISIT_CAPS.pendingWrites) {}

  get size(): number {
    return this.held.length;
  }

  /** Records a change as `recordCookieChange` does, and holds it unless a write explained it. */
  record(
    visits: Iterable<Visit>,
    ev: CookieChangeEvent,
    options: CookieChangeOptions = {},
  ): Visit[] {
    const placed = placeCookieChange(visits, ev, options);
    // The removal half of an overwrite is never recorded, now or later.
    if (!placed.paired && !(ev.removed && ev.cause === 'overwrite')) {
      this.prune(ev.time);
      if (this.held.length >= this.cap) this.held.shift();
      this.held.push({ ev, placedIn: new WeakSet(placed.visits) });
    }
    return placed.visits;
  }

  /**
   * `visit` has just recorded a request to `requestUrl` that started at `startedAt`: gives it the
   * held changes from after that start whose domain covers the request's host. Returns whether it
   * took any.
   */
  offer(visit: Visit, requestUrl: string, startedAt: number, now: number = startedAt): boolean {
    this.prune(now);
    const host = hostOf(requestUrl);
    if (host === null) return false;
    let took = false;
    for (const held of this.held) {
      const { ev, placedIn } = held;
      if (ev.time < startedAt || placedIn.has(visit) || !domainMatches(ev.cookie.domain, host))
        continue;
      if (recordCookieChange([visit], ev).length > 0) {
        placedIn.add(visit);
        took = true;
      }
    }
    return took;
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.held.length && now - (this.held[drop]?.ev.time ?? now) > PAIRING_WINDOW_MS)
      drop++;
    if (drop > 0) this.held.splice(0, drop);
  }
}
