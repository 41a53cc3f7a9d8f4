import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../lib/report/types.ts';
import { DEMO_SHOP_COOKIES as EXPECTED_COOKIES } from '../fixtures/demo-shop.ts';
import { assertValidReport } from '../support/validate-report.ts';
import { checkDemoShopRequests, checkDemoShopStorage } from './demo-shop-checks.ts';
import { OUTPUT, reportOf, startHarness, visit, type Harness } from './harness.ts';

const SHOP = 'https://shop.example.dk/';

describe('observation in Chromium with the built extension', () => {
  let h: Harness;
  let report: AuditReport;
  let tabId: number;

  beforeAll(async () => {
    h = await startHarness();
    ({ tabId } = await visit(h, SHOP));
    report = await reportOf(h, tabId);
  });
  afterAll(async () => h?.close());

  test('the report follows schema v1', () => {
    assertValidReport(report);
    expect(report).toMatchObject({
      url: SHOP,
      site: 'example.dk',
      phases: [{ name: 'initial', consent: { decision: 'none' } }],
    });
  });

  test.each([
    ['_ga', 'statistics', 'Google Analytics'],
    ['_gid', 'statistics', 'Google Analytics'],
    ['_fbp', 'marketing', 'Meta'],
    ['_hjid', 'statistics', 'Hotjar'],
  ])('cookie %s is classified %s by %s', (name, category, vendor) => {
    expect(report.cookies.find((c) => c.name === name)).toMatchObject({ category, vendor });
  });

  test.each([
    ['www.google-analytics.com', 'statistics', 'Google Analytics'],
    ['connect.facebook.net', 'marketing', 'Meta'],
    ['www.facebook.com', 'marketing', 'Meta'],
    ['static.hotjar.com', 'statistics', 'Hotjar'],
  ])('requests to %s are %s trackers of %s', (host, category, vendor) => {
    const requests = report.requests.filter((r) => r.host === host);
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) expect(r.tracker).toMatchObject({ category, vendor });
  });

  test('first-party requests are not trackers', () => {
    expect(report.requests.filter((r) => r.host === 'shop.example.dk' && r.tracker)).toEqual([]);
  });

  test('tracking before any consent decision is a violation; first-party unknowns are not', () => {
    const subjects = (rule: string) =>
      report.violations
        .filter((v) => v.rule === rule)
        .map((v) => v.subject.name ?? v.subject.host)
        .sort();
    expect(subjects('cookie-before-consent')).toEqual(
      [
        '_fbp',
        '_ga',
        '_ga_DEMO123',
        '_gid',
        '_hjSessionUser_3141592',
        '_hjid',
        'chat_srv',
        'chat_uid',
        'fr',
      ].sort(),
    );
    expect(subjects('tracker-before-consent')).toEqual(
      [
        'connect.facebook.net',
        'static.hotjar.com',
        'www.facebook.com',
        'www.google-analytics.com',
        'www.googletagmanager.com',
      ].sort(),
    );
  });

  test('records exactly the cookies the fixture sets', () => {
    expect(report.cookies.map((c) => c.name).sort()).toEqual(Object.keys(EXPECTED_COOKIES).sort());
  });

  test.each(Object.entries(EXPECTED_COOKIES))(
    'cookie %s has the attributes the fixture gave it',
    (name, expected) => {
      const cookie = report.cookies.find((c) => c.name === name);
      expect(cookie).toMatchObject({ phase: 'initial', removed: false, ...expected });
    },
  );

  test('records the storage writes of every frame with its origin and party', () => {
    checkDemoShopStorage(report);
  });

  test('records every request with host, site, party and type', () => {
    checkDemoShopRequests(report);
  });

  test('a restarted service worker loses nothing and keeps observing', async () => {
    const before = await reportOf(h, tabId);
    const page = h.browser.context.pages().find((p) => p.url() === SHOP);
    if (!page) throw new Error('the fixture tab is gone');
    // The worker's own life cycle, as Chromium reports it: it must stop, then start again.
    const cdp = await h.browser.context.newCDPSession(h.browser.extensionPage);
    const statuses: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', (e) =>
      statuses.push(...e.versions.map((v) => v.runningStatus)),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect.poll(() => statuses.at(-1)).toBe('stopped');
    // The visitor acts after the restart: a request and a storage write the new worker must see.
    await page.click('#later');
    await page.waitForTimeout(1500);
    const after = await reportOf(h, tabId);
    expect(statuses.slice(statuses.indexOf('stopped'))).toContain('running');
    await cdp.detach();
    expect(after.cookies).toEqual(before.cookies);
    expect(after.requests.slice(0, before.requests.length)).toEqual(before.requests);
    expect(after.requests.map((r) => r.host)).toContain('cdn.example-recs.net');
    expect(after.storage.map((s) => s.key)).toContain('recs_seen');
  });

  test('the popup shows the tab at a glance', async () => {
    const popup = await h.browser.context.newPage();
    await popup.setViewportSize({ width: 760, height: 900 });
    await popup.goto(`chrome-extension://${h.browser.extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByTestId('cookie-list').waitFor();
    expect(await popup.getByTestId('count-cookies').locator('dd').textContent()).toBe(
      String(Object.keys(EXPECTED_COOKIES).length),
    );
    // Six third parties on load, and the recommendations host the visitor's click contacted.
    expect(await popup.getByTestId('count-third-party-sites').locator('dd').textContent()).toBe(
      '7',
    );
    expect(await popup.locator('tr[data-cookie="_ga"]').textContent()).toContain('.example.dk');
    mkdirSync(OUTPUT, { recursive: true });
    await popup.screenshot({ path: join(OUTPUT, 'popup-observation.png'), fullPage: true });
    await popup.getByRole('tab', { name: /Requests/ }).click();
    expect(await popup.locator('li[data-site="facebook.com"]').count()).toBe(1);
    await popup.close();
  });
});
