import { describe, expect, test } from 'vitest';
import { PAIRING_WINDOW_MS, VISIT_CAPS } from '../../lib/observe/caps.ts';
import {
  acceptBatch,
  MAX_BATCH_IDS,
  type BrowserCookie,
  recordCookieChange,
  recordPageRecords,
  recordRequest,
  recordSetCookieHeaders,
  redirectVisit,
  reviveVisit,
  recordStoredConsent,
  startVisit,
} from '../../lib/observe/visit.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');

function cookie(over: Partial<BrowserCookie>): BrowserCookie {
  return {
    name: 'x',
    value: 'v',
    domain: '.example.dk',
    path: '/',
    hostOnly: false,
    secure: false,
    httpOnly: false,
    sameSite: 'lax',
    session: false,
    expirationDate: (T0 + 730 * 86_400_000) / 1000,
    ...over,
  };
}

function request(url: string, type = 'script', time = T0) {
  return {
    requestId: String(time),
    url,
    type,
    frameId: 0,
    parentFrameId: -1,
    method: 'GET',
    initiator: 'https://shop.example.dk',
    time,
  };
}

describe('requests', () => {
  test.each([
    ['https://shop.example.dk/app.js', 'first', 'example.dk'],
    ['https://cdn.example.dk/app.js', 'first', 'example.dk'],
    ['https://www.google-analytics.com/g/collect', 'third', 'google-analytics.com'],
  ])('%s is %s party of site %s', (url, party, site) => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordRequest(v, request(url));
    expect(v.requests[0]).toMatchObject({ party, site, initiator: 'shop.example.dk' });
  });

  test('a redirect moves the visit to the final site', () => {
    const v = startVisit(1, 'https://example.dk/', T0, 'r1');
    redirectVisit(v, 'https://www.example.com/');
    recordRequest(v, request('https://www.example.com/a.js'));
    expect(v.site).toBe('example.com');
    expect(v.requests[0]?.party).toBe('first');
  });

  test('past the cap, requests are counted as dropped', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    for (let i = 0; i < VISIT_CAPS.requests + 5; i++)
      recordRequest(v, request(`https://t.example/${i}`));
    expect(v.requests).toHaveLength(VISIT_CAPS.requests);
    expect(v.dropped.requests).toBe(5);
  });

  test("Google's consent parameters on its measurement requests join the consent timeline", () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordRequest(v, request('https://www.google-analytics.com/g/collect?v=2&gcs=G100', 'ping'));
    expect(v.consent.current).toMatchObject([
      { source: 'gcm', via: 'request:gcs', decision: 'reject' },
    ]);
    recordRequest(
      v,
      request('https://www.google-analytics.com/g/collect?v=2&gcs=G111', 'ping', T0 + 5000),
    );
    expect(v.consent.events.at(-1)).toMatchObject({
      time: T0 + 5000,
      state: { categories: { statistics: true, marketing: true } },
    });
    // The same parameter elsewhere says nothing about Google's tags.
    const other = startVisit(2, 'https://shop.example.dk/', T0, 'r2');
    recordRequest(other, request('https://shop.example.dk/search?gcs=G111'));
    expect(other.consent.current).toEqual([]);
  });

  test('URLs without a host are ignored', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    expect(recordRequest(v, request('data:image/png;base64,AAAA'))).toBe(false);
    expect(v.requests).toHaveLength(0);
  });
});

