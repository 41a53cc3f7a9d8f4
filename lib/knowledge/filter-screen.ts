import { NetworkFilter } from '@ghostery/adblocker';
import { inHostnameTable, type ListedFilter } from './hostname-filters.ts';

/**
 * A necessary-condition screen in front of one of the filter engine's buckets, for the
 * filters the hostname tables do not hold (`hostname-filters.ts`): it answers "could one of
 * these filters match?" from facts a filter cannot match without, so a request it turns away
 * is one the engine would not have matched either. Most requests of a page (its own scripts,
 * images and API calls) are turned away in about a microsecond; the rest go to the engine,
 * which decides.
 *
 * The facts, per filter:
 * - a filter anchored to a partial hostname (`||.host`, `||ads*.`): the request's host
 *   contains the longest literal of that hostname;
 * - other filters: every literal run of the pattern (between `*`, `^` and anchors; for a
 *   `/regex/`, a run outside groups, classes and optional atoms, when the regex has no
 *   alternation at its top level) occurs in the URL, case-folded. The longest run is the key;
 * - a filter with no usable key (`$ping,3p`): every request of a resource type and party it
 *   allows may match.
 * The screen is compiled with the data (`compileFilterScreen`), so the worker never decodes the
 * engine's filters to build it. A test compares the screened answer with the engine's own over
 * realistic and adversarial corpora.
 */
export interface FilterScreen {
  /** Whether a filter anchored to a partial hostname may apply to requests to `host`. */
  looselyAnchoredTo(host: string): boolean;
  /**
   * Whether a filter without a hostname anchor may match `url` of resource `type`; `lower` is
   * the URL lower-cased, when the caller has it.
   */
  urlMayMatch(url: string, type: string, thirdParty: boolean, lower?: string): boolean;
}

/** What the data step stores for one bucket. */
export interface FilterScreenData {
  /** The longest literal of each partially named hostname. */
  loose: string[];
  /**
   * The key (longest literal) of each filter without a hostname anchor, ordered by the hash of
   * the gram it is found by (`keyBits`), so the worker builds no index over them.
   */
  keys: string[];
  /** Where, in the key of the same index, the gram it is found by starts. */
  keyGrams: number[];
  /** The hash (`bitOf`) of that gram, ascending. */
  keyBits: number[];
  /** The list lines of the filters without a hostname anchor or a key. */
  keyless: string[];
}

/** Compiles the screen of a bucket's filters, leaving out those the hostname tables hold. */
export function compileFilterScreen(bucket: readonly ListedFilter[]): FilterScreenData {
  const loose = new Set<string>();
  const keys = new Set<string>();
  const keyless: string[] = [];
  for (const { filter, line } of bucket) {
    if (inHostnameTable(filter)) continue;
    const hostname = filter.getHostname();
    if (filter.isHostnameAnchor() && hostname !== '') {
      loose.add(longestRun(hostname.split('*')));
      continue;
    }
    const pattern = filter.getFilter().toLowerCase();
    const key = filter.isFullRegex()
      ? longestRegexLiteral(pattern.slice(1, -1))
      : longestRun(pattern.split(/[*^|]/));
    if (key.length >= GRAM) keys.add(key);
    else keyless.push(line);
  }
  const grams = rarestGrams([...keys]);
  const indexed = [...keys]
    .map((key, i) => ({ key, offset: grams[i]!, bit: bitOf(gramAt(key, grams[i]!)) }))
    .sort((a, b) => a.bit - b.bit || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    loose: [...loose],
    keys: indexed.map(({ key }) => key),
    keyGrams: indexed.map(({ offset }) => offset),
    keyBits: indexed.map(({ bit }) => bit),
    keyless,
  };
}

/**
 * Keys are found through their rarest 4-character gram, packed into an integer and hashed to
 * PRESENCE_BITS bits: a bit set (128 KiB) rules most grams out, and the keys of the others are
 * compared with the URL (so two grams sharing a hash cost a comparison, never an answer).
 */
const GRAM = 4;
const PRESENCE_BITS = 20;
const RUN_BITS = 8;
const FEW_KEYS = 8;

