import { describe, expect, test } from 'vitest';
import { TCString } from '@iabtechlabtcf/core';
import {
  categoriesFromPurposes,
  decodeTcString,
  decodeTcfApiEvent,
  TCF_PURPOSE_CATEGORIES,
} from '../../../lib/consent/tcf.ts';
import { tcRangeExpansion } from '../../../lib/consent/tcf-guard.ts';
import { isConsentUnknown, type DecodeResult } from '../../../lib/consent/state.ts';
import { makeTcString, rangeBombTcString } from './tc-strings.ts';

function reading(result: DecodeResult) {
  if (isConsentUnknown(result)) throw new Error(`unknown: ${result.reason}`);
  return result;
}

const ALL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

describe('TC strings made with @iabtechlabtcf/core', () => {
  test.each([
    [
      'accept all',
      { purposes: ALL },
      'accept',
      { preferences: true, statistics: true, marketing: true },
    ],
    [
      'reject all (no purpose)',
      { purposes: [] },
      'reject',
      { preferences: false, statistics: false, marketing: false },
    ],
    [
      'storage and measurement only',
      { purposes: [1, 7, 8, 9, 10] },
      'custom',
      { preferences: false, statistics: true, marketing: false },
    ],
    [
      'every purpose but 1: storage refused refuses all',
      { purposes: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11] },
      'reject',
      { preferences: false, statistics: false, marketing: false },
    ],
    [
      'purpose one treatment exempts purpose 1',
      { purposes: [2, 3, 4], purposeOneTreatment: true },
      'custom',
      { preferences: false, statistics: false, marketing: true },
    ],
    [
      'personalised content only → preferences',
      { purposes: [1, 5, 6] },
      'custom',
      { preferences: true, statistics: false, marketing: false },
    ],
  ] as const)('%s', (_name, options, decision, categories) => {
    const r = reading(
      decodeTcString(makeTcString({ ...options, purposes: [...options.purposes] })),
    );
    expect(r.source).toBe('tcf');
    expect(r.via).toBe('cookie:euconsent-v2');
    expect(r.decision).toBe(decision);
    expect(r.categories).toEqual({ necessary: true, ...categories });
  });

  test('keeps purposes, legitimate interests, vendors and the CMP id in detail, as numbers', () => {
    const tc = makeTcString({
      purposes: [1, 2, 7],
      purposeLi: [2, 7, 9],
      vendors: [1, 10, 755],
      cmpId: 300,
    });
    const detail = reading(decodeTcString(tc)).detail!;
    expect(detail.purposeConsents).toEqual([1, 2, 7]);
    expect(detail.purposeLegitimateInterests).toEqual([2, 7, 9]);
    expect(detail.vendorConsents).toEqual([1, 10, 755]);
    expect(detail.cmpId).toBe(300);
    expect(detail.vendorListsTruncated).toBe(false);
  });

  test('a TC string with a publisher segment decodes too', () => {
    const tc = `${makeTcString({ purposes: ALL })}.YAAAAAAAAAAA`;
    expect(reading(decodeTcString(tc)).decision).toBe('accept');
  });

  test('the purpose table covers purposes 1–11 exactly', () => {
    expect(Object.keys(TCF_PURPOSE_CATEGORIES).map(Number)).toEqual(ALL);
  });

  test('categoriesFromPurposes: a category is granted when any of its purposes is', () => {
    expect(categoriesFromPurposes([1, 3])).toMatchObject({ marketing: true, statistics: false });
  });
});

describe('hostile and malformed TC strings', () => {
  test.each([
    ['empty', ''],
    ['not base64url', 'CP!!!'],
    ['TCF v1 string', 'BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA'],
    ['truncated', makeTcString({ purposes: ALL }).slice(0, 10)],
    ['too long', `C${'A'.repeat(20000)}`],
  ])('%s → unknown', (_name, value) => {
    const r = decodeTcString(value);
    expect(isConsentUnknown(r)).toBe(true);
  });

  test('overlapping 1–65535 ranges are refused before the decoder expands them, quickly', () => {
    const bomb = rangeBombTcString(300);
    expect(tcRangeExpansion(bomb)).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const r = decodeTcString(bomb);
    expect(performance.now() - started).toBeLessThan(200);
    expect(isConsentUnknown(r) && r.reason).toBe('vendor ranges expand too far');
  });

  test('a real string expands far less than the limit', () => {
    expect(tcRangeExpansion(makeTcString({ purposes: ALL, vendors: [1, 2, 3, 755] }))).toBeLessThan(
      10,
    );
  });
});

describe('__tcfapi event objects', () => {
  const tcString = makeTcString({ purposes: ALL, vendors: [755] });

  test.each([
    ['tcloaded: a stored choice', 'tcloaded', null, 'accept'],
    ['useractioncomplete: the visitor just chose', 'useractioncomplete', true, 'accept'],
  ] as const)('%s', (_name, eventStatus, explicit, decision) => {
    const r = reading(
      decodeTcfApiEvent({
        tcString,
        eventStatus,
        cmpStatus: 'loaded',
        gdprApplies: true,
        listenerId: 1,
      }),
    );
    expect(r.via).toBe('tcfapi');
    expect(r.explicit).toBe(explicit);
    expect(r.decision).toBe(decision);
    expect(r.detail).toMatchObject({ eventStatus, vendorConsents: [755] });
  });

  test('cmpuishown without a string: no decision yet', () => {
    const r = reading(
      decodeTcfApiEvent({
        tcString: '',
        eventStatus: 'cmpuishown',
        cmpStatus: 'loaded',
        gdprApplies: true,
      }),
    );
    expect(r.decision).toBe('none');
    expect(r.explicit).toBe(false);
  });

  test('cmpuishown with the default (all refused) string is no rejection', () => {
    const r = reading(
      decodeTcfApiEvent({
        tcString: makeTcString({ purposes: [] }),
        eventStatus: 'cmpuishown',
        gdprApplies: true,
      }),
    );
    expect(r.decision).toBe('none');
  });

  test('gdprApplies false: nothing to decide', () => {
    const r = reading(
      decodeTcfApiEvent({ gdprApplies: false, eventStatus: 'tcloaded', tcString: '' }),
    );
    expect(r.decision).toBe('none');
    expect(r.detail).toMatchObject({ gdprApplies: false });
  });

  test('falls back to purpose.consents and vendor.consents when the string is missing', () => {
    const r = reading(
      decodeTcfApiEvent({
        eventStatus: 'useractioncomplete',
        gdprApplies: true,
        cmpId: 7,
        purpose: { consents: { 1: true, 7: true, 8: false }, legitimateInterests: { 2: true } },
        vendor: { consents: { 755: true, 10: false, __proto__: true }, legitimateInterests: {} },
      }),
    );
    expect(r.decision).toBe('custom');
    expect(r.categories).toMatchObject({ statistics: true, marketing: false });
    expect(r.detail).toMatchObject({ purposeConsents: [1, 7], vendorConsents: [755], cmpId: 7 });
  });

  test.each([[null], ['x'], [[]], [{}], [{ eventStatus: 'tcloaded', purpose: 5 }]])(
    '%j → unknown',
    (v) => {
      expect(isConsentUnknown(decodeTcfApiEvent(v))).toBe(true);
    },
  );
});

test('decoding needs no window: the test environment is Node, as in a service worker', () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  expect(TCString.decode(makeTcString({ purposes: [1] })).purposeConsents.has(1)).toBe(true);
});
