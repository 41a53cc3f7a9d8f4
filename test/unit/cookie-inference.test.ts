import { describe, expect, test } from 'vitest';
import { RESPONSE_INFERENCE_WINDOW_MS } from '../../lib/observe/caps.ts';
import {
  type BrowserCookie,
  recordCookieChange,
  recordPageRecords,
  recordRequest,
  retractExplainedElsewhere,
  startVisit,
} from '../../lib/observe/visit.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const INFER = { inferResponses: true };

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
    expirationDate: (T0 + 30 * 86_400_000) / 1000,
    ...over,
  };
}

function request(url: string, time: number, type = 'script') {
  return {
    requestId: String(time),
    url,
    type,
    frameId: 0,
    parentFrameId: -1,
    method: 'GET',
    initiator: null,
    time,
  };
}

const change = (over: Partial<BrowserCookie>, time: number) => ({
  cookie: cookie(over),
  removed: false,
  cause: 'explicit',
  time,
});

describe('cookie changes without Set-Cookie headers', () => {
  test('come from the newest response of a covered host, and say the attribution is inferred', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordRequest(v, request('https://shop.example.dk/', T0, 'main_frame'));
    recordRequest(v, request('https://cdn.example.dk/app.js', T0 + 10));
    recordRequest(v, request('https://www.facebook.com/tr', T0 + 20, 'image'));
    recordCookieChange([v], change({ name: 'sid', domain: '.example.dk' }, T0 + 30), INFER);
    expect(v.cookies[0]).toMatchObject({
      setBy: 'http',
      setByInferred: true,
      initiator: 'cdn.example.dk',
      // Without the header, the lifetime asked for is the one stored.
      requestedLifetimeDays: 30,
    });
  });

  test('a host-only cookie is credited to its own host', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordRequest(v, request('https://shop.example.dk/', T0, 'main_frame'));
    recordRequest(v, request('https://cdn.example.dk/app.js', T0 + 10));
    recordCookieChange(
      [v],
      change({ name: 'sid', domain: 'shop.example.dk', hostOnly: true }, T0 + 30),
      INFER,
    );
    expect(v.cookies[0]).toMatchObject({ setBy: 'http', initiator: 'shop.example.dk' });
  });

  test('only the tab that was just talking to the host gets it', () => {
    const busy = startVisit(1, 'https://news.example.com/', T0, 'r1');
    const idle = startVisit(2, 'https://blog.example.org/', T0, 'r2');
    recordRequest(
      idle,
      request('https://www.facebook.com/tr', T0 - RESPONSE_INFERENCE_WINDOW_MS - 1000),
    );
    recordRequest(busy, request('https://www.facebook.com/tr', T0 - 100, 'image'));
    const got = recordCookieChange(
      [busy, idle],
      change({ name: 'fr', domain: '.facebook.com' }, T0),
      INFER,
    );
    expect(got).toEqual([busy]);
    expect(idle.cookies).toEqual([]);
  });

  test('with no request in the window, every tab that contacted the host gets it, unattributed', () => {
    const v = startVisit(1, 'https://news.example.com/', T0, 'r1');
    recordRequest(v, request('https://www.facebook.com/tr', T0 - RESPONSE_INFERENCE_WINDOW_MS - 1));
    recordCookieChange([v], change({ name: 'fr', domain: '.facebook.com' }, T0), INFER);
    expect(v.cookies[0]).toMatchObject({ setBy: 'unknown', initiator: null });
    expect(v.cookies[0]?.setByInferred).toBeUndefined();
  });

  test('a script write that arrives later corrects the inference', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordRequest(v, request('https://shop.example.dk/', T0, 'main_frame'));
    recordCookieChange([v], change({ name: '_fbp' }, T0 + 5), INFER);
    // A busy page: many other cookie changes arrive before the script's own record.
    for (let i = 0; i < 600; i++) recordCookieChange([v], change({ name: `c${i}` }, T0 + 6), INFER);
    recordPageRecords(v, 'https://shop.example.dk', [
      {
        kind: 'cookie',
        write: '_fbp=fb.1; max-age=7776000; domain=.example.dk',
        script: 'https://connect.facebook.net/en_US/fbevents.js',
        time: T0 + 40,
      },
    ]);
    const fbp = v.cookies.find((c) => c.name === '_fbp');
    expect(fbp).toMatchObject({ setBy: 'script', initiator: 'connect.facebook.net' });
    expect(fbp?.setByInferred).toBeUndefined();
  });

  test('when headers are read, nothing is inferred', () => {
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordRequest(v, request('https://shop.example.dk/', T0, 'main_frame'));
    recordCookieChange([v], change({ name: 'sid' }, T0 + 5));
    expect(v.cookies[0]).toMatchObject({ setBy: 'unknown', initiator: null });
  });
});

describe('a cookie change another tab’s script turns out to explain', () => {
  test('is taken back from the tabs it was only guessed for', () => {
    const writer = startVisit(1, 'https://shop.example.dk/a', T0, 'r1');
    const bystander = startVisit(2, 'https://shop.example.dk/b', T0, 'r2');
    for (const v of [writer, bystander])
      recordRequest(v, request('https://shop.example.dk/x.js', T0 - 1000));
    const ev = change({ name: 'cart', domain: 'shop.example.dk', hostOnly: true }, T0);
    expect(recordCookieChange([writer, bystander], ev, INFER)).toEqual([writer, bystander]);
    // The writer's page-world record arrives after the browser's change event.
    const explained = recordPageRecords(writer, 'https://shop.example.dk', [
      { kind: 'cookie', write: 'cart=1; path=/', script: null, time: T0 + 40 },
    ]);
    expect(retractExplainedElsewhere([writer, bystander], writer, explained)).toEqual([bystander]);
    expect(writer.cookies).toHaveLength(1);
    expect(writer.cookies[0]).toMatchObject({ name: 'cart', setBy: 'script' });
    expect(bystander.cookies).toEqual([]);
  });

  test('a change explained in both tabs (each wrote it) stays in both', () => {
    const a = startVisit(1, 'https://shop.example.dk/a', T0, 'r1');
    const b = startVisit(2, 'https://shop.example.dk/b', T0, 'r2');
    for (const v of [a, b]) recordRequest(v, request('https://shop.example.dk/x.js', T0 - 1000));
    const cart = { name: 'cart', domain: 'shop.example.dk', hostOnly: true };
    recordCookieChange([a, b], change(cart, T0), INFER);
    recordCookieChange([a, b], change(cart, T0 + 5), INFER);
    const write = (time: number) =>
      [{ kind: 'cookie', write: 'cart=1; path=/', script: null, time }] as const;
    retractExplainedElsewhere(
      [a, b],
      a,
      recordPageRecords(a, 'https://shop.example.dk', write(T0 + 30)),
    );
    retractExplainedElsewhere(
      [a, b],
      b,
      recordPageRecords(b, 'https://shop.example.dk', write(T0 + 31)),
    );
    expect(a.cookies.map((c) => c.setBy)).toEqual(['script']);
    expect(b.cookies.map((c) => c.setBy)).toEqual(['script']);
    expect(new Set([a.cookies[0]?.time, b.cookies[0]?.time])).toEqual(new Set([T0, T0 + 5]));
  });
});
