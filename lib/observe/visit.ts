import { consentFromGoogleRequest, mayCarryGoogleConsent } from '../consent/consent-mode.ts';
import { decodeGppPing } from '../consent/gpp.ts';
import { decodeConsentCookie } from '../consent/platforms/index.ts';
import {
  isConsentUnknown,
  withTime,
  type ConsentDecoded,
  type DecodeResult,
} from '../consent/state.ts';
import { decodeTcfApiEvent } from '../consent/tcf.ts';
import {
  addReadings,
  createTimeline,
  recordInteraction,
  type ConsentTimeline,
} from '../consent/timeline.ts';
import { domainMatches, hostOf, normaliseHost, partyOf, siteOf } from '../domain/site.ts';
import {
  PAIRING_WINDOW_MS,
  RESPONSE_INFERENCE_WINDOW_MS,
  VALUE_PREVIEW_LIMIT,
  VISIT_CAPS,
} from './caps.ts';
import type {
  CookieRecord,
  CookieSetter,
  DroppedCounts,
  RequestRecord,
  SameSite,
  StorageKind,
  StorageRecord,
} from './records.ts';
import { isDeletion, parseCookieWrite, roundDays, splitSetCookieHeaders } from './set-cookie.ts';

const DAY_MS = 86_400_000;

/** A trusted click or key press on the page, used to tell a visitor's choice from an automatic one. */
export interface Interaction {
  time: number;
  kind: 'click' | 'key';
}

/** Everything observed during one top-level page load of one tab. Plain data: it is persisted as is. */
export interface Visit {
  tabId: number;
  url: string;
  host: string;
  site: string;
  startedAt: number;
  /** The webRequest id of the main_frame request, so redirects stay in one visit. */
  requestId: string | null;
  requests: RequestRecord[];
  cookies: CookieRecord[];
  storage: StorageRecord[];
  /** `kind|origin|key` → index in `storage`. */
  storageIndex: Record<string, number>;
  /** Hosts this visit contacted (requests and frames), for attributing cookie changes. */
  hosts: Record<string, true>;
  hostCount: number;
  pending: PendingWrite[];
  interactions: Interaction[];
  /** The consent history of this page load, from the CMP's cookies, its APIs, TCF, GPP and Consent Mode. */
  consent: ConsentTimeline;
  /** Whether Global Privacy Control was being sent when the page loaded. */
  gpcSent: boolean;
  dropped: DroppedCounts;
  /**
   * Ids of the content scripts' record batches already recorded, newest last (at most
   * MAX_BATCH_IDS): a batch sent again after the worker stopped before answering is recorded once.
   */
  batches: string[];
}

/**
 * How many batch ids a visit remembers: a content script sends a batch again within 4 s, and even
 * a page busy in many frames sends far fewer batches in that time.
 */
export const MAX_BATCH_IDS = 1024;

/** A cookie write seen as a header or a script assignment, waiting for the browser's change event. */
export interface PendingWrite {
  name: string;
  /** The domain the cookie will be stored under, normalised (Domain attribute or the host). */
  domain: string;
  setBy: CookieSetter;
  initiator: string | null;
  requestedLifetimeDays: number | null;
  deletion: boolean;
  time: number;
  /** Not seen but inferred from the requests in flight (see CookieChangeOptions). */
  inferred?: boolean;
}

/** The webRequest details the observer needs, already narrowed to plain data. */
export interface RequestEvent {
  requestId: string;
  url: string;
  type: string;
  frameId: number;
  parentFrameId: number;
  method: string;
  /** Chrome's `initiator` / Firefox's `originUrl`. */
  initiator: string | null;
  time: number;
}

/** A cookie as the browser's cookies API reports it. */
export interface BrowserCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  /** Chrome: no_restriction | lax | strict | unspecified; Firefox: no_restriction | lax | strict. */
  sameSite: string;
  session: boolean;
  /** Seconds since epoch. */
  expirationDate?: number;
  partitionKey?: { topLevelSite?: string } | null;
}

