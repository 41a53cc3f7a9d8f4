import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DiscoveredDeclaration } from '../../lib/declarations/discover-declaration.ts';
import type { AuditReport } from '../../lib/report/types.ts';
import { assertValidReport } from '../support/validate-report.ts';
import { OUTPUT, reportOf, startHarness, visit, type Harness } from './harness.ts';

const SHOP = 'https://shop.example.dk/';
const SHOP_POLICY = 'https://shop.example.dk/privatlivspolitik';
const SITES = resolve(import.meta.dirname, '../fixtures/sites');
const shopPolicyHtml = readFileSync(join(SITES, 'shop.example.dk/privatlivspolitik.html'), 'utf8');

/**
 * A visitor's browser with the built extension: the declaration of each site is found by the
 * extension itself, cached per site (registrable domain — every *.example.dk fixture host is one
 * site), refreshed on request, and never in place of the auditor's own.
 */
describe('automatic discovery of a site’s declaration', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    h?.close();
  });

  /** What the extension cached for `site`, read from its storage as the options page does. */
  async function cached(site: string): Promise<DiscoveredDeclaration | null> {
    const all = (await h.browser.extensionPage.evaluate(async () => {
      const { 'discovered-declarations': value } = await (
        globalThis as unknown as {
          chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
        }
      ).chrome.storage.local.get('discovered-declarations');
      return value ?? {};
    })) as Record<string, DiscoveredDeclaration>;
    return all[site] ?? null;
  }

  /** The report once the tab's site has a declaration (discovery runs a moment after load). */
  async function reportWithDeclaration(tabId: number): Promise<AuditReport> {
    let report: AuditReport | null = null;
    await expect
      .poll(
        async () => {
          report = await reportOf(h, tabId);
          return report.declared !== null;
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(true);
    return report as unknown as AuditReport;
  }

  async function openPopup(tabId: number): Promise<Page> {
    const popup = await h.browser.context.newPage();
    await popup.setViewportSize({ width: 780, height: 900 });
    await popup.goto(`chrome-extension://${h.browser.extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByTestId('verdict').waitFor();
    await popup.locator('#popup-tab-declaration').click();
    await popup.getByTestId('declaration').waitFor();
    return popup;
  }

  const policyRequests = (host: string, path: string) =>
    h.server.requests.filter((r) => r.host === host && r.url.split('?')[0] === path);

  let shopTab: number;
  let shopPage: Page;
  let firstReport: AuditReport;

  test('the demo shop: its policy page’s table, found and fetched by the extension alone', async () => {
    // The policy page also tries to set a cookie: the extension's fetch must neither send nor keep any.
    h.server.override('shop.example.dk', '/privatlivspolitik', {
      body: shopPolicyHtml,
      headers: { 'set-cookie': 'policy_probe=1; Path=/; Max-Age=3600; Secure; SameSite=Lax' },
    });
    ({ tabId: shopTab, page: shopPage } = await visit(h, SHOP));
    firstReport = await reportWithDeclaration(shopTab);
    assertValidReport(firstReport);
    expect(firstReport.declared).toMatchObject({
      source: 'policy-page',
      url: SHOP_POLICY,
      language: 'da',
      origin: 'discovered',
    });
    expect(firstReport.declared!.cookies).toHaveLength(9);
    expect(Date.parse(firstReport.declared!.retrievedAt!)).toBeGreaterThan(Date.now() - 60_000);
    // Each observed cookie points at its declared entry: _hjid is declared for a day, kept a year.
    const hjid = firstReport.cookies.find((c) => c.name === '_hjid')!;
    expect(hjid.declared).toMatchObject({ name: '_hjid', duration: { text: '1 dag', days: 1 } });
    expect(hjid.lifetimeDays).toBeGreaterThan(300);
    expect(
      firstReport.violations.some(
        (v) => v.rule === 'retention-exceeds-declared' && v.subject.name === '_hjid',
      ),
    ).toBe(true);
    expect(firstReport.cookies.find((c) => c.name === 'cart_id')?.declared).toBeNull();
    expect(
      firstReport.violations.some(
        (v) => v.rule === 'undeclared-cookie' && v.subject.name === 'cart_id',
      ),
    ).toBe(true);

    const entry = await cached('example.dk');
    expect(entry).toMatchObject({ pageUrl: SHOP, tried: [SHOP_POLICY], note: null });
  });

  test('the extension’s own fetch is no observation of the visit, carried no cookies and stored none', async () => {
    const fetched = policyRequests('shop.example.dk', '/privatlivspolitik');
    expect(fetched).toHaveLength(1);
    // The shop set session_id and shop_currency on "/": a request with credentials would carry them.
    expect(fetched[0]!.headers.cookie).toBeUndefined();
    expect(fetched[0]!.headers.referer).toBeUndefined();
    const visit = await h.browser.send({ type: 'get-visit', tabId: shopTab });
    expect(visit!.requests.some((r) => r.url.includes('/privatlivspolitik'))).toBe(false);
    expect(visit!.cookies.some((c) => c.name === 'policy_probe')).toBe(false);
    expect((await h.browser.context.cookies()).some((c) => c.name === 'policy_probe')).toBe(false);
    // No visit was opened for the worker's request either.
    const visits = await h.browser.send({ type: 'list-visits' });
    expect(visits.some((v) => v.url.includes('privatlivspolitik'))).toBe(false);
  });

  test('the popup names the declaration in use and puts each declared entry beside what was seen', async () => {
    const popup = await openPopup(shopTab);
    expect(await popup.getByTestId('declaration-source').textContent()).toContain(
      'Cookie policy page',
    );
    expect(await popup.getByTestId('declaration-url').textContent()).toBe(SHOP_POLICY);
    expect(await popup.getByTestId('declaration-origin').textContent()).toContain(
      'found automatically',
    );
    expect(await popup.getByTestId('declaration-row-count').textContent()).toBe('9');
    expect(await popup.getByTestId('declaration-date').textContent()).toMatch(/\d{4}-\d\d-\d\d/);
    const hjid = popup.locator('[data-testid="declared-beside-observed"] tr[data-cookie="_hjid"]');
    expect(await hjid.textContent()).toContain('1 dag');
    expect(await hjid.textContent()).toMatch(/36[45] days/);
    await popup.screenshot({
      path: join(OUTPUT, 'popup-discovered-declaration.png'),
      fullPage: true,
    });
    await popup.close();
  });

  test('another page of the site uses the cached declaration; nothing is fetched again', async () => {
    const { tabId, page } = await visit(h, SHOP);
    const report = await reportWithDeclaration(tabId);
    expect(report.declared?.retrievedAt).toBe(firstReport.declared?.retrievedAt);
    await page.waitForTimeout(2500);
    expect(policyRequests('shop.example.dk', '/privatlivspolitik')).toHaveLength(1);
    await page.close();
  });

  test('“Refresh declaration” fetches the policy again and shows what it says now', async () => {
    // The shop has updated its policy: one row more.
    h.server.override('shop.example.dk', '/privatlivspolitik', {
      body: shopPolicyHtml.replace(
        '</tbody>',
        '<tr><td>cart_id</td><td>Demo Butik</td><td>Husker din kurv.</td><td>Nødvendig</td><td>1. part</td><td>30 dage</td></tr></tbody>',
      ),
    });
    const popup = await openPopup(shopTab);
    const date = await popup.getByTestId('declaration-date').textContent();
    await popup.waitForTimeout(1100); // the date is shown to the second
    await popup.getByTestId('refresh-declaration').click();
    await expect.poll(() => popup.getByTestId('declaration-row-count').textContent()).toBe('10');
    expect(await popup.getByTestId('declaration-date').textContent()).not.toBe(date);
    expect(policyRequests('shop.example.dk', '/privatlivspolitik')).toHaveLength(2);
    await popup.close();
    const report = await reportOf(h, shopTab);
    expect(report.cookies.find((c) => c.name === 'cart_id')?.declared).toMatchObject({
      duration: { text: '30 dage' },
    });
    expect(Date.parse(report.declared!.retrievedAt!)).toBeGreaterThan(
      Date.parse(firstReport.declared!.retrievedAt!),
    );
    h.server.override('shop.example.dk', '/privatlivspolitik', null);
  });

  test('a Cookie Information site: the cookie list of its banner, in the platform’s markup', async () => {
    const { tabId, page } = await visit(h, 'https://coi.example.dk/');
    // example.dk already has a fresh declaration (the shop's): refresh from this page.
    const popup = await openPopup(tabId);
    await popup.getByTestId('refresh-declaration').click();
    await expect
      .poll(() => popup.getByTestId('declaration-source').textContent())
      .toContain('Cookie Information');
    expect(await popup.getByTestId('declaration-row-count').textContent()).toBe('8');
    await popup.close();
    const report = await reportOf(h, tabId);
    assertValidReport(report);
    expect(report.declared).toMatchObject({
      source: 'cookieinformation',
      url: 'https://coi.example.dk/',
      language: 'da',
      origin: 'discovered',
    });
    expect(report.declared!.cookies.map((c) => [c.name, c.category, c.duration?.text])).toEqual([
      ['CookieInformationConsent', 'necessary', '1 år'],
      ['_ga', 'statistics', '2 år'],
      ['_ga_DEMO123', 'statistics', '2 år'],
      ['_gid', 'statistics', '1 dag'],
      ['_hjid', 'statistics', '1 år'],
      ['_hjSessionUser_3141592', 'statistics', '1 år'],
      ['_fbp', 'marketing', '3 måneder'],
      ['fr', 'marketing', '3 måneder'],
    ]);
    // Read from the page: no policy page was fetched for it.
    expect(policyRequests('coi.example.dk', '/cookiepolitik')).toHaveLength(0);
    await page.close();
  });

  test('a policy on another site is not fetched', async () => {
    const { tabId, page } = await visit(h, 'https://nabo.example.net/');
    await expect
      .poll(async () => (await cached('example.net'))?.note ?? null, { timeout: 20_000 })
      .toBe('the policy link points to another site (privacy.example.org), which is not fetched');
    expect((await cached('example.net'))?.table).toBeNull();
    expect(h.server.requests.filter((r) => r.host === 'privacy.example.org')).toEqual([]);
    const report = await reportOf(h, tabId);
    expect(report.declared).toBeNull();
    expect(report.environment?.declarationNote).toMatch(/another site/);
    const popup = await openPopup(tabId);
    expect(await popup.getByTestId('discovery-note').textContent()).toContain(
      'privacy.example.org',
    );
    await popup.close();
    await page.close();
  });

  test('with automatic discovery switched off in the options, nothing is looked for', async () => {
    const options = await h.browser.context.newPage();
    await options.goto(`chrome-extension://${h.browser.extensionId}/options.html`);
    const box = options.getByTestId('discover-declarations');
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await options.getByTestId('save-settings').click();
    await expect.poll(() => options.getByRole('status').textContent()).toContain('saved');

    const { tabId, page } = await visit(h, 'https://klaro.example.com/');
    await page.waitForTimeout(4000);
    expect(await cached('example.com')).toBeNull();
    expect((await reportOf(h, tabId)).declared).toBeNull();
    expect(
      h.server.requests.some((r) => r.host === 'klaro.example.com' && r.url === '/privacy'),
    ).toBe(false);

    await box.check();
    await options.getByTestId('save-settings').click();
    await options.close();
    await page.reload({ waitUntil: 'networkidle' });
    await expect
      .poll(async () => (await cached('example.com'))?.checkedAt ?? null, {
        timeout: 20_000,
      })
      .not.toBeNull();
    await page.close();
  });

  test('a declaration the user imports wins, and discovery never overwrites it', async () => {
    const options = await h.browser.context.newPage();
    await options.goto(`chrome-extension://${h.browser.extensionId}/options.html#declarations`);
    await options.getByTestId('import-site').fill('shop.example.dk');
    await options.getByTestId('import-file').setInputFiles({
      name: 'mine.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name;provider;category;duration\n_ga;Google;statistics;2 år\n'),
    });
    await options.getByTestId('import-button').click();
    await options.locator('[data-testid="declaration-list"] tr[data-site="example.dk"]').waitFor();
    // What was found stays listed apart, and is not what the audit uses now.
    await options.locator('[data-testid="discovered-list"] tr[data-site="example.dk"]').waitFor();
    await options.close();

    const before = policyRequests('shop.example.dk', '/privatlivspolitik').length;
    const report = await reportOf(h, shopTab);
    expect(report.declared).toMatchObject({ source: 'file', url: 'mine.csv', origin: 'user' });
    expect(report.declared!.cookies).toHaveLength(1);

    // A new page of the site: no automatic discovery beside the user's declaration.
    const { tabId, page } = await visit(h, SHOP, 3500);
    expect(policyRequests('shop.example.dk', '/privatlivspolitik')).toHaveLength(before);
    const popup = await openPopup(tabId);
    expect(await popup.getByTestId('declaration-origin').textContent()).toContain('You');
    expect(await popup.getByTestId('refresh-declaration').count()).toBe(0);
    await popup.close();

    // Even an explicit discovery only updates the cache: the user's table stays in force.
    const found = await h.browser.send({ type: 'discover-declaration', tabId, refresh: true });
    expect(found?.table?.source).toBe('policy-page');
    const after = await reportOf(h, tabId);
    expect(after.declared).toMatchObject({ source: 'file', url: 'mine.csv', origin: 'user' });
    const stored = (await h.browser.extensionPage.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
        }
      ).chrome.storage.local.get('declarations'),
    )) as { declarations: Record<string, { source: string; table: { cookies: unknown[] } }> };
    expect(stored.declarations['example.dk']).toMatchObject({ source: 'mine.csv' });
    expect(stored.declarations['example.dk']!.table.cookies).toHaveLength(1);
    await page.close();
    await shopPage.close();
  });
});
