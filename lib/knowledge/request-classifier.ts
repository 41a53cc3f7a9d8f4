import { BoundedCache } from './bounded-cache.ts';
import type { HostRecord } from './host-table.ts';
import { bareDomain, lookupParentDomains } from './parent-domains.ts';
import type { HostScreen, TrackerMatcher } from './tracker-matcher.ts';
import type { RequestClassification, RequestInput } from './types.ts';

export interface RequestClassifierDeps {
  hostTable: ReadonlyMap<string, HostRecord>;
  /** Vendors by the first label of a registrable domain, for third-party hosts no table lists. */
  platformLabels: ReadonlyMap<string, HostRecord>;
  /** EasyPrivacy, or null to judge by the vendor tables alone. */
  tracker: TrackerMatcher | null;
  /** Hosts remembered (default 16384). */
  cacheSize?: number;
}

export interface RequestClassifier {
  classify(input: RequestInput): RequestClassification;
  /** The table's record for a host or cookie domain (parents walked, cached), or null. */
  hostRecord(host: string): HostRecord | null;
}

/** Per host: its records and what the filter list could say about it. */
interface HostEntry {
  /** From the domain tables. */
  record: HostRecord | null;
  /** For third-party requests: the table record, else the vendor named by the site's label
   * (undefined until first needed). */
  thirdRecord: HostRecord | null | undefined;
  /** What the filter list could say about the host (see TrackerMatcher.screenHost). */
  trackerScreen: HostScreen | undefined;
}

const NOT_TRACKING: RequestClassification = Object.freeze({
  tracker: null,
  vendor: null,
  consentPlatform: false,
  categoryBy: null,
});

/**
 * Builds the request classifier. A request is:
 * - a consent platform's own (banner, script, consent log) when its host is one: never a tracker;
 * - a tracker with source `easyprivacy` when EasyPrivacy matches it, its vendor and category
 *   taken from the host's record, or `statistics` when nothing names the vendor (EasyPrivacy
 *   lists tracking, and statistics is the least any tracking needs consent for);
 * - a tracker with source `vendor-domain` when it goes to a third-party host the tables mark
 *   as tracking (ad servers, which EasyPrivacy leaves to EasyList);
 * - otherwise not a tracker, with the host's vendor when known.
 *
 * Everything about a host is computed once and cached; the answers are frozen objects built
 * once per vendor record and outcome and shared by every host and call, so the hot path
 * allocates nothing but the filter engine's request, and a new host no answer.
 */
export function createRequestClassifier(deps: RequestClassifierDeps): RequestClassifier {
  const { hostTable, platformLabels, tracker } = deps;
  const cache = new BoundedCache<string, HostEntry>(deps.cacheSize ?? 16_384);

  const entryFor = (host: string): HostEntry => {
    let entry = cache.get(host);
    if (entry === undefined) {
      const record = lookupParentDomains(hostTable, bareDomain(host)) ?? null;
      entry = {
        record,
        thirdRecord: record ?? undefined,
        trackerScreen: tracker?.screenHost(host),
      };
      cache.set(host, entry);
    }
    return entry;
  };
  const thirdRecordOf = (entry: HostEntry, site: string): HostRecord | null => {
    if (entry.thirdRecord === undefined) {
      const dot = site.indexOf('.');
      const label = dot > 0 ? site.slice(0, dot) : '';
      entry.thirdRecord =
        label === ''
          ? null
          : (platformLabels.get(label.includes('-') ? label.replace(/-/g, '') : label) ?? null);
    }
    return entry.thirdRecord;
  };

  // Answers by record (the tables' records are a fixed set, so this stays small), by outcome.
  const answers = new Map<HostRecord | null, (RequestClassification | undefined)[]>();
  const answer = (slot: number, record: HostRecord | null): RequestClassification => {
    let built = answers.get(record);
    if (built === undefined) answers.set(record, (built = []));
    return (built[slot] ??= build(slot, record));
  };

  return {
    classify(input) {
      const thirdParty = input.site !== input.pageSite;
      const entry = entryFor(input.host);
      const record = thirdParty ? thirdRecordOf(entry, input.site) : entry.record;
      if (record?.consentPlatform) return answer(SLOT_CONSENT, record);
      const listed =
        tracker !== null &&
        tracker.matches(
          input.url,
          input.host,
          input.site,
          input.type,
          input.pageHost,
          input.pageSite,
          entry.trackerScreen,
        );
      if (listed) return answer(thirdParty ? SLOT_LISTED_THIRD : SLOT_LISTED_FIRST, record);
      if (thirdParty && record?.tracking) return answer(SLOT_VENDOR_DOMAIN, record);
      if (record === null) return NOT_TRACKING;
      return answer(thirdParty ? SLOT_PLAIN_THIRD : SLOT_PLAIN_FIRST, record);
    },
    hostRecord(host) {
      return entryFor(host).record;
    },
  };
}

const SLOT_CONSENT = 0;
const SLOT_LISTED_FIRST = 1;
const SLOT_LISTED_THIRD = 2;
const SLOT_VENDOR_DOMAIN = 3;
const SLOT_PLAIN_FIRST = 4;
const SLOT_PLAIN_THIRD = 5;

function build(slot: number, record: HostRecord | null): RequestClassification {
  const vendor = record?.vendor ?? null;
  if (slot === SLOT_CONSENT) {
    return Object.freeze({ tracker: null, vendor, consentPlatform: true, categoryBy: null });
  }
  if (slot === SLOT_LISTED_FIRST || slot === SLOT_LISTED_THIRD || slot === SLOT_VENDOR_DOMAIN) {
    const category = record?.category ?? null;
    return Object.freeze({
      tracker: Object.freeze({
        vendor,
        category: category ?? 'statistics',
        source: slot === SLOT_VENDOR_DOMAIN ? 'vendor-domain' : 'easyprivacy',
      }),
      vendor,
      consentPlatform: false,
      categoryBy:
        category === null
          ? 'list-default'
          : record?.source === 'open-cookie-database'
            ? 'open-cookie-database'
            : 'vendor-domain',
    });
  }
  return Object.freeze({ tracker: null, vendor, consentPlatform: false, categoryBy: null });
}
