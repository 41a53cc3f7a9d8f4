import type { ConsentCategory } from '../../domain/category.ts';
import { categoriesOf, foldCategories } from '../categories.ts';
import { readingDecision } from '../decision.ts';
import {
  MAX_COOKIE_VALUE,
  clip,
  isRecord,
  own,
  timeOf,
  parseEncodedJson,
  unknown,
} from '../safe-input.ts';
import type { DecodeResult } from '../state.ts';

export const SOURCE = 'iubenda';
/** `_iub_cs-<site id>`; `-uspr` (US privacy) and `-granular` variants are different records. */
export const COOKIE_PREFIX = '_iub_cs-';

/**
 * iubenda's purposes: 1 strictly necessary, 2 basic interactions and functionalities,
 * 3 experience enhancement, 4 measurement, 5 targeting and advertising.
 */
export const IUBENDA_PURPOSES: Readonly<Record<string, ConsentCategory>> = Object.freeze({
  '1': 'necessary',
  '2': 'preferences',
  '3': 'preferences',
  '4': 'statistics',
  '5': 'marketing',
});

/** Whether a cookie name is iubenda's consent record (not its US-privacy or granular variant). */
export function isConsentCookieName(name: string): boolean {
  return /^_iub_cs-[A-Za-z0-9]{1,20}$/.test(name);
}

/**
 * Decodes `_iub_cs-<id>`: URL-encoded JSON `{timestamp, version, purposes: {"1": true, …}, id,
 * cons: {rand}}`. Without per-purpose consent the site uses a single `consent: true|false`;
 * a record with neither (just the site id) is written before any choice.
 */
export function decode(value: string): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_COOKIE_VALUE) return unknown(SOURCE, 'value too long');
  const parsed = parseEncodedJson(value);
  if (!isRecord(parsed)) return unknown(SOURCE, 'not a JSON object');
  const via = 'cookie:_iub_cs-*';
  const detail: Record<string, unknown> = {};
  const id = own(parsed, 'id');
  if (typeof id === 'number' || typeof id === 'string') detail.siteId = clip(String(id), 20);
  const version = own(parsed, 'version');
  if (typeof version === 'string') detail.version = clip(version, 20);
  const recordedAt = timeOf(own(parsed, 'timestamp'));

  const purposes = own(parsed, 'purposes');
  if (isRecord(purposes)) {
    const items: { category: ConsentCategory | null; granted: boolean | null }[] = [];
    const list: { id: string; granted: boolean }[] = [];
    let count = 0;
    for (const key in purposes) {
      if (!Object.hasOwn(purposes, key)) continue;
      if (++count > 30) break;
      const granted = own(purposes, key);
      if (typeof granted !== 'boolean') continue;
      list.push({ id: clip(key, 10), granted });
      items.push({
        category: Object.hasOwn(IUBENDA_PURPOSES, key) ? (IUBENDA_PURPOSES[key] ?? null) : null,
        granted,
      });
    }
    const categories = foldCategories(items);
    return {
      source: SOURCE,
      via,
      decision: readingDecision(categories, null),
      categories,
      explicit: null,
      recordedAt,
      detail: { ...detail, purposes: list },
    };
  }
  const consent = own(parsed, 'consent');
  if (typeof consent === 'boolean') {
    const categories = categoriesOf({
      preferences: consent,
      statistics: consent,
      marketing: consent,
    });
    return {
      source: SOURCE,
      via,
      decision: consent ? 'accept' : 'reject',
      categories,
      explicit: null,
      recordedAt,
      detail: { ...detail, consent },
    };
  }
  if (id !== undefined) {
    return {
      source: SOURCE,
      via,
      decision: 'none',
      categories: categoriesOf(),
      explicit: false,
      recordedAt,
      detail,
    };
  }
  return unknown(SOURCE, 'no purposes, consent or id field');
}
