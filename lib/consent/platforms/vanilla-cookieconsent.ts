import { foldCategories } from '../categories.ts';
import { readingDecision } from '../decision.ts';
import { categoryOfLabel } from '../label-category.ts';
import {
  MAX_STORAGE_VALUE,
  clip,
  isRecord,
  own,
  stringList,
  timeOf,
  parseEncodedJson,
  unknown,
} from '../safe-input.ts';
import type { CategoryConsent, DecodeResult } from '../state.ts';

export const SOURCE = 'vanilla-cookieconsent';
/** Default cookie (or localStorage key with `useLocalStorage`) name. */
export const COOKIE_NAME = 'cc_cookie';

const MAX_CATEGORIES = 40;

/**
 * Builds a reading from the accepted categories and, when known, every category the site
 * declares. Category names are the site's own (`necessary`, `analytics`, `ads`, …) and are
 * recognised by their words; the raw names stay in detail.
 */
export function fromCategories(
  accepted: readonly string[],
  declared: readonly string[] | null,
  via: string,
  detail: Record<string, unknown> = {},
  recordedAt: number | null = null,
): DecodeResult {
  const all = declared !== null ? [...new Set([...declared, ...accepted])] : [...accepted];
  const list = all.slice(0, MAX_CATEGORIES).map((name) => ({
    name: clip(name, 60),
    granted: accepted.includes(name) ? true : declared !== null ? false : null,
    category: categoryOfLabel(name),
  }));
  let categories: CategoryConsent = foldCategories(list);
  const onlyNecessary = list.every((c) => c.category === 'necessary' || c.granted !== true);
  if (declared === null && onlyNecessary) {
    // v2 cookies list only what was accepted: nothing beyond necessary means a rejection.
    categories = { ...categories, preferences: false, statistics: false, marketing: false };
  }
  return {
    source: SOURCE,
    via,
    decision: readingDecision(categories, null),
    categories,
    explicit: null,
    recordedAt,
    detail: { ...detail, categories: list },
  };
}

/**
 * Decodes `cc_cookie`: URL-encoded JSON. v3 writes `{categories: [accepted], services:
 * {category: [services]}, revision, consentId, consentTimestamp, lastConsentTimestamp, …}` where
 * `services` has a key for every declared category; v2 writes `{level: [accepted], …}`.
 */
export function decode(value: string): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_STORAGE_VALUE) return unknown(SOURCE, 'value too long');
  const parsed = parseEncodedJson(value);
  if (!isRecord(parsed)) return unknown(SOURCE, 'not a JSON object');
  const acceptedRaw = own(parsed, 'categories') ?? own(parsed, 'level');
  if (!Array.isArray(acceptedRaw)) return unknown(SOURCE, 'no categories list');
  const accepted = stringList(acceptedRaw, MAX_CATEGORIES);
  const services = own(parsed, 'services');
  let declared: string[] | null = null;
  if (isRecord(services)) {
    declared = [];
    for (const name in services) {
      if (!Object.hasOwn(services, name)) continue;
      if (declared.length >= MAX_CATEGORIES) break;
      declared.push(name);
    }
  }
  const detail: Record<string, unknown> = {};
  const consentId = own(parsed, 'consentId') ?? own(parsed, 'consent_uuid');
  if (typeof consentId === 'string') detail.consentId = clip(consentId, 80);
  const revision = own(parsed, 'revision');
  if (typeof revision === 'number') detail.revision = revision;
  const expiration = own(parsed, 'expirationTime');
  if (typeof expiration === 'number') detail.expiresAt = timeOf(expiration);
  const recordedAt =
    timeOf(own(parsed, 'lastConsentTimestamp')) ??
    timeOf(own(parsed, 'consentTimestamp')) ??
    timeOf(own(parsed, 'last_consent_update')) ??
    timeOf(own(parsed, 'consent_date'));
  return fromCategories(accepted, declared, `cookie:${COOKIE_NAME}`, detail, recordedAt);
}
