import type { ConsentCategory } from '../../domain/category.ts';
import { foldCategories } from '../categories.ts';
import { readingDecision } from '../decision.ts';
import { categoryOfLabel } from '../label-category.ts';
import { MAX_COOKIE_VALUE, clip, decodeRepeatedly, unknown } from '../safe-input.ts';
import type { DecodeResult } from '../state.ts';

export const SOURCE = 'cookieyes';
export const COOKIE_NAME = 'cookieyes-consent';

/** CookieYes's default category slugs; a site's own slugs are guessed from their words. */
export const COOKIEYES_CATEGORIES: Readonly<Record<string, ConsentCategory>> = Object.freeze({
  necessary: 'necessary',
  functional: 'preferences',
  analytics: 'statistics',
  performance: 'statistics',
  advertisement: 'marketing',
});

/** Keys of the cookie that are not categories. */
const META = new Set(['consentid', 'consent', 'action', 'rev']);
const MAX_ENTRIES = 40;

function flagOf(text: string): boolean | null {
  return text === 'yes' ? true : text === 'no' ? false : null;
}

/**
 * Decodes `cookieyes-consent`: `consentid:…,consent:yes,action:yes,necessary:yes,functional:no,…`.
 * CookieYes sets `action:yes` on every banner button (close included) and `consent:no` only on
 * reject; before any action the values are empty or the site's defaults.
 */
export function decode(value: string): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_COOKIE_VALUE) return unknown(SOURCE, 'value too long');
  const text = decodeRepeatedly(value.trim());
  if (text === null) return unknown(SOURCE, 'malformed URL encoding');
  const entries = new Map<string, string>();
  for (const part of text.split(',', MAX_ENTRIES)) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    entries.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  if (!entries.has('consent') && !entries.has('necessary')) {
    return unknown(SOURCE, 'no consent or necessary entry');
  }
  const items: { category: ConsentCategory | null; granted: boolean | null }[] = [];
  const slugs: { slug: string; granted: boolean | null; category: ConsentCategory | null }[] = [];
  for (const [slug, flag] of entries) {
    if (META.has(slug)) continue;
    const category = Object.hasOwn(COOKIEYES_CATEGORIES, slug)
      ? (COOKIEYES_CATEGORIES[slug] ?? null)
      : slug === 'other'
        ? null
        : categoryOfLabel(slug);
    const granted = flagOf(flag);
    items.push({ category, granted });
    slugs.push({ slug: clip(slug, 40), granted, category });
  }
  const categories = foldCategories(items);
  const action = entries.get('action');
  const explicit = action === 'yes' ? true : action === undefined ? null : false;
  const detail: Record<string, unknown> = { categories: slugs };
  const consent = entries.get('consent');
  if (consent !== undefined) detail.consent = flagOf(consent);
  const id = entries.get('consentid');
  if (id !== undefined && id !== '') detail.consentId = clip(id, 80);
  return {
    source: SOURCE,
    via: `cookie:${COOKIE_NAME}`,
    decision: readingDecision(categories, explicit),
    categories,
    explicit,
    detail,
  };
}
