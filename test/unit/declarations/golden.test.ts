import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { DeclaredCookie, DeclaredTable } from '../../../lib/declarations/declared.ts';
import { matchDeclared, nearMissDeclared } from '../../../lib/declarations/name-pattern.ts';
import { parsePolicyHtml } from '../../../lib/declarations/parse-policy-html.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/policies/${name}`, import.meta.url), 'utf8');

function byName(table: DeclaredTable, name: string): DeclaredCookie {
  const found = table.cookies.filter((c) => c.name === name);
  expect(found, `exactly one declared ${name}`).toHaveLength(1);
  return found[0] as DeclaredCookie;
}

const SESSION = 'Slettes når du forlader hjemmesiden';

// Every row of Ditmer A/S's published table, as written on the page.
const DITMER: readonly [
  name: string,
  provider: string,
  party: 'first' | 'third',
  partyText: string,
  duration: string,
  days: number | null,
][] = [
  ['_ga', 'Ditmer', 'first', '1. part', '2 år', 730],
  ['_gat', 'Ditmer', 'first', '1. part', '1 dag', 1],
  ['_gid', 'Ditmer', 'first', '1. Part', '1 dag', 1],
  ['_hjid', 'Hotjar', 'third', '3. Part', '1. år', 365],
  ['lang', 'LinkedIn', 'third', '3. Part', SESSION, null],
  ['sn_global_countdown_last_reset_timestamp', 'Ditmer', 'first', '1. Part', SESSION, null],
  ['SNC', 'Ditmer', 'first', '1. Part', '1 år', 365],
  ['SNS', 'Ditmer', 'first', '1. Part', SESSION, null],
  ['_fbp', 'Facebook', 'third', '3. Part', '3 måneder', 91.25],
  ['_hjlncludeInSample', 'Hotjar', 'third', '3. Part', SESSION, null],
  ['ads/ga-audiences', 'Google', 'third', '3. Part', SESSION, null],
  ['bscookie', 'LinkedIn', 'third', '3. Part', '2 År', 730],
  ['fr', 'Facebook', 'third', '3. Part', '3 Måneder', 91.25],
  ['lidc', 'LinedIn', 'third', '3. Part', '1. dag', 1],
  ['tr', 'Facebook', 'third', '3. Part', SESSION, null],
  ['UserMatchHistory', 'LinkedIn', 'third', '3. Part', '29 dage', 29],
  ['_hjTLDTest', 'Hotjar', 'third', '3. Part', SESSION, null],
];

describe('Ditmer A/S databeskyttelsespolitik (da, one table, bold header row)', () => {
  const table = parsePolicyHtml(
    fixture('da-ditmer-databeskyttelsespolitik.html'),
    'https://www.ditmer.dk/databeskyttelsespolitik',
  );

  test('reads every row and nothing else', () => {
    expect(table.cookies.map((c) => c.name)).toEqual(DITMER.map((r) => r[0]));
    expect(table.skipped).toEqual([]);
    expect(table.source).toBe('policy-page');
    expect(table.url).toBe('https://www.ditmer.dk/databeskyttelsespolitik');
    expect(table.language).toBe('da');
  });

  test.each(DITMER)(
    '%s: provider %s, %s party, %s',
    (name, provider, party, partyText, duration, days) => {
      const c = byName(table, name);
      expect(c.provider).toBe(provider);
      expect(c.party).toBe(party);
      expect(c.partyText).toBe(partyText);
      expect(c.duration?.text).toBe(duration);
      if (days === null) {
        expect(c.duration?.session).toBe(true);
        expect(c.duration?.days).toBeNull();
      } else {
        expect(c.duration?.session).toBe(false);
        expect(c.duration?.days).toBeCloseTo(days, 4);
      }
      expect(c.purpose?.length).toBeGreaterThan(20);
      // The table has no category column and no category heading.
      expect(c.category).toBeNull();
    },
  );

  test('purposes are the plain text of the cell', () => {
    expect(byName(table, '_gat').purpose).toBe(
      'Anvends af Google analytics til at registrere antallet af events',
    );
    expect(byName(table, 'UserMatchHistory').purpose).toMatch(
      /^Anvender til at spore brugere på flere hjemmesider/,
    );
  });

  test("the typo _hjlncludeInSample is not Hotjar's _hjIncludedInSample, only a near miss", () => {
    expect(matchDeclared(table, '_hjIncludedInSample', '.ditmer.dk')).toBeNull();
    const hint = nearMissDeclared(table, '_hjIncludedInSample', '.ditmer.dk');
    expect(hint?.entry.name).toBe('_hjlncludeInSample');
    expect(hint?.reason).toBe('spelling');
    expect(matchDeclared(table, '_ga', '.ditmer.dk')).toMatchObject({
      exact: true,
      entry: { name: '_ga' },
    });
  });

  test('no consent period is stated in its prose', () => {
    expect(table.consentLifetime).toBeNull();
  });
});

