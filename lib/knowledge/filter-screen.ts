import { NetworkFilter } from '@ghostery/adblocker';

/**
 * A necessary-condition screen in front of one of the filter engine's buckets: it answers
 * "which of these filters could match?" from facts a filter cannot match without, so a request
 * it turns away is one the engine would not have matched either. Most requests of a page (its
 * own scripts, images and API calls) are turned away in about a microsecond; requests to a
 * host that `||host` filters name are answered by those few filters alone; the rest go to the
 * engine, which decides.
 *
 * The facts, per filter:
 * - `||host…` filters: the engine first checks that the filter's hostname occurs in the
 *   request's hostname, at the start of a label unless the filter's hostname starts with a dot
 *   (`isAnchoredByHostname`). So the request's host must contain it there.
 * - other filters: every literal run of the pattern (between `*`, `^` and anchors; for a
 *   `/regex/`, a run outside groups, classes and optional atoms, when the regex has no
 *   alternation at its top level) occurs in the URL, case-folded. The longest run is the key.
 * - a filter with no usable key (`$ping,3p`): every request of a resource type and party it
 *   allows may match.
 * The screen is compiled with the data (`compileFilterScreen`), so the worker never decodes the
 * engine's 50,000 filters; the `||host` filters are kept as their list lines and parsed only
 * when a request goes to a host they name. A test compares the screened answer with the
 * engine's own over realistic and adversarial corpora.
 */
export interface FilterScreen {
  /**
   * The `||host` filters that may apply to requests to `host` (callers cache it per host), or
   * null when a filter with a partial hostname (`||.host`, `||ads*.`) may: then only the
   * engine can tell.
   */
  anchoredTo(host: string): readonly NetworkFilter[] | null;
  /** Whether a filter without a hostname anchor may match `url` of resource `type`. */
  urlMayMatch(url: string, type: string, thirdParty: boolean): boolean;
}

/** What the data step stores for one bucket. */
export interface FilterScreenData {
  /**
   * `hostname line` per `||host` filter (a space, which no hostname holds, between them),
   * sorted by hostname, one per line; the line is left out when it is the plain `||hostname^`
   * (most of them).
   */
  anchored: string;
  /** The longest literal of each partially named hostname. */
  loose: string[];
  /** The key (longest literal) of each filter without a hostname anchor. */
  keys: string[];
  /** The list lines of the filters without a hostname anchor or a key. */
  keyless: string[];
}

/** One filter of the bucket as the data step sees it: parsed, with the line it came from. */
export interface ListedFilter {
  filter: NetworkFilter;
  line: string;
}

export function compileFilterScreen(bucket: readonly ListedFilter[]): FilterScreenData {
  const anchored: [string, string][] = [];
  const loose = new Set<string>();
  const keys = new Set<string>();
  const keyless: string[] = [];
  for (const { filter, line } of bucket) {
    const hostname = filter.getHostname();
    if (filter.isHostnameAnchor() && hostname !== '') {
      if (hostname.startsWith('.') || hostname.includes('*')) {
        loose.add(longestRun(hostname.split('*')));
      } else if (!hostname.includes(' ') && !line.includes('\n')) {
        anchored.push([hostname, line]);
      }
      continue;
    }
    const pattern = filter.getFilter().toLowerCase();
    const key = filter.isFullRegex()
      ? longestRegexLiteral(pattern.slice(1, -1))
      : longestRun(pattern.split(/[*^|]/));
    if (key.length >= GRAM) keys.add(key);
    else keyless.push(line);
  }
  anchored.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    anchored: anchored
      .map(([hostname, line]) => `${hostname} ${line === `||${hostname}^` ? '' : line}\n`)
      .join(''),
    loose: [...loose],
    keys: [...keys],
    keyless,
  };
}

/** Keys are found through their rarest 4-character gram, packed into an integer. */
const GRAM = 4;
/** Bits of the gram presence filter (a 128 KiB bit set): a miss skips the map lookup. */
const PRESENCE_BITS = 20;

interface Keyed {
  key: string;
  /** Where the indexing gram sits in the key. */
  offset: number;
}

