import { describe, expect, test } from 'vitest';
import {
  checkDeclarations,
  checkStoredDeclaration,
  declaredTableProblem,
  isDeclaredCookie,
  summarise,
} from '../../../lib/storage/declarations.ts';
import {
  checkSettings,
  DEFAULT_SETTINGS,
  defaultSettings,
  languageFromTag,
  parseListText,
  resolveLanguage,
  siteKey,
  toRuleSettings,
  type Settings,
} from '../../../lib/storage/settings.ts';
import { GA_DECLARED } from '../report/fixture.ts';

const valid = (): Settings => ({
  language: 'da',
  retentionTolerance: { factor: 2, minDays: 3 },
  consentLifetimeMonths: 6,
  unclassified: true,
  allowList: { 'example.dk': { cookies: ['_ga*'], hosts: ['cdn.example.dk'], storage: [] } },
  sendGpc: true,
  discoverDeclarations: false,
  audit: {
    settleSeconds: 1.5,
    followLinks: 2,
    selectors: { 'example.dk': { reject: '#my-reject', accept: null } },
  },
});

describe('checkSettings', () => {
  test('accepts the defaults and a full valid value', () => {
    expect(checkSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, value: defaultSettings() });
    expect(checkSettings(valid())).toEqual({ ok: true, value: valid() });
  });

  test('returns a copy, never the stored object', () => {
    const input = valid();
    const checked = checkSettings(input);
    expect(checked.ok && checked.value.allowList['example.dk']).not.toBe(
      input.allowList['example.dk'],
    );
  });

  test('settings stored before automatic discovery existed keep it on, and keep everything else', () => {
    const { discoverDeclarations: _, ...older } = valid();
    expect(checkSettings(older)).toEqual({
      ok: true,
      value: { ...valid(), discoverDeclarations: true },
    });
  });

  test('leaves out fields it does not know', () => {
    const checked = checkSettings({ ...valid(), future: 1 });
    expect(checked.ok && 'future' in checked.value).toBe(false);
  });

  const broken: [string, (s: Record<string, unknown>) => unknown][] = [
    ['not an object', () => 'settings'],
    ['an array', () => []],
    ['null', () => null],
    ['unknown language', (s) => ({ ...s, language: 'de' })],
    ['no tolerance', (s) => ({ ...s, retentionTolerance: undefined })],
    ['factor below 1', (s) => ({ ...s, retentionTolerance: { factor: 0.5, minDays: 1 } })],
    ['factor NaN', (s) => ({ ...s, retentionTolerance: { factor: Number.NaN, minDays: 1 } })],
    ['factor as text', (s) => ({ ...s, retentionTolerance: { factor: '2', minDays: 1 } })],
    ['negative days', (s) => ({ ...s, retentionTolerance: { factor: 2, minDays: -1 } })],
    ['zero months', (s) => ({ ...s, consentLifetimeMonths: 0 })],
    ['infinite months', (s) => ({ ...s, consentLifetimeMonths: Number.POSITIVE_INFINITY })],
    ['unclassified as text', (s) => ({ ...s, unclassified: 'yes' })],
    ['no GPC flag', (s) => ({ ...s, sendGpc: 'on' })],
    ['discovery flag as text', (s) => ({ ...s, discoverDeclarations: 'yes' })],
    ['allow-list array', (s) => ({ ...s, allowList: [] })],
    ['allow-list entry not an object', (s) => ({ ...s, allowList: { 'a.dk': 'x' } })],
    [
      'allow-list with a number',
      (s) => ({ ...s, allowList: { 'a.dk': { cookies: [1], hosts: [], storage: [] } } }),
    ],
    [
      'allow-list missing a list',
      (s) => ({ ...s, allowList: { 'a.dk': { cookies: [], hosts: [] } } }),
    ],
    [
      'allow-list with an empty entry',
      (s) => ({ ...s, allowList: { 'a.dk': { cookies: [''], hosts: [], storage: [] } } }),
    ],
    [
      'allow-list entry too long',
      (s) => ({
        ...s,
        allowList: { 'a.dk': { cookies: ['x'.repeat(300)], hosts: [], storage: [] } },
      }),
    ],
  ];
  broken.push(
    ['no audit settings (version 1)', (s) => ({ ...s, audit: undefined })],
    ['settle time negative', (s) => ({ ...s, audit: { ...valid().audit, settleSeconds: -1 } })],
    ['settle time too long', (s) => ({ ...s, audit: { ...valid().audit, settleSeconds: 61 } })],
    ['a fraction of a link', (s) => ({ ...s, audit: { ...valid().audit, followLinks: 1.5 } })],
    ['too many links', (s) => ({ ...s, audit: { ...valid().audit, followLinks: 6 } })],
    [
      'an empty selector',
      (s) => ({
        ...s,
        audit: { ...valid().audit, selectors: { 'a.dk': { reject: ' ', accept: null } } },
      }),
    ],
    [
      'a selector on two lines',
      (s) => ({
        ...s,
        audit: { ...valid().audit, selectors: { 'a.dk': { reject: 'a\nb', accept: null } } },
      }),
    ],
    [
      'selectors missing one',
      (s) => ({ ...s, audit: { ...valid().audit, selectors: { 'a.dk': { reject: '#x' } } } }),
    ],
  );
  test.each(broken)('rejects %s, with a reason', (_, mutate) => {
    const checked = checkSettings(mutate(valid() as unknown as Record<string, unknown>));
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.reason.length).toBeGreaterThan(5);
  });
});