describe('privatlivspolitik with categories and retention in prose (da, no table)', () => {
  const table = parsePolicyHtml(fixture('da-privatlivspolitik-kategorier.html'), null);

  test('no cookie rows', () => {
    expect(table.cookies).toEqual([]);
    expect(table.language).toBe('da');
  });

  test('the four category words used', () => {
    expect(table.categoriesMentioned).toEqual(
      expect.arrayContaining([
        { text: 'Obligatoriske', category: 'necessary' },
        { text: 'Funktionelle', category: 'preferences' },
        { text: 'Analyse', category: 'statistics' },
        { text: 'Reklame', category: 'marketing' },
      ]),
    );
  });

  test('consent is kept one year ("i et år", "12 mdr.")', () => {
    expect(table.consentLifetime?.days).toBe(365);
    expect(table.consentLifetime?.session).toBe(false);
    expect(table.consentLifetime?.text).toMatch(/samtykke i et år/);
  });

  test('other retention statements are kept apart', () => {
    const statements = table.retentionStatements ?? [];
    const analytics = statements.find((s) => /Google Analytics/.test(s.text));
    expect(analytics?.duration.days).toBeCloseTo(26 * (365 / 12), 3);
    expect(analytics?.duration.reason).toMatch(/upper bound/);
    expect(statements.find((s) => /regnskabsdata/.test(s.text))?.duration.days).toBe(5 * 365);
    expect(statements.some((s) => /18 år/.test(s.text))).toBe(false);
  });
});

describe('Cookiebot declaration (en, one table per category under a heading)', () => {
  const table = parsePolicyHtml(fixture('en-cookiebot-declaration.html'), null);

  test('categories come from the headings above the tables', () => {
    expect(byName(table, 'CookieConsent').category).toBe('necessary');
    expect(byName(table, 'localization').category).toBe('preferences');
    expect(byName(table, '_ga_#').category).toBe('statistics');
    expect(byName(table, 'IDE').category).toBe('marketing');
    expect(byName(table, 'nw_last_seen').category).toBe('unclassified');
    expect(byName(table, '_ga').categoryText).toBe('Statistics (4)');
  });

  test('the Type column is technology, not party', () => {
    expect(table.cookies.every((c) => c.party === null)).toBe(true);
  });

  test('Cookiebot wildcards and counts', () => {
    expect(byName(table, '__cf_bm').duration?.days).toBe(1);
    expect(matchDeclared(table, '_ga_ABC123XYZ', '.northwind-outdoor.co.uk')?.entry.name).toBe(
      '_ga_#',
    );
    expect(matchDeclared(table, '_hjSession_3012345', '.northwind-outdoor.co.uk')?.entry.name).toBe(
      '_hjSession_#',
    );
    expect(byName(table, 'nw_last_seen').duration).toMatchObject({ session: false, days: null });
    expect(byName(table, 'IDE').domain).toBe('doubleclick.net');
  });

  test('consent period from the prose', () => {
    expect(table.consentLifetime?.days).toBe(365);
    expect(table.language).toBe('en');
  });
});

