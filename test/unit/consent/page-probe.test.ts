import { describe, expect, test } from 'vitest';
import { gppPing, probeConsentApis, toPlain } from '../../../lib/consent/page-probe.ts';
import { decodeGppPing } from '../../../lib/consent/gpp.ts';
import {
  isConsentUnknown,
  type ConsentDecoded,
  type DecodeResult,
} from '../../../lib/consent/state.ts';

function readings(results: DecodeResult[]): ConsentDecoded[] {
  return results.filter((r): r is ConsentDecoded => !isConsentUnknown(r));
}

function only(win: unknown): ConsentDecoded {
  const results = probeConsentApis(win);
  expect(results).toHaveLength(1);
  const [r] = readings(results);
  if (r === undefined) throw new Error(`not a reading: ${JSON.stringify(results)}`);
  return r;
}

describe('each platform API, as plain objects', () => {
  test('Cookiebot.consent with hasResponse', () => {
    const r = only({
      Cookiebot: {
        consent: {
          necessary: true,
          preferences: false,
          statistics: true,
          marketing: false,
          method: 'explicit',
          stamp: 'x',
        },
        consented: true,
        declined: false,
        hasResponse: true,
      },
    });
    expect(r).toMatchObject({
      source: 'cookiebot',
      via: 'api:Cookiebot.consent',
      decision: 'custom',
      explicit: true,
    });
  });

  test('Cookiebot before any response: defaults are no rejection', () => {
    const r = only({
      Cookiebot: {
        consent: {
          necessary: true,
          preferences: false,
          statistics: false,
          marketing: false,
          method: null,
        },
        hasResponse: false,
      },
    });
    expect(r.decision).toBe('none');
  });

  test('OneTrust active groups with IsAlertBoxClosed and the declared groups', () => {
    const r = only({
      OnetrustActiveGroups: ',C0001,C0003,',
      OneTrust: {
        IsAlertBoxClosed: () => true,
        GetDomainData: () => ({
          Groups: [
            { CustomGroupId: 'C0001' },
            { CustomGroupId: 'C0002' },
            { CustomGroupId: 'C0003' },
            { CustomGroupId: 'C0004' },
          ],
        }),
      },
    });
    expect(r).toMatchObject({
      source: 'onetrust',
      via: 'api:OnetrustActiveGroups',
      decision: 'custom',
      explicit: true,
    });
    expect(r.categories).toEqual({
      necessary: true,
      preferences: true,
      statistics: false,
      marketing: false,
    });
  });

  test('OptanonActiveGroups (older name), banner still open', () => {
    const r = only({ OptanonActiveGroups: ',C0001,', OneTrust: { IsAlertBoxClosed: () => false } });
    expect(r.decision).toBe('none');
    expect(r.explicit).toBe(false);
  });

  test('CookieInformation.getStatusOfUsedConsentTypes', () => {
    const r = only({
      CookieInformation: {
        getStatusOfUsedConsentTypes: () => ({
          cookie_cat_necessary: true,
          cookie_cat_functional: true,
          cookie_cat_statistic: true,
          cookie_cat_marketing: true,
          cookie_cat_unclassified: true,
        }),
      },
    });
    expect(r).toMatchObject({ source: 'cookieinformation', decision: 'accept' });
  });

  test('CookieInformation before any choice: the API default is no decision', () => {
    const allFalse = () => ({
      cookie_cat_necessary: true,
      cookie_cat_statistic: false,
      cookie_cat_marketing: false,
    });
    expect(
      probeConsentApis({
        document: { cookie: 'lang=da' },
        CookieInformation: { getStatusOfUsedConsentTypes: allFalse },
      }),
    ).toEqual([]);
    expect(
      probeConsentApis({
        document: { cookie: 'CookieInformationConsent=%7B%7D' },
        CookieInformation: { getStatusOfUsedConsentTypes: allFalse },
      }),
    ).toMatchObject([{ source: 'cookieinformation', decision: 'reject' }]);
  });

  test('klaro.getManager() with its configuration', () => {
    const r = only({
      klaro: {
        getManager: () => ({
          consents: { matomo: true, ads: false, fonts: true },
          confirmed: true,
          config: {
            services: [
              { name: 'matomo', purposes: ['analytics'] },
              { name: 'ads', purposes: ['advertising'] },
              { name: 'fonts', purposes: ['styling'], required: true },
            ],
          },
        }),
      },
    });
    expect(r).toMatchObject({ source: 'klaro', decision: 'custom', explicit: true });
    expect(r.categories).toEqual({
      necessary: true,
      preferences: null,
      statistics: true,
      marketing: false,
    });
  });

  test('vanilla-cookieconsent getUserPreferences', () => {
    const r = only({
      CookieConsent: {
        getUserPreferences: () => ({
          acceptType: 'custom',
          acceptedCategories: ['necessary', 'analytics'],
          rejectedCategories: ['ads'],
          acceptedServices: {},
          rejectedServices: {},
        }),
        validConsent: () => true,
      },
    });
    expect(r).toMatchObject({
      source: 'vanilla-cookieconsent',
      decision: 'custom',
      explicit: true,
    });
    expect(r.categories).toEqual({
      necessary: true,
      preferences: null,
      statistics: true,
      marketing: false,
    });
  });

  test('tarteaucitron.state with the page-declared service types', () => {
    const r = only({
      tarteaucitron: {
        state: { myanalytics: true, myads: false },
        services: { myanalytics: { type: 'analytic' }, myads: { type: 'ads' } },
      },
    });
    expect(r).toMatchObject({ source: 'tarteaucitron', decision: 'custom' });
    expect(r.categories).toMatchObject({ statistics: true, marketing: false });
  });

  test('UC_UI.getServicesBaseInfo', () => {
    const r = only({
      UC_UI: {
        getServicesBaseInfo: () => [
          {
            id: 'a',
            name: 'Usercentrics CMP',
            categorySlug: 'essential',
            isEssential: true,
            consent: { status: true, history: [] },
          },
          {
            id: 'b',
            name: 'Google Analytics',
            categorySlug: 'marketing',
            consent: {
              status: false,
              history: [
                {
                  action: 'onDenyAllServices',
                  type: 'explicit',
                  status: false,
                  timestamp: 1700000000000,
                },
              ],
            },
          },
        ],
      },
    });
    expect(r).toMatchObject({ source: 'usercentrics', decision: 'reject', explicit: true });
  });

  test('Didomi.getUserStatus', () => {
    const r = only({
      Didomi: {
        getUserStatus: () => ({
          purposes: {
            consent: {
              enabled: ['cookies', 'measure_content_performance'],
              disabled: ['create_ads_profile'],
            },
          },
          vendors: { consent: { enabled: [], disabled: [] } },
        }),
        shouldConsentBeCollected: () => false,
      },
    });
    expect(r).toMatchObject({ source: 'didomi', decision: 'custom' });
  });

  test('dataLayer with consent commands', () => {
    const r = only({
      dataLayer: [['consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied' }]],
    });
    expect(r).toMatchObject({ source: 'gcm', decision: 'none' });
  });

  test('a dataLayer without consent commands is no reading', () => {
    expect(probeConsentApis({ dataLayer: [{ event: 'gtm.js' }] })).toEqual([]);
  });

  test('__gpp ping is read raw, decoded apart', () => {
    const win = {
      __gpp: (command: string) =>
        command === 'ping'
          ? { gppVersion: '1.1', cmpDisplayStatus: 'visible', gppString: '' }
          : undefined,
    };
    expect(probeConsentApis(win)).toEqual([]);
    expect(decodeGppPing(gppPing(win))).toMatchObject({ source: 'gpp', decision: 'none' });
    expect(gppPing({})).toBeNull();
  });

  test('several platforms at once, in a fixed order', () => {
    const results = probeConsentApis({
      dataLayer: [['consent', 'update', { ad_storage: 'granted' }]],
      Cookiebot: {
        consent: {
          necessary: true,
          preferences: true,
          statistics: true,
          marketing: true,
          method: 'explicit',
        },
        hasResponse: true,
      },
    });
    expect(results.map((r) => r.source)).toEqual(['cookiebot', 'gcm']);
  });

  test('nothing on the page', () => {
    expect(probeConsentApis({})).toEqual([]);
    expect(probeConsentApis(null)).toEqual([]);
    expect(probeConsentApis(42)).toEqual([]);
  });
});

