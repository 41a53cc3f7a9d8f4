import { describe, expect, test } from 'vitest';
import { categoriesOf } from '../../../lib/consent/categories.ts';
import {
  decisionOf,
  findConflicts,
  mergeReadings,
  sourceKind,
} from '../../../lib/consent/merge.ts';
import type { CategoryConsent, ConsentReading } from '../../../lib/consent/state.ts';

function r(
  source: string,
  via: string,
  categories: Partial<CategoryConsent>,
  extra: Partial<ConsentReading> = {},
): ConsentReading {
  const c = categoriesOf(categories);
  return { source, via, categories: c, decision: decisionOf(c), time: 1000, ...extra };
}

describe('decisionOf', () => {
  test.each([
    [{ preferences: true, statistics: true, marketing: true }, 'accept'],
    [{ preferences: false, statistics: false, marketing: false }, 'reject'],
    [{ preferences: true, statistics: false, marketing: false }, 'custom'],
    [{}, 'none'],
    [{ statistics: true }, 'accept'],
    [{ marketing: false }, 'reject'],
    [{ necessary: false }, 'none'],
  ] as const)('%j → %s', (categories, decision) => {
    expect(decisionOf(categoriesOf(categories))).toBe(decision);
  });
});

describe('sourceKind', () => {
  test.each([
    [{ source: 'cookiebot', via: 'api:Cookiebot.consent' }, 'cmp-api'],
    [{ source: 'cookiebot', via: 'cookie:CookieConsent' }, 'cmp-record'],
    [{ source: 'usercentrics', via: 'storage:uc_settings' }, 'cmp-record'],
    [{ source: 'tcf', via: 'cookie:euconsent-v2' }, 'tcf'],
    [{ source: 'gpp', via: 'gppapi' }, 'gpp'],
    [{ source: 'gcm', via: 'request:gcs' }, 'consent-mode'],
  ] as const)('%j → %s', (reading, kind) => {
    expect(sourceKind(reading)).toBe(kind);
  });
});

describe('mergeReadings: the primary source', () => {
  const cookie = r('cookiebot', 'cookie:CookieConsent', {
    preferences: false,
    statistics: false,
    marketing: false,
  });
  const api = r('cookiebot', 'api:Cookiebot.consent', {
    preferences: true,
    statistics: true,
    marketing: true,
  });
  const tcf = r('tcf', 'cookie:euconsent-v2', {
    preferences: true,
    statistics: true,
    marketing: true,
  });
  const gpp = r('gpp', 'gppapi', { marketing: true });
  const gcm = r('gcm', 'dataLayer', { statistics: true, marketing: true });

  test.each([
    ['JS API beats cookie', [cookie, api], 'api:Cookiebot.consent'],
    ['cookie beats TCF', [tcf, cookie], 'cookie:CookieConsent'],
    ['TCF beats GPP', [gpp, tcf], 'cookie:euconsent-v2'],
    ['GPP beats Consent Mode', [gcm, gpp], 'gppapi'],
    ['all of them', [gcm, gpp, tcf, cookie, api], 'api:Cookiebot.consent'],
  ] as const)('%s', (_name, readings, via) => {
    expect(mergeReadings([...readings]).primary?.via).toBe(via);
  });

  test('a reading with no decision does not hide one with a decision (Didomi token + TC string)', () => {
    const token = r('didomi', 'cookie:didomi_token', {});
    expect(mergeReadings([token, tcf]).state.source).toBe('tcf');
  });

  test('the latest reading of a channel replaces earlier ones', () => {
    const later = {
      ...cookie,
      time: 2000,
      decision: 'accept' as const,
      categories: categoriesOf({ preferences: true, statistics: true, marketing: true }),
    };
    const merged = mergeReadings([cookie, later]);
    expect(merged.state.decision).toBe('accept');
    expect(merged.conflicts).toEqual([]);
  });

  test('no reading → NO_CONSENT (with the observed interaction)', () => {
    expect(mergeReadings([]).state).toEqual({
      source: null,
      decision: 'none',
      categories: { necessary: true, preferences: null, statistics: null, marketing: null },
      interaction: false,
    });
    expect(mergeReadings([], { interaction: true }).state.interaction).toBe(true);
  });

  test('interaction: observed, or recorded by the primary source', () => {
    expect(mergeReadings([{ ...cookie, explicit: true }]).state.interaction).toBe(true);
    expect(mergeReadings([{ ...cookie, explicit: false }]).state.interaction).toBe(false);
    expect(mergeReadings([cookie], { interaction: true }).state.interaction).toBe(true);
  });

  test('categories are the primary source statement, never filled in from others', () => {
    const partial = r('onetrust', 'cookie:OptanonConsent', { statistics: false, marketing: false });
    const merged = mergeReadings([partial, gcm]);
    expect(merged.state.categories.preferences).toBeNull();
  });
});

describe('conflicts', () => {
  test('CMP cookie says marketing denied, Consent Mode says ad_storage granted', () => {
    const cmp = r('cookiebot', 'cookie:CookieConsent', {
      preferences: false,
      statistics: false,
      marketing: false,
    });
    const gcm = r('gcm', 'request:gcs', { statistics: false, marketing: true });
    expect(mergeReadings([cmp, gcm]).conflicts).toEqual([
      {
        category: 'marketing',
        sources: [
          { source: 'cookiebot', via: 'cookie:CookieConsent', value: false },
          { source: 'gcm', via: 'request:gcs', value: true },
        ],
      },
    ]);
  });

  test('unknown values never conflict', () => {
    expect(findConflicts([r('a', 'x', { marketing: true }), r('b', 'y', {})])).toEqual([]);
  });

  test('several categories at once', () => {
    const a = r('a', 'x', { preferences: true, statistics: true, marketing: true });
    const b = r('b', 'y', { preferences: false, statistics: true, marketing: false });
    expect(findConflicts([a, b]).map((c) => c.category)).toEqual(['preferences', 'marketing']);
  });
});

test('the TCF summary comes from the latest TCF reading, in the rules shape', () => {
  const tcf = r(
    'tcf',
    'cookie:euconsent-v2',
    { marketing: true },
    {
      detail: {
        vendorConsents: [755, 10],
        vendorLegitimateInterests: [1],
        purposeConsents: [1, 2],
        cmpId: 10,
      },
    },
  );
  expect(mergeReadings([tcf]).tcf).toEqual({
    vendorConsents: [755, 10],
    vendorLegitimateInterests: [1],
    purposeConsents: [1, 2],
    cmpId: 10,
  });
  expect(mergeReadings([r('gcm', 'dataLayer', {})]).tcf).toBeNull();
});