describe('Borlabs (de, vertical tables per service)', () => {
  const table = parsePolicyHtml(fixture('de-borlabs-datenschutz.html'), null);

  test('cookie names come from "Cookie Name", the service name is not a cookie', () => {
    expect(table.cookies.map((c) => c.name)).toEqual(
      expect.arrayContaining(['borlabs-cookie', '_ga', '_gat', '_gid', '_fbp', 'fr', 'NID']),
    );
    expect(
      table.cookies.some((c) => c.name === 'Google Analytics' || c.name === 'Borlabs Cookie'),
    ).toBe(false);
  });

  test('rows share the service fields and the heading category', () => {
    expect(byName(table, 'borlabs-cookie')).toMatchObject({
      category: 'necessary',
      categoryText: 'Essenziell',
    });
    expect(byName(table, 'borlabs-cookie').duration?.days).toBe(365);
    expect(byName(table, '_gat')).toMatchObject({ category: 'statistics' });
    expect(byName(table, '_gat').duration?.days).toBe(730);
    expect(byName(table, '_gat').provider).toMatch(/^Google Ireland Limited/);
    expect(byName(table, 'NID')).toMatchObject({ category: 'marketing', domain: 'google.com' });
    expect(byName(table, 'NID').duration?.days).toBeCloseTo(182.5, 4);
  });

  test('"Sitzung / 1 Jahr": upper bound, session unknown', () => {
    expect(byName(table, 'fr').duration).toMatchObject({ session: null, days: 365 });
  });

  test('consent period and language', () => {
    expect(table.consentLifetime?.days).toBe(365);
    expect(table.language).toBe('de');
    expect(table.retentionStatements?.some((s) => s.duration.days === 14)).toBe(true);
  });
});

describe('integritetspolicy (sv, th header, several names per cell)', () => {
  const table = parsePolicyHtml(fixture('sv-integritetspolicy.html'), null);

  test('names split from one cell share the row', () => {
    expect(byName(table, '_ga_XXXXXXXXXX')).toMatchObject({
      provider: 'Google',
      category: 'statistics',
      party: 'first',
    });
    expect(byName(table, '_ga_XXXXXXXXXX').duration?.days).toBeCloseTo(395.42, 2);
    expect(byName(table, '_gat_UA-XXXXX-X').duration?.days).toBe(1);
    expect(matchDeclared(table, '_gat_UA-1234567-2', 'fjallbo.se')?.entry.name).toBe(
      '_gat_UA-XXXXX-X',
    );
  });

  test('Typ column is party; headings give categories', () => {
    expect(byName(table, 'test_cookie')).toMatchObject({
      party: 'third',
      category: 'marketing',
      domain: '.doubleclick.net',
    });
    expect(byName(table, 'PHPSESSID')).toMatchObject({ category: 'necessary', party: 'first' });
    expect(byName(table, 'PHPSESSID').duration?.session).toBe(true);
    expect(table.consentLifetime?.days).toBe(365);
    expect(table.language).toBe('sv');
  });
});

describe('personvernerklæring (no, definition lists, no lang attribute)', () => {
  const table = parsePolicyHtml(fixture('no-personvernerklaering-dl.html'), null);

  test('reads each <dt> name with its labelled <dd>', () => {
    expect(table.cookies.map((c) => c.name)).toEqual([
      'cookie_consent',
      'XSRF-TOKEN',
      '_ga',
      '_ga_<container-id>',
      '_fbp',
    ]);
    expect(byName(table, 'XSRF-TOKEN').duration?.session).toBe(true);
    expect(byName(table, '_ga')).toMatchObject({
      provider: 'Google',
      party: 'first',
      category: 'statistics',
    });
    expect(byName(table, '_fbp')).toMatchObject({ party: 'third', category: 'marketing' });
    expect(matchDeclared(table, '_ga_Q1W2E3R4', '.fjordkaffe.no')?.entry.name).toBe(
      '_ga_<container-id>',
    );
  });

  test('a glossary <dl> is not a cookie list; language from the words', () => {
    expect(table.cookies.some((c) => c.name === 'Personopplysninger')).toBe(false);
    expect(table.language).toBe('no');
    expect(table.consentLifetime?.days).toBe(365);
  });
});

