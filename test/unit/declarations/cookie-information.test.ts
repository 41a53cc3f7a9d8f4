import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  cookieInformationDeclarations,
  hasCookieInformationMarkup,
} from '../../../lib/declarations/cookie-information.ts';
import type { DeclaredCookie, DeclaredTable } from '../../../lib/declarations/declared.ts';
import { matchDeclared } from '../../../lib/declarations/name-pattern.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/policies/${name}`, import.meta.url), 'utf8');

function byName(table: DeclaredTable, name: string): DeclaredCookie {
  const found = table.cookies.filter((c) => c.name === name);
  expect(found, `exactly one declared ${name}`).toHaveLength(1);
  return found[0] as DeclaredCookie;
}

/** One cookie in Cookie Information's markup; `classes: false` leaves out the field classes. */
function details(fields: [field: string, label: string, value: string][], classes = true): string {
  const rows = fields
    .map(
      ([field, label, value]) =>
        `<div role="row" class="cookie-details__detail-container${classes ? ` cookie-details__detail-container-${field}` : ''}">` +
        `<span role="cell" class="cookie-details__detail-title">${label}</span>` +
        `<span role="cell" class="cookie-details__detail-content">${value}</span></div>`,
    )
    .join('');
  return `<div role="rowgroup" class="coi-consent-banner__cookie-details">${rows}</div>`;
}

function category(id: string, heading: string, cookies: string): string {
  return (
    `<div role="tablist" class="coi-consent-banner__category-container">` +
    `<div class="coi-consent-banner__category-controls"><button class="coi-consent-banner__category-name" aria-controls="description-container-${id}"><h3>${heading}</h3></button>` +
    `<div class="coi-consent-banner__category-description">Beskrivelse.</div></div>` +
    `<div class="coi-consent-banner__description-container" id="description-container-${id}">` +
    `<div role="table" class="coi-consent-banner__found-cookies">${cookies}</div></div></div>`
  );
}

// Rows of the Danish fixture page as Cookie Information lists them.
const FJORDBO: readonly [
  name: string,
  provider: string,
  domain: string,
  category: string,
  categoryText: string,
  duration: string,
  days: number | null,
  session: boolean | null,
][] = [
  [
    'CookieInformationConsent',
    'Cookie Information',
    'www.fjordbo.dk',
    'necessary',
    'Nødvendige',
    '1 år',
    365,
    false,
  ],
  [
    'ARRAffinity',
    'Microsoft Azure',
    '.www.fjordbo.dk',
    'necessary',
    'Nødvendige',
    'Session',
    null,
    true,
  ],
  [
    'ARRAffinitySameSite',
    'Microsoft Azure',
    '.www.fjordbo.dk',
    'necessary',
    'Nødvendige',
    'Session',
    null,
    true,
  ],
  [
    '__cf_bm',
    'Cloudflare',
    '.hubspot.com',
    'necessary',
    'Nødvendige',
    '29 minutter',
    0.020139,
    false,
  ],
  ['fjordbo_lang', 'Fjordbo', 'www.fjordbo.dk', 'preferences', 'Funktionelle', '1 år', 365, false],
  ['_ga', 'Google Analytics', '.fjordbo.dk', 'statistics', 'Statistiske', '2 år', 730, false],
  [
    '_ga_3HX81QZ2KT',
    'Google Analytics',
    '.fjordbo.dk',
    'statistics',
    'Statistiske',
    '2 år',
    730,
    false,
  ],
  ['_gid', 'Google Analytics', '.fjordbo.dk', 'statistics', 'Statistiske', '1 dag', 1, false],
  [
    '_hjSession_2871193',
    'Hotjar',
    '.fjordbo.dk',
    'statistics',
    'Statistiske',
    'Udløber efter 30 minutter',
    0.020833,
    false,
  ],
  ['_fbp', 'Meta', '.fjordbo.dk', 'marketing', 'Marketing', '3 måneder', 91.25, false],
  ['fr', 'Meta', '.facebook.com', 'marketing', 'Marketing', '3 måneder', 91.25, false],
  ['bcookie', 'LinkedIn', '.linkedin.com', 'marketing', 'Marketing', '1 år', 365, false],
  ['_gcl_au', 'Google Ads', '.fjordbo.dk', 'marketing', 'Marketing', '90 dage', 90, false],
  [
    '_fj_exp',
    'www.fjordbo.dk',
    'www.fjordbo.dk',
    'unclassified',
    'Uklassificerede',
    '13 måneder',
    395.416667,
    false,
  ],
];

