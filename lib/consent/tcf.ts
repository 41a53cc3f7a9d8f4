import { TCString, type TCModel } from '@iabtechlabtcf/core';
import type { ConsentCategory } from '../domain/category.ts';
import { anyGranted, categoriesOf } from './categories.ts';
import { readingDecision } from './decision.ts';
import { MAX_RANGE_EXPANSION, tcRangeExpansion } from './tcf-guard.ts';
import { clip, isRecord, own, unknown } from './safe-input.ts';
import type { CategoryConsent, ConsentDecoded, DecodeResult } from './state.ts';

export const SOURCE = 'tcf';
/** The cookie most CMPs keep the TC string in. */
export const TC_COOKIE = 'euconsent-v2';

/** Longest TC string accepted: real ones, disclosed-vendor segment included, stay far below. */
export const MAX_TC_STRING = 16 * 1024;
/** Most vendor ids kept per list in detail (the GVL has about 1,000 vendors). */
export const MAX_VENDOR_IDS = 5000;

/**
 * TCF v2.2 purposes → categories.
 * - 1 Store and/or access information on a device: the gate for every other purpose. It is not
 *   a category: when it is refused nothing may be stored, so every non-necessary category is
 *   refused (unless the publisher's country exempts purpose 1: `purposeOneTreatment`).
 * - 2 limited data to select advertising, 3 create advertising profiles, 4 use them → marketing.
 * - 5 create content-personalisation profiles, 6 use them, 11 limited data to select content →
 *   preferences: personalised content is what the site shows, not advertising, as Consent
 *   Mode's `personalization_storage` (→ preferences) also treats it.
 * - 7 measure advertising performance, 8 measure content performance, 9 understand audiences
 *   through statistics, 10 develop and improve services → statistics.
 * A category is granted when any of its purposes has consent; the purposes stay in detail.
 */
export const TCF_PURPOSE_CATEGORIES: Readonly<Record<number, ConsentCategory | 'storage'>> =
  Object.freeze({
    1: 'storage',
    2: 'marketing',
    3: 'marketing',
    4: 'marketing',
    5: 'preferences',
    6: 'preferences',
    7: 'statistics',
    8: 'statistics',
    9: 'statistics',
    10: 'statistics',
    11: 'preferences',
  });

/** The ids a TCF vector holds, ascending, at most `max`. */
function idsOf(vector: { maxId: number; has(id: number): boolean }, max: number): number[] {
  const ids: number[] = [];
  const top = Math.min(vector.maxId, 65535);
  for (let id = 1; id <= top && ids.length < max; id++) {
    if (vector.has(id)) ids.push(id);
  }
  return ids;
}

/**
 * Categories from the purposes with consent. `purposeOneTreatment` exempts purpose 1 (a
 * publisher in a country where storage does not need consent).
 */
export function categoriesFromPurposes(
  purposeConsents: readonly number[],
  purposeOneTreatment = false,
): CategoryConsent {
  const granted = new Set(purposeConsents);
  const byCategory = (category: ConsentCategory): boolean | null =>
    anyGranted(
      Object.entries(TCF_PURPOSE_CATEGORIES)
        .filter(([, c]) => c === category)
        .map(([id]) => granted.has(Number(id))),
    );
  const storageRefused = !granted.has(1) && !purposeOneTreatment;
  return categoriesOf({
    preferences: storageRefused ? false : byCategory('preferences'),
    statistics: storageRefused ? false : byCategory('statistics'),
    marketing: storageRefused ? false : byCategory('marketing'),
  });
}

/** Detail fields, named as the rules read them (`vendorConsents`, `purposeConsents`, `cmpId`). */
function detailOf(model: TCModel): Record<string, unknown> {
  const vendorConsents = idsOf(model.vendorConsents, MAX_VENDOR_IDS);
  const vendorLegitimateInterests = idsOf(model.vendorLegitimateInterests, MAX_VENDOR_IDS);
  return {
    cmpId: model.cmpId,
    cmpVersion: model.cmpVersion,
    policyVersion: model.policyVersion,
    vendorListVersion: model.vendorListVersion,
    isServiceSpecific: model.isServiceSpecific,
    purposeOneTreatment: model.purposeOneTreatment,
    publisherCountryCode: model.publisherCountryCode,
    consentLanguage: model.consentLanguage,
    created: model.created instanceof Date ? model.created.getTime() : null,
    lastUpdated: model.lastUpdated instanceof Date ? model.lastUpdated.getTime() : null,
    purposeConsents: idsOf(model.purposeConsents, 24),
    purposeLegitimateInterests: idsOf(model.purposeLegitimateInterests, 24),
    specialFeatureOptins: idsOf(model.specialFeatureOptins, 12),
    vendorConsents,
    vendorLegitimateInterests,
    vendorListsTruncated:
      vendorConsents.length >= MAX_VENDOR_IDS || vendorLegitimateInterests.length >= MAX_VENDOR_IDS,
  };
}

/**
 * Decodes a TC string (TCF v2.0–2.2) with `@iabtechlabtcf/core` — no vendor list needed, no
 * window used, so it runs in a service worker. The string is inspected first so that crafted
 * range encodings cannot stall the decoder.
 */
