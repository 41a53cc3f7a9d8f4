import { Config, FiltersEngine, NetworkFilter, detectFilterType } from '@ghostery/adblocker';
import { countInto as count, type CompileCounts } from './compile-counts.ts';

export interface EasyPrivacyCompileResult extends CompileCounts {
  /** The list's own version stamp (`! Version:` header), or null if it has none. */
  version: string | null;
  /** The serialised engine, for `FiltersEngine.deserialize`. */
  engine: Uint8Array;
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
  enableCompression: false,
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
  };
}