describe('cookies', () => {
  test('a Set-Cookie header pairs with the change event: set by http, requested lifetime kept', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordSetCookieHeaders(
      v,
      'https://shop.example.dk/',
      ['_ga=1; Max-Age=63072000; Domain=example.dk'],
      T0,
    );
    // Chromium stores at most 400 days.
    const got = recordCookieChange([v], {
      cookie: cookie({ name: '_ga', expirationDate: (T0 + 400 * 86_400_000) / 1000 }),
      removed: false,
      cause: 'explicit',
      time: T0 + 5,
    });
    expect(got).toEqual([v]);
    expect(v.cookies[0]).toMatchObject({
      name: '_ga',
      setBy: 'http',
      initiator: 'shop.example.dk',
      lifetimeDays: 400,
      requestedLifetimeDays: 730,
      party: 'first',
    });
  });

  test('a script write that arrives after the change event upgrades it', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordCookieChange([v], {
      cookie: cookie({ name: '_fbp' }),
      removed: false,
      cause: 'explicit',
      time: T0,
    });
    expect(v.cookies[0]?.setBy).toBe('unknown');
    recordPageRecords(v, 'https://shop.example.dk', [
      {
        kind: 'cookie',
        write: '_fbp=fb.1.2; max-age=7776000; domain=.example.dk',
        script: 'https://connect.facebook.net/en_US/fbevents.js',
        time: T0 + 20,
      },
    ]);
    expect(v.cookies[0]).toMatchObject({
      setBy: 'script',
      initiator: 'connect.facebook.net',
      requestedLifetimeDays: 90,
    });
  });

  test('a Set-Cookie header that arrives after the change event upgrades it where headers may follow changes', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    const change = {
      cookie: cookie({ name: 'session_id', domain: 'shop.example.dk', hostOnly: true }),
      removed: false,
      cause: 'explicit',
      time: T0,
    };
    recordCookieChange([v], change);
    // Firefox joins a response's Set-Cookie headers with line breaks.
    recordSetCookieHeaders(
      v,
      'https://shop.example.dk/',
      ['session_id=s1; Path=/; HttpOnly\nshop_currency=DKK; Max-Age=31536000'],
      T0 + 280,
      { headersMayFollowChanges: true },
    );
    expect(v.cookies).toHaveLength(1);
    expect(v.cookies[0]).toMatchObject({ setBy: 'http', initiator: 'shop.example.dk' });
    // The other header's cookie has no change yet: it waits to be paired as usual.
    recordCookieChange([v], {
      ...change,
      cookie: cookie({ name: 'shop_currency', domain: 'shop.example.dk', hostOnly: true }),
      time: T0 + 290,
    });
    expect(v.cookies[1]).toMatchObject({ setBy: 'http', requestedLifetimeDays: 365 });
  });

  test('without that option a header after the change event leaves the change unknown', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordCookieChange([v], {
      cookie: cookie({ name: 'sid', domain: 'shop.example.dk', hostOnly: true }),
      removed: false,
      cause: 'explicit',
      time: T0,
    });
    recordSetCookieHeaders(v, 'https://shop.example.dk/', ['sid=1'], T0 + 5);
    expect(v.cookies[0]?.setBy).toBe('unknown');
    expect(v.pending.map((p) => p.name)).toEqual(['sid']);
  });

  test('a header does not upgrade an unknown change from longer ago than the pairing window', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordCookieChange([v], {
      cookie: cookie({ name: 'sid', domain: 'shop.example.dk', hostOnly: true }),
      removed: false,
      cause: 'explicit',
      time: T0,
    });
    recordSetCookieHeaders(v, 'https://shop.example.dk/', ['sid=2'], T0 + PAIRING_WINDOW_MS + 1, {
      headersMayFollowChanges: true,
    });
    expect(v.cookies[0]?.setBy).toBe('unknown');
    expect(v.pending.map((p) => p.name)).toEqual(['sid']);
  });

  test('a script write that arrives first is paired', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordPageRecords(v, 'https://shop.example.dk', [
      { kind: 'cookie', write: 'lang=da; path=/', script: null, time: T0 },
    ]);
    recordCookieChange([v], {
      cookie: cookie({ name: 'lang', domain: 'shop.example.dk', hostOnly: true, session: true }),
      removed: false,
      cause: 'explicit',
      time: T0 + 3,
    });
    expect(v.cookies[0]).toMatchObject({
      setBy: 'script',
      initiator: 'shop.example.dk',
      session: true,
      expiresAt: null,
      hostOnly: true,
    });
  });

  test('an unpaired change goes only to visits that contacted a matching host', () => {
    const a = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    const b = startVisit(2, 'https://news.example.com/', T0, 'r2');
    recordRequest(b, request('https://www.facebook.com/tr'));
    const got = recordCookieChange([a, b], {
      cookie: cookie({
        name: 'fr',
        domain: '.facebook.com',
        sameSite: 'no_restriction',
        secure: true,
      }),
      removed: false,
      cause: 'explicit',
      time: T0,
    });
    expect(got).toEqual([b]);
    expect(b.cookies[0]).toMatchObject({ party: 'third', setBy: 'unknown', sameSite: 'none' });
    expect(a.cookies).toHaveLength(0);
  });

  test('a header seen by one tab attributes the cookie to that tab only', () => {
    const a = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    const b = startVisit(2, 'https://shop.example.dk/other', T0, 'r2');
    recordSetCookieHeaders(b, 'https://shop.example.dk/other', ['sid=1; HttpOnly'], T0);
    const got = recordCookieChange([a, b], {
      cookie: cookie({ name: 'sid', domain: 'shop.example.dk', hostOnly: true, httpOnly: true }),
      removed: false,
      cause: 'explicit',
      time: T0,
    });
    expect(got).toEqual([b]);
  });

  test.each([
    ['overwrite', 0],
    ['explicit', 1],
    ['expired_overwrite', 1],
  ])('a removal with cause %s is recorded %i times', (cause, count) => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordCookieChange([v], { cookie: cookie({}), removed: true, cause, time: T0 });
    expect(v.cookies).toHaveLength(count);
    if (count) expect(v.cookies[0]).toMatchObject({ removed: true, lifetimeDays: null });
  });

  test('partitioned cookies keep their partition', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordRequest(v, request('https://widget.chat.example/frame', 'sub_frame'));
    recordCookieChange([v], {
      cookie: cookie({
        domain: 'widget.chat.example',
        partitionKey: { topLevelSite: 'https://example.dk' },
      }),
      removed: false,
      cause: 'explicit',
      time: T0,
    });
    expect(v.cookies[0]).toMatchObject({ partitionKey: 'https://example.dk', party: 'third' });
  });
});

