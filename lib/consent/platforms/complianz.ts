import type { ConsentCategory } from '../../domain/category.ts';
import { categoriesOf } from '../categories.ts';
import { readingDecision } from '../decision.ts';
import { MAX_COOKIE_VALUE, clip, tryDecodeURIComponent, unknown } from '../safe-input.ts';
import type { CategoryConsent, DecodeResult } from '../state.ts';

export const SOURCE = 'complianz';
/** Every Complianz cookie starts with this. */
export const COOKIE_PREFIX = 'cmplz_';

/**
 * One cookie per category, `allow` or `deny`. Complianz's `functional` category is its
 * always-on one (what the others call necessary), not a preferences category.
 */
export const COMPLIANZ_COOKIES: Readonly<Record<string, ConsentCategory>> = Object.freeze({
  cmplz_functional: 'necessary',
  cmplz_preferences: 'preferences',
  cmplz_statistics: 'statistics',
  cmplz_marketing: 'marketing',
});
/** `dismissed` once the visitor answered the banner. */
export const BANNER_STATUS_COOKIE = 'cmplz_banner-status';
/** Older Complianz versions: one cookie for the whole choice (`allow`, `deny`, `dismiss`). */
export const LEGACY_STATUS_COOKIE = 'cmplz_consent_status';

const MAX_COOKIES = 100;

export interface NamedValue {
  name: string;
  value: string;
}

function flagOf(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  return v === 'allow' ? true : v === 'deny' ? false : null;
}

/**
 * Decodes the set of Complianz cookies a page holds (other cookies are ignored). The category
 * cookies exist only once the banner has been answered (or when the site's region needs no
 * consent); `cmplz_banner-status=dismissed` records the answer.
 */
export function decodeCookies(cookies: readonly NamedValue[]): DecodeResult {
  if (!Array.isArray(cookies)) return unknown(SOURCE, 'cookies is not a list');
  const partial: Partial<CategoryConsent> = {};
  const detail: Record<string, unknown> = {};
  let seen = false;
  let bannerStatus: string | null = null;
  let legacy: boolean | null | undefined;
  const n = Math.min(cookies.length, MAX_COOKIES);
  for (let i = 0; i < n; i++) {
    const cookie = cookies[i];
    if (cookie === undefined || typeof cookie.name !== 'string' || typeof cookie.value !== 'string')
      continue;
    if (cookie.value.length > MAX_COOKIE_VALUE) continue;
    const value = tryDecodeURIComponent(cookie.value) ?? cookie.value;
    if (Object.hasOwn(COMPLIANZ_COOKIES, cookie.name)) {
      const category = COMPLIANZ_COOKIES[cookie.name];
      const flag = flagOf(value);
      if (category !== undefined && flag !== null) {
        partial[category] = flag;
        seen = true;
      }
    } else if (cookie.name === BANNER_STATUS_COOKIE) {
      bannerStatus = clip(value.trim(), 20);
    } else if (cookie.name === LEGACY_STATUS_COOKIE) {
      legacy = flagOf(value);
      detail.legacyStatus = clip(value.trim(), 20);
    } else if (cookie.name === 'cmplz_policy_id') {
      detail.policyId = clip(value.trim(), 20);
    }
  }
  if (!seen && legacy !== undefined && legacy !== null) {
    partial.preferences = legacy;
    partial.statistics = legacy;
    partial.marketing = legacy;
    seen = true;
  }
  if (!seen) {
    return unknown(
      SOURCE,
      bannerStatus === null
        ? 'no Complianz category cookie'
        : 'banner status only, no category cookie',
    );
  }
  if (bannerStatus !== null) detail.bannerStatus = bannerStatus;
  const categories = categoriesOf(partial);
  const explicit = bannerStatus === 'dismissed' ? true : bannerStatus === null ? null : false;
  return {
    source: SOURCE,
    via: `cookie:${COOKIE_PREFIX}*`,
    decision: readingDecision(categories, explicit),
    categories,
    explicit,
    detail,
  };
}

/**
 * Decodes Complianz cookies given as one `Cookie`-header-like string
 * (`cmplz_marketing=deny; cmplz_statistics=allow; cmplz_banner-status=dismissed`).
 */
export function decode(value: string): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_COOKIE_VALUE) return unknown(SOURCE, 'value too long');
  const cookies: NamedValue[] = [];
  for (const part of value.split(';', MAX_COOKIES)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    cookies.push({ name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
  }
  return decodeCookies(cookies);
}
