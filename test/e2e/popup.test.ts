import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RULES_BY_ID } from '../../lib/rules/index.ts';
import { OUTPUT, startHarness, visit, type Harness } from './harness.ts';

const SHOP = 'https://shop.example.dk/';
const HOSTILE = 'https://hostile.example.dk/';

describe('popup and options page', () => {
  let h: Harness;
  let shopTab: number;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    h = await startHarness();
    ({ tabId: shopTab } = await visit(h, SHOP));
  });

  afterAll(async () => {
    await h?.close();
  });

  async function openPopup(tabId: number): Promise<Page> {
    const popup = await h.browser.context.newPage();
    await popup.setViewportSize({ width: 780, height: 900 });
    await popup.goto(`chrome-extension://${h.browser.extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByTestId('verdict').waitFor();
    return popup;
  }

  async function screenshot(page: Page, file: string): Promise<void> {
    await page.screenshot({ path: join(OUTPUT, file), fullPage: true });
  }

  async function openOptions(): Promise<Page> {
    const options = await h.browser.context.newPage();
    await options.setViewportSize({ width: 1000, height: 900 });
    await options.goto(`chrome-extension://${h.browser.extensionId}/options.html`);
    await options.getByTestId('settings-form').waitFor();
    return options;
  }

  test('opens on the verdict: the demo shop’s high-severity violations', async () => {
    const popup = await openPopup(shopTab);
    const high = popup.getByTestId('severity-high');
    const rules = await high
      .locator('details.violation')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
    expect(rules).toContain('cookie-before-consent');
    expect(rules).toContain('tracker-before-consent');
    const subjects = await high.locator('summary .subject').allTextContents();
    for (const name of ['_ga', '_fbp', '_hjid'])
      expect(subjects.some((s) => s.includes(name))).toBe(true);
    expect(await popup.getByTestId('consent-state').textContent()).toContain('No decision yet');

    // Expand one and read what to change.
    const entry = high.locator('details.violation[data-rule="cookie-before-consent"]').first();
    await entry.locator('summary').click();
    await expect
      .poll(() => entry.locator('.remediation').textContent())
      .toBe(RULES_BY_ID['cookie-before-consent'].remediation.en);
    expect(await entry.locator('.legal').textContent()).toBe(
      RULES_BY_ID['cookie-before-consent'].legal.en,
    );
    expect(await entry.locator('.evidence dt').count()).toBeGreaterThan(2);

    // The timeline is an image, drawn after the first frame.
    const picture = popup.locator('figure.timeline img');
    await picture.waitFor();
    expect(await picture.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
    expect(await picture.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(
      0,
    );

    // Rows are marked with the violations they take part in.
    const ga = popup.locator('tr[data-cookie="_ga"]');
    expect(await ga.locator('.marks a.sev-high').count()).toBeGreaterThan(0);
    await screenshot(popup, 'popup-verdict.png');
    await popup.close();
  });

  test('the options page names the data sources, versions and licences', async () => {
    const options = await h.browser.context.newPage();
    await options.goto(`chrome-extension://${h.browser.extensionId}/options.html`);
    await options.getByRole('tab', { name: /About|Om/ }).click();
    const about = options.locator('main');
    await expect.poll(() => about.textContent()).toContain('Open Cookie Database');
    const text = (await about.textContent()) ?? '';
    expect(text).toContain('EasyPrivacy');
    expect(text).toContain('CookieBlock');
    expect(text).toContain('Apache-2.0');
    await options.close();
  });

  test('tabs work from the keyboard', async () => {
    const popup = await openPopup(shopTab);
    await popup.locator('#popup-tab-cookies').focus();
    await popup.keyboard.press('ArrowRight');
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('popup-tab-storage');
    expect(await popup.locator('#popup-tab-storage').getAttribute('aria-selected')).toBe('true');
    await popup.getByTestId('storage-list').waitFor();
    await popup.keyboard.press('ArrowRight');
    await popup.getByTestId('request-groups').waitFor();
    expect(await popup.locator('li[data-site="facebook.com"] .marks a').count()).toBeGreaterThan(0);
    await popup.keyboard.press('End');
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('popup-tab-declaration');
    await popup.getByTestId('declaration').waitFor();
    await popup.close();
  });

  test('names that are markup are shown as text, and nothing runs', async () => {
    // The page stays open: closing its tab ends the visit the popup reports on.
    const { tabId, page } = await visit(h, HOSTILE);
    const popup = await h.browser.context.newPage();
    let dialogs = 0;
    popup.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await popup.setViewportSize({ width: 780, height: 900 });
    await popup.goto(`chrome-extension://${h.browser.extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByTestId('cookie-list').waitFor();
    const script = popup.locator('tr[data-cookie="<script>alert(1)</script>"]');
    expect(await script.locator('.name').textContent()).toBe('<script>alert(1)</script>');
    expect(await popup.locator('tr[data-cookie="<b>bold</b>"] .name').textContent()).toBe(
      '<b>bold</b>',
    );
    await popup.locator('#popup-tab-storage').click();
    const key = popup.locator('tr[data-key="<img src=x onerror=alert(1)>"] .name');
    expect(await key.textContent()).toBe('<img src=x onerror=alert(1)>');
    expect(await popup.locator('tr[data-key="<svg onload=alert(3)>"]').count()).toBe(1);
    // Nothing from the page became an element.
    expect(await popup.locator('main b, main script, main svg').count()).toBe(0);
    const sources = await popup
      .locator('img')
      .evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src') ?? ''));
    for (const src of sources) expect(src.startsWith('data:image/svg+xml')).toBe(true);
    await popup.waitForTimeout(500);
    expect(dialogs).toBe(0);
    await screenshot(popup, 'popup-hostile.png');
    await popup.close();
    await page.close();
  });

  test('a declaration imported in the options page appears in the popup', async () => {
    const options = await openOptions();
    await options.locator('#options-tab-declarations').click();
    await options.getByTestId('import-site').fill('shop.example.dk');
    // A bad file first: its error is shown, nothing is saved.
    await options.getByTestId('import-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"cookies": [oops'),
    });
    await options.getByTestId('import-button').click();
    expect(await options.getByTestId('import-error').textContent()).toMatch(
      /Could not import broken\.json: not valid JSON/,
    );
    const csv =
      'name;provider;category;party;duration\n_ga;Google;statistics;first;1 dag\n_fbp;Meta;marketing;first;3 måneder\n';
    await options.getByTestId('import-file').setInputFiles({
      name: 'cookies.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await options.getByTestId('import-button').click();
    const row = options.locator('[data-testid="declaration-list"] tr[data-site="example.dk"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('cookies.csv');
    await options.close();

    // A new page load of the shop, so the audit can use the declaration.
    const { tabId, page } = await visit(h, SHOP);
    const popup = await openPopup(tabId);
    await popup.locator('#popup-tab-declaration').click();
    const ga = popup.locator('[data-testid="declared-beside-observed"] tr[data-cookie="_ga"]');
    await ga.waitFor();
    expect(await ga.textContent()).toContain('1 dag');
    expect(await ga.textContent()).toMatch(/\d+ days/);
    expect(await popup.locator('[data-testid="declared-rows"] tbody tr').count()).toBe(2);
    await popup.close();
    await page.close();
  });

  test('switching to Danish in the options page turns the popup Danish', async () => {
    const options = await openOptions();
    await options.getByTestId('language').selectOption('da');
    await options.getByTestId('save-settings').click();
    await expect.poll(() => options.locator('h1').textContent()).toBe('ConsentLens-indstillinger');
    expect(await options.getByRole('status').textContent()).toContain('Indstillingerne er gemt.');
    await screenshot(options, 'options.png');
    await options.close();

    const popup = await openPopup(shopTab);
    expect(await popup.locator('#verdict-heading').textContent()).toBe('Vurdering');
    expect(await popup.getByTestId('severity-high').locator('h3').textContent()).toMatch(
      /^Høj alvorlighed \(\d+\)$/,
    );
    expect(await popup.getByTestId('consent-state').textContent()).toContain(
      'Ingen beslutning endnu',
    );
    expect(await popup.locator('#popup-tab-requests').textContent()).toMatch(/Forespørgsler/);
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('da');
    const entry = popup.locator('details.violation[data-rule="cookie-before-consent"]').first();
    await entry.locator('summary').click();
    await expect
      .poll(() => entry.locator('.remediation').textContent())
      .toBe(RULES_BY_ID['cookie-before-consent'].remediation.da);
    await screenshot(popup, 'popup-verdict-da.png');
    await popup.close();
  });
});
