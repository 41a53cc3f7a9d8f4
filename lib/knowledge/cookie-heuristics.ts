import type { ConsentCategory } from '../domain/category.ts';

/**
 * Name families the tables do not list but whose vendor is certain from the prefix alone:
 * each prefix is documented by its vendor as theirs and used by no one else in practice.
 * Consulted only after every table (exact names and wildcard rows) has missed.
 */
export interface NameFamily {
  prefix: string;
  vendor: string;
  category: ConsentCategory;
}

export const NAME_FAMILIES: readonly NameFamily[] = [
  { prefix: '_gcl_', vendor: 'Google Ads', category: 'marketing' },
  { prefix: '__utm', vendor: 'Google Analytics', category: 'statistics' },
  { prefix: '_ga_', vendor: 'Google Analytics', category: 'statistics' },
  { prefix: '_hj', vendor: 'Hotjar', category: 'statistics' },
  { prefix: 'ajs_', vendor: 'Segment', category: 'statistics' },
  { prefix: '_pin_', vendor: 'Pinterest', category: 'marketing' },
  { prefix: '_tt_', vendor: 'TikTok', category: 'marketing' },
  { prefix: '_scid', vendor: 'Snap', category: 'marketing' },
  { prefix: '_uet', vendor: 'Microsoft Advertising', category: 'marketing' },
  { prefix: '_ym_', vendor: 'Yandex Metrica', category: 'statistics' },
  { prefix: '_mkto_', vendor: 'Marketo', category: 'marketing' },
  { prefix: 'optimizely', vendor: 'Optimizely', category: 'statistics' },
  { prefix: '_vwo', vendor: 'VWO', category: 'statistics' },
  { prefix: '_vis_opt_', vendor: 'VWO', category: 'statistics' },
  { prefix: '_sp_', vendor: 'Snowplow', category: 'statistics' },
  { prefix: '_clck', vendor: 'Microsoft Clarity', category: 'statistics' },
  { prefix: '_clsk', vendor: 'Microsoft Clarity', category: 'statistics' },
];

/** Values longer than this are not examined (a preview is enough to recognise an id). */
const VALUE_LIMIT = 512;

/**
 * Does `value` look like a random identifier: at least 16 characters, no spaces, at least ten
 * distinct characters, and at least 3 bits of entropy per character? Consent records, flags,
 * timestamps and language codes fail; UUIDs, base64 ids and GA's `GA1.1.<random>.<time>` pass.
 * A preference can never be told from an id by its value alone, so this only ever feeds a hint.
 */
export function looksLikeIdentifier(value: string): boolean {
  const n = value.length;
  if (n < 16 || n > VALUE_LIMIT) return false;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c <= 32 || c === 123 || c === 34) return false; // whitespace, JSON
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  if (counts.size < 10) return false;
  let entropy = 0;
  for (const k of counts.values()) {
    const p = k / n;
    entropy -= p * Math.log2(p);
  }
  return entropy >= 3;
}
