import { beforeEach, describe, expect, test } from 'vitest';
import type { DeclaredTable } from '../../../lib/declarations/declared.ts';
import type { DiscoveredDeclaration } from '../../../lib/declarations/discover-declaration.ts';
import {
  checkDiscovered,
  discoveredProblem,
  discoveryDue,
  summariseDiscovered,
  withDiscovered,
} from '../../../lib/storage/discovered-declarations.ts';
import { GA_DECLARED } from '../report/fixture.ts';

import { createStore, type Store } from '../../../lib/storage/store.ts';
import { MemoryStorageArea, QUOTA_MESSAGE } from '../../support/memory-storage-area.ts';

let area: MemoryStorageArea;
let store: Store;

beforeEach(() => {
  area = new MemoryStorageArea();
  store = createStore(area, { timeoutMs: 50 });
});

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-11-20T10:00:00.000Z');

const table: DeclaredTable = {
  source: 'policy-page',
  url: 'https://shop.example.dk/privatlivspolitik',
  language: 'da',
  cookies: [GA_DECLARED],
  retrievedAt: new Date(T0).toISOString(),
};

const found = (checkedAt = T0, t: DeclaredTable | null = table): DiscoveredDeclaration => ({
  table: t,
  note: t ? null : 'no link to a privacy or cookie policy was found on the page',
  checkedAt: new Date(checkedAt).toISOString(),
  pageUrl: 'https://shop.example.dk/',
  tried: t ? [t.url as string] : [],
});

describe('age', () => {
  test.each([
    ['nothing cached', null, T0, true],
    ['found a day ago', found(T0), T0 + DAY, false],
    ['found six days ago', found(T0), T0 + 6 * DAY, false],
    ['found seven days ago', found(T0), T0 + 7 * DAY, true],
    ['nothing found an hour ago', found(T0, null), T0 + DAY / 24, false],
    ['nothing found a day ago', found(T0, null), T0 + DAY, true],
    ['checked in the future (a wrong clock)', found(T0 + DAY), T0, true],
  ] as const)('%s: due %s', (_, entry, now, due) => {
    expect(discoveryDue(entry, now)).toBe(due);
  });
});

describe('shape', () => {
  test('a found and a not-found entry are readable', () => {
    expect(discoveredProblem(found())).toBeNull();
    expect(discoveredProblem(found(T0, null))).toBeNull();
  });

  test.each<[string, unknown]>([
    ['not an object', 'x'],
    ['no time', { ...found(), checkedAt: 'yesterday' }],
    ['no page', { ...found(), pageUrl: 7 }],
    ['a note that is not text', { ...found(), note: {} }],
    ['no tried list', { ...found(), tried: 'x' }],
    ['an unreadable table', { ...found(), table: { source: 'elsewhere', cookies: [] } }],
  ])('%s is unreadable', (_, value) => {
    expect(discoveredProblem(value)).not.toBeNull();
  });

  test('unreadable entries are dropped, the rest kept', () => {
    expect(Object.keys(checkDiscovered({ 'a.dk': found(), 'b.dk': { table: 1 } }))).toEqual([
      'a.dk',
    ]);
    expect(checkDiscovered('garbage')).toEqual({});
  });

  test('the cache keeps the most recently checked sites', () => {
    let all = {};
    for (let i = 0; i < 5; i++) all = withDiscovered(all, `s${i}.dk`, found(T0 + i * DAY), 3);
    expect(Object.keys(all).sort()).toEqual(['s2.dk', 's3.dk', 's4.dk']);
    // The one just written stays even when it is the oldest.
    all = withDiscovered(all, 'old.dk', found(T0 - DAY), 3);
    expect(Object.keys(all)).toContain('old.dk');
    expect(Object.keys(all)).toHaveLength(3);
  });

  test('the options page’s list', () => {
    expect(summariseDiscovered({ 'a.dk': found(T0), 'b.dk': found(T0 + DAY, null) })).toEqual([
      {
        site: 'b.dk',
        tableSource: null,
        url: null,
        checkedAt: new Date(T0 + DAY).toISOString(),
        rows: 0,
        note: 'no link to a privacy or cookie policy was found on the page',
      },
      {
        site: 'a.dk',
        tableSource: 'policy-page',
        url: table.url,
        checkedAt: new Date(T0).toISOString(),
        rows: 1,
        note: null,
      },
    ]);
  });
});

describe('the cache in storage', () => {
  test('save, get, list, forget — apart from the auditor’s own declarations', async () => {
    expect(await store.getDiscoveredDeclaration('example.dk')).toBeNull();
    expect(await store.saveDiscoveredDeclaration('example.dk', found())).toEqual({ ok: true });
    expect(await store.getDiscoveredDeclaration('example.dk')).toEqual(found());
    expect((await store.listDiscoveredDeclarations()).map((d) => d.site)).toEqual(['example.dk']);
    expect(await store.listDeclarations()).toEqual([]);
    expect(await store.getDeclaration('example.dk')).toBeNull();
    expect(await store.deleteDiscoveredDeclaration('example.dk')).toEqual({ ok: true });
    expect(await store.getDiscoveredDeclaration('example.dk')).toBeNull();
  });

  test('discovery never touches a declaration the auditor saved', async () => {
    const own: DeclaredTable = { source: 'file', url: 'mine.csv', language: null, cookies: [] };
    await store.saveDeclaration('example.dk', own, 'mine.csv');
    await store.saveDiscoveredDeclaration('example.dk', found());
    expect(await store.getDeclaration('example.dk')).toMatchObject({
      table: own,
      source: 'mine.csv',
    });
  });

  test('an invalid entry is refused', async () => {
    const bad = {
      ...found(),
      table: { ...table, cookies: [{ name: '' }] },
    } as DiscoveredDeclaration;
    expect(await store.saveDiscoveredDeclaration('example.dk', bad)).toMatchObject({
      ok: false,
      error: 'invalid',
    });
  });

  test('an unreadable stored cache is read as empty, without a notice', async () => {
    await area.set({ 'discovered-declarations': { 'a.dk': 'broken', 'b.dk': found() } });
    expect((await store.listDiscoveredDeclarations()).map((d) => d.site)).toEqual(['b.dk']);
    await area.set({ 'discovered-declarations$': { v: 9 } });
    expect(await store.listDiscoveredDeclarations()).toEqual([]);
    expect(await store.getStorageNotices()).toEqual([]);
  });

  test('a full storage makes room by dropping the older half of the cache', async () => {
    for (let i = 0; i < 6; i++)
      await store.saveDiscoveredDeclaration(`s${i}.dk`, found(T0 + i * DAY));
    area.fail('set', new Error(QUOTA_MESSAGE), 1);
    expect(await store.saveDiscoveredDeclaration('new.dk', found(T0 + 9 * DAY))).toEqual({
      ok: true,
    });
    const sites = (await store.listDiscoveredDeclarations()).map((d) => d.site);
    expect(sites).toEqual(['new.dk', 's5.dk', 's4.dk', 's3.dk']);
  });
});
