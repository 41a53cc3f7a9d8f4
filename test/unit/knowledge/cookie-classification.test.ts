import { describe, expect, test } from 'vitest';
import { loadKnowledge } from '../../../lib/knowledge/load-knowledge.ts';
import { CONSENT_PLATFORM_COOKIES } from '../../../lib/knowledge/consent-platforms.ts';

const knowledge = loadKnowledge();

describe('well-known cookies', () => {
  test.each([
    // name, domain, category, vendor, classifiedBy, retention days (null: session or unstated)
    ['_ga', '.example.dk', 'statistics', 'Google Analytics', 'open-cookie-database', 730],
    ['_gid', '.example.dk', 'statistics', 'Google Analytics', 'open-cookie-database', 1],
    ['_fbp', '.example.dk', 'marketing', 'Meta', 'open-cookie-database', 121.666667],
    ['_hjid', 'shop.example.dk', 'statistics', 'Hotjar', 'open-cookie-database', 365],
    ['_ga_ABC123', '.example.dk', 'statistics', 'Google Analytics', 'open-cookie-database', 730],
    [
      '_gat_UA-12345-1',
      '.example.dk',
      'statistics',
      'Google Analytics',
      'open-cookie-database',
      1 / 1440,
    ],
    ['IDE', '.doubleclick.net', 'marketing', 'Google Ads', 'open-cookie-database', 730],
    ['__cf_bm', '.example.dk', 'necessary', 'Cloudflare', 'open-cookie-database', null],
    ['JSESSIONID', 'example.dk', 'necessary', 'J2EE', 'open-cookie-database', null],
  ] as const)('%s on %s → %s, %s, %s', (name, domain, category, vendor, classifiedBy, days) => {
    const c = knowledge.classifyCookie(name, domain);
    expect(c).toMatchObject({ category, vendor, classifiedBy });
    expect(c.entryId).toMatch(/^open-cookie-database:[0-9a-f-]{36}$/);
    if (days === null) expect(c.retention?.days ?? null).toBeNull();
    else expect(c.retention?.days).toBeCloseTo(days, 3);
  });
});

describe("consent platforms' own cookies are necessary", () => {
  test.each([
    ['CookieConsent', 'Cookiebot'],
    ['OptanonConsent', 'OneTrust'],
    ['OptanonAlertBoxClosed', 'OneTrust'],
    ['CookieInformationConsent', 'Cookie Information'],
    ['cc_cookie', 'CookieConsent (orestbida)'],
    ['euconsent-v2', 'IAB Europe TCF'],
    ['cookieyes-consent', 'CookieYes'],
    ['cmplz_marketing', 'Complianz'],
    ['cmplz_banner-status', 'Complianz'],
    ['didomi_token', 'Didomi'],
    ['borlabs-cookie', 'Borlabs Cookie'],
    ['klaro', 'Klaro'],
    ['_iub_cs-12345678', 'iubenda'],
    ['tarteaucitron', 'tarteaucitron'],
    ['cookieconsent_status', 'Osano'],
    ['__gpp', 'IAB GPP'],
    ['uc_settings', 'Usercentrics'],
    ['usprivacy', 'IAB CCPA'],
    ['CookieConsentBulkSetting-abc', 'Cookiebot'],
  ])('%s → %s', (name, vendor) => {
    const c = knowledge.classifyCookie(name, '.example.dk');
    expect(c).toMatchObject({ category: 'necessary', vendor, classifiedBy: 'consent-platform' });
    expect(c.entryId).toContain(vendor);
  });

  test('every listed name and family member resolves to its own platform', () => {
    for (const cmp of CONSENT_PLATFORM_COOKIES) {
      const name = cmp.prefix ? `${cmp.name}x1` : cmp.name;
      const c = knowledge.classifyCookie(name, 'www.example.dk');
      expect(c.classifiedBy, name).toBe('consent-platform');
      expect(c.category, name).toBe('necessary');
    }
  });

  test('the retention the data states for the record is kept', () => {
    expect(knowledge.classifyCookie('CookieConsent', 'example.dk').retention?.days).toBe(365);
  });

  test('a name merely containing a platform name is not its record', () => {
    expect(knowledge.classifyCookie('CookieConsentX', 'example.dk').classifiedBy).not.toBe(
      'consent-platform',
    );
    expect(knowledge.classifyCookie('klaro2', 'example.dk').classifiedBy).not.toBe(
      'consent-platform',
    );
  });
});