export function createFilterScreen(
  data: FilterScreenData,
  /** Whether a keyless filter allows a resource type and party; asked once per pair. */
  allows: (filter: NetworkFilter, type: string, thirdParty: boolean) => boolean,
): FilterScreen {
  const hostnames = indexHostnames(data.anchored);
  const keyless = data.keyless
    .map((line) => NetworkFilter.parse(line))
    .filter((filter): filter is NetworkFilter => filter !== null);
  // A keyless line the engine parsed but this parse rejects would be a filter nobody screens.
  if (keyless.length !== data.keyless.length) throw new Error('unparseable keyless filter');
  const index = indexKeys(data.keys);
  const presence = new Uint32Array(1 << (PRESENCE_BITS - 5));
  for (const gram of index.keys()) {
    const bit = bitOf(gram);
    presence[bit >>> 5]! |= 1 << (bit & 31);
  }
  const keylessTypes = new Map<string, boolean>();

  return {
    anchoredTo(host) {
      for (const loose of data.loose) if (host.includes(loose)) return null;
      let found: NetworkFilter[] | undefined;
      for (let start = 0; start < host.length; start = host.indexOf('.', start) + 1) {
        for (const line of hostnames.linesAt(host, start)) {
          const filter = parseAnchored(line);
          if (filter === null) return null;
          (found ??= []).push(filter);
        }
        if (host.indexOf('.', start) === -1) break;
      }
      return found ?? NONE;
    },
    urlMayMatch(url, type, thirdParty) {
      const kind = thirdParty ? `3p:${type}` : type;
      let typeMatters = keylessTypes.get(kind);
      if (typeMatters === undefined) {
        typeMatters = keyless.some((filter) => allows(filter, type, thirdParty));
        if (keylessTypes.size < 256) keylessTypes.set(kind, typeMatters);
      }
      if (typeMatters) return true;
      const lower = url.toLowerCase();
      let gram = 0;
      for (let i = 0; i < lower.length; i++) {
        gram = ((gram << 8) | (lower.charCodeAt(i) & 0xff)) >>> 0;
        if (i < GRAM - 1) continue;
        const bit = bitOf(gram);
        if ((presence[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
        const candidates = index.get(gram);
        if (candidates === undefined) continue;
        const gramStart = i - GRAM + 1;
        for (const { key, offset } of candidates) {
          if (lower.startsWith(key, gramStart - offset)) return true;
        }
      }
      return false;
    },
  };
}

const NONE: readonly NetworkFilter[] = Object.freeze([]);

/** `||hostname^`, the form of nine in ten EasyPrivacy filters, for plain ASCII hostnames. */
const PLAIN_ANCHORED = /^\|\|([a-z0-9][a-z0-9.-]*)\^$/;
const PLAIN_TEMPLATE = NetworkFilter.parse('||example.com^');

/**
 * Parses a `||host` filter's line. The plain form differs from one filter to the next only in
 * its hostname, so it is built from one parsed template instead of parsed each time (the
 * first request to each tracker host pays for this, which is most of them in a page).
 */
function parseAnchored(line: string): NetworkFilter | null {
  const plain = PLAIN_ANCHORED.exec(line);
  if (plain === null || PLAIN_TEMPLATE === null) return NetworkFilter.parse(line);
  return new NetworkFilter({
    filter: PLAIN_TEMPLATE.filter,
    hostname: plain[1]!,
    mask: PLAIN_TEMPLATE.mask,
    domains: undefined,
    denyallow: undefined,
    optionValue: undefined,
    rawLine: undefined,
    regex: undefined,
    isCaseSensitive: PLAIN_TEMPLATE.isCaseSensitive,
  });
}

interface HostnameIndex {
  /** The list lines of the filters whose hostname starts at `start` of `host`. */
  linesAt(host: string, start: number): string[];
}

/**
 * An open-addressing hash table over the compiled `hostname line` text: slots hold the
 * offset of a hostname's first line, so the index costs two typed arrays instead of 50,000
 * strings, and a lookup hashes the host's characters as it walks them, allocating nothing
 * until a hostname is found.
 */
function indexHostnames(text: string): HostnameIndex {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  let size = 1;
  while (size < count * 2) size <<= 1;
  const mask = size - 1;
  const hashes = new Uint32Array(size);
  /** Offset + 1 of the hostname's first line; 0 is an empty slot. */
  const offsets = new Uint32Array(size);
  let longest = 0;
  let previous = '';
  for (let at = 0; at < text.length;) {
    const tab = text.indexOf(' ', at);
    const hostname = text.slice(at, tab);
    if (hostname !== previous) {
      const hash = hashOf(text, at, tab);
      let slot = hash & mask;
      while (offsets[slot] !== 0) slot = (slot + 1) & mask;
      hashes[slot] = hash;
      offsets[slot] = at + 1;
      longest = Math.max(longest, hostname.length);
      previous = hostname;
    }
    at = text.indexOf('\n', tab) + 1;
  }

  const sameHostname = (at: number, host: string, start: number, end: number) => {
    if (text.charCodeAt(at + end - start) !== 32) return false;
    for (let i = start; i < end; i++)
      if (text.charCodeAt(at + i - start) !== host.charCodeAt(i)) return false;
    return true;
  };

  return {
    linesAt(host, start) {
      const lines: string[] = [];
      let hash = FNV_OFFSET;
      const limit = Math.min(host.length, start + longest);
      for (let end = start + 1; end <= limit; end++) {
        hash = Math.imul(hash ^ host.charCodeAt(end - 1), FNV_PRIME) >>> 0;
        for (let slot = hash & mask; offsets[slot] !== 0; slot = (slot + 1) & mask) {
          if (hashes[slot] !== hash) continue;
          const at = offsets[slot]! - 1;
          if (!sameHostname(at, host, start, end)) continue;
          // Every line of this hostname follows, in order.
          const length = end - start;
          for (let line = at; line < text.length && sameHostname(line, host, start, end);) {
            const next = text.indexOf('\n', line);
            const listed = text.slice(line + length + 1, next);
            lines.push(listed === '' ? `||${host.slice(start, end)}^` : listed);
            line = next + 1;
          }
          break;
        }
      }
      return lines;
    },
  };
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashOf(text: string, from: number, to: number): number {
  let hash = FNV_OFFSET;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME) >>> 0;
  return hash;
}

/** Indexes each key under its gram that the fewest keys share. */
function indexKeys(keys: readonly string[]): Map<number, Keyed[]> {
  const frequency = new Map<number, number>();
  for (const key of keys) {
    for (const gram of new Set(gramsOf(key))) frequency.set(gram, (frequency.get(gram) ?? 0) + 1);
  }
  const index = new Map<number, Keyed[]>();
  for (const key of keys) {
    const grams = gramsOf(key);
    let best = 0;
    for (let i = 1; i < grams.length; i++) {
      if (frequency.get(grams[i]!)! < frequency.get(grams[best]!)!) best = i;
    }
    const gram = grams[best]!;
    let list = index.get(gram);
    if (list === undefined) index.set(gram, (list = []));
    list.push({ key, offset: best });
  }
  return index;
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
