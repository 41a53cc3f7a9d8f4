import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { CHROME_EXTENSION, reportOf, startHarness, visit, type Harness } from './harness.ts';

/*
 * Corrupt and full `storage.local` in the real extension: the values are written through the
 * options page's own `chrome.storage.local`, as a damaged profile or an older build would have
 * left them.
 */
const SHOP = 'https://shop.example.dk/';
const GA = {
  name: '_ga',
  provider: 'Google',
  purpose: 'Statistics',
  category: 'statistics',
  party: 'first',
  duration: { text: '2 years', session: false, days: 730 },
};
const goodEntry = {
  table: { source: 'file', url: 'shop-cookies.csv', language: 'en', cookies: [GA] },
  savedAt: '2026-11-19T10:00:00.000Z',
  source: 'shop-cookies.csv',
};
const CORRUPT = {
  settings: {
    language: 'klingon',
    retentionTolerance: { factor: 'a lot', minDays: 2 },
    consentLifetimeMonths: 6,
    unclassified: true,
    allowList: { 'example.dk': { cookies: ['_ga*', 7], hosts: [], storage: [] } },
    sendGpc: false,
  },
  settings$: { v: 1 },
  declarations: {
    'example.dk': goodEntry,
    'broken.dk': { table: 'oops' },
    'rows.dk': { ...goodEntry, table: { ...goodEntry.table, cookies: [GA, { name: 42 }] } },
  },
  declarations$: { v: 1 },
};

let h: Harness;
let options: Page;

beforeAll(async () => {
  h = await startHarness();
  options = await h.browser.context.newPage();
  await options.goto(`chrome-extension://${h.browser.extensionId}/options.html`);
});
afterAll(async () => h?.close());

beforeEach(async () => {
  await options.evaluate(() => chrome.storage.local.clear());
});

async function stopWorker(): Promise<void> {
  const cdp = await h.browser.context.newCDPSession(h.browser.extensionPage);
  const statuses: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) =>
    statuses.push(...e.versions.map((v) => v.runningStatus)),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => statuses.includes('stopped'), { timeout: 15_000 }).toBe(true);
  await cdp.detach();
}

function storedLocal(): Promise<Record<string, unknown>> {
  return options.evaluate(() => chrome.storage.local.get(null));
}