describe('one name, several meanings', () => {
  test.each([
    // name, domain, category, vendor, classifiedBy
    ['DSID', '.doubleclick.net', 'marketing', 'Google Ads', 'open-cookie-database'],
    ['DSID', '.example.dk', 'marketing', 'Google', 'open-cookie-database'],
    ['token', '.adform.net', 'marketing', 'Adform', 'open-cookie-database'],
    ['token', 'ib.adnxs.com', 'necessary', 'Xandr', 'open-cookie-database'],
    ['chk', 'ads.pubmatic.com', 'preferences', 'PubMatic', 'open-cookie-database'],
    ['chk', '.mediarithmics.com', 'marketing', 'Mediarithmics', 'open-cookie-database'],
    // The vendors agree on the category but not on who: the category stands, the vendor does not.
    ['uids', '.example.dk', 'marketing', null, 'open-cookie-database'],
    // They disagree: nothing is claimed, a hint says why.
    ['token', '.example.dk', 'unclassified', null, 'none'],
    // Short names tied to a domain apply only there.
    ['_s', 'events.newsroom.bi', 'statistics', 'Marfeel', 'open-cookie-database'],
    ['_s', '.shopify.com', 'statistics', 'Shopify', 'open-cookie-database'],
    ['_s', '.example.dk', 'unclassified', null, 'none'],
    ['CT', '.adform.net', 'marketing', 'Adform', 'open-cookie-database'],
    ['CTX', '.example.dk', 'unclassified', null, 'none'],
    ['fr', '.facebook.com', 'marketing', 'Meta', 'open-cookie-database'],
    ['fr', '.example.dk', 'unclassified', null, 'none'],
    // CookieBlock knows what the Open Cookie Database does not.
    ['SID', '.google.de', 'necessary', null, 'cookieblock'],
    ['utag_main', 'www.dropbox.com', 'necessary', null, 'cookieblock'],
    ['__cfruid', '.example.dk', 'necessary', 'Cloudflare', 'open-cookie-database'],
  ] as const)('%s on %s → %s, %s, %s', (name, domain, category, vendor, classifiedBy) => {
    expect(knowledge.classifyCookie(name, domain)).toMatchObject({
      category,
      vendor,
      classifiedBy,
    });
  });

  test('an ambiguous name says which vendors the data lists', () => {
    expect(knowledge.classifyCookie('token', 'example.dk').hint).toMatch(
      /Adform.*Xandr|Xandr.*Adform/,
    );
  });
});

describe('wildcard rows', () => {
  test.each([
    ['_hjSessionUser_1234567', 'Hotjar', 'open-cookie-database'],
    ['_hjSession_1234567', 'Hotjar', 'open-cookie-database'],
    ['AMCV_ABC123%40AdobeOrg', 'Adobe Audience Manager', 'open-cookie-database'],
    ['_pk_id.1.1fff', 'Piwik', 'open-cookie-database'],
    ['wp-settings-time-1', 'WordPress', 'open-cookie-database'],
    ['pm_sess_123', 'Google AdSense', 'open-cookie-database'],
  ])('%s → %s', (name, vendor, classifiedBy) => {
    expect(knowledge.classifyCookie(name, '.example.dk')).toMatchObject({ vendor, classifiedBy });
  });

  test('the longest prefix wins', () => {
    // "_gat" and "_gat_gtag_" are both wildcard rows.
    const gtag = knowledge.classifyCookie('_gat_gtag_UA_1', '.example.dk');
    const gat = knowledge.classifyCookie('_gat_UA_1', '.example.dk');
    expect(gtag.entryId).not.toBe(gat.entryId);
  });

  test('a prefix tied to a domain does not match elsewhere', () => {
    expect(knowledge.classifyCookie('SSPR_123', '.adkernel.com').vendor).toBe('Adkernel');
    expect(knowledge.classifyCookie('SR99', '.adform.net').vendor).toBe('Adform');
    expect(knowledge.classifyCookie('SR99', '.example.dk').vendor).not.toBe('Adform');
  });

  test('a very short prefix matches but says so', () => {
    const c = knowledge.classifyCookie('P_survey', 'example.dk');
    expect(c.vendor).toBe('SurveyMonkey');
    expect(c.hint).toMatch(/short wildcard prefix/);
  });
});

