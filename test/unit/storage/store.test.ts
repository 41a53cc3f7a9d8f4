import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { beforeEach, describe, expect, test } from 'vitest';
import type { DeclaredCookie, DeclaredTable } from '../../../lib/declarations/declared.ts';
import {
  checkSettings,
  defaultSettings,
  SETTINGS_VERSION,
  type Settings,
} from '../../../lib/storage/settings.ts';
import { createStore, isQuotaError, type Store } from '../../../lib/storage/store.ts';
import { MemoryStorageArea, QUOTA_MESSAGE } from '../../support/memory-storage-area.ts';
import { GA_DECLARED } from '../report/fixture.ts';

const NOW = Date.parse('2026-11-20T10:00:00.000Z');
let area: MemoryStorageArea;
let store: Store;

beforeEach(() => {
  area = new MemoryStorageArea();
  store = createStore(area, { now: () => NOW, timeoutMs: 50 });
});

const table: DeclaredTable = {
  source: 'file',
  url: 'cookies.csv',
  language: 'da',
  cookies: [GA_DECLARED],
};
const entry = { table, savedAt: '2026-11-19T10:00:00.000Z', source: 'cookies.csv' };
const backupKeys = (prefix: string) =>
  Object.keys(area.snapshot()).filter((k) => k.startsWith(`${prefix}-corrupt-`));

/** A declared table of `rows` cookies of about 100 bytes each. */
function bigTable(rows: number): DeclaredTable {
  const cookies: DeclaredCookie[] = Array.from({ length: rows }, (_, i) => ({
    ...GA_DECLARED,
    name: `cookie_${i}`,
    purpose: 'x'.repeat(60),
  }));
  return { ...table, cookies };
}

