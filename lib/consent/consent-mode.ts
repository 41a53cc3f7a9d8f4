import { anyGranted, categoriesOf } from './categories.ts';
import { readingDecision } from './decision.ts';
import { clip, unknown } from './safe-input.ts';
import type { CategoryConsent, DecodeResult } from './state.ts';

export const SOURCE = 'gcm';

/** The seven Consent Mode v2 types. */
export const CONSENT_TYPES = [
  'ad_storage',
  'analytics_storage',
  'ad_user_data',
  'ad_personalization',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];
export type ConsentModeValue = 'granted' | 'denied';
export type ConsentModeValues = Partial<Record<ConsentType, ConsentModeValue>>;

/** Most dataLayer entries read; consent commands come early, long pages push thousands of events. */
export const MAX_DATALAYER_ENTRIES = 5000;
const MAX_REGIONS = 60;
const MAX_URL = 16 * 1024;

/**
 * Consent Mode types → categories. `ad_storage` decides marketing: it is the signal that allows
 * advertising cookies; `ad_user_data` and `ad_personalization` govern what Google may do with
 * data, and count only when `ad_storage` is not set. `functionality_storage` and
 * `personalization_storage` → preferences (granted if either is). `security_storage` →
 * necessary, which stays granted unless it is explicitly denied.
 */
export function categoriesFromConsentMode(values: ConsentModeValues): CategoryConsent {
  const flag = (type: ConsentType): boolean | null =>
    values[type] === 'granted' ? true : values[type] === 'denied' ? false : null;
  const adStorage = flag('ad_storage');
  return categoriesOf({
    necessary: flag('security_storage') ?? true,
    preferences: anyGranted([flag('functionality_storage'), flag('personalization_storage')]),
    statistics: flag('analytics_storage'),
    marketing: adStorage ?? anyGranted([flag('ad_user_data'), flag('ad_personalization')]),
  });
}

/** Reads a property of a page object; never throws (page objects may hold throwing getters). */
function read(target: unknown, key: string | number): unknown {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null)
    return undefined;
  try {
    return (target as Record<string | number, unknown>)[key];
  } catch {
    return undefined;
  }
}

function valuesOf(params: unknown): ConsentModeValues {
  const values: ConsentModeValues = {};
  for (const type of CONSENT_TYPES) {
    const value = read(params, type);
    if (value === 'granted' || value === 'denied') values[type] = value;
  }
  return values;
}

function regionsOf(params: unknown): string[] | null {
  const region = read(params, 'region');
  if (typeof region === 'string') return [clip(region.toUpperCase(), 10)];
  if (!Array.isArray(region)) return null;
  const out: string[] = [];
  const n = Math.min(region.length, MAX_REGIONS);
  for (let i = 0; i < n; i++) {
    const r: unknown = region[i];
    if (typeof r === 'string') out.push(clip(r.toUpperCase(), 10));
  }
  return out;
}

/** How specifically `regions` match the visitor's region (`DK`, `US-CA`): 2 exact, 1 country, 0 none. */
function regionMatch(regions: readonly string[], visitor: string | null): number {
  if (visitor === null) return 0;
  let best = 0;
  for (const r of regions) {
    if (r === visitor) return 2;
    if (visitor.startsWith(`${r}-`)) best = 1;
  }
  return best;
}

export interface ConsentModeOptions {
  /** The visitor's region (`DK`, `US-CA`), to apply region-scoped defaults; unknown by default. */
  region?: string | null;
}

/**
 * Computes the Consent Mode state from a page's `dataLayer`: gtag pushes the `arguments` object
 * of `gtag('consent', 'default' | 'update', {...})`. Defaults without `region` apply to all;
 * region-scoped defaults apply only when the visitor's region is given and matches (the most
 * specific wins), and are always listed in detail. Updates apply in order over the defaults.
 * Only defaults (no update) mean nobody has chosen yet: `explicit: false`.
 */