export function decodeTcString(tcString: string, via = `cookie:${TC_COOKIE}`): DecodeResult {
  if (typeof tcString !== 'string') return unknown(SOURCE, 'value is not a string');
  const text = tcString.trim();
  if (text.length === 0) return unknown(SOURCE, 'empty TC string');
  if (text.length > MAX_TC_STRING) return unknown(SOURCE, 'TC string too long');
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(text)) return unknown(SOURCE, 'not base64url');
  const expansion = tcRangeExpansion(text);
  if (expansion === null) return unknown(SOURCE, 'not a TCF v2 string');
  if (expansion > MAX_RANGE_EXPANSION) return unknown(SOURCE, 'vendor ranges expand too far');
  let model: TCModel;
  try {
    model = TCString.decode(text);
  } catch (error) {
    return unknown(
      SOURCE,
      `undecodable TC string: ${clip(String((error as Error)?.message ?? error), 80)}`,
    );
  }
  const detail = detailOf(model);
  const categories = categoriesFromPurposes(
    detail.purposeConsents as number[],
    model.purposeOneTreatment === true,
  );
  const lastUpdated = detail.lastUpdated as number | null;
  return {
    source: SOURCE,
    via,
    decision: readingDecision(categories, null),
    categories,
    explicit: null,
    // The TC string rounds its dates to the day (TCF v2.2), so this is coarse.
    recordedAt: lastUpdated,
    detail,
  };
}

/** `{ "1": true, "2": false }` (as `__tcfapi` returns consents) → the ids set to true, bounded. */
function trueIds(record: unknown, max: number, maxId: number): number[] {
  if (!isRecord(record)) return [];
  const ids: number[] = [];
  let seen = 0;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (++seen > max * 4) break;
    if (!/^\d{1,5}$/.test(key)) continue;
    const id = Number(key);
    if (id >= 1 && id <= maxId && record[key] === true) ids.push(id);
    if (ids.length >= max) break;
  }
  return ids.sort((a, b) => a - b);
}

/**
 * Decodes the object `__tcfapi('addEventListener' | 'getTCData', 2, cb)` hands to its callback:
 * `{tcString, eventStatus: 'tcloaded' | 'cmpuishown' | 'useractioncomplete', gdprApplies,
 * cmpId, purpose: {consents, legitimateInterests}, vendor: {consents, legitimateInterests}, …}`.
 * `cmpuishown` means the banner is up (no choice yet), `useractioncomplete` that the visitor
 * just chose. `via` names the route: the frame's own function, or the `__tcfapiLocator` frame
 * route a frame without it uses.
 */
export function decodeTcfApiEvent(
  tcData: unknown,
  via: 'tcfapi' | 'tcfapi-locator' = 'tcfapi',
): DecodeResult {
  if (!isRecord(tcData)) return unknown(SOURCE, 'tcData is not an object');
  const eventStatus = own(tcData, 'eventStatus');
  const cmpStatus = own(tcData, 'cmpStatus');
  const gdprApplies = own(tcData, 'gdprApplies');
  const explicit =
    eventStatus === 'useractioncomplete' ? true : eventStatus === 'cmpuishown' ? false : null;
  const extra: Record<string, unknown> = {};
  if (typeof eventStatus === 'string') extra.eventStatus = clip(eventStatus, 30);
  if (typeof cmpStatus === 'string') extra.cmpStatus = clip(cmpStatus, 30);
  if (typeof gdprApplies === 'boolean') extra.gdprApplies = gdprApplies;

  if (gdprApplies === false) {
    return {
      source: SOURCE,
      via,
      decision: 'none',
      categories: categoriesOf(),
      explicit,
      detail: extra,
    };
  }
  const tcString = own(tcData, 'tcString');
  if (typeof tcString === 'string' && tcString.length > 0) {
    const decoded = decodeTcString(tcString, via);
    if (!('unknown' in decoded)) {
      const reading: ConsentDecoded = {
        ...decoded,
        explicit,
        decision: readingDecision(decoded.categories, explicit),
        detail: { ...decoded.detail, ...extra },
      };
      return reading;
    }
  }
  // No (decodable) string: fall back to the objects the API also returns.
  const purpose = own(tcData, 'purpose');
  const vendor = own(tcData, 'vendor');
  const purposeConsents = isRecord(purpose) ? trueIds(own(purpose, 'consents'), 24, 24) : [];
  if (!isRecord(purpose) && eventStatus !== 'cmpuishown') {
    return unknown(SOURCE, 'neither a decodable tcString nor purpose consents');
  }
  const treatment = own(tcData, 'purposeOneTreatment') === true;
  const categories =
    eventStatus === 'cmpuishown' && purposeConsents.length === 0
      ? categoriesOf()
      : categoriesFromPurposes(purposeConsents, treatment);
  const cmpId = own(tcData, 'cmpId');
  return {
    source: SOURCE,
    via,
    decision: readingDecision(categories, explicit),
    categories,
    explicit,
    detail: {
      ...extra,
      cmpId: typeof cmpId === 'number' ? cmpId : null,
      purposeOneTreatment: treatment,
      purposeConsents,
      purposeLegitimateInterests: isRecord(purpose)
        ? trueIds(own(purpose, 'legitimateInterests'), 24, 24)
        : [],
      vendorConsents: isRecord(vendor)
        ? trueIds(own(vendor, 'consents'), MAX_VENDOR_IDS, 65535)
        : [],
      vendorLegitimateInterests: isRecord(vendor)
        ? trueIds(own(vendor, 'legitimateInterests'), MAX_VENDOR_IDS, 65535)
        : [],
    },
  };
}
