import { describe, expect, test } from 'vitest';
import { compileCookieBlock } from '../../../lib/knowledge/compile-cookieblock.ts';
import { FiltersEngine } from '@ghostery/adblocker';
import { compileEasyPrivacy } from '../../../lib/knowledge/compile-easyprivacy.ts';
import { inHostnameTable } from '../../../lib/knowledge/hostname-filters.ts';
import { HostnameTable } from '../../../lib/knowledge/hostname-table.ts';
import { compileOcd } from '../../../lib/knowledge/compile-ocd.ts';
import { KNOWLEDGE_SOURCES } from '../../../lib/knowledge/generated/knowledge-data.ts';
import type { OcdEntry } from '../../../lib/knowledge/knowledge-data.ts';
import { readDataFile, wholeEasyPrivacyEngine } from './data-files.ts';

const sum = (bag: Record<string, number>) => Object.values(bag).reduce((a, b) => a + b, 0);

describe('Open Cookie Database', () => {
  const text = readDataFile('open-cookie-database.csv');
  const result = compileOcd(text);
  const byName = (name: string): OcdEntry[] => result.entries.filter((e) => e.name === name);

  test('every row is loaded or skipped with a counted reason', () => {
    const dataRows = (
      text.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12},/gm) ?? []
    ).length;
    expect(dataRows).toBeGreaterThan(2000);
    expect(result.rows).toBe(dataRows);
    expect(result.loaded).toBe(result.entries.length);
    expect(result.loaded + sum(result.skipped)).toBe(dataRows);
    for (const reason of Object.keys(result.skipped)) expect(reason).toMatch(/\w/);
  });

  test('the generated module records the same counts', () => {
    const info = KNOWLEDGE_SOURCES.find((s) => s.id === 'open-cookie-database');
    expect(info?.loaded).toBe(result.loaded);
    expect(info?.skipped).toEqual(result.skipped);
  });

  test.each([
    // name, wildcard, sites, category, vendor
    ['_ga', false, [], 'statistics', 'Google Analytics'],
    ['_ga_', true, [], 'statistics', 'Google Analytics'],
    ['_fbp', false, ['facebook.com'], 'marketing', 'Meta'],
    ['IDE', false, ['doubleclick.net'], 'marketing', 'Google Ads'],
    ['MUID', false, ['bing.com', 'microsoft.com'], 'marketing', 'Bing / Microsoft'],
    ['s_vi', true, ['207.net'], 'statistics', 'Adobe Analytics'],
    // Wildcards written into the name.
    ['SSPR_', true, ['adkernel.com'], 'marketing', 'Adkernel'],
    ['pm_sess_', true, [], 'necessary', 'Google AdSense'],
    ['pagead/conv/', true, [], 'statistics', 'Indeed'],
    // Invisible and stray characters removed.
    ['ce_need_secure_cookie', false, [], undefined, 'Crazy Egg'],
    ['logglytrackingsession', false, [], undefined, 'Loggly'],
    ['cap', true, ['adhese.com'], 'marketing', 'Adhese'],
  ] as const)('%s: wildcard %s, sites %j, %s, %s', (name, wildcard, sites, category, vendor) => {
    const entry = byName(name)[0];
    expect(entry).toBeDefined();
    expect(entry?.wildcard).toBe(wildcard);
    expect(entry?.sites).toEqual(sites);
    if (category) expect(entry?.category).toBe(category);
    expect(entry?.vendor).toBe(vendor);
  });

  test('spellings of one vendor become one name', () => {
    const vendors = new Set(result.entries.map((e) => e.vendor));
    expect(vendors.has('HubSpot') !== vendors.has('Hubspot')).toBe(true);
    expect(vendors.has('Cloudflare') !== vendors.has('CloudFlare')).toBe(true);
    expect(vendors.has('Facebook')).toBe(false);
  });

  test('the same name for different vendors keeps every row; exact duplicates go', () => {
    expect(
      byName('token')
        .map((e) => e.vendor)
        .sort(),
    ).toEqual(['Adform', 'Xandr']);
    expect(byName('DSID').map((e) => e.sites)).toEqual([[], ['doubleclick.net']]);
    // Sonobi lists __uis twice, once as ".go.sonobi.com (3rd party)" and once as "go.sonobi.com".
    expect(byName('__uis')).toHaveLength(1);
    expect(result.skipped['duplicate of an earlier row']).toBeGreaterThanOrEqual(1);
  });

  test('no name keeps a wildcard marker or surrounding space', () => {
    for (const e of result.entries) {
      expect(e.name).toBe(e.name.trim());
      expect(e.name).not.toMatch(/\*|NNN$|%[A-Z]+%|[\u200b\u00ad]/);
    }
  });

  test('a header without a needed column is an error, not an empty table', () => {
    expect(() => compileOcd('ID,Platform,Category\n1,x,Analytics\n')).toThrow(/lacks the column/);
    expect(() => compileOcd('')).toThrow(/empty/);
  });

  test('malformed rows are counted, not lost', () => {
    const header = text.slice(0, text.indexOf('\n') + 1);
    const r = compileOcd(
      header +
        'id1,P,Analytics,a,,d,1 day,C,,0\n' +
        'id2,P,Analytics,,,d,1 day,C,,0\n' +
        'id3,P,Weird,b,,d,1 day,C,,0\n' +
        'id4,P,Analytics,c,,d,1 day,C,,maybe\n' +
        'id5,P,Analytics,e,,d\n' +
        '\n' +
        'id6,P,Analytics,a,,d,1 day,C,,0\n',
    );
    expect(r.loaded).toBe(1);
    expect(r.skipped).toEqual({
      'empty name': 1,
      'unknown category': 1,
      'invalid wildcard flag': 1,
      'wrong number of columns': 1,
      'blank line': 1,
      'duplicate of an earlier row': 1,
    });
    expect(r.loaded + sum(r.skipped)).toBe(r.rows);
  });
});