export function consentModeFromDataLayer(
  dataLayer: unknown,
  options: ConsentModeOptions = {},
): DecodeResult {
  let length: unknown;
  try {
    length = Array.isArray(dataLayer) ? dataLayer.length : undefined;
  } catch {
    length = undefined;
  }
  if (typeof length !== 'number') return unknown(SOURCE, 'dataLayer is not an array');
  const visitor = typeof options.region === 'string' ? options.region.toUpperCase() : null;
  const defaults: ConsentModeValues = {};
  const regional: { regions: string[]; values: ConsentModeValues; match: number }[] = [];
  const updates: ConsentModeValues = {};
  let commands = 0;
  let updateCount = 0;
  let waitForUpdate: number | null = null;
  const settings: Record<string, unknown> = {};
  const n = Math.min(length, MAX_DATALAYER_ENTRIES);
  for (let i = 0; i < n; i++) {
    const entry = read(dataLayer, i);
    const command = read(entry, 0);
    if (command === 'set') {
      const key = read(entry, 1);
      const value = read(entry, 2);
      if (
        (key === 'ads_data_redaction' || key === 'url_passthrough') &&
        typeof value === 'boolean'
      ) {
        settings[key] = value;
      }
      continue;
    }
    if (command !== 'consent') continue;
    const action = read(entry, 1);
    const params = read(entry, 2);
    if (action !== 'default' && action !== 'update') continue;
    commands++;
    const values = valuesOf(params);
    if (action === 'update') {
      updateCount++;
      Object.assign(updates, values);
      continue;
    }
    const wait = read(params, 'wait_for_update');
    if (typeof wait === 'number' && Number.isFinite(wait)) waitForUpdate = wait;
    const regions = regionsOf(params);
    if (regions === null || regions.length === 0) {
      // A later default for a type does not override an earlier one (gtag keeps the first).
      for (const type of CONSENT_TYPES) {
        if (defaults[type] === undefined && values[type] !== undefined)
          defaults[type] = values[type];
      }
    } else if (regional.length < 50) {
      regional.push({ regions, values, match: regionMatch(regions, visitor) });
    }
  }
  if (commands === 0) return unknown(SOURCE, 'no consent command in dataLayer');

  const effectiveDefaults: ConsentModeValues = { ...defaults };
  for (const type of CONSENT_TYPES) {
    let best = 0;
    for (const r of regional) {
      if (r.match > best && r.values[type] !== undefined) {
        best = r.match;
        effectiveDefaults[type] = r.values[type];
      }
    }
  }
  const values: ConsentModeValues = { ...effectiveDefaults, ...updates };
  const categories = categoriesFromConsentMode(values);
  const explicit = updateCount > 0 ? null : false;
  return {
    source: SOURCE,
    via: 'dataLayer',
    decision: readingDecision(categories, explicit),
    categories,
    explicit,
    detail: {
      values,
      defaults,
      updates,
      updateCount,
      ...(regional.length > 0
        ? { regionDefaults: regional.map((r) => ({ regions: r.regions, values: r.values })) }
        : {}),
      ...(visitor !== null ? { region: visitor } : {}),
      ...(waitForUpdate !== null ? { waitForUpdate } : {}),
      ...(Object.keys(settings).length > 0 ? { settings } : {}),
      ...(length > MAX_DATALAYER_ENTRIES ? { entriesNotRead: length - MAX_DATALAYER_ENTRIES } : {}),
    },
  };
}

/**
 * Decodes `gcs` (`G1` + ad_storage + analytics_storage, each `1` granted, `0` denied, `-` not
 * set): `G100`, `G110`, `G101`, `G111`.
 */
export function decodeGcs(value: string): DecodeResult {
  if (typeof value !== 'string' || value.length > 10) return unknown(SOURCE, 'not a gcs value');
  const match = /^G1([01-])([01-])$/.exec(value.trim());
  if (match === null) return unknown(SOURCE, 'not a gcs value');
  const flag = (c: string | undefined): ConsentModeValue | undefined =>
    c === '1' ? 'granted' : c === '0' ? 'denied' : undefined;
  const values: ConsentModeValues = {};
  const ad = flag(match[1]);
  const analytics = flag(match[2]);
  if (ad !== undefined) values.ad_storage = ad;
  if (analytics !== undefined) values.analytics_storage = analytics;
  const categories = categoriesFromConsentMode(values);
  return {
    source: SOURCE,
    via: 'request:gcs',
    decision: readingDecision(categories, null),
    categories,
    explicit: null,
    detail: { gcs: value.trim(), values },
  };
}

