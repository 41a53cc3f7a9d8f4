import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Visit } from '../../lib/observe/visit.ts';
import { startHarness, type Harness } from './harness.ts';

/*
 * The service worker stopped at random moments while a page keeps setting cookies, writing
 * storage and sending requests (test/fixtures/sites/busy.example.dk: tick i uses the names
 * `tick_i` and the addresses `?i=i` once). What the background had answered before a stop is
 * still in the visit afterwards, records keep arriving after every restart, and nothing is
 * recorded twice. The moments come from a seed printed at the start; CONSENTLENS_SEED=<n>
 * repeats a run.
 */
const TICKS = 80;
const TICK_MS = 100;
const STOPS = 4;
const URL = `https://busy.example.dk/?ticks=${TICKS}&every=${TICK_MS}`;

const seed = Number(process.env.CONSENTLENS_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.info(`worker restarts: seed ${seed} (CONSENTLENS_SEED=${seed} repeats this run)`);

/** mulberry32: a small seeded generator, so a failing run can be repeated exactly. */
function random(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** STOPS moments within the page's busy time, at least 700 ms apart, in ms after the load. */
function stopMoments(next: () => number): number[] {
  const busy = TICKS * TICK_MS;
  const slot = (busy - 1000) / STOPS;
  return Array.from({ length: STOPS }, (_, i) =>
    Math.round(300 + i * slot + next() * (slot - 700)),
  );
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

interface Stop {
  /** The visit as the background answered just before the stop. */
  before: Visit;
  /** When the worker was reported stopped (the test's clock, the same machine's as the browser's). */
  stoppedAt: number;
}

test('a worker stopped at random moments of a busy visit loses nothing it had answered with', async () => {
  const moments = stopMoments(random(seed));
  console.info(`worker restarts: stops at ${moments.join(', ')} ms after the load`);
  const cdp = await h.browser.context.newCDPSession(h.browser.extensionPage);
  const statuses: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) =>
    statuses.push(...e.versions.map((v) => v.runningStatus)),
  );
  await cdp.send('ServiceWorker.enable');

  const page = await h.browser.context.newPage();
  await page.goto(URL, { waitUntil: 'load' });
  const loadedAt = Date.now();
  const tabId = await waitForTab();

  const stops: Stop[] = [];
  for (const moment of moments) {
    const wait = loadedAt + moment - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
    const before = await h.browser.send({ type: 'get-visit', tabId });
    if (!before) throw new Error('the visit disappeared before a stop');
    const seen = statuses.length;
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect
      .poll(() => statuses.slice(seen).includes('stopped'), { timeout: 15_000 })
      .toBe(true);
    stops.push({ before, stoppedAt: Date.now() });
  }
  await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 30_000 });
  await page.waitForTimeout(1500);
  const after = await h.browser.send({ type: 'get-visit', tabId });
  await cdp.detach();
  if (!after) throw new Error('the visit disappeared');

  for (const [i, { before, stoppedAt }] of stops.entries()) {
    // Requests and cookie changes are appended in order: what was there is the start of the list.
    expect(after.requests.slice(0, before.requests.length), `requests at stop ${i + 1}`).toEqual(
      before.requests,
    );
    expect(after.cookies.slice(0, before.cookies.length).map(cookieKey)).toEqual(
      before.cookies.map(cookieKey),
    );
    for (const s of before.storage) {
      const kept = after.storage.find(
        (a) => a.kind === s.kind && a.origin === s.origin && a.key === s.key,
      );
      expect(kept?.writes, `storage ${s.key} at stop ${i + 1}`).toBeGreaterThanOrEqual(s.writes);
    }
    // The restarted worker keeps recording: requests, cookies and storage writes of later ticks.
    const until = stops[i + 1]?.stoppedAt ?? Infinity;
    const between = (t: number) => t > stoppedAt && t < until;
    expect(
      after.requests.some((r) => between(r.time)),
      `requests after stop ${i + 1}`,
    ).toBe(true);
    expect(
      after.cookies.some((c) => between(c.time)),
      `cookies after stop ${i + 1}`,
    ).toBe(true);
    expect(
      after.storage.some((s) => between(s.lastTime)),
      `storage after stop ${i + 1}`,
    ).toBe(true);
  }

  // Nothing twice: each tick's request, pixel, cookie and storage key at most once.
  const count = (values: string[]) =>
    values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());
  const repeated = (values: string[]) => [...count(values)].filter(([, n]) => n > 1);
  expect(repeated(after.requests.map((r) => r.url))).toEqual([]);
  expect(repeated(after.cookies.filter((c) => !c.removed).map((c) => c.name))).toEqual([]);
  expect(after.storage.filter((s) => s.key.startsWith('tick_') && s.writes !== 1)).toEqual([]);
  // The page's own records (storage writes) are sent again when a stop cut off their answer, so
  // none is lost. Browser events the worker held for under 40 ms unwritten can be (see README).
  const ticksSeen = new Set(after.storage.map((s) => s.key).filter((k) => k.startsWith('tick_')));
  expect(ticksSeen.size).toBe(TICKS);
  console.info(
    `worker restarts: ${after.requests.length} requests, ${after.cookies.length} cookie changes, ` +
      `${ticksSeen.size} of ${TICKS} storage keys recorded`,
  );

  async function waitForTab(): Promise<number> {
    for (let i = 0; i < 50; i++) {
      const visits = await h.browser.send({ type: 'list-visits' });
      const found = visits.find((v) => v.url === URL);
      if (found) return found.tabId;
      await page.waitForTimeout(100);
    }
    throw new Error(`the extension recorded no visit for ${URL}`);
  }
});

function cookieKey(c: Visit['cookies'][number]): string {
  return `${c.name} ${c.domain} ${c.removed} ${c.time}`;
}