describe('retention strings as the data writes them', () => {
  test.each([
    ['PREF', '.youtube.com', false, 3650], // "10 years from set/ update"
    ['token', '.adform.net', true, null], // "End of session (browser)"
    ['_hjSession_1', '.example.dk', false, 0.020833], // "30 minutes"
    ['__utma', '.example.dk', false, 730], // "2 years after last activity"
  ] as const)('%s on %s: session %s, %s days', (name, domain, session, days) => {
    const r = knowledge.classifyCookie(name, domain).retention;
    expect(r?.session).toBe(session);
    if (days === null) expect(r?.days).toBeNull();
    else expect(r?.days).toBeCloseTo(days, 4);
  });
});

describe('names no table lists', () => {
  test.each([
    // Documented name families.
    ['_gcl_ls', '.example.dk', 'marketing', 'Google Ads', 'heuristic'],
    ['_hjSomethingNew', '.example.dk', 'statistics', 'Hotjar', 'heuristic'],
    ['_uetmsclkid', '.example.dk', 'marketing', 'Microsoft Advertising', 'heuristic'],
    // A domain only a tracking vendor can set cookies for.
    ['brand_new_cookie', '.doubleclick.net', 'marketing', 'Google Ads', 'vendor-domain'],
    ['brand_new_cookie', 'stats.g.doubleclick.net', 'marketing', 'Google Ads', 'vendor-domain'],
    // Nothing known.
    ['brand_new_cookie', '.example.dk', 'unclassified', null, 'none'],
  ] as const)('%s on %s → %s, %s, %s', (name, domain, category, vendor, classifiedBy) => {
    expect(knowledge.classifyCookie(name, domain)).toMatchObject({
      category,
      vendor,
      classifiedBy,
    });
  });

  test('unknown names carry no hint without evidence', () => {
    expect(knowledge.classifyCookie('brand_new_cookie', '.example.dk').hint).toBeUndefined();
  });

  test('a high-entropy value set by a tracker host is hinted at, not classified', () => {
    const c = knowledge.classifyCookie('xid', '.example.dk', {
      value: 'b7Kq2Zt9fW1xR4mN8pL0vC3sH6jD5gA',
      initiator: 'connect.facebook.net',
    });
    expect(c).toMatchObject({ category: 'unclassified', classifiedBy: 'none' });
    expect(c.hint).toMatch(/high-entropy identifier.*Meta/);
    const low = knowledge.classifyCookie('xid', '.example.dk', {
      value: '1',
      initiator: 'connect.facebook.net',
    });
    expect(low.hint).toMatch(/set by a host of Meta/);
    const notTracker = knowledge.classifyCookie('xid', '.example.dk', {
      value: 'b7Kq2Zt9fW1xR4mN8pL0vC3sH6jD5gA',
      initiator: 'cdn.example.dk',
    });
    expect(notTracker.hint).toBeUndefined();
  });
});

describe('storage keys use the same tables', () => {
  test.each([
    ['_hjid', 'https://shop.example.dk', 'statistics', 'Hotjar'],
    ['_hjSessionUser_123', 'https://shop.example.dk', 'preferences', 'Hotjar'],
    ['didomi_token', 'https://www.example.dk:8443', 'necessary', 'Didomi'],
    ['mage-cache-storage', 'https://shop.example.dk', 'necessary', 'Magento'],
    ['something-else', 'null', 'unclassified', null],
  ] as const)('%s from %s → %s, %s', (key, origin, category, vendor) => {
    expect(knowledge.classifyStorageKey(key, origin)).toMatchObject({ category, vendor });
  });
});

test('answers are frozen and shared, so callers cannot corrupt the knowledge base', () => {
  const a = knowledge.classifyCookie('_ga', '.example.dk');
  expect(Object.isFrozen(a)).toBe(true);
  expect(knowledge.classifyCookie('_ga', '.other.dk')).toBe(a);
});

test('sources describe every data file with its counts', () => {
  expect(knowledge.sources.map((s) => s.id).sort()).toEqual([
    'cookieblock',
    'easyprivacy',
    'open-cookie-database',
  ]);
  for (const s of knowledge.sources) {
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.loaded).toBeGreaterThan(0);
    expect(s.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/.+\/[0-9a-f]{40}\//);
  }
});