export interface CookieChangeEvent {
  cookie: BrowserCookie;
  removed: boolean;
  /** explicit | overwrite | expired | expired_overwrite | evicted */
  cause: string;
  time: number;
}

/** One validated record forwarded by the content script from the page-world script. */
export type PageRecord =
  | { kind: 'consent'; readings: ConsentDecoded[]; time: number }
  | { kind: 'consent-raw'; api: 'gpp-ping' | 'tcf' | 'tcf-locator'; data: unknown; time: number }
  | { kind: 'cookie'; write: string; script: string | null; time: number }
  | {
      kind: 'localStorage' | 'sessionStorage';
      /** `found`: the key scan saw the key present (a write by property assignment, or another frame's). */
      op: 'set' | 'found' | 'remove' | 'clear';
      key: string;
      valueLength: number;
      /** Writes of this key merged into one record (absent: one). */
      writes?: number;
      time: number;
    }
  | { kind: 'dropped'; storage: number; time: number }
  | { kind: 'indexedDB'; name: string; time: number }
  | { kind: 'interaction'; interaction: 'click' | 'key'; time: number };

/** Starts a visit for a top-level navigation. */
export function startVisit(
  tabId: number,
  url: string,
  time: number,
  requestId: string | null,
  gpcSent = false,
): Visit {
  const host = hostOf(url) ?? '';
  const visit: Visit = {
    tabId,
    url,
    host,
    site: host ? siteOf(host) : '',
    startedAt: time,
    requestId,
    requests: [],
    cookies: [],
    storage: [],
    storageIndex: {},
    hosts: {},
    hostCount: 0,
    pending: [],
    interactions: [],
    consent: createTimeline({ maxEvents: VISIT_CAPS.consentEvents }),
    gpcSent,
    dropped: { requests: 0, cookies: 0, storage: 0, consentEvents: 0 },
    batches: [],
  };
  if (host) rememberHost(visit, host);
  return visit;
}

/**
 * A visit restored from storage, made whole: a visit stored by an older version may lack fields
 * added since. Returns null for something that is not a visit at all.
 */
export function reviveVisit(value: unknown): Visit | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<Visit>;
  if (
    typeof v.tabId !== 'number' ||
    typeof v.url !== 'string' ||
    !Array.isArray(v.requests) ||
    !Array.isArray(v.cookies) ||
    !Array.isArray(v.storage)
  )
    return null;
  const fresh = startVisit(
    v.tabId,
    v.url,
    typeof v.startedAt === 'number' ? v.startedAt : 0,
    v.requestId ?? null,
  );
  return {
    ...fresh,
    ...v,
    dropped: { ...fresh.dropped, ...v.dropped },
    batches: Array.isArray(v.batches) ? v.batches.filter((b) => typeof b === 'string') : [],
  } as Visit;
}

/**
 * Whether a batch of page records with this id is new to the visit; remembers it if so. A
 * batch without an id (an older content script) is always new.
 */
export function acceptBatch(visit: Visit, batch: string | null): boolean {
  if (batch === null) return true;
  if (visit.batches.includes(batch)) return false;
  visit.batches.push(batch);
  if (visit.batches.length > MAX_BATCH_IDS)
    visit.batches.splice(0, visit.batches.length - MAX_BATCH_IDS);
  return true;
}

/** A redirect of the main_frame request: the visit follows it to its final URL. */
export function redirectVisit(visit: Visit, url: string): void {
  const host = hostOf(url) ?? '';
  visit.url = url;
  visit.host = host;
  visit.site = host ? siteOf(host) : '';
  if (host) rememberHost(visit, host);
}

/** Records one request. Returns false if it was dropped at the cap. */
export function recordRequest(visit: Visit, ev: RequestEvent): boolean {
  const host = hostOf(ev.url);
  if (host === null) return false;
  rememberHost(visit, host);
  // What Google's tags say about consent as they send: evidence of the consent they act on,
  // read even when the request list is full.
  const site = siteOf(host);
  if (mayCarryGoogleConsent(site, ev.url)) {
    recordConsent(visit, consentFromGoogleRequest(ev.url), ev.time);
  }
  if (visit.requests.length >= VISIT_CAPS.requests) {
    visit.dropped.requests++;
    return false;
  }
  visit.requests.push({
    url: ev.url.length > 2048 ? ev.url.slice(0, 2048) : ev.url,
    host,
    site,
    party: partyOf(host, visit.site),
    type: ev.type,
    frameId: ev.frameId,
    parentFrameId: ev.parentFrameId,
    method: ev.method,
    initiator: ev.initiator ? hostOf(ev.initiator) : null,
    time: ev.time,
  });
  return true;
}

