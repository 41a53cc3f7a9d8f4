import { describe, expect, test } from 'vitest';
import { GppModel } from '@iabgpp/cmpapi';
import {
  decodeGppEvent,
  decodeGppPing,
  decodeGppString,
  gppSectionIds,
} from '../../../lib/consent/gpp.ts';
import { isConsentUnknown, type DecodeResult } from '../../../lib/consent/state.ts';
import { makeTcString } from './tc-strings.ts';

function reading(result: DecodeResult) {
  if (isConsentUnknown(result)) throw new Error(`unknown: ${result.reason}`);
  return result;
}

/** A GPP string with one usnat section: every opt-out set to `optOut` (1 opted out, 2 not). */
function usnat(optOut: 1 | 2, gpc = false): string {
  const m = new GppModel();
  for (const field of [
    'SharingNotice',
    'SaleOptOutNotice',
    'SharingOptOutNotice',
    'TargetedAdvertisingOptOutNotice',
  ]) {
    m.setFieldValue('usnat', field, 1);
  }
  m.setFieldValue('usnat', 'SaleOptOut', optOut);
  m.setFieldValue('usnat', 'SharingOptOut', optOut);
  m.setFieldValue('usnat', 'TargetedAdvertisingOptOut', optOut);
  m.setFieldValue('usnat', 'MspaCoveredTransaction', 2);
  m.setFieldValue('usnat', 'Gpc', gpc);
  return m.encode();
}

/** A GPP string carrying a TC string (and a uspv1 section). */
function withTcf(purposes: number[]): string {
  const m = new GppModel();
  m.decodeSection('tcfeuv2', makeTcString({ purposes, vendors: [755] }));
  m.setFieldValue('uspv1', 'Notice', 'Y');
  m.setFieldValue('uspv1', 'OptOutSale', 'N');
  m.setFieldValue('uspv1', 'LspaCovered', 'N');
  return m.encode();
}

describe('GPP strings', () => {
  test('the IAB example with an EU TCF section (no purpose consented)', () => {
    const r = reading(decodeGppString('DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA'));
    expect(r.source).toBe('gpp');
    expect(r.decision).toBe('reject');
    expect(r.detail).toMatchObject({ sectionIds: [2], cmpId: 31 });
  });

  test('tcfeuv2 is read as TCF: purposes, vendors', () => {
    const r = reading(decodeGppString(withTcf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])));
    expect(r.decision).toBe('accept');
    expect(r.detail).toMatchObject({ sectionIds: [2, 6], vendorConsents: [755] });
  });

  test.each([
    ['usnat: opted out of sale, sharing and targeted ads', usnat(1), false],
    ['usnat: did not opt out', usnat(2), true],
    ['the IAB usnat example', 'DBABLA~BVQqAAAAAgA.QA', true],
  ] as const)('%s', (_name, gpp, marketing) => {
    const r = reading(decodeGppString(gpp));
    expect(r.categories).toEqual({
      necessary: true,
      preferences: null,
      statistics: null,
      marketing,
    });
    expect(r.decision).toBe(marketing ? 'accept' : 'reject');
  });

  test('usnat GPC flag is kept', () => {
    expect(reading(decodeGppString(usnat(1, true))).detail).toMatchObject({ gpc: true });
  });

  test.each([
    ['empty', ''],
    ['not GPP', 'hello world'],
    ['header only, no section', 'DBAA'],
    ['section count mismatch', 'DBABMA'],
    ['too long', `DBABMA~${'A'.repeat(20000)}`],
  ])('%s → unknown', (_name, value) => {
    expect(isConsentUnknown(decodeGppString(value))).toBe(true);
  });

  test('a header whose Fibonacci range would expand to millions of ids is refused quickly', () => {
    // Header type 3, version 1, one range entry 1..(a huge Fibonacci number).
    const bits = (n: number, w: number): string => n.toString(2).padStart(w, '0');
    let b = bits(3, 6) + bits(1, 6) + bits(1, 12) + '1' + '11' + `${'0'.repeat(35)}11`;
    while (b.length % 6 !== 0) b += '0';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let header = '';
    for (let i = 0; i < b.length; i += 6) header += alphabet[parseInt(b.slice(i, i + 6), 2)];
    expect(gppSectionIds(header)).toBeNull();
    const started = performance.now();
    expect(isConsentUnknown(decodeGppString(`${header}~BVQqAAAAAgA.QA`))).toBe(true);
    expect(performance.now() - started).toBeLessThan(100);
  });

  test('gppSectionIds reads the real headers', () => {
    expect(gppSectionIds('DBABMA')).toEqual([2]);
    expect(gppSectionIds('DBABLA')).toEqual([7]);
    expect(gppSectionIds('DBACNYA')).toEqual([2, 6]);
  });
});

describe("__gpp('ping') and events", () => {
  const ping = {
    gppVersion: '1.1',
    cmpStatus: 'loaded',
    cmpDisplayStatus: 'hidden',
    signalStatus: 'ready',
    supportedAPIs: ['2:tcfeuv2', '7:usnat'],
    cmpId: 31,
    sectionList: [7],
    applicableSections: [7],
    gppString: 'DBABLA~BVQqAAAAAgA.QA',
  };

  test('ping with a string', () => {
    const r = reading(decodeGppPing(ping));
    expect(r.via).toBe('gppapi');
    expect(r.categories.marketing).toBe(true);
    expect(r.detail).toMatchObject({
      cmpDisplayStatus: 'hidden',
      applicableSections: [7],
      cmpId: 31,
    });
  });

  test('ping while the banner is visible and no string yet: no decision', () => {
    const r = reading(decodeGppPing({ ...ping, cmpDisplayStatus: 'visible', gppString: '' }));
    expect(r.decision).toBe('none');
    expect(r.explicit).toBe(false);
  });

  test('event payload carries the ping data', () => {
    const r = reading(
      decodeGppEvent({ eventName: 'signalStatus', listenerId: 1, data: 'ready', pingData: ping }),
    );
    expect(r.detail).toMatchObject({ eventName: 'signalStatus' });
  });

  test.each([[null], [42], [{ eventName: 'x' }]])('%j → unknown', (v) => {
    expect(isConsentUnknown(decodeGppEvent(v))).toBe(true);
  });
});