export function createFilterScreen(
  data: FilterScreenData,
  /** Whether a keyless filter allows a resource type and party; asked once per pair. */
  allows: (filter: NetworkFilter, type: string, thirdParty: boolean) => boolean,
): FilterScreen {
  const keyless = data.keyless
    .map((line) => NetworkFilter.parse(line))
    .filter((filter): filter is NetworkFilter => filter !== null);
  // A keyless line the engine parsed but this parse rejects would be a filter nobody screens.
  if (keyless.length !== data.keyless.length) throw new Error('unparseable keyless filter');
  const { keys, keyGrams, keyBits } = data;
  if (keyGrams.length !== keys.length || keyBits.length !== keys.length) {
    throw new Error('keys without their grams');
  }
  // The scan finds a hash's keys by their order: keys out of order would go unseen.
  for (let k = 1; k < keyBits.length; k++) {
    if (keyBits[k]! < keyBits[k - 1]!) throw new Error('keys out of the order of their hashes');
  }
  // Most buckets but the blocking one hold no filter without a hostname anchor, or a handful:
  // a few searches of the URL then cost less than the gram scan.
  const anchorless = keyless.length === 0 && keys.length === 0;
  const fewKeys = keys.length <= FEW_KEYS ? keys : null;
  const presence = new Uint32Array(fewKeys === null ? 1 << (PRESENCE_BITS - 5) : 0);
  // Where the keys of each run of 256 hashes start (the keys are ordered by hash): a hash
  // found in a URL reads its few keys without a search.
  const runs = new Uint32Array(fewKeys === null ? (1 << (PRESENCE_BITS - RUN_BITS)) + 1 : 0);
  if (fewKeys === null) {
    for (const bit of keyBits) presence[bit >>> 5]! |= 1 << (bit & 31);
    for (let run = 0, k = 0; run < runs.length; run++) {
      while (k < keyBits.length && keyBits[k]! >>> RUN_BITS < run) k++;
      runs[run] = k;
    }
  }
  const keylessTypes = new Map<string, number>();
  const looselyAnchoredTo = (host: string): boolean => {
    for (const loose of data.loose) if (host.includes(loose)) return true;
    return false;
  };

  return {
    looselyAnchoredTo,
    urlMayMatch(url, type, thirdParty, lower = url.toLowerCase()) {
      if (anchorless) return false;
      // Per resource type, two bits per party: asked, and some keyless filter allows it.
      const party = thirdParty ? 4 : 1;
      let known = keylessTypes.get(type) ?? 0;
      if ((known & party) === 0) {
        if (keyless.some((filter) => allows(filter, type, thirdParty))) known |= party << 1;
        known |= party;
        if (keylessTypes.size < 256) keylessTypes.set(type, known);
      }
      if ((known & (party << 1)) !== 0) return true;
      if (fewKeys !== null) {
        for (const key of fewKeys) if (lower.includes(key)) return true;
        return false;
      }
      return scan(lower);
    },
  };

  /** Whether a key occurs in the lower-cased URL. */
  function scan(lower: string): boolean {
    let gram = 0;
    for (let i = 0; i < lower.length; i++) {
      gram = (gram << 8) | (lower.charCodeAt(i) & 0xff);
      const bit = bitOf(gram);
      if ((presence[bit >>> 5]! & (1 << (bit & 31))) === 0 || i < GRAM - 1) continue;
      const gramStart = i - GRAM + 1;
      const run = bit >>> RUN_BITS;
      for (let k = runs[run]!, end = runs[run + 1]!; k < end && keyBits[k]! <= bit; k++) {
        if (keyBits[k] === bit && lower.startsWith(keys[k]!, gramStart - keyGrams[k]!)) {
          return true;
        }
      }
    }
    return false;
  }
}

/** For each key, the offset of its gram that the fewest keys share. */
function rarestGrams(keys: readonly string[]): number[] {
  const frequency = new Map<number, number>();
  for (const key of keys) {
    for (const gram of new Set(gramsOf(key))) frequency.set(gram, (frequency.get(gram) ?? 0) + 1);
  }
  return keys.map((key) => {
    const grams = gramsOf(key);
    let best = 0;
    for (let i = 1; i < grams.length; i++) {
      if (frequency.get(grams[i]!)! < frequency.get(grams[best]!)!) best = i;
    }
    return best;
  });
}

/** The packed gram of `key` starting at `offset`. */
function gramAt(key: string, offset: number): number {
  if (offset < 0 || offset + GRAM > key.length) throw new Error(`no gram at ${offset} of a key`);
  let gram = 0;
  for (let i = offset; i < offset + GRAM; i++)
    gram = ((gram << 8) | (key.charCodeAt(i) & 0xff)) >>> 0;
  return gram;
}

/** The packed grams of a key, by position; characters fold to their low byte like the scan. */
function gramsOf(key: string): number[] {
  const grams: number[] = [];
  let gram = 0;
  for (let i = 0; i < key.length; i++) {
    gram = ((gram << 8) | (key.charCodeAt(i) & 0xff)) >>> 0;
    if (i >= GRAM - 1) grams.push(gram);
  }
  return grams;
}

function bitOf(gram: number): number {
  return Math.imul(gram, 0x9e3779b1) >>> (32 - PRESENCE_BITS);
}

function longestRun(runs: readonly string[]): string {
  let best = '';
  for (const run of runs) if (run.length > best.length) best = run;
  return best;
}

/**
 * The longest literal run every match of `source` contains, or '' when there is no safe one
 * (top-level alternation). Runs stop at anything that is not one fixed character: classes,
 * groups, `.`, escapes such as `\d`, anchors; an atom followed by `?`, `*` or `{` is optional,
 * so it is dropped from the run.
 */
export function longestRegexLiteral(source: string): string {
  const runs: string[] = [];
  let run = '';
  let depth = 0;
  const flush = () => {
    if (run !== '') runs.push(run);
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (depth === 0 && next !== '' && !/[a-z0-9]/i.test(next)) {
        if (optionalFollows(source, i + 1)) flush();
        else run += next;
      } else flush();
      continue;
    }
    if (c === '[') {
      flush();
      i = skipClass(source, i);
      continue;
    }
    if (c === '(') {
      flush();
      depth++;
      continue;
    }
    if (c === ')') {
      depth = Math.max(0, depth - 1);
      flush();
      continue;
    }
    if (c === '|') {
      if (depth === 0) return '';
      continue;
    }
    if (c === '{') {
      flush();
      const close = source.indexOf('}', i);
      i = close === -1 ? source.length : close;
      continue;
    }
    if (depth > 0) continue;
    if ('.^$+*?}'.includes(c)) {
      flush();
      continue;
    }
    if (optionalFollows(source, i + 1)) flush();
    else run += c;
  }
  flush();
  return longestRun(runs);
}

/** The atom ending just before `at` may be absent: a `?`, `*` or `{0…` quantifier follows. */
function optionalFollows(source: string, at: number): boolean {
  const q = source[at];
  return q === '?' || q === '*' || q === '{';
}

/** Index of the `]` closing the class that opens at `open`. */
function skipClass(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length;
}
