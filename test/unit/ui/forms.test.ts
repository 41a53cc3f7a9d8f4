import { describe, expect, test } from 'vitest';
import {
  emptyRow,
  manualTable,
  rowsFromTable,
  tableFromRows,
} from '../../../entrypoints/shared/declaration-rows.ts';
import { splitLicences } from '../../../entrypoints/shared/licences.ts';
import {
  formFromSettings,
  parseNumber,
  settingsFromForm,
  type SettingsForm,
} from '../../../entrypoints/shared/settings-form.ts';
import { defaultSettings } from '../../../lib/storage/settings.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GA_DECLARED } from '../report/fixture.ts';

const form = (overrides: Partial<SettingsForm> = {}): SettingsForm => ({
  ...formFromSettings(defaultSettings()),
  ...overrides,
});

describe('settings form', () => {
  test('the defaults round-trip', () => {
    expect(settingsFromForm(form())).toEqual({ ok: true, settings: defaultSettings() });
  });

  test('a full form becomes settings', () => {
    const result = settingsFromForm(
      form({
        language: 'da',
        factor: '2,5',
        minDays: '0',
        months: '6',
        unclassified: 'false',
        sendGpc: true,
        discoverDeclarations: false,
        sites: [
          {
            site: 'https://www.example.dk/',
            cookies: '_ga*\n_gid',
            hosts: 'cdn.example.dk',
            storage: '',
            reject: ' #my-reject ',
            accept: '',
          },
        ],
        settleSeconds: '0,8',
        followLinks: '2',
      }),
    );
    expect(result).toEqual({
      ok: true,
      settings: {
        language: 'da',
        retentionTolerance: { factor: 2.5, minDays: 0 },
        consentLifetimeMonths: 6,
        unclassified: false,
        sendGpc: true,
        discoverDeclarations: false,
        allowList: {
          'example.dk': { cookies: ['_ga*', '_gid'], hosts: ['cdn.example.dk'], storage: [] },
        },
        audit: {
          settleSeconds: 0.8,
          followLinks: 2,
          selectors: { 'example.dk': { reject: '#my-reject', accept: null } },
        },
      },
    });
    if (result.ok) expect(formFromSettings(result.settings).sites[0]!.site).toBe('example.dk');
  });

  test.each([
    [{ factor: '0.5' }, 'factor', 'errorNumberRange'],
    [{ factor: 'lots' }, 'factor', 'errorNumberRange'],
    [{ minDays: '-1' }, 'minDays', 'errorNumberRange'],
    [{ months: '0' }, 'months', 'errorNumberRange'],
    [{ months: '121' }, 'months', 'errorNumberRange'],
    [
      {
        sites: [
          { site: 'not a site', cookies: '', hosts: '', storage: '', reject: '', accept: '' },
        ],
      },
      'site',
      'errorSite',
    ],
    [
      {
        sites: [
          { site: 'example.dk', cookies: '', hosts: '', storage: '', reject: '', accept: '' },
          { site: 'www.example.dk', cookies: '', hosts: '', storage: '', reject: '', accept: '' },
        ],
      },
      'site',
      'errorSiteTwice',
    ],
    [
      {
        sites: [
          { site: 'a.dk', cookies: '', hosts: 'bad host', storage: '', reject: '', accept: '' },
        ],
      },
      'hosts',
      'errorHosts',
    ],
    [{ settleSeconds: '61' }, 'settleSeconds', 'errorNumberRange'],
    [{ followLinks: '1.5' }, 'followLinks', 'errorNumberRange'],
    [
      {
        sites: [
          {
            site: 'a.dk',
            cookies: '',
            hosts: '',
            storage: '',
            reject: 'x'.repeat(501),
            accept: '',
          },
        ],
      },
      'reject',
      'errorSelector',
    ],
  ] as const)('%j is refused on %s with %s', (overrides, field, key) => {
    const result = settingsFromForm(form(overrides as Partial<SettingsForm>));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => [e.field, e.key])).toContainEqual([field, key]);
  });

  test('a site with only banner selectors keeps them, and its card comes back', () => {
    const result = settingsFromForm(
      form({
        sites: [
          {
            site: 'shop.example.dk',
            cookies: '',
            hosts: '',
            storage: '',
            reject: '',
            accept: '.ok',
          },
        ],
      }),
    );
    expect(result.ok && result.settings.audit.selectors).toEqual({
      'example.dk': { reject: null, accept: '.ok' },
    });
    if (result.ok)
      expect(formFromSettings(result.settings).sites).toEqual([
        { site: 'example.dk', cookies: '', hosts: '', storage: '', reject: '', accept: '.ok' },
      ]);
  });

  test.each([
    ['1.5', 1.5],
    ['1,5', 1.5],
    [' 2 ', 2],
    ['', null],
    ['1e3', null],
    ['-1', null],
  ])('number %j reads %j', (text, n) => {
    expect(parseNumber(text)).toBe(n);
  });
});

describe('declaration rows', () => {
  const table = {
    source: 'policy-page' as const,
    url: 'https://shop.example.dk/cookies',
    language: 'da',
    cookies: [{ ...GA_DECLARED, domain: '.example.dk' }],
  };

  test('unchanged rows give back the same table', () => {
    expect(tableFromRows(table, rowsFromTable(table))).toEqual({ ok: true, table });
  });

  test('edits are read: a new duration is parsed, dropped detail follows the edit', () => {
    const rows = rowsFromTable(table);
    rows[0]!.duration = '1 dag';
    rows[0]!.category = 'marketing';
    rows.push({ ...emptyRow(), name: ' _fbp ', provider: 'Meta', party: 'third' });
    rows.push(emptyRow());
    const result = tableFromRows(table, rows);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [ga, fbp] = result.table.cookies;
    expect(result.table.cookies).toHaveLength(2);
    expect(ga).toMatchObject({ category: 'marketing', duration: { days: 1, session: false } });
    expect(ga!.categoryText).toBeUndefined();
    expect(ga!.partyText).toBe('Førstepart');
    expect(ga!.domain).toBe('.example.dk');
    expect(fbp).toEqual({
      name: '_fbp',
      provider: 'Meta',
      purpose: null,
      category: null,
      party: 'third',
      duration: null,
    });
    expect(result.table.source).toBe('policy-page');
  });

  test('a row with text but no name is an error', () => {
    const rows = [{ ...emptyRow(), provider: 'Google' }];
    expect(tableFromRows(manualTable(), rows)).toEqual({
      ok: false,
      errors: [{ row: 0, key: 'errorRowName' }],
    });
  });
});

describe('licences', () => {
  test('the About tab shows every source, with the full licence texts apart', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../../DATA-LICENSES'), 'utf8');
    const { summary, fullTexts } = splitLicences(text);
    for (const name of ['Open Cookie Database', 'EasyPrivacy', 'CookieBlock'])
      expect(summary).toContain(name);
    expect(summary).not.toContain('TERMS AND CONDITIONS');
    expect(fullTexts).toContain('TERMS AND CONDITIONS');
    expect(summary.length + fullTexts.length).toBeGreaterThan(text.trim().length - 10);
    expect(splitLicences('short')).toEqual({ summary: 'short', fullTexts: '' });
  });
});
