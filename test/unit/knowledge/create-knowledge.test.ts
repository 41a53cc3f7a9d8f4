import { describe, expect, test } from 'vitest';
import { createKnowledge } from '../../../lib/knowledge/create-knowledge.ts';
import type {
  CookieBlockEntry,
  KnowledgeData,
  OcdEntry,
} from '../../../lib/knowledge/knowledge-data.ts';

/** Hand-made data, so the precedence rules are tested apart from what the real data holds. */
function ocd(partial: Partial<OcdEntry> & Pick<OcdEntry, 'name'>): OcdEntry {
  return {
    id: `id-${partial.name}-${partial.vendor ?? 'v'}`,
    wildcard: false,
    sites: [],
    category: 'statistics',
    basis: 'direct',
    vendor: 'Vendor',
    controller: 'Controller',
    retention: '1 year',
    ...partial,
  };
}

const cb = (
  scope: CookieBlockEntry['scope'],
  match: string,
  name: string,
  category: CookieBlockEntry['category'],
) => ({
  scope,
  match,
  name,
  category,
});

const data: KnowledgeData = {
  stamp: 'test',
  sources: [],
  easyprivacy: null,
  easyprivacyScreen: null,
  ocd: [
    ocd({ name: 'anywhere', vendor: 'A' }),
    ocd({ name: 'tiedlong', sites: ['tracker.test'], vendor: 'T', category: 'marketing' }),
    ocd({ name: 'ab', sites: ['short.test'], vendor: 'S', category: 'marketing' }),
    ocd({ name: 'dual', vendor: 'Generic' }),
    ocd({ name: 'dual', sites: ['special.test'], vendor: 'Special', category: 'marketing' }),
    ocd({ name: 'clash', vendor: 'X', category: 'marketing' }),
    ocd({ name: 'clash', vendor: 'Y', category: 'preferences' }),
    ocd({ name: 'agree', vendor: 'X', category: 'marketing' }),
    ocd({ name: 'agree', vendor: 'Y', category: 'marketing' }),
    ocd({ name: 'pre_', wildcard: true, vendor: 'P' }),
    ocd({ name: 'pre_long_', wildcard: true, vendor: 'PL', category: 'marketing' }),
    ocd({ name: 'wc', wildcard: true, vendor: 'W' }),
    ocd({ name: 'q', wildcard: true, sites: ['only.test'], vendor: 'Q' }),
    ocd({ name: 'known', vendor: 'OCD', category: 'marketing' }),
    ocd({ name: 'weird', vendor: 'R', retention: 'Varies' }),
    ocd({ name: 'CookieConsent', vendor: 'Cookiebot', category: 'necessary', retention: '1 year' }),
  ],
  cookieblock: [
    cb('name', '', 'cbname', 'preferences'),
    cb('domain', 'site.test', 'cbsite', 'necessary'),
    cb('regex', '^shop\\..*', 'cbregex', 'marketing'),
    cb('domain', 'site.test', 'known', 'necessary'),
  ],
};

const knowledge = createKnowledge(data, {
  parseRetention: (text) =>
    text === '1 year' ? { text, session: false, days: 365 } : { text, session: null, days: null },
});

