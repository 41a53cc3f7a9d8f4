import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConsentReading } from '../../lib/consent/state.ts';
import { reportOf, startHarness, visit, type Harness } from './harness.ts';

/**
 * A site that uses Google Consent Mode without a consent platform's cookie: the extension reads
 * the page's `dataLayer` and, independently, the `gcs` each Google hit carries. Both join the
 * timeline, so the report shows the state the tag acted on when it sent.
 */
describe('Consent Mode from dataLayer and from the gcs of Google hits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const gcsReading = async (tabId: number): Promise<ConsentReading | undefined> =>
    (await h.browser.send({ type: 'get-visit', tabId }))?.consent.current.find(
      (r) => r.via === 'request:gcs',
    );

  test('denied by default, granted after the visitor accepts', async () => {
    const { page, tabId } = await visit(h, 'https://gcm.example.dk/', 1500);
    const first = await gcsReading(tabId);
    expect(first).toMatchObject({
      source: 'gcm',
      decision: 'reject',
      categories: { statistics: false, marketing: false },
      detail: { gcs: 'G100' },
    });
    // The cookieless ping wrote no Google Analytics cookie.
    const early = await reportOf(h, tabId);
    expect(early.cookies.map((c) => c.name)).not.toContain('_ga');

    await page.click('#gcm-accept');
    await expect
      .poll(async () => (await gcsReading(tabId))?.detail?.['gcs'], { timeout: 10_000 })
      .toBe('G111');
    const report = await reportOf(h, tabId);
    const events = report.phases[0]?.consentEvents ?? [];
    expect(events.at(-1)).toMatchObject({ decision: 'accept' });
    expect(report.cookies.map((c) => c.name)).toContain('_ga');
    // The page's own dataLayer, read on its own schedule, comes to say the same as the hits.
    await expect
      .poll(
        async () =>
          (await h.browser.send({ type: 'get-visit', tabId }))?.consent.current.find(
            (r) => r.via === 'dataLayer',
          )?.categories,
        { timeout: 10_000 },
      )
      .toMatchObject({ statistics: true, marketing: true });
  });
});
