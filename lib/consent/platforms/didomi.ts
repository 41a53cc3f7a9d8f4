import type { ConsentCategory } from '../../domain/category.ts';
import { foldCategories } from '../categories.ts';
import { readingDecision } from '../decision.ts';
import { categoryOfLabel } from '../label-category.ts';
import {
  MAX_STORAGE_VALUE,
  clip,
  parseEncodedJson,
  isRecord,
  own,
  stringList,
  timeOf,
  tryParseJson,
  unknown,
} from '../safe-input.ts';
import type { CategoryConsent, DecodeResult } from '../state.ts';

export const SOURCE = 'didomi';
/** Cookie and localStorage key. */
export const TOKEN_NAME = 'didomi_token';

/**
 * Didomi's ids for the IAB TCF purposes, mapped as `tcf.ts` maps the purposes themselves
 * (`cookies` is purpose 1, the storage gate). The special features (`geolocation_data`,
 * `device_characteristics`) and custom purposes without a recognisable word stay unmapped.
 */
export const DIDOMI_PURPOSES: Readonly<Record<string, ConsentCategory | 'storage'>> = Object.freeze(
  {
    cookies: 'storage',
    select_basic_ads: 'marketing',
    create_ads_profile: 'marketing',
    select_personalized_ads: 'marketing',
    create_content_profile: 'preferences',
    select_personalized_content: 'preferences',
    use_limited_data_to_select_content: 'preferences',
    measure_ad_performance: 'statistics',
    measure_content_performance: 'statistics',
    market_research: 'statistics',
    improve_products: 'statistics',
  },
);

const SPECIAL_FEATURES = new Set(['geolocation_data', 'device_characteristics']);

function purposeCategory(id: string): ConsentCategory | 'storage' | null {
  if (Object.hasOwn(DIDOMI_PURPOSES, id)) return DIDOMI_PURPOSES[id] ?? null;
  if (SPECIAL_FEATURES.has(id)) return null;
  // Custom purposes carry a random suffix: `analytics-NGqxWbmn`.
  return categoryOfLabel(id.replace(/-[A-Za-z0-9]{6,12}$/, ''));
}

/**
 * Builds a reading from Didomi's enabled and disabled purpose lists (consent legal basis).
 * A disabled `cookies` purpose denies storage for every other purpose.
 */
export function fromPurposeLists(
  enabled: readonly string[],
  disabled: readonly string[],
  via: string,
  explicit: boolean | null,
  detail: Record<string, unknown> = {},
  recordedAt: number | null = null,
): DecodeResult {
  const purposes = [
    ...enabled.map((id) => ({ id, granted: true })),
    ...disabled.filter((id) => !enabled.includes(id)).map((id) => ({ id, granted: false })),
  ];
  const items: { category: ConsentCategory | null; granted: boolean | null }[] = [];
  let storage: boolean | null = null;
  for (const p of purposes) {
    const category = purposeCategory(p.id);
    if (category === 'storage') storage = p.granted;
    else items.push({ category, granted: p.granted });
  }
  let categories: CategoryConsent = foldCategories(items);
  if (storage === false) {
    categories = { ...categories, preferences: false, statistics: false, marketing: false };
  }
  const unmapped = purposes.filter((p) => purposeCategory(p.id) === null).map((p) => p.id);
  let decision = readingDecision(categories, explicit);
  if (decision === 'none' && purposes.length > 0 && explicit !== false) {
    // Only purposes of no known category (opaque custom ids): decide from the lists themselves.
    const on = purposes.filter((p) => p.granted).length;
    decision = on === purposes.length ? 'accept' : on === 0 ? 'reject' : 'custom';
  }
  return {
    source: SOURCE,
    via,
    decision,
    categories,
    explicit,
    recordedAt,
    detail: {
      ...detail,
      purposes,
      ...(unmapped.length > 0 ? { unmappedPurposes: unmapped } : {}),
    },
  };
}

/** Decodes base64 (standard or URL-safe, padding optional) as UTF-8 text, or null. */
function fromBase64(text: string): string | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return null;
  }
}

function listPair(record: unknown): { enabled: string[]; disabled: string[] } {
  if (!isRecord(record)) return { enabled: [], disabled: [] };
  return {
    enabled: stringList(own(record, 'enabled')),
    disabled: stringList(own(record, 'disabled')),
  };
}

/**
 * Decodes `didomi_token`: base64 JSON in the cookie, plain (sometimes URL-encoded) JSON in
 * localStorage. Its purpose lists hold the custom purposes (and, without TCF, the standard
 * ones); a token with no purpose and no vendor list is written before any choice.
 */
export function decode(value: string): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_STORAGE_VALUE) return unknown(SOURCE, 'value too long');
  const trimmed = value.trim();
  let token: unknown;
  if (/^(\{|%7B)/i.test(trimmed)) {
    token = parseEncodedJson(trimmed);
  } else {
    const text = fromBase64(trimmed);
    if (text === null) return unknown(SOURCE, 'neither JSON nor base64');
    token = tryParseJson(text);
  }
  if (!isRecord(token)) return unknown(SOURCE, 'not a JSON object');
  if (
    !Object.hasOwn(token, 'user_id') &&
    !Object.hasOwn(token, 'purposes') &&
    !Object.hasOwn(token, 'vendors')
  ) {
    return unknown(SOURCE, 'no user_id, purposes or vendors');
  }
  const purposes = listPair(own(token, 'purposes'));
  const vendors = listPair(own(token, 'vendors'));
  const purposesLi = listPair(own(token, 'purposes_li'));
  const vendorsLi = listPair(own(token, 'vendors_li'));
  const detail: Record<string, unknown> = {
    vendors: { enabled: vendors.enabled, disabled: vendors.disabled },
  };
  if (purposesLi.enabled.length + purposesLi.disabled.length > 0)
    detail.purposesLegitimateInterest = purposesLi;
  if (vendorsLi.enabled.length + vendorsLi.disabled.length > 0)
    detail.vendorsLegitimateInterest = vendorsLi;
  const userId = own(token, 'user_id');
  if (typeof userId === 'string') detail.userId = clip(userId, 80);
  const version = own(token, 'version');
  if (typeof version === 'number') detail.tcfVersion = version;
  const anyList =
    purposes.enabled.length +
      purposes.disabled.length +
      vendors.enabled.length +
      vendors.disabled.length >
    0;
  return fromPurposeLists(
    purposes.enabled,
    purposes.disabled,
    `cookie:${TOKEN_NAME}`,
    anyList ? null : false,
    detail,
    timeOf(own(token, 'updated')),
  );
}
