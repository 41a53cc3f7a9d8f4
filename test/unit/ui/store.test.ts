import { beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { DeclaredTable } from '../../../lib/declarations/declared.ts';
import { defaultSettings, type Settings } from '../../../lib/storage/settings.ts';
import { GA_DECLARED } from '../report/fixture.ts';

type Store = typeof import('../../../lib/storage/store.ts');
let store: Store;

beforeAll(async () => {
  // WXT's storage finds the extension API on `chrome` when its module loads: install the fake first.
  (globalThis as { chrome?: unknown }).chrome = fakeBrowser;
  store = await import('../../../lib/storage/store.ts');
});

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

const local = () => fakeBrowser.storage.local;
const all = async (): Promise<Record<string, unknown>> => local().get(null);

const table: DeclaredTable = {
  source: 'file',
  url: 'cookies.csv',
  language: 'da',
  cookies: [GA_DECLARED],
};

describe('settings', () => {
  test('nothing stored: the defaults, and nothing to report', async () => {
    expect(await store.getSettings()).toEqual(defaultSettings());
    expect(await store.getStorageNotices()).toEqual([]);
  });

  test('saved settings come back', async () => {
    const settings: Settings = { ...defaultSettings(), language: 'da', sendGpc: true };
    expect(await store.saveSettings(settings)).toEqual({ ok: true });
    expect(await store.getSettings()).toEqual(settings);
    expect((await all()).settings).toEqual(settings);
  });

  test('invalid settings are not saved', async () => {
    const bad = { ...defaultSettings(), consentLifetimeMonths: -1 };
    const result = await store.saveSettings(bad);
    expect(result).toMatchObject({ ok: false, error: 'invalid' });
    expect((await all()).settings).toBeUndefined();
  });

  test.each<[string, Record<string, unknown>]>([
    ['a wrong shape', { settings: { language: 'klingon' } }],
    ['a wrong type', { settings: 'dark mode' }],
    ['an unknown version', { settings: defaultSettings(), settings$: { v: 7 } }],
  ])(
    'with %s: kept as a backup, defaults in use, and a notice until dismissed',
    async (_, stored) => {
      await local().set(stored);
      expect(await store.getSettings()).toEqual(defaultSettings());
      const data = await all();
      const backups = Object.keys(data).filter((k) => k.startsWith('settings-corrupt-'));
      expect(backups).toHaveLength(1);
      expect(data[backups[0]!]).toEqual(stored.settings);
      expect(data.settings).toBeUndefined();
      const notices = await store.getStorageNotices();
      expect(notices).toEqual([
        expect.objectContaining({
          kind: 'settings-unreadable',
          backupKey: `local:${backups[0]}`,
        }),
      ]);
      // Read again: the defaults, no second backup.
      expect(await store.getSettings()).toEqual(defaultSettings());
      expect(
        Object.keys(await all()).filter((k) => k.startsWith('settings-corrupt-')),
      ).toHaveLength(1);
      await store.dismissStorageNotices();
      expect(await store.getStorageNotices()).toEqual([]);
    },
  );

  /** Settings as version 1 stored them: no audit settings yet. */
  const version1 = {
    language: 'da',
    retentionTolerance: { factor: 2, minDays: 3 },
    consentLifetimeMonths: 6,
    unclassified: true,
    allowList: { 'example.dk': { cookies: ['_ga*'], hosts: [], storage: ['_hjid'] } },
    sendGpc: true,
  };
  // Version 1 had no discovery switch either: it reads as the default (on).
  const migrated: Settings = {
    ...version1,
    discoverDeclarations: true,
    audit: defaultSettings().audit,
  } as Settings;

  test.each<[string, Record<string, unknown>]>([
    ['with its version', { settings: version1, settings$: { v: 1 } }],
    ['without a version (as version 1 wrote it)', { settings: version1 }],
  ])(
    'version 1 settings %s are migrated: every value kept, audit defaults added',
    async (_, stored) => {
      await local().set(stored);
      expect(await store.getSettings()).toEqual(migrated);
      const data = await all();
      expect(data.settings).toEqual(migrated);
      expect(data.settings$).toEqual({ v: 2 });
      expect(Object.keys(data).filter((k) => k.includes('corrupt'))).toEqual([]);
      expect(await store.getStorageNotices()).toEqual([]);
    },
  );

  test('version 1 settings stored before the page starts are migrated on first use', async () => {
    await local().set({ settings: version1, settings$: { v: 1 } });
    vi.resetModules();
    const fresh = (await import('../../../lib/storage/store.ts')) as Store;
    expect(await fresh.getSettings()).toEqual(migrated);
    expect((await all()).settings$).toEqual({ v: 2 });
  });

  test('a full storage is reported as such', async () => {
    vi.spyOn(local(), 'set').mockRejectedValue(new Error('Resource::kQuotaBytes quota exceeded'));
    const result = await store.saveSettings(defaultSettings());
    expect(result).toMatchObject({ ok: false, error: 'quota' });
  });

  test('other write failures are reported with their message', async () => {
    vi.spyOn(local(), 'set').mockRejectedValue(new Error('IO error'));
    expect(await store.saveSettings(defaultSettings())).toEqual({
      ok: false,
      error: 'failed',
      detail: 'IO error',
    });
  });

  test('when even the backup cannot be written, the original stays and the notice says so', async () => {
    await local().set({ settings: 42 });
    vi.spyOn(local(), 'set').mockRejectedValue(new Error('quota exceeded'));
    expect(await store.getSettings()).toEqual(defaultSettings());
    vi.restoreAllMocks();
    expect((await all()).settings).toBe(42);
    const notices = await store.getStorageNotices();
    expect(notices.at(-1)).toMatchObject({ kind: 'settings-unreadable', backupKey: null });
    await store.dismissStorageNotices();
  });
});

describe('declarations', () => {
  test('save, list, get, delete', async () => {
    expect(await store.listDeclarations()).toEqual([]);
    expect(await store.saveDeclaration('example.dk', table, 'cookies.csv')).toEqual({ ok: true });
    const [summary] = await store.listDeclarations();
    expect(summary).toMatchObject({
      site: 'example.dk',
      source: 'cookies.csv',
      tableSource: 'file',
      url: 'cookies.csv',
      rows: 1,
    });
    expect(await store.getDeclaration('example.dk')).toMatchObject({
      table,
      source: 'cookies.csv',
    });
    expect(await store.getDeclaration('other.dk')).toBeNull();
    expect(await store.deleteDeclaration('example.dk')).toEqual({ ok: true });
    expect(await store.getDeclaration('example.dk')).toBeNull();
    expect(await store.deleteDeclaration('example.dk')).toEqual({ ok: true });
  });

  test('concurrent saves do not lose each other', async () => {
    await Promise.all(
      ['a.dk', 'b.dk', 'c.dk'].map((site) => store.saveDeclaration(site, table, 'f.json')),
    );
    expect((await store.listDeclarations()).map((d) => d.site).sort()).toEqual([
      'a.dk',
      'b.dk',
      'c.dk',
    ]);
  });

  test('an invalid table or site is refused', async () => {
    const bad = { ...table, cookies: [{ name: 5 }] } as unknown as DeclaredTable;
    expect(await store.saveDeclaration('example.dk', bad, 'x')).toMatchObject({
      ok: false,
      error: 'invalid',
    });
    expect(await store.saveDeclaration(' ', table, 'x')).toMatchObject({ ok: false });
  });

  test('a quota error on save is reported', async () => {
    vi.spyOn(local(), 'set').mockRejectedValue(new Error('QuotaExceededError'));
    expect(await store.saveDeclaration('example.dk', table, 'x')).toMatchObject({
      ok: false,
      error: 'quota',
    });
  });

  test('one unreadable site: backed up whole, the readable ones kept', async () => {
    const good = { table, savedAt: '2026-11-20T10:00:00.000Z', source: 'cookies.csv' };
    const raw = { 'example.dk': good, 'bad.dk': { table: 'oops' } };
    await local().set({ declarations: raw });
    expect((await store.listDeclarations()).map((d) => d.site)).toEqual(['example.dk']);
    const data = await all();
    const backup = Object.keys(data).find((k) => k.startsWith('declarations-corrupt-'));
    expect(backup && data[backup]).toEqual(raw);
    expect(data.declarations).toEqual({ 'example.dk': good });
    expect(await store.getStorageNotices()).toEqual([
      expect.objectContaining({ kind: 'declarations-unreadable' }),
    ]);
  });

  test('an unknown version is backed up and nothing is used', async () => {
    await local().set({ declarations: { x: 1 }, declarations$: { v: 2 } });
    expect(await store.listDeclarations()).toEqual([]);
    const data = await all();
    expect(Object.keys(data).some((k) => k.startsWith('declarations-corrupt-'))).toBe(true);
    expect(data.declarations).toBeUndefined();
  });
});

describe('isQuotaError', () => {
  test.each([
    [new Error('Resource::kQuotaBytes quota exceeded'), true],
    [Object.assign(new Error('too big'), { name: 'QuotaExceededError' }), true],
    ['QUOTA_BYTES quota exceeded', true],
    [new Error('IO error'), false],
    [undefined, false],
  ])('%s → %s', (error, quota) => {
    expect(store.isQuotaError(error)).toBe(quota);
  });
});