/**
 * Records the `Set-Cookie` headers of one response, to be paired with the browser's change events.
 * Firefox stores the cookie, and reports the change, before it delivers the response's webRequest
 * event: with `headersMayFollowChanges` a header also upgrades the change it caused, recorded
 * moments earlier with an unknown setter, as a script write does.
 */
export function recordSetCookieHeaders(
  visit: Visit,
  responseUrl: string,
  headers: readonly string[],
  time: number,
  { headersMayFollowChanges = false }: { headersMayFollowChanges?: boolean } = {},
): void {
  const host = hostOf(responseUrl);
  if (host === null) return;
  for (const header of splitSetCookieHeaders(headers)) {
    const write = parseCookieWrite(header, time);
    if (!write) continue;
    const domain = write.domain ?? host;
    if (
      !headersMayFollowChanges ||
      !upgradeUnknownCookie(
        visit,
        write.name,
        domain,
        'http',
        host,
        write.requestedLifetimeDays,
        time,
      )
    )
      addPendingWrite(
        visit,
        write.name,
        domain,
        'http',
        host,
        write.requestedLifetimeDays,
        isDeletion(write, time),
        time,
      );
  }
}

/** How a cookie change is attributed when no header or script write pairs with it. */
export interface CookieChangeOptions {
  /**
   * Set-Cookie headers are not being read (Chrome without `extraHeaders`, see README): an
   * unpaired change is taken to come from the newest response of a host the cookie's domain
   * covers, requested by the visit in the last RESPONSE_INFERENCE_WINDOW_MS — `setBy: "http"`, marked
   * `setByInferred`. A script write that arrives later still turns it into `script`.
   */
  inferResponses?: boolean;
}

/**
 * Records a browser cookie change into the visits it belongs to and returns them. A change is
 * paired with a header or script write of the same name and domain seen by a visit within
 * PAIRING_WINDOW_MS; without one, it goes to the visits that were just talking to a host the
 * cookie's domain covers (when responses are inferred), else to every visit that contacted such
 * a host (setBy "unknown") — the cookies API itself does not say which tab caused it.
 */
export function recordCookieChange(
  visits: Iterable<Visit>,
  ev: CookieChangeEvent,
  options: CookieChangeOptions = {},
): Visit[] {
  return placeCookieChange(visits, ev, options).visits;
}

/** `recordCookieChange`, also saying whether the change was paired with a write (or only placed). */
export function placeCookieChange(
  visits: Iterable<Visit>,
  ev: CookieChangeEvent,
  options: CookieChangeOptions = {},
): { visits: Visit[]; paired: boolean } {
  // An overwrite removal is immediately followed by the new value: not a deletion.
  if (ev.removed && ev.cause === 'overwrite') return { visits: [], paired: false };
  const domain = normaliseHost(ev.cookie.domain);
  const paired: Visit[] = [];
  const fallback: Visit[] = [];
  const inferred = new Map<Visit, PendingWrite>();
  for (const visit of visits) {
    const match = takePendingWrite(visit, ev.cookie.name, domain, ev.time);
    if (match) {
      addCookieRecord(visit, ev, match);
      paired.push(visit);
    } else if (visitCoversDomain(visit, domain)) {
      fallback.push(visit);
      const host = options.inferResponses ? recentRequestHost(visit, domain, ev.time) : null;
      if (host !== null)
        inferred.set(visit, {
          name: ev.cookie.name,
          domain,
          setBy: 'http',
          initiator: host,
          requestedLifetimeDays: null,
          deletion: ev.removed,
          time: ev.time,
          inferred: true,
        });
    }
  }
  let got = paired;
  if (paired.length === 0) {
    got = inferred.size > 0 ? [...inferred.keys()] : fallback;
    for (const visit of got) addCookieRecord(visit, ev, inferred.get(visit) ?? null);
  }
  // A consent platform's own cookie is a consent reading too.
  if (!ev.removed && got.length > 0) {
    const decoded = decodeConsentCookie(ev.cookie.name, ev.cookie.value);
    if (decoded) for (const visit of got) recordConsent(visit, [decoded], ev.time);
  }
  return { visits: got, paired: paired.length > 0 };
}

