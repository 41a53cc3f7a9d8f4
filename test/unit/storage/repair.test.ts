import { describe, expect, test } from 'vitest';
import {
  checkDeclarations,
  declaredTableProblem,
  repairDeclarations,
  repairStoredDeclaration,
} from '../../../lib/storage/declarations.ts';
import {
  checkSettings,
  defaultSettings,
  repairSettings,
  toRuleSettings,
  type Settings,
} from '../../../lib/storage/settings.ts';
import { GA_DECLARED } from '../report/fixture.ts';

const AT = '2026-11-20T10:00:00.000Z';
const table = { source: 'file', url: 'cookies.csv', language: 'da', cookies: [GA_DECLARED] };
const entry = { table, savedAt: '2026-11-19T10:00:00.000Z', source: 'cookies.csv' };

describe('repairSettings', () => {
  test('a valid value loses nothing', () => {
    const valid: Settings = { ...defaultSettings(), language: 'da', sendGpc: true };
    expect(repairSettings(valid)).toEqual({ value: valid, problems: [] });
  });

  test('each field is kept or defaulted on its own, and each loss is named', () => {
    const { value, problems } = repairSettings({
      language: 'en',
      retentionTolerance: { factor: 3, minDays: -4 },
      consentLifetimeMonths: 1e9,
      unclassified: 'sometimes',
      sendGpc: true,
    });
    expect(value).toEqual({
      ...defaultSettings(),
      language: 'en',
      retentionTolerance: { factor: 3, minDays: 1 },
      sendGpc: true,
    });
    expect(problems).toEqual([
      'retention tolerance days out of range',
      'consent lifetime out of range',
      'unknown handling of unclassified items',
      'audit settings missing',
      'allow-list missing',
    ]);
    expect(checkSettings(value).ok).toBe(true);
  });

  test('an allow-list keeps its valid entries, per list and per site', () => {
    const { value, problems } = repairSettings({
      ...defaultSettings(),
      allowList: {
        'a.dk': { cookies: ['_ga', '', 'x'.repeat(300), 5], hosts: ['cdn.a.dk'], storage: null },
        'b.dk': 'x',
      },
    });
    expect(value.allowList).toEqual({
      'a.dk': { cookies: ['_ga'], hosts: ['cdn.a.dk'], storage: [] },
    });
    expect(problems).toEqual([
      'allow-list of a.dk has no storage list',
      'allow-list of a.dk: 3 entries left out',
      'allow-list of b.dk is not readable',
    ]);
  });

  test('a site key like __proto__ stays an ordinary key and changes no prototype', () => {
    const stored = JSON.parse(
      '{"language":"auto","retentionTolerance":{"factor":1.5,"minDays":1},"consentLifetimeMonths":12,"unclassified":"with-evidence","sendGpc":false,"allowList":{"__proto__":{"cookies":["a"],"hosts":[],"storage":[]}},"audit":{"settleSeconds":3,"followLinks":0,"selectors":{"__proto__":{"reject":"#no","accept":null}}}}',
    ) as unknown;
    const checked = checkSettings(stored);
    expect(checked.ok).toBe(true);
    const allowList = checked.ok ? checked.value.allowList : {};
    expect(Object.getPrototypeOf(allowList)).toBe(Object.prototype);
    expect(Object.keys(allowList)).toEqual(['__proto__']);
    const selectors = checked.ok ? checked.value.audit.selectors : {};
    expect(Object.getPrototypeOf(selectors)).toBe(Object.prototype);
    expect(Object.keys(selectors)).toEqual(['__proto__']);
    const repaired = repairSettings({ ...(stored as object), language: 'x' }).value;
    expect(Object.getPrototypeOf(repaired.allowList)).toBe(Object.prototype);
    expect(Object.keys(repaired.allowList)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(repaired.audit.selectors)).toBe(Object.prototype);
    expect(Object.keys(repaired.audit.selectors)).toEqual(['__proto__']);
  });

  test.each(['constructor', '__proto__', 'toString'])(
    'rule settings for a page whose site is %s: no allow-list borrowed from Object',
    (site) => {
      expect(toRuleSettings(defaultSettings(), site, null).allowList).toEqual({});
    },
  );
});

describe('repairStoredDeclaration', () => {
  test('unreadable rows and list items are left out, the rest kept', () => {
    const { value, problems } = repairStoredDeclaration(
      {
        ...entry,
        table: {
          ...table,
          source: 'somewhere',
          language: 5,
          cookies: [GA_DECLARED, null, { name: '' }],
          categoriesMentioned: [{ text: 'Statistik', category: 'statistics' }, { text: 1 }],
          consentLifetime: 'a year',
        },
      },
      AT,
    );
    expect(value).toEqual({
      ...entry,
      table: {
        source: 'file',
        url: 'cookies.csv',
        language: null,
        cookies: [GA_DECLARED],
        categoriesMentioned: [{ text: 'Statistik', category: 'statistics' }],
      },
    });
    expect(problems).toEqual([
      '2 unreadable cookie rows left out',
      'unknown table source',
      'table language is not text',
      'table consent lifetime is unreadable',
      'table categoriesMentioned: unreadable items left out',
    ]);
    expect(declaredTableProblem(value?.table)).toBeNull();
  });

  test.each([
    ['not an object', 'x', 'entry is not an object'],
    ['no table', {}, 'table is not an object'],
    ['no cookie list', { table: { ...table, cookies: 'many' } }, 'table has no cookie list'],
  ])('%s: nothing to keep', (_, raw, problem) => {
    expect(repairStoredDeclaration(raw, AT)).toEqual({ value: null, problems: [problem] });
  });
});

describe('repairDeclarations', () => {
  test('readable entries as they are, repairable ones repaired, the rest named', () => {
    const { value, problems } = repairDeclarations(
      { 'a.dk': entry, 'b.dk': { table }, 'c.dk': 7 },
      AT,
    );
    expect(value).toEqual({
      'a.dk': entry,
      'b.dk': { table, savedAt: AT, source: 'unknown' },
    });
    expect(problems).toEqual([
      'b.dk: entry has no save time, entry has no source',
      'c.dk: entry is not an object (entry not usable)',
    ]);
  });

  test('optional lists of a wrong shape are a problem the strict check sees', () => {
    expect(
      checkDeclarations({ 'a.dk': { ...entry, table: { ...table, skipped: 'x' } } }).problems,
    ).toEqual(['a.dk: table skipped is unreadable']);
  });

  test('a site key __proto__ is kept as data', () => {
    const raw = JSON.parse(`{"__proto__": ${JSON.stringify(entry)}}`) as unknown;
    const checked = checkDeclarations(raw);
    expect(Object.keys(checked.value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(checked.value)).toBe(Object.prototype);
  });
});