describe('hostile pages', () => {
  function throwing(): never {
    throw new Error('hostile');
  }

  test('getters that throw everywhere', () => {
    const win = {};
    for (const key of [
      'Cookiebot',
      'OnetrustActiveGroups',
      'OneTrust',
      'CookieInformation',
      'klaro',
      'CookieConsent',
      'tarteaucitron',
      'UC_UI',
      'Didomi',
      '__gpp',
      'dataLayer',
    ]) {
      Object.defineProperty(win, key, { get: throwing, enumerable: true });
    }
    expect(probeConsentApis(win)).toEqual([]);
  });

  test('objects whose properties throw and functions that throw', () => {
    const consent = {};
    Object.defineProperty(consent, 'marketing', { get: throwing, enumerable: true });
    const results = probeConsentApis({
      Cookiebot: { consent },
      CookieInformation: { getStatusOfUsedConsentTypes: throwing },
      klaro: { getManager: throwing },
      Didomi: { getUserStatus: throwing },
      UC_UI: { getServicesBaseInfo: throwing },
    });
    expect(results.every((r) => isConsentUnknown(r))).toBe(true);
    expect(results.map((r) => r.source).sort()).toEqual([
      'cookiebot',
      'cookieinformation',
      'didomi',
      'klaro',
      'usercentrics',
    ]);
  });

  test('proxies that throw on every trap', () => {
    const evil = new Proxy(
      {},
      {
        get: throwing,
        has: throwing,
        ownKeys: throwing,
        getOwnPropertyDescriptor: throwing,
        getPrototypeOf: throwing,
      },
    );
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(() => probeConsentApis(evil)).not.toThrow();
    expect(() =>
      probeConsentApis({
        Cookiebot: { consent: proxy },
        dataLayer: proxy,
        tarteaucitron: { state: evil },
      }),
    ).not.toThrow();
  });

  test('huge values are cut down', () => {
    const hugeString = 'C0001,'.repeat(200_000);
    const hugeArray = new Array(1_000_000).fill(['consent', 'default', { ad_storage: 'denied' }]);
    const started = performance.now();
    const results = probeConsentApis({ OnetrustActiveGroups: hugeString, dataLayer: hugeArray });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(results).toHaveLength(2);
    const gcm = readings(results).find((r) => r.source === 'gcm');
    expect(gcm?.detail?.entriesNotRead).toBe(1_000_000 - 5000);
  });

  test('deep and cyclic objects are copied with bounds', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 10_000; i++) {
      deep.next = {};
      deep = deep.next as Record<string, unknown>;
    }
    expect(() => JSON.stringify(toPlain(cyclic))).not.toThrow();
    expect(() => JSON.stringify(toPlain(root))).not.toThrow();
  });

  test('__proto__ keys do not reach the copy prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as unknown;
    const copy = toPlain(parsed) as Record<string, unknown>;
    expect(copy.ok).toBe(1);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a page replacing built-ins after load does not break the probe', () => {
    const original = Reflect.apply;
    try {
      (Reflect as { apply: unknown }).apply = throwing;
      const r = only({
        CookieInformation: { getStatusOfUsedConsentTypes: () => ({ cookie_cat_statistic: true }) },
      });
      expect(r.categories.statistics).toBe(true);
    } finally {
      (Reflect as { apply: unknown }).apply = original;
    }
  });
});