describe('CookieBlock known cookies', () => {
  const text = readDataFile('cookieblock-known-cookies.json');
  const result = compileCookieBlock(text);

  test('every label is loaded or skipped with a counted reason', () => {
    const json = JSON.parse(text) as Record<string, Record<string, unknown>>;
    let leaves = Object.keys(json['name_match'] ?? {}).length;
    for (const section of ['domain_match', 'domain_regex']) {
      for (const names of Object.values(json[section] ?? {}))
        leaves += Object.keys(names as object).length;
    }
    expect(result.rows).toBe(leaves);
    expect(result.loaded + sum(result.skipped)).toBe(leaves);
    expect(KNOWLEDGE_SOURCES.find((s) => s.id === 'cookieblock')?.loaded).toBe(result.loaded);
  });

  test.each([
    ['name', '', 'OptanonConsent', 'necessary'],
    ['domain', 'linkedin.com', 'li_theme', 'preferences'],
    ['domain', 'dropbox.com', 'utag_main', 'necessary'],
    ['regex', '^google\\..*', 'PREF', 'preferences'],
  ] as const)('%s %s %s → %s', (scope, match, name, category) => {
    expect(result.entries).toContainEqual({ scope, match, name, category });
  });

  test('labels outside 0–3, unknown sections and bad patterns are counted', () => {
    const r = compileCookieBlock(
      JSON.stringify({
        name_match: { a: 0, b: 7, c: '1' },
        domain_match: { '.WWW.Example.com': { d: 3 } },
        domain_regex: { '(': { e: 0, f: 1 } },
        extra: { g: 0 },
      }),
    );
    expect(r.entries).toEqual([
      { scope: 'name', match: '', name: 'a', category: 'necessary' },
      { scope: 'domain', match: 'example.com', name: 'd', category: 'marketing' },
    ]);
    expect(r.skipped).toEqual({
      'label outside 0–3': 2,
      'invalid regular expression': 2,
      'unknown section': 1,
    });
    expect(r.rows).toBe(7);
  });

  test('a file that is not JSON fails loudly', () => {
    expect(() => compileCookieBlock('{"name_match": ')).toThrow(/not valid JSON/);
    expect(() => compileCookieBlock('[]')).toThrow(/not a JSON object/);
  });
});

describe('EasyPrivacy', () => {
  const text = readDataFile('easyprivacy.txt');
  const result = compileEasyPrivacy(text);

  test('every line is loaded or skipped with a counted reason', () => {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    expect(result.rows).toBe(lines.length);
    expect(result.loaded + sum(result.skipped)).toBe(lines.length);
    expect(result.skipped['comment']).toBe(lines.filter((l) => l.trim().startsWith('!')).length);
    expect(result.loaded).toBeGreaterThan(50_000);
    expect(result.version).toBe('202608130529');
    expect(KNOWLEDGE_SOURCES.find((s) => s.id === 'easyprivacy')?.loaded).toBe(result.loaded);
  });

  test('the shipped engine and the hostname tables together hold the whole list', () => {
    const whole = wholeEasyPrivacyEngine();
    const shipped = FiltersEngine.deserialize(result.engine);
    const { anchored, openEnded } = result.screen.hostnames;
    const tabled = [anchored, openEnded].flatMap((compiled) => {
      const table = new HostnameTable(compiled);
      const payloads: string[] = [];
      for (let entry = 0; entry < table.size; entry++) {
        payloads.push(...table.payloadsOf(entry).filter((p) => !['@', '!', '>'].includes(p)));
      }
      return payloads;
    });
    const wholeBlocking = whole.filters.getFilters();
    // Every blocking filter anchored to a whole hostname moved to the tables, the rest stayed.
    expect(tabled.length).toBe(wholeBlocking.filter(inHostnameTable).length);
    expect(shipped.filters.getFilters().filter(inHostnameTable)).toEqual([]);
    expect(shipped.filters.getFilters().length + tabled.length).toBe(wholeBlocking.length);
    for (const bucket of [
      'exceptions',
      'importants',
      'redirects',
      'csp',
      'removeparams',
    ] as const) {
      expect(shipped[bucket].getFilters().length, bucket).toBe(whole[bucket].getFilters().length);
    }
    // A tenth of the whole engine's size: what keeps the Firefox background script small.
    expect(result.engine.length).toBeLessThan(300_000);
  });

  test('a list without network filters fails loudly', () => {
    expect(() => compileEasyPrivacy('! only a comment\nexample.com##.ad\n')).toThrow(
      /no network filter/,
    );
  });
});