describe('precedence of the cookie tables', () => {
  test.each([
    // name, domain, category, vendor, classifiedBy
    ['anywhere', '.any.test', 'statistics', 'A', 'open-cookie-database'],
    ['tiedlong', '.elsewhere.test', 'marketing', 'T', 'open-cookie-database'],
    ['tiedlong', 'px.tracker.test', 'marketing', 'T', 'open-cookie-database'],
    ['ab', '.short.test', 'marketing', 'S', 'open-cookie-database'],
    ['ab', '.elsewhere.test', 'unclassified', null, 'none'],
    ['dual', '.special.test', 'marketing', 'Special', 'open-cookie-database'],
    ['dual', '.www.special.test', 'marketing', 'Special', 'open-cookie-database'],
    ['dual', '.other.test', 'statistics', 'Generic', 'open-cookie-database'],
    ['agree', '.x.test', 'marketing', null, 'open-cookie-database'],
    ['clash', '.x.test', 'unclassified', null, 'none'],
    ['pre_abc', '.x.test', 'statistics', 'P', 'open-cookie-database'],
    ['pre_long_abc', '.x.test', 'marketing', 'PL', 'open-cookie-database'],
    ['pre_', '.x.test', 'statistics', 'P', 'open-cookie-database'],
    ['wcx', '.x.test', 'statistics', 'W', 'open-cookie-database'],
    ['q1', '.only.test', 'statistics', 'Q', 'open-cookie-database'],
    ['q1', '.x.test', 'unclassified', null, 'none'],
    ['cbname', '.x.test', 'preferences', null, 'cookieblock'],
    ['cbsite', 'www.site.test', 'necessary', null, 'cookieblock'],
    ['cbsite', '.x.test', 'unclassified', null, 'none'],
    ['cbregex', 'shop.example', 'marketing', null, 'cookieblock'],
    ['cbregex', 'www.shop.example', 'marketing', null, 'cookieblock'],
    ['cbregex', 'myshop.example', 'unclassified', null, 'none'],
    // The Open Cookie Database wins when it knows the name at all.
    ['known', 'site.test', 'marketing', 'OCD', 'open-cookie-database'],
    // A consent platform's record is necessary even where the data says otherwise.
    ['CookieConsent', 'x.test', 'necessary', 'Cookiebot', 'consent-platform'],
    ['nothing', 'x.test', 'unclassified', null, 'none'],
  ] as const)('%s on %s → %s, %s, %s', (name, domain, category, vendor, classifiedBy) => {
    expect(knowledge.classifyCookie(name, domain)).toMatchObject({
      category,
      vendor,
      classifiedBy,
    });
  });

  test('a clash falls through to a wildcard that knows better', () => {
    const k = createKnowledge({
      ...data,
      ocd: [
        ocd({ name: 'zz_one', vendor: 'X', category: 'marketing' }),
        ocd({ name: 'zz_one', vendor: 'Y', category: 'necessary' }),
        ocd({ name: 'zz_', wildcard: true, vendor: 'Z' }),
      ],
    });
    expect(k.classifyCookie('zz_one', 'x.test')).toMatchObject({
      vendor: 'Z',
      classifiedBy: 'open-cookie-database',
    });
  });

  test('retention comes from the data and an unreadable one is left out', () => {
    expect(knowledge.classifyCookie('anywhere', 'x.test').retention?.days).toBe(365);
    expect(knowledge.classifyCookie('weird', 'x.test').retention).toBeNull();
    expect(knowledge.classifyCookie('CookieConsent', 'x.test').retention?.days).toBe(365);
  });

  test('the entry id points at the row that decided', () => {
    expect(knowledge.classifyCookie('dual', 'special.test').entryId).toBe(
      'open-cookie-database:id-dual-Special',
    );
    expect(knowledge.classifyCookie('cbsite', 'site.test').entryId).toBe(
      'cookieblock:domain:site.test:cbsite',
    );
  });
});

describe('requests without a filter list', () => {
  test('only the vendor tables speak', () => {
    const page = { pageHost: 'www.example.dk', pageSite: 'example.dk', type: 'script' };
    expect(
      knowledge.classifyRequest({
        url: 'https://www.google-analytics.com/analytics.js',
        host: 'www.google-analytics.com',
        site: 'google-analytics.com',
        ...page,
      }).tracker,
    ).toEqual({ vendor: 'Google Analytics', category: 'statistics', source: 'vendor-domain' });
    expect(
      knowledge.classifyRequest({
        url: 'https://cdn.example.dk/analytics.js',
        host: 'cdn.example.dk',
        site: 'example.dk',
        ...page,
      }).tracker,
    ).toBeNull();
  });

  test('a third-party site is named by its label when a platform of that name is known', () => {
    const k = createKnowledge({
      ...data,
      ocd: [ocd({ name: 'x', vendor: 'Mouseflowish', category: 'statistics' })],
    });
    const c = k.classifyRequest({
      url: 'https://cdn.mouseflowish.io/x.js',
      host: 'cdn.mouseflowish.io',
      site: 'mouseflowish.io',
      type: 'script',
      pageHost: 'www.example.dk',
      pageSite: 'example.dk',
    });
    expect(c).toMatchObject({ tracker: null, vendor: 'Mouseflowish' });
  });
});
