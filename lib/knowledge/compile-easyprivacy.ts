import { Config, FiltersEngine, NetworkFilter, detectFilterType } from '@ghostery/adblocker';
import { countInto as count, type CompileCounts } from './compile-counts.ts';
import { compileFilterScreen, type ListedFilter } from './filter-screen.ts';
import type { EasyPrivacyScreenData } from './knowledge-data.ts';

export interface EasyPrivacyCompileResult extends CompileCounts {
  /** The list's own version stamp (`! Version:` header), or null if it has none. */
  version: string | null;
  /** The serialised engine, for `FiltersEngine.deserialize`. */
  engine: Uint8Array;
  /** The screens in front of the engine's blocking and exception buckets. */
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
  enableCompression: true,
  // The bytes are checked where they are made (pinned sha256 of the list, stamp of the build);
  // a CRC over 2 MB at every worker start would cost more than the rest of the load together.
  integrityCheck: false,
  debug: false,
} as const;

// detectFilterType's results (a const enum in the library's types, so spelled out here).
const FILTER_NETWORK = 1;
const FILTER_COSMETIC = 2;

/**
 * Compiles EasyPrivacy into a serialised `@ghostery/adblocker` engine. Every line is counted:
 * network filters are loaded; blank lines, comments, the header, cosmetic filters and filters
 * the engine cannot parse are skipped by reason. The engine is built from exactly the filters
 * counted as loaded, so the counts describe what the extension matches against.
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
  const engine = new FiltersEngine({
    networkFilters,
    config: new Config(EASYPRIVACY_ENGINE_OPTIONS),
  });
  return {
    rows: lines.length,
    loaded: networkFilters.length,
    skipped,
    repaired: {},
    version,
    engine: engine.serialize(),
    screen: {
      filters: compileFilterScreen(bucketFilters(engine.filters, listed)),
      exceptions: compileFilterScreen(bucketFilters(engine.exceptions, listed)),
    },
  };
}

/** The part of the engine's bucket interface the screen needs (`isFilterDisabled` is untyped). */
interface Bucket {
  getFilters(): NetworkFilter[];
}

/**
 * The listed filters the engine put in `bucket` and did not disable with `$badfilter`: the
 * screen must describe exactly the bucket, since it answers for it.
 */
function bucketFilters(bucket: Bucket, listed: readonly ListedFilter[]): ListedFilter[] {
  const disabled = bucket as unknown as { isFilterDisabled(filter: NetworkFilter): boolean };
  const ids = new Set<number>();
  for (const filter of bucket.getFilters()) {
    if (!disabled.isFilterDisabled(filter)) ids.add(filter.getId());
  }
  const seen = new Set<number>();
  const inBucket = listed.filter(({ filter }) => {
    const id = filter.getId();
    if (!ids.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (seen.size !== ids.size) {
    throw new Error(`${ids.size - seen.size} filters of the engine have no line in the list`);
  }
  return inBucket;
}