/** Requests looked at, newest first, when inferring which response set a cookie. */
const MAX_REQUESTS_SCANNED = 500;

/** The host of the visit's newest request, within the inference window, that `domain` covers. */
function recentRequestHost(visit: Visit, domain: string, time: number): string | null {
  const oldest = time - RESPONSE_INFERENCE_WINDOW_MS;
  const stop = Math.max(0, visit.requests.length - MAX_REQUESTS_SCANNED);
  for (let i = visit.requests.length - 1; i >= stop; i--) {
    const r = visit.requests[i];
    if (!r) continue;
    if (r.time < oldest) break;
    if (r.time <= time && domainMatches(domain, r.host)) return r.host;
  }
  return null;
}

/**
 * Records what the page-world script saw in one frame. `origin` is the frame's origin as the
 * browser reported it for the message's sender — never what the page claims. Returns the cookie
 * records a script write just explained (see `retractExplainedElsewhere`).
 */
export function recordPageRecords(
  visit: Visit,
  origin: string,
  records: readonly PageRecord[],
): CookieRecord[] {
  const originHost = hostOf(origin);
  const explained: CookieRecord[] = [];
  for (const r of records) {
    switch (r.kind) {
      case 'cookie': {
        const write = parseCookieWrite(r.write, r.time);
        if (!write || originHost === null) break;
        const initiator = (r.script ? hostOf(r.script) : null) ?? originHost;
        const domain = write.domain ?? originHost;
        const upgraded = upgradeUnknownCookie(
          visit,
          write.name,
          domain,
          'script',
          initiator,
          write.requestedLifetimeDays,
          r.time,
        );
        if (upgraded) explained.push(upgraded);
        else {
          addPendingWrite(
            visit,
            write.name,
            domain,
            'script',
            initiator,
            write.requestedLifetimeDays,
            isDeletion(write, r.time),
            r.time,
          );
        }
        break;
      }
      case 'localStorage':
      case 'sessionStorage':
        if (originHost !== null)
          recordStorage(visit, r.kind, origin, originHost, r.op === 'clear' ? '*' : r.key, r);
        break;
      case 'indexedDB':
        if (originHost !== null)
          recordStorage(visit, 'indexedDB', origin, originHost, r.name, {
            op: 'set',
            valueLength: 0,
            time: r.time,
          });
        break;
      case 'dropped':
        visit.dropped.storage += r.storage;
        break;
      case 'interaction':
        if (visit.interactions.length < 1000)
          visit.interactions.push({ time: r.time, kind: r.interaction });
        visit.consent = recordInteraction(visit.consent, r.time);
        break;
      case 'consent':
        recordConsent(visit, r.readings, r.time);
        break;
      case 'consent-raw':
        recordConsent(
          visit,
          [
            r.api === 'gpp-ping'
              ? decodeGppPing(r.data)
              : decodeTcfApiEvent(r.data, r.api === 'tcf' ? 'tcfapi' : 'tcfapi-locator'),
          ],
          r.time,
        );
        break;
    }
  }
  return explained;
}

/** Adds what consent sources said at one moment to the visit's consent timeline. */
export function recordConsent(
  visit: Visit,
  results: readonly (DecodeResult | ConsentDecoded)[],
  time: number,
): void {
  const readings = [];
  for (const r of results)
    if (!isConsentUnknown(r as DecodeResult)) readings.push(withTime(r as ConsentDecoded, time));
  if (readings.length === 0) return;
  visit.consent = addReadings(visit.consent, readings);
  visit.dropped.consentEvents = visit.consent.dropped;
}