describe('Cookie Information’s cookie list on a Danish cookie page', () => {
  const url = 'https://www.fjordbo.dk/cookiedeklaration';
  const table = cookieInformationDeclarations(fixture('da-cookie-information.html'), {
    url,
    retrievedAt: '2026-11-20T10:00:00.000Z',
  });

  test('reads every cookie, in order, as a Cookie Information declaration', () => {
    expect(table.source).toBe('cookieinformation');
    expect(table.url).toBe(url);
    expect(table.language).toBe('da');
    expect(table.retrievedAt).toBe('2026-11-20T10:00:00.000Z');
    expect(table.cookies.map((c) => c.name)).toEqual(FJORDBO.map((r) => r[0]));
  });

  test.each(FJORDBO)(
    '%s: provider %s on %s, %s (%s), %s',
    (name, provider, domain, cat, categoryText, duration, days, session) => {
      const c = byName(table, name);
      expect(c).toMatchObject({ provider, domain, category: cat, categoryText });
      expect(c.duration).toMatchObject({ text: duration, days, session });
      expect(c.party).toBeNull();
      expect(c.purpose).not.toBeNull();
    },
  );

  test('a row without a name is listed as skipped, its markup kept as text', () => {
    expect(table.skipped).toEqual([
      {
        text: expect.stringContaining('<script>alert(1)</script> vises som tekst'),
        reason: 'no cookie name',
      },
    ]);
  });

  test('the privacy policy links are not read as fields', () => {
    expect(table.cookies.every((c) => !/Privatlivspolitik/.test(c.purpose ?? ''))).toBe(true);
  });

  test('the category names are kept as mentioned', () => {
    expect(table.categoriesMentioned?.map((m) => m.text)).toEqual([
      'Nødvendige',
      'Funktionelle',
      'Statistiske',
      'Marketing',
      'Uklassificerede',
    ]);
  });

  test('the declared domains decide matches', () => {
    expect(matchDeclared(table, '_ga', '.fjordbo.dk')?.entry.name).toBe('_ga');
    expect(matchDeclared(table, 'fr', '.facebook.com')?.entry.name).toBe('fr');
    expect(matchDeclared(table, 'fr', '.fjordbo.dk')).toBeNull();
  });
});

