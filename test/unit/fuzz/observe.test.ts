/**
 * Fuzzing of what the background records from a page: `Set-Cookie` headers and
 * `document.cookie` writes built from the attribute vocabulary with hostile values, whole
 * sequences of requests, headers, cookie changes and page records through the visit recorders,
 * and the page records' validator with near-valid records. (test/unit/set-cookie.test.ts and
 * validate-page-records.test.ts fuzz plain strings and arbitrary values.)
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { domainMatches, hostOf, partyOf, siteOf } from '../../../lib/domain/site.ts';
import { VISIT_CAPS } from '../../../lib/observe/caps.ts';
import {
  isDeletion,
  parseCookieWrite,
  splitSetCookieHeaders,
} from '../../../lib/observe/set-cookie.ts';
import {
  MAX_RECORDS_PER_MESSAGE,
  validatePageRecords,
} from '../../../lib/observe/validate-page-records.ts';
import {
  recordCookieChange,
  recordPageRecords,
  recordRequest,
  recordSetCookieHeaders,
  reviveVisit,
  startVisit,
  type BrowserCookie,
} from '../../../lib/observe/visit.ts';
import { FUZZ_TIMEOUT, fuzzAssert, jsonSize, pageString } from './fuzz.ts';

const NOW = Date.parse('2026-11-20T10:00:00Z');

const attributeName = fc.constantFrom(
  'Domain',
  'domain',
  'Path',
  'Max-Age',
  'max-age',
  'Expires',
  'Secure',
  'HttpOnly',
  'SameSite',
  'Partitioned',
  'Priority',
  '',
  ' ',
);
const attributeValue = fc.oneof(
  pageString(40),
  fc.constantFrom(
    '.example.dk',
    '..',
    '/',
    'None',
    'lax',
    '-1',
    '0',
    '999999999999999',
    '-999999999999999',
    '1e308',
    'NaN',
    'Thu, 01 Jan 1970 00:00:00 GMT',
    'Fri, 31 Dec 9999 23:59:59 GMT',
    'Sat, 20 Feb 275760 10:00:00 GMT',
    'garbage date',
  ),
  fc.integer().map(String),
);
/** A cookie write: name=value then attributes, in the order and spelling a page chooses. */
const cookieWrite = fc
  .tuple(
    pageString(30),
    pageString(60),
    fc.array(fc.tuple(attributeName, fc.option(attributeValue, { nil: null })), { maxLength: 40 }),
    fc.constantFrom(';', '; ', ' ;', ';;'),
  )
  .map(
    ([name, value, attributes, separator]) =>
      `${name}=${value}${attributes.map(([k, v]) => `${separator}${k}${v === null ? '' : `=${v}`}`).join('')}`,
  );

