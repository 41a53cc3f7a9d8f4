import type { ConsentCategory } from '../../domain/category.ts';
import { foldCategories } from '../categories.ts';
import { readingDecision } from '../decision.ts';
import {
  MAX_COOKIE_VALUE,
  clip,
  isRecord,
  own,
  stringList,
  timeOf,
  parseEncodedJson,
  unknown,
} from '../safe-input.ts';
import type { DecodeResult } from '../state.ts';

export const SOURCE = 'cookieinformation';
export const COOKIE_NAME = 'CookieInformationConsent';

/**
 * Cookie Information's category ids. `cookie_cat_unclassified` (cookies the scanner could not
 * place) has no category of its own: it is kept in detail.
 */
export const COOKIE_INFORMATION_CATEGORIES: Readonly<Record<string, ConsentCategory>> =
  Object.freeze({
    cookie_cat_necessary: 'necessary',
    cookie_cat_functional: 'preferences',
    cookie_cat_statistic: 'statistics',
    cookie_cat_marketing: 'marketing',
  });

function categoryOf(id: string): ConsentCategory | null {
  return Object.hasOwn(COOKIE_INFORMATION_CATEGORIES, id)
    ? (COOKIE_INFORMATION_CATEGORIES[id] ?? null)
    : null;
}

/** Builds a reading from `{categoryId: granted}`, as the cookie lists and the JS API return them. */
export function fromCategoryFlags(
  flags: readonly { id: string; granted: boolean }[],
  via: string,
  detail: Record<string, unknown> = {},
  recordedAt: number | null = null,
): DecodeResult {
  const categories = foldCategories(
    flags.map((f) => ({ category: categoryOf(f.id), granted: f.granted })),
  );
  const unclassified = flags.find((f) => f.id === 'cookie_cat_unclassified');
  const other = flags.filter(
    (f) => f.id !== 'cookie_cat_unclassified' && categoryOf(f.id) === null,
  );
  return {
    source: SOURCE,
    via,
    decision: readingDecision(categories, null),
    categories,
    explicit: null,
    recordedAt,
    detail: {
      ...detail,
      ...(unclassified ? { unclassified: unclassified.granted } : {}),
      ...(other.length > 0
        ? { otherCategories: other.map((f) => ({ id: f.id, granted: f.granted })) }
        : {}),
    },
  };
}

/**
 * Decodes `CookieInformationConsent`: URL-encoded JSON with `consents_approved` and
 * `consents_denied` lists of category ids, written when the visitor chooses.
 */
export function decode(value: string): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_COOKIE_VALUE) return unknown(SOURCE, 'value too long');
  const parsed = parseEncodedJson(value);
  if (!isRecord(parsed)) return unknown(SOURCE, 'not a JSON object');
  const approvedRaw = own(parsed, 'consents_approved');
  const deniedRaw = own(parsed, 'consents_denied');
  if (!Array.isArray(approvedRaw) && !Array.isArray(deniedRaw)) {
    return unknown(SOURCE, 'no consents_approved or consents_denied list');
  }
  const approved = stringList(approvedRaw, 50);
  const denied = stringList(deniedRaw, 50).filter((id) => !approved.includes(id));
  const flags = [
    ...approved.map((id) => ({ id, granted: true })),
    ...denied.map((id) => ({ id, granted: false })),
  ];
  const detail: Record<string, unknown> = {};
  const uid = own(parsed, 'user_uid');
  if (typeof uid === 'string') detail.consentId = clip(uid, 80);
  const site = own(parsed, 'consent_website');
  if (typeof site === 'string') detail.website = clip(site, 120);
  return fromCategoryFlags(
    flags,
    `cookie:${COOKIE_NAME}`,
    detail,
    timeOf(own(parsed, 'timestamp')),
  );
}