/**
 * The letters of `gcd`, one per consent type: how the type was set by default and by update.
 * l: not set; p: denied by default; q: denied by default and by update; t: granted by default;
 * r: denied by default, granted by update; m: denied by update (no default); n: granted by
 * update (no default); u: granted by default, denied by update; v: granted by default and update.
 * (Google does not document these; this table is the one Markus Baersch published on
 * simoahava.com and that other debugging guides repeat.)
 */
export const GCD_LETTERS: Readonly<
  Record<string, { default: ConsentModeValue | null; update: ConsentModeValue | null }>
> = Object.freeze({
  l: { default: null, update: null },
  p: { default: 'denied', update: null },
  q: { default: 'denied', update: 'denied' },
  t: { default: 'granted', update: null },
  r: { default: 'denied', update: 'granted' },
  m: { default: null, update: 'denied' },
  n: { default: null, update: 'granted' },
  u: { default: 'granted', update: 'denied' },
  v: { default: 'granted', update: 'granted' },
});

/** Order of the types in `gcd`: `11<ad_storage>1<analytics_storage>1<ad_user_data>1<ad_personalization>5`. */
const GCD_TYPES = [
  'ad_storage',
  'analytics_storage',
  'ad_user_data',
  'ad_personalization',
] as const;

/** Decodes `gcd` (Consent Mode v2), e.g. `11p1p1p1p5` (all denied by default), `11r1r1r1r5`. */
export function decodeGcd(value: string): DecodeResult {
  if (typeof value !== 'string' || value.length > 40) return unknown(SOURCE, 'not a gcd value');
  const match = /^\d{2}([a-z])\d+([a-z])\d+([a-z])\d+([a-z])\d*$/.exec(value.trim());
  if (match === null) return unknown(SOURCE, 'not a gcd value');
  const values: ConsentModeValues = {};
  const letters: Record<string, string> = {};
  let updated = false;
  for (let i = 0; i < GCD_TYPES.length; i++) {
    const letter = match[i + 1] ?? '';
    const type = GCD_TYPES[i];
    if (type === undefined) continue;
    letters[type] = letter;
    if (!Object.hasOwn(GCD_LETTERS, letter)) continue;
    const meaning = GCD_LETTERS[letter];
    if (meaning === undefined) continue;
    if (meaning.update !== null) updated = true;
    const effective = meaning.update ?? meaning.default;
    if (effective !== null) values[type] = effective;
  }
  const categories = categoriesFromConsentMode(values);
  const explicit = updated ? null : false;
  return {
    source: SOURCE,
    via: 'request:gcd',
    decision: readingDecision(categories, explicit),
    categories,
    explicit,
    detail: { gcd: value.trim(), letters, values, updated },
  };
}

/** The sites whose requests carry Google's consent parameters (GA4, Ads, Floodlight, tags). */
const GOOGLE_MEASUREMENT_SITES: ReadonlySet<string> = new Set([
  'google-analytics.com',
  'googletagmanager.com',
  'doubleclick.net',
  'googleadservices.com',
  'googlesyndication.com',
  'google.com',
]);

/**
 * Whether a request may carry `gcs` / `gcd` worth reading: one of Google's measurement sites
 * and the parameter in the URL (a cheap test for every request of a page).
 */
export function mayCarryGoogleConsent(site: string, url: string): boolean {
  return GOOGLE_MEASUREMENT_SITES.has(site) && (url.includes('gcs=') || url.includes('gcd='));
}

/**
 * Reads `gcs` and `gcd` from a Google measurement request URL (GA4 `/g/collect`, Google Ads,
 * Floodlight, …): zero, one or two readings.
 */
export function consentFromGoogleRequest(url: string): DecodeResult[] {
  if (typeof url !== 'string' || url.length > MAX_URL) return [];
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return [];
  }
  const out: DecodeResult[] = [];
  const gcs = params.get('gcs');
  if (gcs !== null) out.push(decodeGcs(gcs));
  const gcd = params.get('gcd');
  if (gcd !== null) out.push(decodeGcd(gcd));
  return out;
}