describe('language', () => {
  test.each([
    ['da', 'da'],
    ['da-DK', 'da'],
    ['DA_dk', 'da'],
    ['en-US', 'en'],
    ['de', 'en'],
    ['dan', 'en'],
    ['', 'en'],
    [null, 'en'],
    [undefined, 'en'],
  ] as const)('UI language %s reads as %s', (tag, language) => {
    expect(languageFromTag(tag)).toBe(language);
  });

  test.each([
    ['auto', 'da-DK', 'da'],
    ['auto', 'en-GB', 'en'],
    ['en', 'da-DK', 'en'],
    ['da', 'en-GB', 'da'],
  ] as const)('choice %s with browser %s is %s', (choice, tag, language) => {
    expect(resolveLanguage(choice, tag)).toBe(language);
  });
});

describe('toRuleSettings', () => {
  test('defaults match the rules’ defaults', () => {
    expect(toRuleSettings(defaultSettings(), 'example.dk', 'en-US')).toEqual({
      retentionTolerance: { factor: 1.5, minDays: 1 },
      consentLifetimeLimitDays: 365,
      unclassifiedIsNonNecessary: 'with-evidence',
      allowList: {},
      language: 'en',
    });
  });

  test('applies the site’s own allow-list only, months as days, and the language', () => {
    const rules = toRuleSettings(valid(), 'example.dk', 'en-US');
    expect(rules).toMatchObject({
      retentionTolerance: { factor: 2, minDays: 3 },
      consentLifetimeLimitDays: 183,
      unclassifiedIsNonNecessary: true,
      allowList: { cookies: ['_ga*'], hosts: ['cdn.example.dk'], storage: [] },
      language: 'da',
    });
    expect(toRuleSettings(valid(), 'other.dk', null).allowList).toEqual({});
  });
});

