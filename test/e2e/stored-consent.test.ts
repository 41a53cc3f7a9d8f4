import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportOf, startHarness, visit, type Harness } from './harness.ts';

describe('a choice made on an earlier page view', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  test('is the consent in force when the next page load starts, and the tracking after it is judged against it', async () => {
    const first = await visit(h, 'https://shop.example.dk/', 500);
    await first.page.click('#banner-reject');
    await first.page.waitForTimeout(500);
    await first.page.close();

    // A new page load: the consent platform's cookie is not written again, only read.
    const { tabId } = await visit(h, 'https://shop.example.dk/', 1000);
    const report = await reportOf(h, tabId);
    const phase = report.phases[0];
    expect(phase?.consent).toMatchObject({ source: 'cookieinformation', decision: 'reject' });
    expect(phase?.consentEvents?.[0]).toMatchObject({
      decision: 'reject',
      source: 'cookieinformation',
    });
    expect(Date.parse(phase?.consentEvents?.[0]?.time ?? '')).toBeLessThanOrEqual(
      Date.parse(phase?.startedAt ?? ''),
    );
    const rules = new Set(report.violations.map((v) => v.rule));
    expect(rules).toContain('tracker-after-reject');
    expect(rules).not.toContain('tracker-before-consent');
  });
});