describe('settings', () => {
  test('nothing stored: the defaults, no notice, nothing written', async () => {
    expect(await store.getSettings()).toEqual(defaultSettings());
    expect(await store.loadSettings()).toEqual({ settings: defaultSettings(), readable: true });
    expect(await store.getStorageNotices()).toEqual([]);
    expect(area.writes).toEqual([]);
  });

  test('saved settings come back, written in one call with their version', async () => {
    const settings: Settings = { ...defaultSettings(), language: 'da', sendGpc: true };
    expect(await store.saveSettings(settings)).toEqual({ ok: true });
    expect(await store.getSettings()).toEqual(settings);
    expect(area.writes).toEqual([{ settings, settings$: { v: SETTINGS_VERSION } }]);
  });

  test('invalid settings are not saved', async () => {
    const bad = { ...defaultSettings(), consentLifetimeMonths: -1 };
    expect(await store.saveSettings(bad)).toMatchObject({ ok: false, error: 'invalid' });
    expect(area.writes).toEqual([]);
  });

  const valid = (): Settings => ({
    language: 'da',
    retentionTolerance: { factor: 2, minDays: 3 },
    consentLifetimeMonths: 6,
    unclassified: true,
    allowList: { 'example.dk': { cookies: ['_ga*'], hosts: ['cdn.example.dk'], storage: [] } },
    sendGpc: true,
    discoverDeclarations: false,
    audit: {
      settleSeconds: 5,
      followLinks: 1,
      selectors: { 'example.dk': { reject: '#afvis', accept: null } },
    },
  });

  /** Settings as version 1 stored them: no audit settings and no discovery switch yet. */
  const version1 = {
    language: 'da',
    retentionTolerance: { factor: 2, minDays: 3 },
    consentLifetimeMonths: 6,
    unclassified: true,
    allowList: { 'example.dk': { cookies: ['_ga*'], hosts: [], storage: ['_hjid'] } },
    sendGpc: true,
  };
  const migrated: Settings = {
    ...version1,
    discoverDeclarations: true,
    audit: defaultSettings().audit,
  } as Settings;

  test.each<[string, Record<string, unknown>]>([
    ['with its version', { settings: version1, settings$: { v: 1 } }],
    ['without a version (as version 1 wrote it)', { settings: version1 }],
    ['as JSON text', { settings: JSON.stringify(version1) }],
  ])(
    'version 1 settings %s are migrated in one write: every value kept, audit defaults added, no backup',
    async (_, stored) => {
      area.plant(stored);
      expect(await store.getSettings()).toEqual(migrated);
      expect(area.snapshot()).toEqual({ settings: migrated, settings$: { v: SETTINGS_VERSION } });
      expect(area.writes).toHaveLength(1);
      expect(await store.getStorageNotices()).toEqual([]);
    },
  );

  test('a damaged audit setting: the rest of the audit settings and every site’s selectors kept', async () => {
    const audit = {
      settleSeconds: 99,
      followLinks: 2,
      selectors: { 'a.dk': { reject: '#no', accept: '#yes' }, 'b.dk': { reject: 7 } },
    };
    area.plant({ settings: { ...valid(), audit }, settings$: { v: SETTINGS_VERSION } });
    const settings = await store.getSettings();
    expect(settings.audit).toEqual({
      settleSeconds: defaultSettings().audit.settleSeconds,
      followLinks: 2,
      selectors: { 'a.dk': { reject: '#no', accept: '#yes' } },
    });
    expect(settings.discoverDeclarations).toBe(false);
    expect(backupKeys('settings')).toEqual([`settings-corrupt-${NOW}`]);
  });

  test.each<[string, Record<string, unknown>, Partial<Settings>]>([
    ['a wrong type', { settings: 'dark mode' }, {}],
    ['a list', { settings: [1, 2, 3] }, {}],
    [
      'one field of a wrong type',
      { settings: { ...valid(), consentLifetimeMonths: '6' } },
      { language: 'da', sendGpc: true, consentLifetimeMonths: 12, unclassified: true },
    ],
    [
      'a partly valid allow-list',
      {
        settings: {
          ...valid(),
          allowList: {
            'example.dk': { cookies: ['_ga*', 7, ''], hosts: 'cdn.example.dk', storage: [] },
            'bad.dk': 'x',
          },
        },
      },
      { allowList: { 'example.dk': { cookies: ['_ga*'], hosts: [], storage: [] } } },
    ],
    [
      'a newer version',
      { settings: { ...valid(), theme: 'dark' }, settings$: { v: 7 } },
      { language: 'da', consentLifetimeMonths: 6 },
    ],
    ['a version that is no number', { settings: valid(), settings$: { v: 'two' } }, valid()],
    ['a meta that is no object', { settings: valid(), settings$: 'v1' }, valid()],
    ['text that is not JSON', { settings: '{"language": "da", ' }, {}],
  ])(
    'with %s: what can be read is kept, the original is backed up, and a notice until dismissed',
    async (_, stored, kept) => {
      area.plant(stored);
      const original = area.snapshot().settings;
      const settings = await store.getSettings();
      expect(checkSettings(settings).ok).toBe(true);
      expect(settings).toMatchObject(kept);
      const data = area.snapshot();
      expect(backupKeys('settings')).toEqual([`settings-corrupt-${NOW}`]);
      expect(data[`settings-corrupt-${NOW}`]).toEqual(original);
      // The repaired value replaced the original in the same single write as the backup.
      expect(data.settings).toEqual(settings);
      expect(data.settings$).toEqual({ v: SETTINGS_VERSION });
      expect(area.writes).toHaveLength(1);
      expect(await store.getStorageNotices()).toEqual([
        expect.objectContaining({
          kind: 'settings-unreadable',
          backupKey: `settings-corrupt-${NOW}`,
          at: new Date(NOW).toISOString(),
        }),
      ]);
      // Read again: the same settings, no second backup or write.
      expect(await store.getSettings()).toEqual(settings);
      expect(area.writes).toHaveLength(1);
      await store.dismissStorageNotices();
      expect(await store.getStorageNotices()).toEqual([]);
      expect(backupKeys('settings')).toHaveLength(1);
    },
  );

  test('settings stored as JSON text are migrated without loss: no backup, no notice', async () => {
    area.plant({ settings: JSON.stringify(valid()) });
    expect(await store.getSettings()).toEqual(valid());
    expect(area.snapshot()).toEqual({ settings: valid(), settings$: { v: SETTINGS_VERSION } });
    expect(await store.getStorageNotices()).toEqual([]);
  });

  test('fields this version does not know are not a reason to rewrite', async () => {
    area.plant({ settings: { ...valid(), future: true } });
    expect(await store.getSettings()).toEqual(valid());
    expect(area.writes).toEqual([]);
  });

  test('a full storage on save: a quota error, the earlier settings untouched', async () => {
    await store.saveSettings(valid());
    const before = area.snapshot();
    area.fail('set', new Error(QUOTA_MESSAGE));
    const result = await store.saveSettings({ ...valid(), language: 'en' });
    expect(result).toMatchObject({ ok: false, error: 'quota' });
    expect(area.snapshot()).toEqual(before);
    area.heal();
    expect(await store.getSettings()).toEqual(valid());
  });

  test('a save fails for real quota reasons, counted as the browser counts', async () => {
    area.quotaBytes = 500;
    area.plant({ filler: 'x'.repeat(300) });
    const big = {
      ...valid(),
      allowList: { 'a.dk': { cookies: ['c'.repeat(250)], hosts: [], storage: [] } },
    };
    expect(await store.saveSettings(big)).toMatchObject({ ok: false, error: 'quota' });
    expect(area.snapshot()).toEqual({ filler: 'x'.repeat(300) });
  });

  test('other write failures are reported with their message', async () => {
    area.fail('set', new Error('IO error'));
    expect(await store.saveSettings(defaultSettings())).toEqual({
      ok: false,
      error: 'failed',
      detail: 'IO error',
    });
  });

  test('when even the backup cannot be written, the original stays and one notice says so', async () => {
    area.plant({ settings: 42 });
    area.fail('set', new Error(QUOTA_MESSAGE));
    for (let i = 0; i < 5; i++) expect(await store.getSettings()).toEqual(defaultSettings());
    expect(area.snapshot()).toEqual({ settings: 42 });
    const notices = await store.getStorageNotices();
    expect(notices).toEqual([
      expect.objectContaining({ kind: 'settings-unreadable', backupKey: null }),
    ]);
    expect(notices[0]!.detail).toContain('quota');
    // A save while storage is full fails as a whole: the unreadable original is not overwritten.
    expect(await store.saveSettings(valid())).toMatchObject({ ok: false, error: 'quota' });
    expect(area.snapshot()).toEqual({ settings: 42 });
    // Once there is room, the save writes the original's backup with the new settings.
    area.heal();
    expect(await store.saveSettings(valid())).toEqual({ ok: true });
    expect(area.snapshot()).toMatchObject({
      settings: valid(),
      [`settings-corrupt-${NOW}`]: 42,
    });
  });

  test.each([
    ['throws', (a: MemoryStorageArea) => a.fail('get', new Error('IO error'))],
    [
      'throws synchronously',
      (a: MemoryStorageArea) => a.failSynchronously('get', new TypeError('x')),
    ],
    ['never answers', (a: MemoryStorageArea) => a.hang('get')],
  ])('a read that %s gives the defaults, changes nothing, and refuses saves', async (_, fault) => {
    area.plant({ settings: valid(), settings$: { v: 1 } });
    fault(area);
    expect(await store.loadSettings()).toEqual({ settings: defaultSettings(), readable: false });
    expect(await store.listDeclarations()).toEqual([]);
    expect(await store.getDeclaration('example.dk')).toBeNull();
    expect(await store.saveSettings(defaultSettings())).toMatchObject({
      ok: false,
      error: 'failed',
    });
    expect(await store.saveDeclaration('example.dk', table, 'x')).toMatchObject({ ok: false });
    expect(area.snapshot()).toEqual({ settings: valid(), settings$: { v: 1 } });
    const notices = await store.getStorageNotices();
    expect(notices.map((n) => n.kind)).toEqual(['storage-unavailable', 'storage-unavailable']);
    // Once storage answers again, everything works: nothing was left waiting.
    area.heal();
    expect(await store.getSettings()).toEqual(valid());
    expect(await store.saveDeclaration('example.dk', table, 'x')).toEqual({ ok: true });
  });

  test('a write that never answers is reported, and the next one goes through', async () => {
    area.hang('set', 1);
    expect(await store.saveSettings(valid())).toMatchObject({ ok: false, error: 'failed' });
    expect(await store.saveSettings(valid())).toEqual({ ok: true });
  });

  test('watching: another page’s save arrives validated; a corrupt one repaired', async () => {
    const seen: Settings[] = [];
    const stop = store.watchSettings(area.onChanged, (s) => seen.push(s));
    const other = createStore(area, { now: () => NOW });
    await other.saveSettings(valid());
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual(valid());
    await area.set({ settings: { ...valid(), language: 'klingon' } });
    await expect.poll(() => seen.at(-1)).toEqual({ ...valid(), language: 'auto' });
    // The repair is written once (another change event), then all is quiet.
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.length).toBeLessThanOrEqual(3);
    expect(backupKeys('settings')).toHaveLength(1);
    stop();
    const count = seen.length;
    await other.saveSettings(defaultSettings());
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(count);
  });
});

