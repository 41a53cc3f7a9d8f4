import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { VISIT_CAPS } from '../../lib/observe/caps.ts';
import type { Visit } from '../../lib/observe/visit.ts';
import { assertValidReport } from '../support/validate-report.ts';
import { ExtensionTargets } from './extension-targets.ts';
import { reportOf, startHarness, type Harness } from './harness.ts';

const HEAVY = 'https://heavy.example.dk/';
const OVERFLOW = 'https://overflow.example.dk/';
/**
 * The service worker's JavaScript heap, after a garbage collection, with both pages' visits
 * held and their reports built (README, "Limits"). About 6 MB idle and 8 MB after the demo shop.
 */
const HEAP_BOUND_BYTES = 32 * 1024 * 1024;

/** What test/fixtures/sites/heavy.example.dk and jar.example do: all below the per-visit caps. */
const FRAMES = 50;
const PIXELS = 5000;
const STORAGE_KEYS = 2500;
const WRITES_PER_KEY = 4;
const cookieNames = (prefix: 'h' | 's') =>
  Array.from({ length: FRAMES * 10 }, (_, n) => `${prefix}${Math.floor(n / 10)}_${n % 10}`);

describe('heavy pages', () => {
  let h: Harness;
  let targets: ExtensionTargets;
  const heap: Record<string, number> = {};

  beforeAll(async () => {
    h = await startHarness();
    targets = await ExtensionTargets.open(h.browser);
    heap.idle = (await targets.workerHeap()).used;
  });

  afterAll(async () => {
    console.log(
      'service worker heap (MB):',
      Object.fromEntries(Object.entries(heap).map(([k, v]) => [k, (v / 2 ** 20).toFixed(1)])),
    );
    await targets?.close();
    await h?.close();
  });

  async function tabOf(url: string): Promise<number> {
    const visits = await h.browser.send({ type: 'list-visits' });
    const tabId = visits.find((v) => v.url === url)?.tabId;
    if (tabId === undefined) throw new Error(`no visit for ${url}`);
    return tabId;
  }

  async function visitOf(tabId: number): Promise<Visit> {
    const visit = await h.browser.send({ type: 'get-visit', tabId });
    if (!visit) throw new Error(`no visit for tab ${tabId}`);
    return visit;
  }

  /** Polls the visit until `done` holds (the page's events reach the worker in their own time). */
  async function settled(tabId: number, done: (v: Visit) => boolean): Promise<Visit> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const visit = await visitOf(tabId);
      if (done(visit) || Date.now() > deadline) return visit;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  test('a page with 5,000 requests, 1,000 cookies, 10,000 storage writes and 50 frames is recorded in full', async () => {
    const page = await h.browser.context.newPage();
    await page.goto(HEAVY, { waitUntil: 'load', timeout: 170_000 });
    const tabId = await tabOf(HEAVY);
    const visit = await settled(
      tabId,
      (v) =>
        v.requests.length >= 1 + FRAMES + PIXELS &&
        v.cookies.length >= 2 * FRAMES * 10 &&
        v.storage.reduce((n, s) => n + s.writes, 0) >= STORAGE_KEYS * WRITES_PER_KEY,
    );
    expect(visit.dropped).toEqual({ requests: 0, cookies: 0, storage: 0, consentEvents: 0 });

    const pixels = visit.requests.filter((r) => r.host.endsWith('.heavy-px.example'));
    expect(new Set(pixels.map((r) => r.url)).size).toBe(PIXELS);
    expect(pixels.every((r) => r.type === 'image' && r.party === 'third')).toBe(true);
    expect(visit.requests.filter((r) => r.type === 'sub_frame')).toHaveLength(FRAMES);
    expect(visit.requests.filter((r) => r.type === 'main_frame')).toHaveLength(1);

    const report = await reportOf(h, tabId);
    assertValidReport(report);
    const names = report.cookies.map((c) => c.name).sort();
    expect(names).toEqual([...cookieNames('h'), ...cookieNames('s')].sort());
    // One cookie in ten carries a 4 KB value, by header and by script alike.
    const big = visit.cookies.filter((c) => c.valueLength === 4000);
    expect(big).toHaveLength(2 * FRAMES);
    for (const c of report.cookies) {
      expect(c.domain).toMatch(/^jar-\d\.example$/);
      expect(c.party).toBe('third');
    }
    // Every script write is paired with its cookie, however many arrive at once.
    const scripts = report.cookies.filter((c) => c.name.startsWith('s'));
    expect(scripts.filter((c) => c.setBy !== 'script').map((c) => c.name)).toEqual([]);
    expect(scripts.every((c) => c.initiator === c.domain)).toBe(true);
    // Header cookies are never mistaken for script writes (without Set-Cookie headers they are
    // inferred from the responses in flight; see README).
    const headers = report.cookies.filter((c) => c.name.startsWith('h'));
    expect(headers.filter((c) => c.setBy === 'script')).toEqual([]);

    expect(report.storage).toHaveLength(STORAGE_KEYS);
    expect(report.storage.every((s) => s.writes === WRITES_PER_KEY)).toBe(true);
    expect(report.limits?.dropped).toEqual({
      requests: 0,
      cookies: 0,
      storage: 0,
      consentEvents: 0,
    });
    heap.afterHeavy = (await targets.workerHeap()).used;
  }, 240_000);

  test('past each cap, what is left out is counted as dropped and reported', async () => {
    const page = await h.browser.context.newPage();
    await page.goto(OVERFLOW, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(() => (window as { overDone?: boolean }).overDone === true, null, {
      timeout: 170_000,
    });
    const tabId = await tabOf(OVERFLOW);
    // Every request the page made reached the fixture server: that is the count to account for.
    const sent = () =>
      h.server.requests.filter(
        (r) => r.host === 'overflow.example.dk' || r.host === 'overflow-px.example',
      ).length;
    const visit = await settled(
      tabId,
      (v) =>
        v.requests.length + v.dropped.requests >= sent() &&
        v.cookies.length + v.dropped.cookies >= 3200 &&
        v.storage.length + v.dropped.storage >= 6000,
    );
    expect(sent()).toBeGreaterThan(10_050);
    expect(visit.requests).toHaveLength(VISIT_CAPS.requests);
    expect(visit.dropped.requests).toBe(sent() - VISIT_CAPS.requests);
    expect(visit.storage).toHaveLength(VISIT_CAPS.storage);
    expect(visit.dropped.storage).toBe(6000 - VISIT_CAPS.storage);
    expect(visit.cookies).toHaveLength(VISIT_CAPS.cookies);
    expect(visit.dropped.cookies).toBe(3200 - VISIT_CAPS.cookies);

    const report = await reportOf(h, tabId);
    assertValidReport(report);
    expect(report.limits).toEqual({
      dropped: {
        requests: visit.dropped.requests,
        cookies: visit.dropped.cookies,
        storage: visit.dropped.storage,
        consentEvents: 0,
      },
      caps: {
        requests: VISIT_CAPS.requests,
        cookies: VISIT_CAPS.cookies,
        storage: VISIT_CAPS.storage,
        consentEvents: VISIT_CAPS.consentEvents,
      },
    });
    heap.afterOverflow = (await targets.workerHeap()).used;
  }, 240_000);

  test('the service worker’s heap stays under the documented bound', () => {
    expect(heap.afterHeavy).toBeDefined();
    expect(heap.afterOverflow).toBeDefined();
    expect(heap.afterHeavy).toBeLessThan(HEAP_BOUND_BYTES);
    expect(heap.afterOverflow).toBeLessThan(HEAP_BOUND_BYTES);
  });
});
