import { Config, FiltersEngine, NetworkFilter, detectFilterType } from '@ghostery/adblocker';
import { countInto as count, type CompileCounts } from './compile-counts.ts';
import { compileFilterScreen } from './filter-screen.ts';
import { compileHostnameFilters, inHostnameTable, type ListedFilter } from './hostname-filters.ts';
import type { EasyPrivacyScreenData } from './knowledge-data.ts';

export interface EasyPrivacyCompileResult extends CompileCounts {
  /** The list's own version stamp (`! Version:` header), or null if it has none. */
  version: string | null;
  /**
   * The serialised engine, for `FiltersEngine.deserialize`: every filter but the blocking ones
   * the hostname tables hold.
   */
  engine: Uint8Array;
  /** What the worker needs beside the engine: the hostname tables and the filter screens. */
  screen: EasyPrivacyScreenData;
}

/**
 * The engine's options: network filters only. Cosmetic (element-hiding) filters say nothing
 * about whether a request tracks, and leaving them out keeps the serialised engine small.
 */
export const EASYPRIVACY_ENGINE_OPTIONS = {
  loadNetworkFilters: true,
  loadExceptionFilters: true,
  loadCosmeticFilters: false,
  loadGenericCosmeticsFilters: false,
  loadCSPFilters: false,
  enableHtmlFiltering: false,
  loadExtendedSelectors: false,
  loadPreprocessors: false,
  // Without the filters the hostname tables hold, the engine is small (under 200 kB): its
  // string compression would save 40 kB and cost building the compressors at every start.
  enableCompression: false,
  // The bytes are checked where they are made (pinned sha256 of the list, stamp of the build).
  integrityCheck: false,
  debug: false,
} as const;

// detectFilterType's results (a const enum in the library's types, so spelled out here).
const FILTER_NETWORK = 1;
const FILTER_COSMETIC = 2;

/**
 * Compiles EasyPrivacy into a serialised `@ghostery/adblocker` engine and the screens in front
 * of it. Every line is counted: network filters are loaded; blank lines, comments, the header,
 * cosmetic filters and filters the engine cannot parse are skipped by reason. The engine is
 * built from exactly the filters counted as loaded, so the counts describe what the extension
 * matches against; the blocking filters anchored to a whole hostname then move from the engine
 * to the hostname tables (hostname-filters.ts), which answer for them (see tracker-matcher.ts).
 */
export function compileEasyPrivacy(text: string): EasyPrivacyCompileResult {
  const lines = text.split('\n');
  // The file's last line break does not start a line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const skipped: Record<string, number> = {};
  const networkFilters: NetworkFilter[] = [];
  const listed: ListedFilter[] = [];
  let version: string | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      count(skipped, 'blank line');
      continue;
    }
    if (line.startsWith('[') && /^\[adblock/i.test(line)) {
      count(skipped, 'header');
      continue;
    }
    if (line.startsWith('!')) {
      const v = /^!\s*Version:\s*(\S+)/i.exec(line);
      if (v && version === null) version = v[1] ?? null;
      count(skipped, 'comment');
      continue;
    }
    const type = detectFilterType(line, { extendedNonSupportedTypes: true });
    if (type === FILTER_COSMETIC) {
      count(skipped, 'cosmetic filter (hides page elements, not a request rule)');
      continue;
    }
    if (type !== FILTER_NETWORK) {
      count(skipped, 'syntax the engine does not support');
      continue;
    }
    const filter = NetworkFilter.parse(line);
    if (filter === null) {
      count(skipped, 'network filter the engine cannot parse');
      continue;
    }
    networkFilters.push(filter);
    listed.push({ filter, line });
  }
  if (networkFilters.length === 0) throw new Error('EasyPrivacy holds no network filter');
  const config = new Config(EASYPRIVACY_ENGINE_OPTIONS);
  const whole = new FiltersEngine({ networkFilters, config });
  const blocking = bucketFilters(whole.filters, listed);
  const exceptions = bucketFilters(whole.exceptions, listed);
  const importants = bucketFilters(whole.importants, listed);
  const redirects = bucketFilters(whole.redirects, listed);
  const tabled = new Set(
    blocking.filter(({ filter }) => inHostnameTable(filter)).map((l) => l.filter),
  );
  const engine = new FiltersEngine({
    networkFilters: networkFilters.filter((filter) => !tabled.has(filter)),
    config,
  });
  assertSameBuckets(whole, engine, tabled);
  return {
    rows: lines.length,
    loaded: networkFilters.length,
    skipped,
    repaired: {},
    version,
    engine: engine.serialize(),
    screen: {
      hostnames: compileHostnameFilters({ blocking, exceptions, importants, redirects }),
      filters: compileFilterScreen(blocking),
      exceptions: compileFilterScreen(exceptions),
      importants: compileFilterScreen(importants),
      redirects: compileFilterScreen(redirects),
    },
  };
}

/** The part of the engine's bucket interface the screen needs (`isFilterDisabled` is untyped). */
interface Bucket {
  getFilters(): NetworkFilter[];
}

/**
 * The listed filters the engine put in `bucket` to match requests: not the `$badfilter`s
 * (they only disable others) nor the filters they disable. The screen must describe exactly
 * the bucket, since it answers for it.
 */
function bucketFilters(bucket: Bucket, listed: readonly ListedFilter[]): ListedFilter[] {
  const ids = matchingIds(bucket);
  const seen = new Set<number>();
  const inBucket = listed.filter(({ filter }) => {
    const id = filter.getId();
    if (!ids.has(id) || filter.isBadFilter()) return false;
    seen.add(id);
    return true;
  });
  if (seen.size !== ids.size) {
    throw new Error(`${ids.size - seen.size} filters of the engine have no line in the list`);
  }
  return inBucket;
}

/** The ids of the filters of `bucket` that can match a request. */
function matchingIds(bucket: Bucket): Set<number> {
  const disabled = bucket as unknown as { isFilterDisabled(filter: NetworkFilter): boolean };
  const ids = new Set<number>();
  for (const filter of bucket.getFilters()) {
    if (!filter.isBadFilter() && !disabled.isFilterDisabled(filter)) ids.add(filter.getId());
  }
  return ids;
}

type BucketName = 'importants' | 'redirects' | 'filters' | 'exceptions' | 'csp' | 'removeparams';
const BUCKETS: readonly BucketName[] = [
  'importants',
  'redirects',
  'filters',
  'exceptions',
  'csp',
  'removeparams',
];

/**
 * The shipped engine must hold every bucket of the whole one, less exactly the filters the
 * hostname tables answer for: otherwise the tables and the engine together would not be the
 * list.
 */
function assertSameBuckets(
  whole: FiltersEngine,
  shipped: FiltersEngine,
  tabled: ReadonlySet<NetworkFilter>,
): void {
  const tabledIds = new Set([...tabled].map((filter) => filter.getId()));
  for (const name of BUCKETS) {
    const expected = [...matchingIds(whole[name])].filter(
      (id) => name !== 'filters' || !tabledIds.has(id),
    );
    const actual = matchingIds(shipped[name]);
    if (expected.length !== actual.size || expected.some((id) => !actual.has(id))) {
      throw new Error(`the engine's ${name} differ from the list's once the table is taken out`);
    }
  }
}
