import { reviveVisit, type Visit } from '../../lib/observe/visit.ts';

/** The slice of `storage.session` the store needs; passed in so the store can be tested alone. */
export interface SessionArea {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const KEY_PREFIX = 'visit:';
/** Coalesces writes: a busy page changes its visit hundreds of times a second. */
const FLUSH_DELAY_MS = 40;
/** The longest the handlers wait for the stored state and the settings before running anyway. */
const READY_TIMEOUT_MS = 5_000;
/**
 * Each write serialises the whole visit, so a big visit is written less often: 0.4 ms per
 * record it holds (300 requests → 120 ms), at most a second. That bounds the worker's time
 * spent writing while a heavy page loads; the price is a longer window a crashed worker loses.
 */
const FLUSH_MS_PER_RECORD = 0.4;
const MAX_FLUSH_DELAY_MS = 1000;

/**
 * Holds each tab's current visit in memory and mirrors it to `storage.session`, so a stopped
 * and restarted MV3 worker picks up where it left off. Handlers await `ready` before touching
 * state (events that arrive while the worker restores are queued in order behind it).
 */
export class VisitStore {
  readonly ready: Promise<void>;
  private readonly visits = new Map<number, Visit>();
  private readonly dirty = new Set<number>();
  private readonly removed = new Set<number>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private isReady = false;
  /** The write under way, if any. */
  private writing: Promise<void> | null = null;
  /** Callers waiting for the changes made so far to be written (see `written`). */
  private waiting: (() => void)[] = [];
  /** The last write error (quota, …), kept for the report instead of crashing the worker. */
  lastError: string | null = null;

  constructor(
    private readonly area: SessionArea,
    private readonly onFlushed: (visits: Visit[]) => void = () => {},
    /** Anything else the handlers need before they run (the settings). */
    alsoWaitFor: Promise<unknown> = Promise.resolve(),
  ) {
    // Storage that never answers must not stop observation: after READY_TIMEOUT_MS the handlers
    // run with what there is (a late restore still adds the visits it finds).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, READY_TIMEOUT_MS);
    });
    this.ready = Promise.race([
      Promise.all([this.restore(), alsoWaitFor.catch(() => {})]),
      timeout,
    ]).then(() => {
      clearTimeout(timer);
      this.isReady = true;
    });
  }

  /** Runs `fn` now if restored, otherwise after restoring, preserving arrival order. */
  whenReady(fn: () => void): void {
    if (this.isReady) fn();
    else void this.ready.then(fn);
  }

  get(tabId: number): Visit | undefined {
    return this.visits.get(tabId);
  }

  all(): IterableIterator<Visit> {
    return this.visits.values();
  }

  set(visit: Visit): void {
    this.visits.set(visit.tabId, visit);
    this.removed.delete(visit.tabId);
    this.markDirty(visit.tabId);
  }

  delete(tabId: number): void {
    this.visits.delete(tabId);
    this.dirty.delete(tabId);
    this.removed.add(tabId);
    this.scheduleFlush();
  }

  markDirty(tabId: number): void {
    this.dirty.add(tabId);
    this.scheduleFlush();
  }

  /**
   * Resolves once every change made so far is written (or its write failed), with the next
   * coalesced write: what a handler answers after this survives the worker being stopped.
   */
  written(): Promise<void> {
    if (this.dirty.size === 0 && this.removed.size === 0) return this.writing ?? Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /**
   * As `written`, but writes now instead of with the next coalesced write. The write takes the
   * visits as they are when this is called (the storage API copies its arguments at once).
   */
  async persist(): Promise<void> {
    if (this.dirty.size > 0 || this.removed.size > 0) await this.flush();
    else await this.writing;
  }

  /** Writes every changed visit now. */
  flush(): Promise<void> {
    const run = this.write();
    this.writing = run;
    void run.then(() => {
      if (this.writing === run) this.writing = null;
    });
    return run;
  }

  private async write(): Promise<void> {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const waiters = this.waiting;
    this.waiting = [];
    const items: Record<string, unknown> = {};
    const flushed: Visit[] = [];
    for (const tabId of this.dirty) {
      const visit = this.visits.get(tabId);
      if (visit) {
        // One string, not the object: the extension API would convert a large object field by
        // field, which costs the worker many times what JSON.stringify does.
        items[KEY_PREFIX + tabId] = JSON.stringify(visit);
        flushed.push(visit);
      }
    }
    this.dirty.clear();
    const gone = [...this.removed].map((t) => KEY_PREFIX + t);
    this.removed.clear();
    try {
      if (flushed.length > 0) await this.area.set(items);
      if (gone.length > 0) await this.area.remove(gone);
      this.lastError = null;
    } catch (error) {
      // Quota or a closing browser: keep observing in memory, say so, never crash-loop.
      this.lastError = error instanceof Error ? error.message : String(error);
    }
    for (const resolve of waiters) resolve();
    try {
      this.onFlushed(flushed);
    } catch {
      // The badge is a convenience; recording goes on.
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== null) return;
    let records = 0;
    for (const tabId of this.dirty) {
      const v = this.visits.get(tabId);
      if (v) records += v.requests.length + v.cookies.length + v.storage.length;
    }
    const delay = Math.min(
      MAX_FLUSH_DELAY_MS,
      Math.max(FLUSH_DELAY_MS, records * FLUSH_MS_PER_RECORD),
    );
    this.flushTimer = setTimeout(() => void this.flush(), delay);
  }

  private async restore(): Promise<void> {
    try {
      const all = await this.area.get(null);
      for (const [key, value] of Object.entries(all)) {
        const visit = key.startsWith(KEY_PREFIX) ? reviveVisit(parseStored(value)) : null;
        // A visit that arrived live during the restore is newer than the stored one.
        if (visit && !this.visits.has(visit.tabId)) this.visits.set(visit.tabId, visit);
      }
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
    }
  }
}

/** A stored visit: a JSON string (an object in what older versions wrote). */
function parseStored(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}
