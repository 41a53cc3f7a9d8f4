import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setGpc } from '../../cli/browser.ts';
import { reportOf, startHarness, visit, type Harness } from './harness.ts';

describe('Global Privacy Control', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  /** What the page saw and what the server received. */
  async function signals() {
    const { page, tabId } = await visit(h, 'https://shop.example.dk/', 500);
    const navigatorGpc = await page.evaluate(
      () => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl,
    );
    const headers = await page.evaluate(() =>
      fetch('/__headers').then((r) => r.json() as Promise<Record<string, string>>),
    );
    const report = await reportOf(h, tabId);
    await page.close();
    return { navigatorGpc, secGpc: headers['sec-gpc'] ?? null, report };
  }

  test('is off by default: no header, no navigator flag, no gpc-ignored', async () => {
    const s = await signals();
    expect(s.secGpc).toBeNull();
    expect(s.navigatorGpc).not.toBe(true);
    expect(s.report.environment).toMatchObject({ gpcSent: false });
    expect(s.report.violations.filter((v) => v.rule === 'gpc-ignored')).toEqual([]);
  });

  test('when on, requests carry Sec-GPC: 1, pages see navigator.globalPrivacyControl, and a site that still tracks is reported', async () => {
    await setGpc(h.browser, true);
    const s = await signals();
    expect(s.secGpc).toBe('1');
    expect(s.navigatorGpc).toBe(true);
    expect(s.report.environment).toMatchObject({ gpcSent: true });
    const [v] = s.report.violations.filter((x) => x.rule === 'gpc-ignored');
    expect(v).toMatchObject({ severity: 'medium', phase: 'initial' });
    expect(v?.evidence).toMatchObject({
      trackingHosts: expect.arrayContaining(['www.google-analytics.com', 'connect.facebook.net']),
    });
  });

  test('turned off again, the signal stops', async () => {
    await setGpc(h.browser, false);
    const s = await signals();
    expect(s.secGpc).toBeNull();
    expect(s.navigatorGpc).not.toBe(true);
  });
});