describe('layouts and languages', () => {
  test('labels decide the fields when the classes are missing (Swedish banner)', () => {
    const html = `<div id="coi-banner-wrapper" lang="SV">${category(
      'cookie_cat_statistic',
      'Statistiska',
      details(
        [
          ['', 'Tjänst:', 'Google Analytics'],
          ['', 'Syfte:', 'Samlar in information om användarna.'],
          ['', 'Integritetspolicy:', '<a href="https://policies.google.com">Google</a>'],
          ['', 'Utgångstid:', 'ett år'],
          ['', 'Namn:', '_ga'],
          ['', 'Leverantör:', '.knowit.se'],
        ],
        false,
      ),
    )}</div>`;
    const table = cookieInformationDeclarations(html);
    expect(table.cookies).toEqual([
      {
        name: '_ga',
        provider: 'Google Analytics',
        purpose: 'Samlar in information om användarna.',
        category: 'statistics',
        categoryText: 'Statistiska',
        party: null,
        partyText: null,
        duration: { text: 'ett år', session: false, days: 365 },
        domain: '.knowit.se',
      },
    ]);
    expect(table.language).toBe('sv');
  });

  test('English labels and the necessary category from the container id alone', () => {
    const html =
      `<div class="coi-consent-banner__description-container" id="coi-consent-banner__description-container-cookie_cat_necessary">` +
      `<div class="coi-consent-banner__found-cookies">` +
      details([
        ['name', 'Name:', 'CookieInformationConsent'],
        ['provider', 'Provider:', 'shop.example.com'],
        ['purpose', 'Purpose:', 'Stores your consent.'],
        ['expiry', 'Expiry:', '1 year'],
      ]) +
      `</div></div>`;
    const [c] = cookieInformationDeclarations(html).cookies;
    expect(c).toMatchObject({
      name: 'CookieInformationConsent',
      provider: 'shop.example.com',
      domain: 'shop.example.com',
      category: 'necessary',
      categoryText: 'cookie_cat_necessary',
      duration: { days: 365 },
    });
  });

  test('a custom category is read from its heading', () => {
    const html = category(
      'cookie_cat_custom_12',
      'Markedsføring',
      details([
        ['name', 'Navn:', 'ads_id'],
        ['expiry', 'Udløb:', '6 måneder'],
      ]),
    );
    expect(cookieInformationDeclarations(html).cookies[0]).toMatchObject({
      name: 'ads_id',
      category: 'marketing',
      categoryText: 'Markedsføring',
    });
  });

  test('the Drupal template (popup-consent-banner) with the description inside the label', () => {
    const html =
      `<div class="popup-consent-banner__category-container"><div class="popup-consent-banner__name-container">` +
      `<label for="popup-consent-banner__category-expander-cookie_cat_functional" class="popup-consent-banner__category-name"><span>Funktionelle</span>` +
      `<div class="popup-consent-banner__category-description">Husker dine valg.</div></label></div>` +
      `<div class="popup-consent-banner__description-container" id="popup-consent-banner__category-expander-cookie_cat_functional">` +
      `<div class="popup-consent-banner__found-cookies"><div class="popup-consent-banner__cookie-details">` +
      `<div class="cookie-details__detail-container cookie-details__detail-container-expiry"><span class="cookie-details__detail-title">Udløb:</span><span class="cookie-details__detail-content">1 år</span></div>` +
      `<div class="cookie-details__detail-container cookie-details__detail-container-name"><span class="cookie-details__detail-title">Navn:</span><span class="cookie-details__detail-content">lang</span></div>` +
      `</div></div></div></div>`;
    expect(cookieInformationDeclarations(html).cookies[0]).toMatchObject({
      name: 'lang',
      category: 'preferences',
      categoryText: 'Funktionelle',
    });
  });

  test('cookies outside any category take the heading above them', () => {
    const html =
      `<h2>Statistik</h2><div class="coi-consent-banner__found-cookies">` +
      details([['name', 'Navn:', '_gid']]) +
      `</div>`;
    expect(cookieInformationDeclarations(html).cookies[0]).toMatchObject({
      name: '_gid',
      category: 'statistics',
    });
  });
});

describe('hostile and broken input', () => {
  test('markup without a cookie list gives an empty table at once', () => {
    expect(hasCookieInformationMarkup('<table><tr><td>_ga</td></tr></table>')).toBe(false);
    expect(cookieInformationDeclarations('<p>nothing</p>').cookies).toEqual([]);
    expect(cookieInformationDeclarations('').cookies).toEqual([]);
  });

  test('script and markup in fields stay text; broken markup is read as far as it goes', () => {
    const html =
      category(
        'cookie_cat_marketing',
        'Marketing',
        details([
          ['name', 'Navn:', '&lt;img src=x onerror=alert(1)&gt;'],
          ['purpose', 'Formål:', '<script>alert(2)</script>Sporer <b>dig</b>'],
        ]),
      ) + '<div class="coi-consent-banner__cookie-details"><div class="cookie-details__detail';
    const table = cookieInformationDeclarations(html);
    expect(table.cookies).toHaveLength(1);
    expect(table.cookies[0]).toMatchObject({
      name: '<img src=x onerror=alert(1)>',
      purpose: 'Sporer dig',
    });
  });

  test('10,000 cookies are all read', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => details([['name', 'Navn:', `c${i}`]]));
    const table = cookieInformationDeclarations(
      category('cookie_cat_statistic', 'Statistik', many.join('')),
    );
    expect(table.cookies).toHaveLength(10_000);
    expect(table.cookies[9_999]).toMatchObject({ name: 'c9999', category: 'statistics' });
  });

  test('markup beyond the 5 MB input cap is cut, and the table says so', () => {
    const row = details([
      ['name', 'Navn:', 'c'],
      ['purpose', 'Formål:', 'x'.repeat(1_000)],
    ]);
    const table = cookieInformationDeclarations(row.repeat(Math.ceil(6_000_000 / row.length)));
    expect(table.cookies.length).toBeGreaterThan(3_000);
    expect(table.cookies.length).toBeLessThan(6_000_000 / row.length);
    expect(table.skipped?.at(-1)?.reason).toBe('markup cut at the size cap');
  });
});