/**
 * Records the consent platform's stored record as the page load starts: a choice the visitor
 * made on an earlier page view. Unless the record itself says nobody acted (`explicit: false`),
 * it counts as made with interaction — the click happened, just not on this page.
 */
export function recordStoredConsent(
  visit: Visit,
  results: readonly DecodeResult[],
  time: number,
): void {
  // A stored record that holds no decision yet (a "pending" value) says nothing about a choice.
  const decided = results.filter((r) => !isConsentUnknown(r) && r.decision !== 'none');
  const before = visit.consent.events.length;
  recordConsent(visit, decided, time);
  const earlier = results.some(
    (r) => !isConsentUnknown(r) && r.explicit !== false && r.decision !== 'none',
  );
  if (!earlier || visit.consent.events.length === before) return;
  visit.consent = {
    ...visit.consent,
    events: visit.consent.events.map((e, i) =>
      i >= before && e.time === time
        ? { ...e, interaction: true, state: { ...e.state, interaction: true } }
        : e,
    ),
  };
}

function recordStorage(
  visit: Visit,
  kind: StorageKind,
  origin: string,
  originHost: string,
  key: string,
  write: {
    op: 'set' | 'found' | 'remove' | 'clear';
    valueLength: number;
    writes?: number;
    time: number;
  },
): void {
  const id = `${kind}|${origin}|${key}`;
  const removed = write.op === 'remove' || write.op === 'clear';
  const writes = write.writes ?? 1;
  const index = visit.storageIndex[id];
  if (index !== undefined) {
    const rec = visit.storage[index];
    // A key found present is already on record: only a write changes it.
    if (rec && write.op !== 'found') {
      rec.writes += writes;
      rec.lastTime = write.time;
      rec.removed = removed;
      if (!removed) rec.valueLength = write.valueLength;
    }
    return;
  }
  if (visit.storage.length >= VISIT_CAPS.storage) {
    // Counted in writes, as the page-world script counts what it could not queue; a key found
    // present is not a write (it may be one already counted).
    if (write.op !== 'found') visit.dropped.storage += writes;
    return;
  }
  visit.storageIndex[id] = visit.storage.length;
  visit.storage.push({
    kind,
    origin,
    key,
    valueLength: write.valueLength,
    party: partyOf(originHost, visit.site),
    removed,
    time: write.time,
    lastTime: write.time,
    writes,
  });
}