describe('Set-Cookie headers and document.cookie writes', () => {
  test(
    'attribute soup: never throws, bounded, lifetimes finite',
    () => {
      fuzzAssert(
        'set-cookie: attribute soup',
        fc.property(cookieWrite, fc.integer({ min: 0, max: 4_102_444_800_000 }), (input, now) => {
          const w = parseCookieWrite(input, now);
          if (w === null) return;
          expect(w.name.length + w.value.length).toBeLessThanOrEqual(input.length);
          expect(w.domain === null || w.domain.length <= input.length).toBe(true);
          expect(w.expiresAt === null || Number.isFinite(w.expiresAt)).toBe(true);
          expect(w.requestedLifetimeDays === null || Number.isFinite(w.requestedLifetimeDays)).toBe(
            true,
          );
          expect(typeof isDeletion(w, now)).toBe('boolean');
        }),
        1000,
      );
    },
    FUZZ_TIMEOUT,
  );

  test('regression: a limit of 0 gave one line (found by fuzzing: [["="], 0])', () => {
    expect(splitSetCookieHeaders(['='], 0)).toEqual([]);
    expect(splitSetCookieHeaders(['a=1\nb=2\nc=3'], 2)).toEqual(['a=1', 'b=2']);
  });

  test(
    'header lists: split into trimmed, non-empty lines, at most the limit',
    () => {
      fuzzAssert(
        'set-cookie: header lists',
        fc.property(
          fc.array(fc.oneof(cookieWrite, pageString(100)), { maxLength: 30 }),
          fc.integer({ min: 0, max: 300 }),
          (values, limit) => {
            const lines = splitSetCookieHeaders(values, limit);
            expect(lines.length).toBeLessThanOrEqual(limit);
            for (const line of lines) {
              expect(line).toBe(line.trim());
              expect(line.length).toBeGreaterThan(0);
            }
          },
        ),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );
});

const hostName = fc.oneof(
  fc.domain(),
  fc.constantFrom(
    'shop.example.dk',
    'example.dk',
    'cdn.example.dk',
    'tracker.net',
    'bob.github.io',
    '127.0.0.1',
    '[::1]',
    'localhost',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'xn--bcher-kva.example',
    'a..b',
    '.',
    '',
  ),
);
const requestUrl = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('https://', 'http://', 'wss://', 'HTTPS://', 'ftp://', 'data:', 'about:', ''),
      fc.option(fc.constantFrom('user:pass@', '@', 'a@b@'), { nil: '' }),
      hostName,
      fc.option(fc.constantFrom(':443', ':0', ':99999', ':x'), { nil: '' }),
      fc.option(pageString(60), { nil: '' }),
    )
    .map(([scheme, user, host, port, rest]) => `${scheme}${user}${host}${port}/${rest}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  pageString(100),
);

const browserCookie: fc.Arbitrary<BrowserCookie> = fc.record(
  {
    name: pageString(30),
    value: pageString(200),
    domain: fc.oneof(
      hostName,
      hostName.map((h) => `.${h}`),
    ),
    path: fc.constantFrom('/', '/a', ''),
    hostOnly: fc.boolean(),
    secure: fc.boolean(),
    httpOnly: fc.boolean(),
    sameSite: fc.constantFrom('no_restriction', 'lax', 'strict', 'unspecified', 'none', 'bogus'),
    session: fc.boolean(),
    expirationDate: fc.option(
      fc.integer({ min: -1_000_000_000, max: 4_000_000_000 }).map((s) => s / 4),
      {
        nil: undefined,
      },
    ),
    partitionKey: fc.option(
      fc.record({ topLevelSite: fc.option(fc.webUrl(), { nil: undefined }) }),
      {
        nil: undefined,
      },
    ),
  },
  {
    requiredKeys: [
      'name',
      'value',
      'domain',
      'path',
      'hostOnly',
      'secure',
      'httpOnly',
      'sameSite',
      'session',
    ],
  },
);

/** What the page-world script may claim, near-valid or not. */
const pageRecordClaim = fc.oneof(
  fc.record({
    kind: fc.constant('cookie'),
    write: fc.oneof(cookieWrite, pageString(50)),
    script: fc.option(requestUrl),
  }),
  fc.record({
    kind: fc.constantFrom('localStorage', 'sessionStorage'),
    op: fc.constantFrom('set', 'remove', 'clear', 'delete'),
    key: fc.oneof(pageString(40), fc.constantFrom('__proto__', 'constructor', '*')),
    valueLength: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(2 ** 53)),
  }),
  fc.record({ kind: fc.constant('indexedDB'), name: pageString(40) }),
  fc.record({
    kind: fc.constant('interaction'),
    interaction: fc.constantFrom('click', 'key', 'tap'),
    time: fc.integer(),
  }),
  fc.record({
    kind: fc.constant('consent-raw'),
    api: fc.constantFrom('tcf', 'gpp-ping', 'other'),
    data: fc.jsonValue({ maxDepth: 3 }),
  }),
  fc.record({
    kind: fc.constant('consent'),
    readings: fc.array(
      fc.record({
        source: fc.constantFrom('cookiebot', 'tcf', 'Bad Source', ''),
        via: pageString(20),
        decision: fc.constantFrom('none', 'reject', 'accept', 'custom', 'maybe'),
        categories: fc.record({
          necessary: fc.constantFrom(true, false, null, 1),
          preferences: fc.constantFrom(true, false, null),
          statistics: fc.constantFrom(true, false, null),
          marketing: fc.constantFrom(true, false, null, 'yes'),
        }),
        explicit: fc.constantFrom(true, false, null, undefined, 0),
        recordedAt: fc.oneof(fc.integer(), fc.double()),
        detail: fc.oneof(
          fc.constant(undefined),
          fc.jsonValue({ maxDepth: 2 }),
          fc.string({ maxLength: 20_000 }).map((s) => ({ s })),
        ),
      }),
      { maxLength: 20 },
    ),
  }),
  fc.anything({ maxDepth: 2 }),
);

describe('page records', () => {
  test('regression: a value length of -0 did not survive the trip as JSON (found by fuzzing)', () => {
    const claim = { kind: 'localStorage', op: 'set', key: 'k', valueLength: -0 };
    const [record] = validatePageRecords([claim], NOW, 'page').records;
    expect(Object.is(record && 'valueLength' in record ? record.valueLength : NaN, 0)).toBe(true);
  });

  test(
    'near-valid claims and junk: valid records only, at most the per-message cap, times replaced',
    () => {
      fuzzAssert(
        'page records: near-valid claims',
        fc.property(
          fc.array(pageRecordClaim, { maxLength: 30 }),
          fc.constantFrom('page', 'content-script'),
          (claims, from) => {
            const { records, rejected } = validatePageRecords(claims, NOW, from);
            expect(records.length + rejected).toBe(claims.length);
            expect(records.length).toBeLessThanOrEqual(MAX_RECORDS_PER_MESSAGE);
            for (const r of records) {
              if (r.kind === 'interaction') expect(from).toBe('content-script');
              else expect(r.time).toBe(NOW);
              expect(jsonSize(r)).toBeLessThanOrEqual(80 * 1024);
            }
            // What passes survives the trip to the background as JSON and passes again there.
            const again = validatePageRecords(
              JSON.parse(JSON.stringify(records)),
              NOW,
              'content-script',
            );
            expect(again.records).toHaveLength(records.length);
          },
        ),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );
});

type VisitEvent =
  | { type: 'request'; url: string; kind: string }
  | { type: 'headers'; url: string; headers: string[] }
  | { type: 'cookie'; cookie: BrowserCookie; removed: boolean; cause: string }
  | { type: 'page'; origin: string; claims: unknown[] };

const visitEvent: fc.Arbitrary<VisitEvent> = fc.oneof(
  fc.record({
    type: fc.constant('request' as const),
    url: requestUrl,
    kind: fc.constantFrom('main_frame', 'sub_frame', 'script', 'image', 'xmlhttprequest', 'other'),
  }),
  fc.record({
    type: fc.constant('headers' as const),
    url: requestUrl,
    headers: fc.array(fc.oneof(cookieWrite, pageString(80)), { maxLength: 5 }),
  }),
  fc.record({
    type: fc.constant('cookie' as const),
    cookie: browserCookie,
    removed: fc.boolean(),
    cause: fc.constantFrom('explicit', 'overwrite', 'expired', 'expired_overwrite', 'evicted', 'x'),
  }),
  fc.record({
    type: fc.constant('page' as const),
    origin: fc.oneof(requestUrl, fc.constantFrom('https://shop.example.dk', 'null', '')),
    claims: fc.array(pageRecordClaim, { maxLength: 8 }),
  }),
);

describe('visits', () => {
  test('regression: a host named __proto__ was never remembered (found by fuzzing)', () => {
    const visit = startVisit(1, 'https://shop.example.dk/', NOW, 'r1');
    const other = startVisit(2, 'https://other.example.com/', NOW, 'r2');
    for (const host of ['__proto__', 'constructor']) {
      recordRequest(visit, {
        requestId: host,
        url: `https://${host}/x`,
        type: 'image',
        frameId: 0,
        parentFrameId: -1,
        method: 'GET',
        initiator: null,
        time: NOW,
      });
      expect(Object.hasOwn(visit.hosts, host)).toBe(true);
    }
    expect(Object.getPrototypeOf(visit.hosts)).toBe(Object.prototype);
    // A cookie of such a domain belongs to the visit that contacted it, not to every visit.
    const cookie: BrowserCookie = {
      name: 'id',
      value: '1',
      domain: 'constructor',
      path: '/',
      hostOnly: true,
      secure: false,
      httpOnly: false,
      sameSite: 'lax',
      session: true,
    };
    const got = recordCookieChange([visit, other], {
      cookie,
      removed: false,
      cause: 'explicit',
      time: NOW,
    });
    expect(got.map((v) => v.tabId)).toEqual([1]);
  });

  test(
    'any sequence of browser events and page records: caps hold, the visit stays plain data',
    () => {
      fuzzAssert(
        'visit: event sequences',
        fc.property(requestUrl, fc.array(visitEvent, { maxLength: 40 }), (pageUrl, events) => {
          const visits = [
            startVisit(1, pageUrl, NOW, 'r1'),
            startVisit(2, 'https://shop.example.dk/', NOW, 'r2'),
          ];
          let time = NOW;
          for (const event of events) {
            time += 7;
            const visit = visits[0]!;
            switch (event.type) {
              case 'request':
                recordRequest(visit, {
                  requestId: String(time),
                  url: event.url,
                  type: event.kind,
                  frameId: 0,
                  parentFrameId: -1,
                  method: 'GET',
                  initiator: null,
                  time,
                });
                break;
              case 'headers':
                recordSetCookieHeaders(visit, event.url, event.headers, time);
                break;
              case 'cookie':
                recordCookieChange(visits, {
                  cookie: event.cookie,
                  removed: event.removed,
                  cause: event.cause,
                  time,
                });
                break;
              case 'page':
                recordPageRecords(
                  visit,
                  event.origin,
                  validatePageRecords(event.claims, time, 'content-script').records,
                );
                break;
            }
          }
          for (const visit of visits) {
            expect(visit.requests.length).toBeLessThanOrEqual(VISIT_CAPS.requests);
            expect(visit.cookies.length).toBeLessThanOrEqual(VISIT_CAPS.cookies);
            expect(visit.storage.length).toBeLessThanOrEqual(VISIT_CAPS.storage);
            expect(visit.pending.length).toBeLessThanOrEqual(VISIT_CAPS.pendingWrites);
            expect(visit.hostCount).toBeLessThanOrEqual(VISIT_CAPS.hosts);
            for (const r of visit.requests) {
              expect(r.url.length).toBeLessThanOrEqual(2048);
              // Every contacted host is remembered as itself, whatever its name.
              if (visit.hostCount < VISIT_CAPS.hosts)
                expect(Object.hasOwn(visit.hosts, r.host)).toBe(true);
            }
            for (const c of visit.cookies) expect(c.valuePreview.length).toBeLessThanOrEqual(64);
            // Stored in storage.session as JSON and restored after a worker restart: nothing changes.
            const stored = JSON.parse(JSON.stringify(visit)) as unknown;
            expect(stored).toEqual(visit);
            expect(reviveVisit(stored)).toEqual(visit);
          }
          expect(Object.getPrototypeOf({})).toBe(Object.prototype);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  test(
    'hosts and sites of any URL: never throws, a host is remembered as itself',
    () => {
      fuzzAssert(
        'site: hosts of any URL',
        fc.property(requestUrl, hostName, (url, other) => {
          const host = hostOf(url);
          if (host === null) return;
          expect(host).toBe(host.toLowerCase());
          const site = siteOf(host);
          expect(typeof site).toBe('string');
          expect(partyOf(host, site)).toBe('first');
          expect(domainMatches(host, host)).toBe(true);
          expect(typeof domainMatches(other, host)).toBe('boolean');
        }),
        1000,
      );
    },
    FUZZ_TIMEOUT,
  );
});
