import { describe, expect, test } from 'vitest';
import {
  consentFromGoogleRequest,
  consentModeFromDataLayer,
  decodeGcd,
  decodeGcs,
  GCD_LETTERS,
} from '../../../lib/consent/consent-mode.ts';
import { isConsentUnknown, type DecodeResult } from '../../../lib/consent/state.ts';

function reading(result: DecodeResult) {
  if (isConsentUnknown(result)) throw new Error(`unknown: ${result.reason}`);
  return result;
}

/** What `gtag(...)` pushes: its `arguments` object, not an array. */
function gtagArgs(...args: unknown[]): IArguments {
  return (function (..._a: unknown[]) {
    // eslint-disable-next-line prefer-rest-params
    return arguments;
  })(...args);
}

const DENY_ALL = {
  ad_storage: 'denied',
  analytics_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  functionality_storage: 'denied',
  personalization_storage: 'denied',
  security_storage: 'granted',
  wait_for_update: 500,
};
const GRANT_ALL = {
  ad_storage: 'granted',
  analytics_storage: 'granted',
  ad_user_data: 'granted',
  ad_personalization: 'granted',
  functionality_storage: 'granted',
  personalization_storage: 'granted',
};

describe('dataLayer sequences', () => {
  test.each([
    [
      'defaults only, all denied: no decision yet',
      [gtagArgs('consent', 'default', DENY_ALL)],
      'none',
      false,
      { preferences: false, statistics: false, marketing: false },
    ],
    [
      'default denied then update granted: accept',
      [
        gtagArgs('consent', 'default', DENY_ALL),
        { event: 'gtm.js' },
        gtagArgs('consent', 'update', GRANT_ALL),
      ],
      'accept',
      null,
      { preferences: true, statistics: true, marketing: true },
    ],
    [
      'update analytics only: custom',
      [
        gtagArgs('consent', 'default', DENY_ALL),
        gtagArgs('consent', 'update', { analytics_storage: 'granted' }),
      ],
      'custom',
      null,
      { preferences: false, statistics: true, marketing: false },
    ],
    [
      'updates apply in order: granted then denied',
      [
        gtagArgs('consent', 'default', DENY_ALL),
        gtagArgs('consent', 'update', GRANT_ALL),
        gtagArgs('consent', 'update', {
          ...GRANT_ALL,
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
        }),
      ],
      'custom',
      null,
      { preferences: true, statistics: true, marketing: false },
    ],
    [
      'defaults granting ads before any choice: implied consent',
      [gtagArgs('consent', 'default', { ad_storage: 'granted', analytics_storage: 'granted' })],
      'accept',
      false,
      { preferences: null, statistics: true, marketing: true },
    ],
    [
      'plain arrays are read too',
      [
        ['consent', 'default', DENY_ALL],
        ['consent', 'update', GRANT_ALL],
      ],
      'accept',
      null,
      { preferences: true, statistics: true, marketing: true },
    ],
  ] as const)('%s', (_name, dataLayer, decision, explicit, categories) => {
    const r = reading(consentModeFromDataLayer([...dataLayer]));
    expect(r.source).toBe('gcm');
    expect(r.via).toBe('dataLayer');
    expect(r.decision).toBe(decision);
    expect(r.explicit).toBe(explicit);
    expect(r.categories).toEqual({ necessary: true, ...categories });
  });

  test('a later default does not override an earlier one', () => {
    const r = reading(
      consentModeFromDataLayer([
        gtagArgs('consent', 'default', { ad_storage: 'denied' }),
        gtagArgs('consent', 'default', { ad_storage: 'granted' }),
      ]),
    );
    expect(r.categories.marketing).toBe(false);
  });

  test('region-scoped defaults: listed, applied only for a matching visitor region', () => {
    const dataLayer = [
      gtagArgs('consent', 'default', { ad_storage: 'granted', analytics_storage: 'granted' }),
      gtagArgs('consent', 'default', {
        ad_storage: 'denied',
        analytics_storage: 'denied',
        region: ['DK', 'SE', 'US-CA'],
      }),
    ];
    const unknownRegion = reading(consentModeFromDataLayer(dataLayer));
    expect(unknownRegion.categories.marketing).toBe(true);
    expect(unknownRegion.detail?.regionDefaults).toEqual([
      {
        regions: ['DK', 'SE', 'US-CA'],
        values: { ad_storage: 'denied', analytics_storage: 'denied' },
      },
    ]);
    expect(
      reading(consentModeFromDataLayer(dataLayer, { region: 'dk' })).categories.marketing,
    ).toBe(false);
    expect(
      reading(consentModeFromDataLayer(dataLayer, { region: 'US-NY' })).categories.marketing,
    ).toBe(true);
    expect(
      reading(consentModeFromDataLayer(dataLayer, { region: 'US-CA' })).categories.marketing,
    ).toBe(false);
  });

  test('wait_for_update and ads_data_redaction are kept', () => {
    const r = reading(
      consentModeFromDataLayer([
        gtagArgs('consent', 'default', DENY_ALL),
        gtagArgs('set', 'ads_data_redaction', true),
      ]),
    );
    expect(r.detail).toMatchObject({ waitForUpdate: 500, settings: { ads_data_redaction: true } });
  });

  test('ad_storage decides marketing over the data-use signals', () => {
    const r = reading(
      consentModeFromDataLayer([
        gtagArgs('consent', 'default', {
          ad_storage: 'denied',
          ad_user_data: 'granted',
          ad_personalization: 'granted',
        }),
      ]),
    );
    expect(r.categories.marketing).toBe(false);
  });

  test.each([
    ['not an array', { length: 3 }],
    ['no consent command', [{ event: 'gtm.js' }, gtagArgs('config', 'G-XXXX')]],
    ['null', null],
  ])('%s → unknown', (_name, dataLayer) => {
    expect(isConsentUnknown(consentModeFromDataLayer(dataLayer))).toBe(true);
  });

  test('throwing getters in entries are skipped', () => {
    const evil = {};
    Object.defineProperty(evil, 0, {
      get() {
        throw new Error('boom');
      },
    });
    const r = reading(consentModeFromDataLayer([evil, gtagArgs('consent', 'default', DENY_ALL)]));
    expect(r.categories.statistics).toBe(false);
  });
});