describe('declarations', () => {
  test('save, list, get, delete', async () => {
    expect(await store.listDeclarations()).toEqual([]);
    expect(await store.saveDeclaration('example.dk', table, 'cookies.csv')).toEqual({ ok: true });
    expect(await store.listDeclarations()).toEqual([
      {
        site: 'example.dk',
        source: 'cookies.csv',
        tableSource: 'file',
        url: 'cookies.csv',
        savedAt: new Date(NOW).toISOString(),
        rows: 1,
      },
    ]);
    expect(await store.getDeclaration('example.dk')).toMatchObject({
      table,
      source: 'cookies.csv',
    });
    expect(await store.getDeclaration('other.dk')).toBeNull();
    expect(await store.getDeclaration('__proto__')).toBeNull();
    expect(await store.getDeclaration('constructor')).toBeNull();
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
    expect(area.writes).toEqual([]);
  });

  test('importing a huge declaration into a nearly full storage: a quota error, the earlier ones intact', async () => {
    await store.saveDeclaration('a.dk', table, 'a.csv');
    await store.saveDeclaration('b.dk', bigTable(50), 'b.csv');
    area.plant({ filler: 'x'.repeat(area.quotaBytes - area.bytesInUse() - 2_000) });
    const before = area.snapshot();
    const result = await store.saveDeclaration('c.dk', bigTable(20_000), 'huge.json');
    expect(result).toMatchObject({ ok: false, error: 'quota' });
    expect(result.ok === false && result.detail).toBe(QUOTA_MESSAGE);
    expect(area.snapshot()).toEqual(before);
    expect((await store.listDeclarations()).map((d) => [d.site, d.rows])).toEqual([
      ['a.dk', 1],
      ['b.dk', 50],
    ]);
    // Deleting makes room without touching the rest.
    area.plant({ filler: 'x' });
    expect(await store.saveDeclaration('c.dk', bigTable(200), 'c.json')).toEqual({ ok: true });
    expect((await store.getDeclaration('a.dk'))?.table).toEqual(table);
  });

  test('one unreadable site and one with unreadable rows: the rest kept, the original backed up', async () => {
    const mixed = {
      ...entry,
      table: {
        ...table,
        cookies: [GA_DECLARED, { name: 5 }, { ...GA_DECLARED, name: '_gid', category: 'evil' }],
        skipped: [{ text: 'row', reason: 'no name' }, 'junk'],
      },
    };
    const raw = { 'example.dk': entry, 'mixed.dk': mixed, 'bad.dk': { table: 'oops' } };
    area.plant({ declarations: raw });
    expect((await store.listDeclarations()).map((d) => [d.site, d.rows])).toEqual([
      ['example.dk', 1],
      ['mixed.dk', 1],
    ]);
    const data = area.snapshot();
    expect(data[`declarations-corrupt-${NOW}`]).toEqual(raw);
    expect(data.declarations).toEqual({
      'example.dk': entry,
      'mixed.dk': {
        ...entry,
        table: { ...table, cookies: [GA_DECLARED], skipped: [{ text: 'row', reason: 'no name' }] },
      },
    });
    const [notice] = await store.getStorageNotices();
    expect(notice).toMatchObject({
      kind: 'declarations-unreadable',
      backupKey: `declarations-corrupt-${NOW}`,
    });
    expect(notice!.detail).toContain('bad.dk');
    expect(notice!.detail).toContain('mixed.dk: 2 unreadable cookie rows left out');
  });

  test('entries without a save time or source keep their table', async () => {
    area.plant({ declarations: { 'example.dk': { table } } });
    expect(await store.getDeclaration('example.dk')).toEqual({
      table,
      savedAt: new Date(NOW).toISOString(),
      source: 'unknown',
    });
    expect(backupKeys('declarations')).toHaveLength(1);
  });

  test('a newer version: the readable entries in use, the original backed up', async () => {
    area.plant({ declarations: { 'example.dk': entry, x: 1 }, declarations$: { v: 2 } });
    expect((await store.listDeclarations()).map((d) => d.site)).toEqual(['example.dk']);
    expect(area.snapshot()).toMatchObject({
      declarations: { 'example.dk': entry },
      declarations$: { v: 1 },
      [`declarations-corrupt-${NOW}`]: { 'example.dk': entry, x: 1 },
    });
    const [notice] = await store.getStorageNotices();
    expect(notice!.detail).toContain('newer version (2)');
  });

  test('saving over a corrupt record keeps its backup in the same write', async () => {
    const raw = { 'bad.dk': 'oops', 'example.dk': entry };
    area.plant({ declarations: raw });
    // No separate repair write first: the backup, the notice and the new value go together.
    expect(await store.saveDeclaration('new.dk', table, 'x')).toEqual({ ok: true });
    expect(area.writes).toHaveLength(1);
    expect(area.writes[0]).toMatchObject({
      [`declarations-corrupt-${NOW}`]: raw,
      declarations: { 'example.dk': entry, 'new.dk': expect.anything() },
      'storage-notices': [expect.objectContaining({ kind: 'declarations-unreadable' })],
    });
  });

  test('a quota error while deleting leaves everything as it was', async () => {
    await store.saveDeclaration('a.dk', table, 'a.csv');
    const before = area.snapshot();
    area.fail('set', new Error('QuotaExceededError'));
    expect(await store.deleteDeclaration('a.dk')).toMatchObject({ ok: false, error: 'quota' });
    expect(area.snapshot()).toEqual(before);
  });
});