describe('storage', () => {
  test('repeated writes to one key are one record with a count', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    const recs = Array.from({ length: 50 }, (_, i) => ({
      kind: 'localStorage' as const,
      op: 'set' as const,
      key: '_hjid',
      valueLength: 36,
      time: T0 + i,
    }));
    recordPageRecords(v, 'https://shop.example.dk', recs);
    recordPageRecords(v, 'https://shop.example.dk', [
      { kind: 'sessionStorage', op: 'remove', key: 'cart', valueLength: 0, time: T0 },
    ]);
    recordPageRecords(v, 'https://widget.chat.example', [
      { kind: 'indexedDB', name: 'chat-db', time: T0 },
    ]);
    expect(v.storage).toEqual([
      expect.objectContaining({
        kind: 'localStorage',
        key: '_hjid',
        writes: 50,
        lastTime: T0 + 49,
        party: 'first',
      }),
      expect.objectContaining({ kind: 'sessionStorage', key: 'cart', removed: true }),
      expect.objectContaining({
        kind: 'indexedDB',
        key: 'chat-db',
        origin: 'https://widget.chat.example',
        party: 'third',
      }),
    ]);
  });

  test('past the cap, new keys are counted as dropped', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    const recs = Array.from({ length: VISIT_CAPS.storage + 3 }, (_, i) => ({
      kind: 'localStorage' as const,
      op: 'set' as const,
      key: `k${i}`,
      valueLength: 1,
      time: T0,
    }));
    recordPageRecords(v, 'https://shop.example.dk', recs);
    expect(v.storage).toHaveLength(VISIT_CAPS.storage);
    expect(v.dropped.storage).toBe(3);
  });
});

describe('reviveVisit', () => {
  test('fills fields an older stored visit lacks', () => {
    const old = {
      tabId: 3,
      url: 'https://shop.example.dk/',
      startedAt: T0,
      requests: [],
      cookies: [],
      storage: [],
    };
    const v = reviveVisit(old);
    expect(v).toMatchObject({
      tabId: 3,
      site: 'example.dk',
      consent: { events: [] },
      pending: [],
      dropped: { requests: 0 },
    });
  });

  test.each([
    [null],
    ['x'],
    [{ tabId: 'a', url: 'u', requests: [], cookies: [], storage: [] }],
    [{ tabId: 1, url: 'u' }],
  ])('refuses %j', (value) => {
    expect(reviveVisit(value)).toBeNull();
  });
});

describe('recordStoredConsent', () => {
  const reject = {
    source: 'cookieinformation',
    via: 'cookie:CookieInformationConsent',
    decision: 'reject' as const,
    categories: { necessary: true, preferences: false, statistics: false, marketing: false },
    explicit: null,
  };

  test.each([
    ['a stored choice counts as made with interaction', reject, true],
    [
      'a record that says nobody acted does not',
      { ...reject, decision: 'accept' as const, explicit: false },
      false,
    ],
  ])('%s', (_name, reading, interaction) => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordStoredConsent(v, [reading], T0);
    expect(v.consent.events[0]).toMatchObject({
      time: T0,
      interaction,
      state: { interaction, decision: reading.decision },
    });
  });

  test('unreadable records add nothing', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordStoredConsent(v, [{ source: 'onetrust', unknown: true, reason: 'x' }], T0);
    expect(v.consent.events).toEqual([]);
  });
});

test('a stored record without a decision adds no event', () => {
  const v = startVisit(1, 'https://tac.example.dk/', T0, 'r1');
  recordStoredConsent(
    v,
    [
      {
        source: 'tarteaucitron',
        via: 'cookie:tarteaucitron',
        decision: 'none',
        categories: { necessary: true, preferences: null, statistics: null, marketing: null },
      },
    ],
    T0,
  );
  expect(v.consent.events).toEqual([]);
});

describe('acceptBatch', () => {
  test('a batch id is recorded once; a batch without an id always counts', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    expect(acceptBatch(v, 'f1:0')).toBe(true);
    expect(acceptBatch(v, 'f1:0')).toBe(false);
    expect(acceptBatch(v, 'f1:1')).toBe(true);
    expect(acceptBatch(v, null)).toBe(true);
    expect(acceptBatch(v, null)).toBe(true);
    expect(v.batches).toEqual(['f1:0', 'f1:1']);
  });

  test('remembers the newest MAX_BATCH_IDS ids, and survives a restore', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    for (let i = 0; i < MAX_BATCH_IDS + 10; i++) acceptBatch(v, `f:${i}`);
    expect(v.batches).toHaveLength(MAX_BATCH_IDS);
    expect(v.batches[0]).toBe('f:10');
    const restored = reviveVisit(JSON.parse(JSON.stringify(v)));
    expect(restored && acceptBatch(restored, `f:${MAX_BATCH_IDS + 9}`)).toBe(false);
    expect(reviveVisit({ ...v, batches: 'junk' })?.batches).toEqual([]);
  });
});