describe('gcs', () => {
  test.each([
    ['G100', false, false],
    ['G110', true, false],
    ['G101', false, true],
    ['G111', true, true],
  ] as const)('%s → ad_storage %s, analytics_storage %s', (gcs, marketing, statistics) => {
    const r = reading(decodeGcs(gcs));
    expect(r.via).toBe('request:gcs');
    expect(r.categories).toEqual({ necessary: true, preferences: null, statistics, marketing });
  });

  test.each(['G2', 'G1000', 'x', '', 'G1ab'])('%j → unknown', (v) => {
    expect(isConsentUnknown(decodeGcs(v))).toBe(true);
  });
});

describe('gcd', () => {
  test.each([
    ['11p1p1p1p5', 'none', false, { statistics: false, marketing: false }],
    ['11r1r1r1r5', 'accept', null, { statistics: true, marketing: true }],
    ['11t1t1t1p5', 'accept', false, { statistics: true, marketing: true }],
    ['11q1r1q1q5', 'custom', null, { statistics: true, marketing: false }],
    ['11u1u1u1u5', 'reject', null, { statistics: false, marketing: false }],
    ['11l1l1l1l5', 'none', false, { statistics: null, marketing: null }],
    ['13n3m3n3n5', 'custom', null, { statistics: false, marketing: true }],
  ] as const)('%s', (gcd, decision, explicit, categories) => {
    const r = reading(decodeGcd(gcd));
    expect(r.via).toBe('request:gcd');
    expect(r.decision).toBe(decision);
    expect(r.explicit).toBe(explicit);
    expect(r.categories).toEqual({ necessary: true, preferences: null, ...categories });
  });

  test('the letter table has the nine documented letters', () => {
    expect(Object.keys(GCD_LETTERS).sort().join('')).toBe('lmnpqrtuv');
  });

  test.each(['', '11', 'p1p1p1p', '11P1P1P1P5', 'x'.repeat(100)])('%j → unknown', (v) => {
    expect(isConsentUnknown(decodeGcd(v))).toBe(true);
  });
});

describe('Google measurement requests', () => {
  test('reads gcs and gcd from a GA4 collect URL', () => {
    const url =
      'https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123&gtm=45je4a&_p=1&gcs=G101&gcd=11p1r1p1p5&npa=0&cid=123.456&dl=https%3A%2F%2Fwww.example.dk%2F';
    const results = consentFromGoogleRequest(url).map(reading);
    expect(results.map((r) => r.via)).toEqual(['request:gcs', 'request:gcd']);
    expect(results[0]!.categories.statistics).toBe(true);
    expect(results[1]!.categories.statistics).toBe(true);
    expect(results[1]!.categories.marketing).toBe(false);
  });

  test('no parameters, or not a URL: nothing', () => {
    expect(consentFromGoogleRequest('https://www.google-analytics.com/g/collect?v=2')).toEqual([]);
    expect(consentFromGoogleRequest('not a url')).toEqual([]);
  });
});