describe('parseListText', () => {
  test.each([
    ['_ga\n_gid, _fbp', 'name', ['_ga', '_gid', '_fbp'], []],
    ['  _ga  \n\n_ga\n', 'name', ['_ga'], []],
    ['_ga_*', 'name', ['_ga_*'], []],
    [
      'https://WWW.Example.dk:8443/path?q\n.cdn.example.dk',
      'host',
      ['www.example.dk', 'cdn.example.dk'],
      [],
    ],
    ['not a host!\nexample.dk', 'host', ['example.dk'], ['not a host!']],
    ['<img src=x>', 'host', [], ['<img src=x>']],
    ['x'.repeat(300), 'name', [], ['x'.repeat(300)]],
  ] as const)('%j as %s lists', (text, kind, values, rejected) => {
    expect(parseListText(text, kind)).toEqual({ values, rejected });
  });

  test('caps the number of entries and says which were left out', () => {
    const text = Array.from({ length: 510 }, (_, i) => `c${i}`).join('\n');
    const parsed = parseListText(text, 'name');
    expect(parsed.values).toHaveLength(500);
    expect(parsed.rejected).toHaveLength(10);
  });
});

describe('siteKey', () => {
  test.each([
    ['example.dk', 'example.dk'],
    ['https://www.shop.example.dk/cookies', 'example.dk'],
    ['Shop.Example.co.uk', 'example.co.uk'],
    ['localhost', 'localhost'],
    ['', null],
    ['not a site', null],
  ])('%j is site %j', (text, site) => {
    expect(siteKey(text)).toBe(site);
  });
});

describe('declarations', () => {
  const table = {
    source: 'file',
    url: 'cookies.csv',
    language: null,
    cookies: [GA_DECLARED],
  };
  const entry = { table, savedAt: '2026-11-20T10:00:00.000Z', source: 'cookies.csv' };

  test('a valid entry passes', () => {
    expect(checkStoredDeclaration(entry)).toEqual({ ok: true, value: entry });
    expect(declaredTableProblem(table)).toBeNull();
  });

  test.each([
    ['source', { ...table, source: 'somewhere' }],
    ['url', { ...table, url: 5 }],
    ['cookies', { ...table, cookies: {} }],
    ['cookie name', { ...table, cookies: [{ ...GA_DECLARED, name: ' ' }] }],
    ['category', { ...table, cookies: [{ ...GA_DECLARED, category: 'tracking' }] }],
    ['party', { ...table, cookies: [{ ...GA_DECLARED, party: 'second' }] }],
    ['duration', { ...table, cookies: [{ ...GA_DECLARED, duration: { text: 'x', days: -1 } }] }],
    ['retrievedAt', { ...table, retrievedAt: 3 }],
  ])('a table with a bad %s is refused', (_, bad) => {
    expect(declaredTableProblem(bad)).not.toBeNull();
  });

  test.each([
    ['no save time', { ...entry, savedAt: 'yesterday' }],
    ['no source', { ...entry, source: null }],
    ['no table', { ...entry, table: null }],
  ])('an entry with %s is refused', (_, bad) => {
    expect(checkStoredDeclaration(bad).ok).toBe(false);
  });

  test('optional fields are checked when present', () => {
    expect(isDeclaredCookie({ ...GA_DECLARED, domain: null, nameText: 'x' })).toBe(true);
    expect(isDeclaredCookie({ ...GA_DECLARED, domain: 3 })).toBe(false);
  });

  test('one bad site does not cost the others', () => {
    const checked = checkDeclarations({ 'example.dk': entry, 'bad.dk': { table: 1 } });
    expect(Object.keys(checked.value)).toEqual(['example.dk']);
    expect(checked.problems).toHaveLength(1);
    expect(checked.problems[0]).toContain('bad.dk');
  });

  test.each([
    [undefined, 0],
    [null, 0],
    ['text', 1],
    [[entry], 1],
  ])('stored %j: %i problems', (value, problems) => {
    expect(checkDeclarations(value).problems).toHaveLength(problems);
  });

  test('summaries list newest first', () => {
    const older = { ...entry, savedAt: '2026-01-01T00:00:00.000Z' };
    expect(
      summarise({ 'a.dk': older, 'b.dk': entry } as never).map((s) => [s.site, s.rows]),
    ).toEqual([
      ['b.dk', 1],
      ['a.dk', 1],
    ]);
  });
});
