import { GVL, TCModel, TCString } from '@iabtechlabtcf/core';
import type { Feature, Purpose, Vendor, VendorList } from '@iabtechlabtcf/core';

/**
 * Test TC strings. Encoding needs a Global Vendor List; a minimal one built here (purposes 1–11,
 * vendors declaring every purpose for consent and 2, 7–10 for legitimate interest) keeps the
 * tests offline and lets the library's semantic checks keep the vendor bits we set.
 */
function items<T>(ids: number[], make: (id: number) => T): Record<string, T> {
  return Object.fromEntries(ids.map((id) => [String(id), make(id)]));
}

function purpose(id: number): Purpose {
  return { id, name: `Purpose ${id}`, description: '', illustrations: [] } as unknown as Purpose;
}

function feature(id: number): Feature {
  return { id, name: `Feature ${id}`, description: '', illustrations: [] } as unknown as Feature;
}

export function minimalGvl(vendorIds: readonly number[]): GVL {
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
  const vendors = items([...vendorIds], (id) => ({
    id,
    name: `Vendor ${id}`,
    purposes: range(11),
    legIntPurposes: [],
    flexiblePurposes: [2, 7, 8, 9, 10],
    specialPurposes: [1],
    features: [],
    specialFeatures: [],
    usesCookies: true,
    cookieMaxAgeSeconds: 31536000,
    cookieRefresh: false,
    usesNonCookieAccess: false,
  })) as unknown as Record<string, Vendor>;
  const list: VendorList = {
    gvlSpecificationVersion: 3,
    vendorListVersion: 150,
    tcfPolicyVersion: 5,
    lastUpdated: '2026-01-01T00:00:00Z',
    purposes: items(range(11), purpose),
    specialPurposes: items([1, 2, 3], purpose),
    features: items([1, 2, 3], feature),
    specialFeatures: items([1, 2], feature),
    stacks: {},
    dataCategories: {},
    vendors,
  } as unknown as VendorList;
  return new GVL(list);
}

export interface TcOptions {
  purposes: number[];
  purposeLi?: number[];
  vendors?: number[];
  cmpId?: number;
  purposeOneTreatment?: boolean;
}

/** Encodes a TC string with the given purpose and vendor consents. */
export function makeTcString(options: TcOptions): string {
  const vendors = options.vendors ?? [];
  const model = new TCModel(minimalGvl([...vendors, 755, 1, 10]));
  model.cmpId = options.cmpId ?? 10;
  model.cmpVersion = 2;
  model.consentScreen = 1;
  model.isServiceSpecific = true;
  model.purposeOneTreatment = options.purposeOneTreatment ?? false;
  model.purposeConsents.set(options.purposes);
  model.purposeLegitimateInterests.set(options.purposeLi ?? []);
  model.vendorConsents.set(vendors);
  return TCString.encode(model);
}

/** A hostile TC string: `entries` overlapping vendor ranges 1–65535 (the decoder expands each). */
export function rangeBombTcString(entries: number): string {
  const bits = (n: number, w: number): string => n.toString(2).padStart(w, '0');
  let b =
    bits(2, 6) +
    bits(1, 36) +
    bits(1, 36) +
    bits(10, 12) +
    bits(1, 12) +
    bits(1, 6) +
    bits(0, 12) +
    bits(100, 12) +
    bits(4, 6) +
    '1' +
    '0' +
    bits(0, 12) +
    bits(0, 24) +
    bits(0, 24) +
    '0' +
    bits(0, 12);
  b += bits(65535, 16) + '1' + bits(entries, 12);
  for (let i = 0; i < entries; i++) b += '1' + bits(1, 16) + bits(65535, 16);
  b += bits(0, 16) + '0' + bits(0, 12);
  while (b.length % 6 !== 0) b += '0';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  for (let i = 0; i < b.length; i += 6) s += alphabet[parseInt(b.slice(i, i + 6), 2)];
  return s;
}