describe('corrupt settings and declarations', () => {
  test('are repaired, kept as backups, shown on the options page, and observation goes on', async () => {
    await options.evaluate((items) => chrome.storage.local.set(items), CORRUPT);
    // The extension starts afresh on the corrupt values.
    await stopWorker();
    await options.goto(`chrome-extension://${h.browser.extensionId}/options.html#declarations`);
    await options.reload();

    const notices = options.getByTestId('storage-notice');
    await expect.poll(() => notices.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const text = (await notices.allTextContents()).join('\n');
    expect(text).toContain('Your saved settings could not be read in full');
    expect(text).toContain('Some saved declarations could not be read in full');
    expect(text).toMatch(/Backup: settings-corrupt-\d+/);
    expect(text).toMatch(/Backup: declarations-corrupt-\d+/);
    expect(text).toContain('broken.dk');

    const stored = await storedLocal();
    const backups = (prefix: string) =>
      Object.keys(stored).filter((k) => k.startsWith(`${prefix}-corrupt-`));
    expect(backups('settings').length).toBeGreaterThanOrEqual(1);
    for (const key of backups('settings')) expect(stored[key]).toEqual(CORRUPT.settings);
    expect(backups('declarations').length).toBeGreaterThanOrEqual(1);
    for (const key of backups('declarations')) expect(stored[key]).toEqual(CORRUPT.declarations);
    // What could be read is kept; the rest took its default.
    expect(stored.settings).toMatchObject({
      language: 'auto',
      retentionTolerance: { factor: 1.5, minDays: 2 },
      consentLifetimeMonths: 6,
      allowList: { 'example.dk': { cookies: ['_ga*'], hosts: [], storage: [] } },
    });
    expect(Object.keys(stored.declarations as object).sort()).toEqual(['example.dk', 'rows.dk']);

    const list = options.getByTestId('declaration-list');
    await list.waitFor();
    expect(
      await list.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.site)),
    ).toEqual(expect.arrayContaining(['example.dk', 'rows.dk']));
    expect(await list.locator('tr[data-site="broken.dk"]').count()).toBe(0);

    // Dismissed, the notices are gone; the backups stay.
    await options.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notices.count(), { timeout: 15_000 }).toBe(0);
    const afterDismiss = await storedLocal();
    expect(Object.keys(afterDismiss).filter((k) => k.includes('-corrupt-'))).toEqual(
      Object.keys(stored).filter((k) => k.includes('-corrupt-')),
    );

    // The background still records a visit and reports it with the repaired declaration.
    await stopWorker();
    const { page, tabId } = await visit(h, SHOP);
    const report = await reportOf(h, tabId);
    expect(report.cookies.map((c) => c.name)).toContain('_ga');
    expect(report.environment).toMatchObject({ declarationFrom: 'shop-cookies.csv' });
    await page.close();
  });

  test('storage.local values of any type do not stop the popup or the report', async () => {
    await options.evaluate(() =>
      chrome.storage.local.set({
        settings: '{"language": "da", ',
        settings$: { v: 99 },
        declarations: [1, 2, 3],
        'storage-notices': 'not a list',
      }),
    );
    await stopWorker();
    const { page, tabId } = await visit(h, SHOP);
    const report = await reportOf(h, tabId);
    expect(report.site).toBe('example.dk');
    const popup = await h.browser.context.newPage();
    await popup.goto(`chrome-extension://${h.browser.extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByTestId('cookie-list').waitFor();
    await popup.getByTestId('popup-storage-notice').waitFor();
    await popup.close();
    await page.close();
    const stored = await storedLocal();
    expect(Object.values(stored)).toContainEqual('{"language": "da", ');
    expect(Object.values(stored)).toContainEqual([1, 2, 3]);
  });
});

describe('a full storage.local', () => {
  test('importing a declaration says the storage is full and keeps the earlier ones intact', async () => {
    const manifest = JSON.parse(readFileSync(join(CHROME_EXTENSION, 'manifest.json'), 'utf8')) as {
      permissions: string[];
    };
    // Without unlimitedStorage, storage.local holds QUOTA_BYTES (10 MB in Chromium).
    expect(manifest.permissions).not.toContain('unlimitedStorage');
    const quota = await options.evaluate(() => chrome.storage.local.QUOTA_BYTES);
    expect(quota).toBe(10_485_760);

    await options.goto(`chrome-extension://${h.browser.extensionId}/options.html#declarations`);
    await options.reload();
    await importThroughUi('shop.example.dk', 'shop-cookies.json', [GA]);
    await expect
      .poll(() => options.getByTestId('declaration-list').locator('tbody tr').count(), {
        timeout: 15_000,
      })
      .toBe(1);

    // Fill the storage to 2 kB below its quota (a key counts its length plus its value's JSON).
    const used = await options.evaluate(async (quota) => {
      const before = await chrome.storage.local.getBytesInUse(null);
      const room = quota - before - 2_000 - 'filler'.length - 2;
      await chrome.storage.local.set({ filler: 'x'.repeat(room) });
      return chrome.storage.local.getBytesInUse(null);
    }, quota);
    expect(quota - used).toBe(2_000);
    const before = await storedWithoutFiller();

    const rows = Array.from({ length: 200 }, (_, i) => ({ ...GA, name: `big_cookie_${i}` }));
    await importThroughUi('other.example.com', 'huge.json', rows);
    const error = options.getByTestId('import-error');
    await error.waitFor();
    expect(await error.textContent()).toContain(
      "The browser's storage for the extension is full, so this was not saved; everything saved before is unchanged.",
    );
    expect(await storedWithoutFiller()).toBe(before);
    expect(
      await options
        .getByTestId('declaration-list')
        .locator('tbody tr')
        .evaluateAll((r) => r.map((row) => row.dataset.site)),
    ).toEqual(['example.dk']);

    // The settings form says the same when saving into the last 100 bytes.
    await options.evaluate(async (quota) => {
      const used = await chrome.storage.local.getBytesInUse(null);
      const filler = (await chrome.storage.local.get('filler')).filler as string;
      await chrome.storage.local.set({ filler: filler + 'x'.repeat(quota - used - 100) });
    }, quota);
    await options.getByRole('tab', { name: 'Settings' }).click();
    await options.getByTestId('send-gpc').check();
    await options.getByTestId('save-settings').click();
    await expect
      .poll(() => options.getByTestId('settings-form').getByRole('alert').textContent(), {
        timeout: 15_000,
      })
      .toContain('storage for the extension is full');
    expect(await storedWithoutFiller()).toBe(before);

    // With room again, the import goes through and the earlier declaration is still there.
    await options.evaluate(() => chrome.storage.local.remove('filler'));
    await options.getByRole('tab', { name: 'Declarations' }).click();
    await importThroughUi('other.example.com', 'huge.json', rows);
    await expect
      .poll(() => options.getByTestId('declaration-list').locator('tbody tr').count(), {
        timeout: 15_000,
      })
      .toBe(2);
  });
});

async function importThroughUi(site: string, name: string, cookies: unknown[]): Promise<void> {
  await options.getByTestId('import-site').fill(site);
  await options.getByTestId('import-file').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(cookies)),
  });
  await options.getByTestId('import-button').click();
}

/** Everything in storage.local but the filler, as JSON (the filler stays in the page). */
function storedWithoutFiller(): Promise<string> {
  return options.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    delete all.filler;
    return JSON.stringify(all);
  });
}

declare const chrome: {
  storage: {
    local: {
      QUOTA_BYTES: number;
      get(keys: string | null): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(key: string): Promise<void>;
      clear(): Promise<void>;
      getBytesInUse(keys: null): Promise<number>;
    };
  };
};
