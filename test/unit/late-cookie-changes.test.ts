import { describe, expect, test } from 'vitest';
import { PAIRING_WINDOW_MS } from '../../lib/observe/caps.ts';
import { LateCookieChanges } from '../../lib/observe/late-cookie-changes.ts';
import {
  type BrowserCookie,
  type CookieChangeEvent,
  recordPageRecords,
  recordRequest,
  recordSetCookieHeaders,
  startVisit,
  type Visit,
} from '../../lib/observe/visit.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');

function change(
  name: string,
  domain: string,
  time = T0,
  over: Partial<CookieChangeEvent> = {},
): CookieChangeEvent {
  const cookie: BrowserCookie = {
    name,
    value: 'v',
    domain,
    path: '/',
    hostOnly: !domain.startsWith('.'),
    secure: true,
    httpOnly: false,
    sameSite: 'no_restriction',
    session: true,
  };
  return { cookie, removed: false, cause: 'explicit', time, ...over };
}

/** A request as the background sees it: recorded, then offered the held changes. */
function request(late: LateCookieChanges, visit: Visit, url: string, startedAt: number) {
  recordRequest(visit, {
    requestId: String(startedAt),
    url,
    type: 'sub_frame',
    frameId: 0,
    parentFrameId: -1,
    method: 'GET',
    initiator: 'https://shop.example.dk',
    time: startedAt + 50,
  });
  return late.offer(visit, url, startedAt, startedAt + 50);
}

describe('cookie changes reported before the request behind them', () => {
  test('go to the visit once it records the request, and its late header still names the setter', () => {
    const late = new LateCookieChanges();
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    expect(late.record([v], change('chat_srv', 'widget.chat-example.net', T0 + 20))).toEqual([]);
    expect(v.cookies).toHaveLength(0);

    expect(request(late, v, 'https://widget.chat-example.net/embed.html', T0 + 10)).toBe(true);
    expect(v.cookies[0]).toMatchObject({ name: 'chat_srv', party: 'third', setBy: 'unknown' });

    recordSetCookieHeaders(
      v,
      'https://widget.chat-example.net/embed.html',
      ['chat_srv=v; Secure; SameSite=None'],
      T0 + 70,
      { headersMayFollowChanges: true },
    );
    expect(v.cookies).toHaveLength(1);
    expect(v.cookies[0]).toMatchObject({ setBy: 'http', initiator: 'widget.chat-example.net' });
  });

  test('pair with a script write the page reported before the request arrived', () => {
    const late = new LateCookieChanges();
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    late.record([v], change('chat_uid', 'widget.chat-example.net', T0 + 30));
    recordPageRecords(v, 'https://widget.chat-example.net', [
      { kind: 'cookie', write: 'chat_uid=u1; max-age=15552000', script: null, time: T0 + 31 },
    ]);
    // The page's write found no change to upgrade: it waits as a pending write, and pairs now.
    expect(v.pending.map((p) => p.name)).toEqual(['chat_uid']);
    request(late, v, 'https://widget.chat-example.net/embed.html', T0 + 10);
    expect(v.cookies[0]).toMatchObject({
      setBy: 'script',
      initiator: 'widget.chat-example.net',
      requestedLifetimeDays: 180,
    });
  });

  test("a navigation's first response, placed in the tab's previous visit, also goes to the new one", () => {
    const late = new LateCookieChanges();
    const before = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    // The reload's Set-Cookie is stored before the reload's main_frame request is reported.
    expect(late.record([before], change('session_id', 'shop.example.dk', T0 + 1005))).toEqual([
      before,
    ]);
    const after = startVisit(1, 'https://shop.example.dk/', T0 + 1020, 'r2');
    expect(request(late, after, 'https://shop.example.dk/', T0 + 1000)).toBe(true);
    expect(after.cookies.map((c) => c.name)).toEqual(['session_id']);
  });

  test('are not given to a visit whose request started after them', () => {
    const late = new LateCookieChanges();
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    // A deletion from before this page load began is none of its doing.
    late.record([], change('fr', '.facebook.com', T0, { removed: true }));
    expect(request(late, v, 'https://www.facebook.com/tr', T0 + 5)).toBe(false);
    expect(v.cookies).toHaveLength(0);
  });

  test('are not given for a request to a host the cookie does not cover', () => {
    const late = new LateCookieChanges();
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    late.record([v], change('fr', '.facebook.com', T0 + 20));
    expect(request(late, v, 'https://static.hotjar.com/c.js', T0 + 10)).toBe(false);
    expect(v.cookies).toHaveLength(0);
    expect(late.size).toBe(1);
  });

  test('are given to each visit once', () => {
    const late = new LateCookieChanges();
    const a = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    const b = startVisit(2, 'https://news.example.com/', T0, 'r2');
    late.record([a, b], change('fr', '.facebook.com', T0 + 20));
    expect(request(late, a, 'https://www.facebook.com/tr', T0 + 10)).toBe(true);
    expect(request(late, a, 'https://www.facebook.com/tr?again', T0 + 11)).toBe(false);
    expect(request(late, b, 'https://www.facebook.com/tr', T0 + 12)).toBe(true);
    expect([a.cookies.length, b.cookies.length]).toEqual([1, 1]);
  });

  test('are forgotten after the pairing window', () => {
    const late = new LateCookieChanges();
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    late.record([v], change('fr', '.facebook.com', T0 + 20));
    const later = T0 + 20 + PAIRING_WINDOW_MS + 1;
    expect(late.offer(v, 'https://www.facebook.com/tr', T0 + 10, later)).toBe(false);
    expect(late.size).toBe(0);
  });

  test('a change a write explained, and the removal half of an overwrite, are not held', () => {
    const late = new LateCookieChanges();
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    recordSetCookieHeaders(v, 'https://shop.example.dk/', ['sid=1'], T0);
    late.record([v], change('sid', 'shop.example.dk', T0 + 1));
    late.record([v], change('x', 'shop.example.dk', T0 + 2, { removed: true, cause: 'overwrite' }));
    expect(v.cookies.map((c) => c.setBy)).toEqual(['http']);
    expect(late.size).toBe(0);
  });

  test('hold at most the cap, dropping the oldest', () => {
    const late = new LateCookieChanges(3);
    for (let i = 0; i < 5; i++) late.record([], change(`c${i}`, 'widget.chat-example.net', T0 + i));
    expect(late.size).toBe(3);
    const v = startVisit(1, 'https://shop.example.dk/', T0, 'r1');
    request(late, v, 'https://widget.chat-example.net/embed.html', T0);
    expect(v.cookies.map((c) => c.name)).toEqual(['c2', 'c3', 'c4']);
  });
});