function rememberHost(visit: Visit, host: string): void {
  // Own properties only: a host named `__proto__` or `constructor` is a host like any other.
  if (Object.hasOwn(visit.hosts, host) || visit.hostCount >= VISIT_CAPS.hosts) return;
  Object.defineProperty(visit.hosts, host, {
    value: true,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  visit.hostCount++;
}

function visitCoversDomain(visit: Visit, domain: string): boolean {
  if (Object.hasOwn(visit.hosts, domain)) return true;
  for (const host in visit.hosts) if (domainMatches(domain, host)) return true;
  return false;
}

function addPendingWrite(
  visit: Visit,
  name: string,
  domain: string,
  setBy: CookieSetter,
  initiator: string | null,
  requestedLifetimeDays: number | null,
  deletion: boolean,
  time: number,
): void {
  prunePending(visit, time);
  if (visit.pending.length >= VISIT_CAPS.pendingWrites) visit.pending.shift();
  visit.pending.push({
    name,
    domain: normaliseHost(domain),
    setBy,
    initiator,
    requestedLifetimeDays,
    deletion,
    time,
  });
}

function prunePending(visit: Visit, now: number): void {
  let drop = 0;
  while (
    drop < visit.pending.length &&
    now - (visit.pending[drop]?.time ?? now) > PAIRING_WINDOW_MS
  )
    drop++;
  if (drop > 0) visit.pending.splice(0, drop);
}

function takePendingWrite(
  visit: Visit,
  name: string,
  domain: string,
  now: number,
): PendingWrite | null {
  for (let i = 0; i < visit.pending.length; i++) {
    const p = visit.pending[i];
    if (
      p &&
      p.name === name &&
      p.domain === domain &&
      Math.abs(now - p.time) <= PAIRING_WINDOW_MS
    ) {
      visit.pending.splice(i, 1);
      return p;
    }
  }
  return null;
}

/**
 * A cookie change that a script write in `owner` turned out to explain was also given, as
 * unexplained, to the other tabs that had contacted the cookie's domain: it is not theirs, so it
 * is taken back from them. Matches the same change event (name, domain and time). Returns the
 * visits changed.
 */
export function retractExplainedElsewhere(
  visits: Iterable<Visit>,
  owner: Visit,
  explained: readonly CookieRecord[],
): Visit[] {
  if (explained.length === 0) return [];
  const key = (c: CookieRecord) => `${c.time}|${c.name}|${normaliseHost(c.domain)}`;
  const events = new Set(explained.map(key));
  const changed: Visit[] = [];
  for (const visit of visits) {
    if (visit === owner) continue;
    const guessed = (c: CookieRecord) =>
      (c.setBy === 'unknown' || !!c.setByInferred) && events.has(key(c));
    if (!visit.cookies.some(guessed)) continue;
    visit.cookies = visit.cookies.filter((c) => !guessed(c));
    changed.push(visit);
  }
  return changed;
}

/** A script write that arrives after the browser's change event upgrades the record it caused. */
function upgradeUnknownCookie(
  visit: Visit,
  name: string,
  domain: string,
  setBy: CookieSetter,
  initiator: string,
  requestedLifetimeDays: number | null,
  time: number,
): CookieRecord | null {
  const d = normaliseHost(domain);
  // Newest first, and only so far back: the pairing is about one write, but on a busy page a
  // thousand other cookie changes can arrive before the script's own record.
  for (let i = visit.cookies.length - 1, seen = 0; i >= 0 && seen < 1024; i--, seen++) {
    const c = visit.cookies[i];
    if (!c || (c.setBy !== 'unknown' && !c.setByInferred)) continue;
    if (c.name !== name || normaliseHost(c.domain) !== d) continue;
    if (Math.abs(c.time - time) > PAIRING_WINDOW_MS) return null;
    c.setBy = setBy;
    c.initiator = initiator;
    delete c.setByInferred;
    if (requestedLifetimeDays !== null) c.requestedLifetimeDays = requestedLifetimeDays;
    return c;
  }
  return null;
}

function addCookieRecord(visit: Visit, ev: CookieChangeEvent, write: PendingWrite | null): void {
  if (visit.cookies.length >= VISIT_CAPS.cookies) {
    visit.dropped.cookies++;
    return;
  }
  const c = ev.cookie;
  const expiresAt =
    !c.session && typeof c.expirationDate === 'number' ? Math.round(c.expirationDate * 1000) : null;
  const lifetimeDays = expiresAt === null ? null : roundDays((expiresAt - ev.time) / DAY_MS);
  const removed = ev.removed;
  visit.cookies.push({
    name: c.name,
    valuePreview: c.value.slice(0, VALUE_PREVIEW_LIMIT),
    valueLength: c.value.length,
    domain: c.domain,
    path: c.path,
    hostOnly: c.hostOnly,
    secure: c.secure,
    httpOnly: c.httpOnly,
    sameSite: normaliseSameSite(c.sameSite),
    session: c.session,
    expiresAt,
    lifetimeDays: removed ? null : lifetimeDays,
    requestedLifetimeDays: removed ? null : (write?.requestedLifetimeDays ?? lifetimeDays),
    party: partyOf(c.domain, visit.site),
    setBy: write?.setBy ?? 'unknown',
    initiator: write?.initiator ?? null,
    ...(write?.inferred ? { setByInferred: true as const } : {}),
    removed,
    partitionKey: c.partitionKey?.topLevelSite ?? null,
    time: ev.time,
  });
}

function normaliseSameSite(value: string): SameSite {
  switch (value) {
    case 'no_restriction':
    case 'none':
      return 'none';
    case 'lax':
      return 'lax';
    case 'strict':
      return 'strict';
    default:
      return 'unspecified';
  }
}
