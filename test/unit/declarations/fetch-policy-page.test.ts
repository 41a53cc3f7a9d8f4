import { describe, expect, test, vi } from 'vitest';
import {
  fetchPolicyPage,
  policyFetchProblem,
  type FetchLike,
} from '../../../lib/declarations/fetch-policy-page.ts';

const PAGE = 'https://shop.example.dk/produkter/sko';
const POLICY = 'https://www.example.dk/privatlivspolitik';

function respond(
  body: BodyInit | null,
  init: ResponseInit & { url?: string } = {},
): { fetch: FetchLike; calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, requestInit) => {
    calls.push({ url, init: requestInit });
    const response = new Response(body, {
      status: init.status ?? 200,
      headers: init.headers ?? { 'content-type': 'text/html; charset=utf-8' },
    });
    Object.defineProperty(response, 'url', { value: init.url ?? url });
    return response;
  };
  return { fetch, calls };
}

describe('policyFetchProblem', () => {
  test.each([
    [POLICY, null],
    ['http://example.dk/cookies', null],
    ['https://shop.example.dk/om/cookies?lang=da', null],
    ['https://privacy.example.org/policy', 'it is on another site (example.org)'],
    ['https://example.dk.evil.net/privacy', 'it is on another site (evil.net)'],
    ['ftp://example.dk/privacy', 'not an http(s) address'],
    ['javascript:alert(1)', 'not an http(s) address'],
    ['https://user:pw@example.dk/privacy', 'the address carries credentials'],
    ['not a url', 'not an http(s) address'],
  ])('%s → %s', (url, problem) => {
    expect(policyFetchProblem(url, PAGE)).toBe(problem);
  });

  test('other sites only when asked for', () => {
    expect(policyFetchProblem('https://privacy.example.org/p', PAGE, true)).toBeNull();
  });

  test('sites follow the public suffix list, private section included', () => {
    expect(policyFetchProblem('https://bob.github.io/privacy', 'https://alice.github.io/')).toBe(
      'it is on another site (bob.github.io)',
    );
  });
});

describe('fetchPolicyPage', () => {
  test('asks without cookies, referrer or cache, and returns the page', async () => {
    const { fetch, calls } = respond('<h1>Privatlivspolitik</h1>');
    const result = await fetchPolicyPage(fetch, POLICY, PAGE);
    expect(result).toEqual({
      ok: true,
      url: POLICY,
      html: '<h1>Privatlivspolitik</h1>',
      truncated: false,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.init).toMatchObject({
      method: 'GET',
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
    });
    expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
  });

  test('a page of another site is never requested', async () => {
    const { fetch, calls } = respond('<p>x</p>');
    const result = await fetchPolicyPage(fetch, 'https://privacy.example.org/policy', PAGE);
    expect(result).toEqual({
      ok: false,
      reason:
        'https://privacy.example.org/policy is not fetched: it is on another site (example.org)',
    });
    expect(calls).toEqual([]);
  });

  test('a redirect that ends on another site is not read', async () => {
    const { fetch } = respond('<table>secret</table>', { url: 'https://tracker.example.net/p' });
    const result = await fetchPolicyPage(fetch, POLICY, PAGE);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/redirected to https:\/\/tracker\.example\.net\/p/);
  });

  test('a same-site redirect is followed, and its address kept', async () => {
    const { fetch } = respond('<p>ok</p>', { url: `${POLICY}/` });
    expect(await fetchPolicyPage(fetch, POLICY, PAGE)).toMatchObject({
      ok: true,
      url: `${POLICY}/`,
    });
  });

  test.each([
    [404, { 'content-type': 'text/html' }, /answered 404/],
    [200, { 'content-type': 'application/pdf' }, /is not a web page \(application\/pdf\)/],
    [200, { 'content-type': 'image/png' }, /is not a web page/],
  ])('status %i with %o is refused', async (status, headers, reason) => {
    const { fetch } = respond('body', { status, headers });
    const result = await fetchPolicyPage(fetch, POLICY, PAGE);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  test('reads at most the size cap of a body that goes on and on', async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    const { fetch } = respond(endless);
    const result = await fetchPolicyPage(fetch, POLICY, PAGE, { maxBytes: 1_000_000 });
    expect(result).toMatchObject({ ok: true, truncated: true });
    expect(result.ok && result.html.length).toBe(1_000_000);
    expect(sent).toBeLessThan(1_300_000);
  });

  test('a page exactly at the cap is whole', async () => {
    const { fetch } = respond('a'.repeat(1000));
    expect(await fetchPolicyPage(fetch, POLICY, PAGE, { maxBytes: 1000 })).toMatchObject({
      ok: true,
      truncated: false,
    });
  });

  test('gives up after the time limit', async () => {
    vi.useFakeTimers();
    try {
      const hanging: FetchLike = (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        });
      const pending = fetchPolicyPage(hanging, POLICY, PAGE, { timeoutMs: 3000 });
      await vi.advanceTimersByTimeAsync(3001);
      expect(await pending).toEqual({
        ok: false,
        reason: `${POLICY} did not answer within 3 s`,
      });
    } finally {
      vi.useRealTimers();
    }
  });

  test('a network error is a reason, never a throw', async () => {
    const failing: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await fetchPolicyPage(failing, POLICY, PAGE)).toEqual({
      ok: false,
      reason: `${POLICY} could not be fetched: Failed to fetch`,
    });
  });

  test('decodes the charset the header or the page names', async () => {
    // "Udløb" in windows-1252: ø is 0xF8.
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('<meta charset="windows-1252"><td>Udl'),
      0xf8,
      ...new TextEncoder().encode('b</td>'),
    ]);
    const { fetch } = respond(bytes, { headers: { 'content-type': 'text/html' } });
    const result = await fetchPolicyPage(fetch, POLICY, PAGE);
    expect(result.ok && result.html).toContain('<td>Udløb</td>');
    const latin = respond(new Uint8Array([0x55, 0x64, 0x6c, 0xf8, 0x62]), {
      headers: { 'content-type': 'text/html; charset=ISO-8859-1' },
    });
    const fromHeader = await fetchPolicyPage(latin.fetch, POLICY, PAGE);
    expect(fromHeader.ok && fromHeader.html).toBe('Udløb');
  });
});
