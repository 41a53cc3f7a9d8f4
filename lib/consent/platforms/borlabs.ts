import type { ConsentCategory } from '../../domain/category.ts';
import { foldCategories } from '../categories.ts';
import { readingDecision } from '../decision.ts';
import { categoryOfLabel } from '../label-category.ts';
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

export const SOURCE = 'borlabs';
export const COOKIE_NAME = 'borlabs-cookie';

/**
 * Borlabs Cookie's default service groups. `external-media` (video, maps and social embeds the
 * visitor unblocks) is read as preferences: third-party content the visitor chose to see.
 */
export const BORLABS_GROUPS: Readonly<Record<string, ConsentCategory>> = Object.freeze({
  essential: 'necessary',
  statistics: 'statistics',
  marketing: 'marketing',
  'external-media': 'preferences',
});

const MAX_GROUPS = 40;

/**
 * Decodes `borlabs-cookie`: URL-encoded JSON `{consents: {essential: […], statistics: […], …},
 * domainPath, expires, uid, version}` (`v3: true` in Borlabs 3). Only consented groups are
 * written, so a default group that is absent was refused; a site's own groups count only
 * when present (a site may not have them at all).
 */
export function decode(value: string): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_COOKIE_VALUE) return unknown(SOURCE, 'value too long');
  const parsed = parseEncodedJson(value);
  if (!isRecord(parsed)) return unknown(SOURCE, 'not a JSON object');
  const consents = own(parsed, 'consents');
  if (!isRecord(consents)) return unknown(SOURCE, 'no consents object');

  const groups: { id: string; services: string[]; category: ConsentCategory | null }[] = [];
  let count = 0;
  for (const id in consents) {
    if (!Object.hasOwn(consents, id)) continue;
    if (++count > MAX_GROUPS) break;
    const category = Object.hasOwn(BORLABS_GROUPS, id)
      ? (BORLABS_GROUPS[id] ?? null)
      : categoryOfLabel(id);
    groups.push({ id: clip(id, 60), services: stringList(own(consents, id), 100), category });
  }
  const items = groups.map((g) => ({ category: g.category, granted: true as boolean | null }));
  for (const id of Object.keys(BORLABS_GROUPS)) {
    if (id !== 'essential' && !Object.hasOwn(consents, id)) {
      items.push({ category: BORLABS_GROUPS[id] ?? null, granted: false });
    }
  }
  const categories = foldCategories(items);
  const detail: Record<string, unknown> = { groups };
  const uid = own(parsed, 'uid');
  if (typeof uid === 'string') detail.uid = clip(uid, 80);
  const version = own(parsed, 'version');
  if (typeof version === 'string' || typeof version === 'number')
    detail.version = clip(String(version), 20);
  if (own(parsed, 'v3') === true) detail.v3 = true;
  const expires = own(parsed, 'expires');
  if (typeof expires === 'string') detail.expiresAt = timeOf(expires);
  return {
    source: SOURCE,
    via: `cookie:${COOKIE_NAME}`,
    decision: readingDecision(categories, null),
    categories,
    explicit: null,
    detail,
  };
}
