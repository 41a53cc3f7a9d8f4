import { describe, expect, test } from 'vitest';
import {
  CONSENT_COOKIES,
  CONSENT_STORAGE,
  consentCookieSource,
  consentStorageSource,
  decodeConsentCookie,
  decodeConsentCookies,
  decodeConsentStorage,
  decodeConsentStorageEntries,
} from '../../../lib/consent/platforms/index.ts';
import {
  isConsentUnknown,
  type ConsentDecoded,
  type DecodeResult,
} from '../../../lib/consent/state.ts';
import { loadFixture } from './fixtures.ts';
import { makeTcString } from './tc-strings.ts';

function reading(result: DecodeResult | null): ConsentDecoded {
  if (result === null) throw new Error('not a consent record');
  if (isConsentUnknown(result)) throw new Error(`unknown: ${result.reason}`);
  return result;
}

const first = (name: string) => loadFixture(name).cases[0]!.value;

describe('cookie names → decoders', () => {
  test.each([
    ['CookieConsent', first('cookiebot'), 'cookiebot'],
    ['OptanonConsent', first('onetrust'), 'onetrust'],
    ['CookieInformationConsent', first('cookie-information'), 'cookieinformation'],
    ['cookieyes-consent', first('cookieyes'), 'cookieyes'],
    ['didomi_token', first('didomi'), 'didomi'],
    ['borlabs-cookie', first('borlabs'), 'borlabs'],
    ['klaro', first('klaro'), 'klaro'],
    ['_iub_cs-12345678', first('iubenda'), 'iubenda'],
    ['cc_cookie', first('vanilla-cookieconsent'), 'vanilla-cookieconsent'],
    ['tarteaucitron', first('tarteaucitron'), 'tarteaucitron'],
    ['cookieconsent_status', 'allow', 'cookieconsent'],
    ['cmplz_marketing', 'deny', 'complianz'],
    ['euconsent-v2', makeTcString({ purposes: [1, 2, 3] }), 'tcf'],
    ['__gpp', 'DBABLA~BVQqAAAAAgA.QA', 'gpp'],
  ])('%s', (name, value, source) => {
    const r = reading(decodeConsentCookie(name, value));
    expect(r.source).toBe(source);
    expect(consentCookieSource(name)).toBe(source);
  });

  test.each([['_ga'], ['cookieconsent'], ['cookieConsent'], ['x'.repeat(300)]])(
    '%s is no consent record',
    (name) => {
      expect(decodeConsentCookie(name, 'allow')).toBeNull();
      expect(consentCookieSource(name)).toBeNull();
    },
  );

  test('markers and variants answer unknown with a reason', () => {
    for (const [name, value] of [
      ['OptanonAlertBoxClosed', '2024-03-05T21:45:27.825Z'],
      ['_iub_cs-12345678-uspr', '%7B%22s%22%3Atrue%7D'],
      ['cmplz_banner-status', 'dismissed'],
    ] as const) {
      const r = decodeConsentCookie(name, value);
      expect(r !== null && isConsentUnknown(r)).toBe(true);
    }
  });

  test('every registered name is unique', () => {
    const names = CONSENT_COOKIES.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    const keys = CONSENT_STORAGE.map((e) => e.name);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('a whole cookie jar', () => {
  test('OneTrust consent and alert-box cookies are read together', () => {
    const ot = loadFixture('onetrust').cases[0]!;
    const results = decodeConsentCookies([
      { name: '_ga', value: 'GA1.1.1.1' },
      { name: 'OptanonAlertBoxClosed', value: '2024-03-05T21:45:27.825Z' },
      { name: 'OptanonConsent', value: ot.value },
    ]);
    expect(results).toHaveLength(1);
    expect(reading(results[0]!)).toMatchObject({
      source: 'onetrust',
      explicit: true,
      recordedAt: 1709675127825,
    });
  });

  test('all Complianz cookies make one reading', () => {
    const results = decodeConsentCookies([
      { name: 'cmplz_banner-status', value: 'dismissed' },
      { name: 'cmplz_marketing', value: 'deny' },
      { name: 'cmplz_statistics', value: 'allow' },
      { name: 'cmplz_preferences', value: 'deny' },
      { name: 'cmplz_functional', value: 'allow' },
    ]);
    expect(results).toHaveLength(1);
    expect(reading(results[0]!)).toMatchObject({ decision: 'custom', explicit: true });
  });

  test('several platforms side by side', () => {
    const results = decodeConsentCookies([
      { name: 'CookieConsent', value: first('cookiebot') },
      { name: 'euconsent-v2', value: makeTcString({ purposes: [1, 7] }) },
    ]);
    expect(results.map((r) => r.source)).toEqual(['cookiebot', 'tcf']);
  });

  test('junk input', () => {
    expect(decodeConsentCookies(null as never)).toEqual([]);
    expect(decodeConsentCookies([null, { name: 1 }, { name: 'klaro' }] as never)).toEqual([]);
  });
});

describe('storage keys → decoders', () => {
  test('Usercentrics settings read with the interaction flag', () => {
    const uc = loadFixture('usercentrics').cases[0]!.value;
    const [result] = decodeConsentStorageEntries([
      { name: 'uc_user_interaction', value: 'true' },
      { name: 'uc_settings', value: uc },
    ]);
    expect(reading(result ?? null)).toMatchObject({
      source: 'usercentrics',
      via: 'storage:uc_settings',
      explicit: true,
    });
  });

  test.each([
    ['didomi_token', first('didomi'), 'didomi'],
    ['cc_cookie', first('vanilla-cookieconsent'), 'vanilla-cookieconsent'],
    ['klaro', first('klaro'), 'klaro'],
    ['euconsent-v2', makeTcString({ purposes: [1] }), 'tcf'],
  ])('%s in localStorage', (key, value, source) => {
    const r = reading(decodeConsentStorage(key, value));
    expect(r.source).toBe(source);
    expect(r.via).toBe(`storage:${key}`);
    expect(consentStorageSource(key)).toBe(source);
  });

  test('an unrelated key is skipped', () => {
    expect(decodeConsentStorage('_hjid', 'x')).toBeNull();
  });
});
