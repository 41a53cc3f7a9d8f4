import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConsentReading } from '../../lib/consent/state.ts';
import type { Visit } from '../../lib/observe/visit.ts';
import { startHarness, visit, type Harness } from './harness.ts';

/**
 * A frame of another site inside a TCF page (an ad slot) has no `__tcfapi` of its own: the
 * extension's reader in that frame reaches the page's consent platform through the
 * `__tcfapiLocator` frame route, and what it reads joins the visit's timeline.
 */
describe('TCF consent read from a nested frame through __tcfapiLocator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const locatorReadings = (v: Visit | null): ConsentReading[] =>
    (v?.consent.current ?? []).filter((r) => r.source === 'tcf' && r.via === 'tcfapi-locator');

  test('the frame follows the banner: no decision, then the accepted purposes', async () => {
    const { page, tabId } = await visit(h, 'https://tcf.example.com/embedded', 1500);
    const frame = page.frames().find((f) => f.url().startsWith('https://frames.example.net/'));
    expect(frame, 'the ad frame loaded').toBeDefined();
    // The frame really has no API of its own: only the route can have produced the readings.
    expect(await frame?.evaluate(() => typeof (window as { __tcfapi?: unknown }).__tcfapi)).toBe(
      'undefined',
    );

    const before = locatorReadings(await h.browser.send({ type: 'get-visit', tabId }));
    expect(before).toHaveLength(1);
    expect(before[0]?.decision).toBe('none');

    await page.click('#tcf-accept-all');
    await expect
      .poll(
        async () =>
          locatorReadings(await h.browser.send({ type: 'get-visit', tabId }))[0]?.decision,
        { timeout: 10_000 },
      )
      .toBe('accept');
    const after = locatorReadings(await h.browser.send({ type: 'get-visit', tabId }))[0];
    expect(after?.explicit).toBe(true);
    expect(after?.categories).toMatchObject({ statistics: true, marketing: true });
    // The same state as the page's own API reading: the route relays, it does not invent.
    const direct = (await h.browser.send({ type: 'get-visit', tabId }))?.consent.current.find(
      (r) => r.source === 'tcf' && r.via === 'tcfapi',
    );
    expect(direct?.categories).toEqual(after?.categories);
  });
});
