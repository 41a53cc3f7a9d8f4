import type { ConsentCategory } from '../domain/category.ts';
import { CONSENT_PLATFORM_HOSTS } from './consent-platforms.ts';
import type { OcdEntry } from './knowledge-data.ts';
import { VENDOR_DOMAINS } from './vendor-domains.ts';
import { vendorKey } from './vendor-names.ts';

/** What is known about the hosts under one domain. */
export interface HostRecord {
  vendor: string | null;
  /** What tracking there is for; null when unknown. */
  category: ConsentCategory | null;
  /** A third-party request there is a tracker even without a filter-list match. */
  tracking: boolean;
  consentPlatform: boolean;
  /** Which table said so. */
  source: 'consent-platform' | 'vendor-domain' | 'open-cookie-database';
}

/** Ties between categories go to the one that needs the most consent. */
const CATEGORY_WEIGHT: Readonly<Record<ConsentCategory, number>> = {
  necessary: 0,
  preferences: 1,
  statistics: 2,
  marketing: 3,
};

/**
 * Builds the domain → record table: consent platforms first, then the curated vendor domains,
 * then every site the Open Cookie Database names (its most frequent vendor; tracking when every
 * cookie it lists there is for statistics or marketing). An earlier source keeps its domain.
 */
export function buildHostTable(ocd: readonly OcdEntry[]): Map<string, HostRecord> {
  const table = new Map<string, HostRecord>();
  for (const { domain, platform } of CONSENT_PLATFORM_HOSTS) {
    if (!table.has(domain)) {
      table.set(domain, {
        vendor: platform,
        category: 'necessary',
        tracking: false,
        consentPlatform: true,
        source: 'consent-platform',
      });
    }
  }
  for (const { domain, vendor, category, tracking } of VENDOR_DOMAINS) {
    if (!table.has(domain)) {
      table.set(domain, {
        vendor,
        category,
        tracking,
        consentPlatform: false,
        source: 'vendor-domain',
      });
    }
  }
  const bySite = new Map<string, OcdEntry[]>();
  for (const entry of ocd) {
    for (const site of entry.sites) {
      let list = bySite.get(site);
      if (!list) bySite.set(site, (list = []));
      list.push(entry);
    }
  }
  for (const [site, entries] of bySite) {
    if (table.has(site)) continue;
    const tracking = entries.every(
      (e) => e.category === 'marketing' || e.category === 'statistics',
    );
    table.set(site, {
      vendor: mostFrequent(entries.map((e) => e.vendor)),
      category: dominantCategory(entries),
      tracking,
      consentPlatform: false,
      source: 'open-cookie-database',
    });
  }
  return table;
}

/**
 * Vendors by the first label of their registrable domain ("hotjar" for hotjar.com), from the
 * Open Cookie Database's Platform names, for third-party hosts no table lists. Names shorter
 * than four letters are left out: "x" or "sap" would claim far too many unrelated sites.
 */
export function buildPlatformLabels(ocd: readonly OcdEntry[]): Map<string, HostRecord> {
  const byKey = new Map<string, OcdEntry[]>();
  // A few hundred vendors name two thousand rows: derive each vendor's key once.
  const keys = new Map<string, string>();
  for (const entry of ocd) {
    if (entry.vendor === null) continue;
    let key = keys.get(entry.vendor);
    if (key === undefined) {
      key = vendorKey(entry.vendor.replace(/\.(?:com|net|io|org|me|co|de|nl)$/i, ''));
      keys.set(entry.vendor, key);
    }
    if (key.length < 4) continue;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(entry);
  }
  const labels = new Map<string, HostRecord>();
  for (const [key, entries] of byKey) {
    labels.set(key, {
      vendor: entries[0]?.vendor ?? null,
      category: dominantCategory(entries),
      tracking: false,
      consentPlatform: false,
      source: 'open-cookie-database',
    });
  }
  return labels;
}

function dominantCategory(entries: readonly OcdEntry[]): ConsentCategory | null {
  const counts = new Map<ConsentCategory, number>();
  for (const e of entries) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
  let best: ConsentCategory | null = null;
  let bestCount = 0;
  for (const [category, n] of counts) {
    if (
      n > bestCount ||
      (n === bestCount && best !== null && CATEGORY_WEIGHT[category] > CATEGORY_WEIGHT[best])
    ) {
      best = category;
      bestCount = n;
    }
  }
  return best;
}

function mostFrequent(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (const v of values) {
    if (v === null) continue;
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestCount) [best, bestCount] = [v, n];
  }
  return best;
}
