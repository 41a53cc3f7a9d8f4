import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Visit } from '../../lib/observe/visit.ts';
import type { AuditReport } from '../../lib/report/types.ts';
import { DEMO_SHOP_COOKIES } from '../fixtures/demo-shop.ts';
import { assertValidReport } from '../support/validate-report.ts';
import {
  backgroundRunning,
  firefoxReportOf,
  firefoxUnavailable,
  setGpcInFirefox,
  startFirefoxHarness,
  visitInFirefox,
  type FirefoxHarness,
} from './firefox-harness.ts';
import { checkDemoShopRequests, checkDemoShopStorage } from './demo-shop-checks.ts';
import { OUTPUT } from './harness.ts';

const SHOP = 'https://shop.example.dk/';

/**
 * Every cookie the demo shop fixture sets: Firefox stores them as Chromium does (it caps
 * lifetimes at 400 days too), but keeps third-party cookies in a partition of the top-level
 * site (checked below).
 */
const EXPECTED_COOKIES = DEMO_SHOP_COOKIES;

const unavailable = firefoxUnavailable();
/** In CI a missing Firefox is a failure: .ci/run installs firefox-esr from Debian. */
const required = Boolean(process.env.CI) && process.env.CI !== 'false';
if (unavailable && !required) console.warn(`Skipping the Firefox end-to-end test: ${unavailable}.`);

describe.skipIf(unavailable !== null && !required)(
  'observation in Firefox ESR with the built extension',
  () => {
    let h: FirefoxHarness;
    let page: Page;
    let tabId: number;
    let report: AuditReport;

    beforeAll(async () => {
      if (unavailable) throw new Error(`Firefox is required in CI, but there is ${unavailable}.`);
      // Firefox suspends an idle background page; a short idle time lets the test see it happen.
      h = await startFirefoxHarness({ backgroundIdleMs: 2000 });
      ({ page, tabId } = await visitInFirefox(h, SHOP));
      report = await firefoxReportOf(h, tabId);
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

    test('tracking before any consent decision is a violation', () => {
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
      expect(report.cookies.map((c) => c.name).sort()).toEqual(
        Object.keys(EXPECTED_COOKIES).sort(),
      );
    });

    test.each(Object.entries(EXPECTED_COOKIES))(
      'cookie %s has the attributes the fixture gave it',
      (name, expected) => {
        const cookie = report.cookies.find((c) => c.name === name);
        expect(cookie).toMatchObject({ phase: 'initial', removed: false, ...expected });
      },
    );

    test('third-party cookies live in the partition of the top-level site, first-party ones in none', async () => {
      const visit = (await h.send({ type: 'get-visit', tabId })) as Visit | null;
      const partitions = Object.fromEntries(
        (visit?.cookies ?? []).map((c) => [c.name, c.partitionKey]),
      );
      expect(partitions).toMatchObject({
        fr: 'https://example.dk',
        chat_srv: 'https://example.dk',
        chat_uid: 'https://example.dk',
        session_id: null,
        _ga: null,
      });
    });

    test('records the storage writes of every frame with its origin and party', () => {
      checkDemoShopStorage(report);
    });

    test('records every request with host, site, party and type', () => {
      checkDemoShopRequests(report);
    });

    test('a suspended background page loses nothing and keeps observing', async () => {
      const before = await firefoxReportOf(h, tabId);
      await expect.poll(() => backgroundRunning(h), { timeout: 30_000 }).toBe(false);
      // The visitor acts while it is suspended: a request and a storage write that wake it.
      await page.click('#later');
      await expect
        .poll(async () => (await firefoxReportOf(h, tabId)).storage.map((s) => s.key), {
          timeout: 10_000,
        })
        .toContain('recs_seen');
      const after = await firefoxReportOf(h, tabId);
      expect(after.cookies).toEqual(before.cookies);
      expect(after.requests.slice(0, before.requests.length)).toEqual(before.requests);
      expect(after.requests.map((r) => r.host)).toContain('cdn.example-recs.net');
    });

    test('the popup shows the tab at a glance', async () => {
      const popup = await h.browser.newPage();
      await popup.setViewport({ width: 760, height: 900 });
      await h.openExtensionPage(popup, `popup.html?tabId=${tabId}`);
      await popup.waitForSelector('[data-testid="cookie-list"]');
      const count = (testId: string) =>
        popup.$eval(`[data-testid="${testId}"] dd`, (dd) => dd.textContent);
      expect(await count('count-cookies')).toBe(String(Object.keys(EXPECTED_COOKIES).length));
      // Six third parties on load, and the recommendations host the visitor's click contacted.
      expect(await count('count-third-party-sites')).toBe('7');
      expect(await popup.$eval('tr[data-cookie="_ga"]', (tr) => tr.textContent)).toContain(
        '.example.dk',
      );
      mkdirSync(OUTPUT, { recursive: true });
      await popup.screenshot({
        path: join(OUTPUT, 'popup-observation-firefox.png'),
        fullPage: true,
      });
      await popup.close();
    });

    test('Global Privacy Control, when on, is sent as Sec-GPC: 1 and seen by the page', async () => {
      await setGpcInFirefox(h, true);
      const { page, tabId } = await visitInFirefox(h, SHOP, 500);
      const navigatorGpc = await page.evaluate(
        () => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl,
      );
      const headers = await page.evaluate(() =>
        fetch('/__headers').then((r) => r.json() as Promise<Record<string, string>>),
      );
      expect(navigatorGpc).toBe(true);
      expect(headers['sec-gpc']).toBe('1');
      expect((await firefoxReportOf(h, tabId)).environment).toMatchObject({ gpcSent: true });
      await page.close();
    });
  },
);