describe('cookiebeleid (nl, one table with a category column and rowspan)', () => {
  const table = parsePolicyHtml(fixture('nl-cookiebeleid.html'), null);

  test('rowspan provider reaches the rows below', () => {
    expect(byName(table, '_gid').provider).toBe('Google Analytics');
    expect(byName(table, '_gat_gtag_UA_*').provider).toBe('Google Analytics');
    expect(byName(table, '_hjSessionUser_{site_id}').provider).toBe('Hotjar');
  });

  test('category, party and durations per row', () => {
    expect(byName(table, 'cmplz_banner-status')).toMatchObject({
      category: 'preferences',
      categoryText: 'Functioneel',
    });
    expect(byName(table, 'IDE')).toMatchObject({ category: 'marketing', party: 'third' });
    expect(byName(table, '_gid').duration?.days).toBe(1);
    expect(byName(table, 'wp-wpml_current_language').duration?.session).toBe(true);
    expect(matchDeclared(table, '_hjSessionUser_123456', 'tulpenhuis.nl')?.entry.name).toBe(
      '_hjSessionUser_{site_id}',
    );
    expect(table.consentLifetime?.days).toBeCloseTo(182.5, 4);
  });
});

describe('politique de cookies (fr, "Label : valeur" blocks)', () => {
  const table = parsePolicyHtml(fixture('fr-politique-cookies-labels.html'), null);

  test('multi-line and one-line label blocks', () => {
    expect(table.cookies.map((c) => c.name)).toEqual([
      'axeptio_cookies',
      'PHPSESSID',
      '_pk_id.*',
      '_pk_ses.*',
      '_gcl_au',
    ]);
    expect(byName(table, 'axeptio_cookies')).toMatchObject({
      provider: 'Librairie des Quais',
      category: 'necessary',
    });
    expect(byName(table, 'PHPSESSID').duration?.session).toBe(true);
    expect(byName(table, '_pk_id.*').duration?.days).toBeCloseTo(395.42, 2);
    expect(byName(table, '_pk_id.*').category).toBe('statistics');
    expect(byName(table, '_gcl_au').duration?.text).toBe('3 mois');
  });

  test('an address block is not a cookie; consent period', () => {
    expect(table.cookies.some((c) => /Librairie des Quais SARL/.test(c.name))).toBe(false);
    expect(table.consentLifetime?.days).toBeCloseTo(182.5, 4);
    expect(table.retentionStatements?.some((s) => /Durée de conservation/.test(s.text))).toBe(
      false,
    );
  });
});

describe('CookieYes (en, compound durations)', () => {
  const table = parsePolicyHtml(fixture('en-cookieyes-compound.html'), null);

  test('compound and ranged durations', () => {
    expect(byName(table, '_ga').duration?.days).toBeCloseTo(365 + 365 / 12 + 4, 4);
    expect(byName(table, 'CONSENT').duration?.days).toBeCloseTo(
      11 * (365 / 12) + 29 + 23 / 24 + 59 / 1440,
      4,
    );
    expect(byName(table, 'MUID').duration?.days).toBe(389);
    expect(byName(table, 'bkg_slot').duration).toMatchObject({ days: 365 });
    expect(byName(table, 'bkg_slot').duration?.reason).toMatch(/range/);
    expect(byName(table, 'bkg_slot').category).toBe('unclassified');
  });

  test('a combined type-and-duration column gives party and lifetime', () => {
    expect(byName(table, 'borlabs-cookie')).toMatchObject({
      party: 'first',
      provider: 'Cookie settings',
    });
    expect(byName(table, 'borlabs-cookie').duration?.days).toBe(365);
    expect(byName(table, 'wordpress_*').duration?.session).toBe(true);
  });

  test('a table that is not about cookies is ignored', () => {
    expect(table.cookies.some((c) => c.name === 'Monday')).toBe(false);
    expect(
      table.retentionStatements?.find((s) => /Booking records/.test(s.text))?.duration.days,
    ).toBe(6 * 365);
  });
});