describe('any stored garbage (property)', () => {
  const garbage = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.json({ maxDepth: 3 }),
    fc.constantFrom('{"language":', '[', 'null', ''),
    // Near-misses: valid values with one field replaced.
    fc
      .tuple(
        fc.constantFrom('language', 'retentionTolerance', 'allowList', 'sendGpc'),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([field, value]) => ({ ...defaultSettings(), [field]: value })),
    fc
      .tuple(fc.constantFrom('table', 'savedAt', 'source'), fc.jsonValue({ maxDepth: 2 }))
      .map(([field, value]) => ({ 'example.dk': { ...entry, [field]: value } })),
  );
  const meta = fc.option(
    fc.oneof(fc.record({ v: fc.jsonValue({ maxDepth: 1 }) }), fc.jsonValue({ maxDepth: 1 })),
    {
      nil: undefined,
    },
  );

  test('is never thrown at a caller and never silently lost, storage full or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        garbage,
        meta,
        garbage,
        fc.boolean(),
        async (settings, settingsMeta, declarations, full) => {
          const area = new MemoryStorageArea();
          area.plant({ settings, declarations });
          if (settingsMeta !== undefined) area.plant({ settings$: settingsMeta });
          if (full) area.fail('set', new Error(QUOTA_MESSAGE));
          const planted = area.snapshot();
          const store = createStore(area, { now: () => NOW });
          const inForce = await store.getSettings();
          expect(checkSettings(inForce)).toEqual({ ok: true, value: inForce });
          const list = await store.listDeclarations();
          expect(Array.isArray(list)).toBe(true);
          const notices = await store.getStorageNotices();
          const after = area.snapshot();
          for (const key of ['settings', 'declarations']) {
            if (!(key in planted)) continue;
            const kept = Object.values(after).some((v) => isDeepStrictEqual(v, planted[key]));
            const migratedWithoutLoss =
              !notices.some((n) => n.kind.startsWith(key)) && after[key] !== undefined;
            expect(kept || migratedWithoutLoss).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('isQuotaError', () => {
  test.each([
    [new Error(QUOTA_MESSAGE), true],
    [Object.assign(new Error('too big'), { name: 'QuotaExceededError' }), true],
    ['QUOTA_BYTES quota exceeded', true],
    [new Error('IO error'), false],
    [undefined, false],
    [null, false],
  ])('%s → %s', (error, quota) => {
    expect(isQuotaError(error)).toBe(quota);
  });
});
