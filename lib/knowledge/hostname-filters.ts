import { NetworkFilter } from '@ghostery/adblocker';
import { BoundedCache } from './bounded-cache.ts';
import {
  compileHostnameTable,
  HASH_START,
  hashStep,
  HostnameTable,
  verifyHostnameTable,
  type CompiledHostnameTable,
} from './hostname-table.ts';

/**
 * EasyPrivacy's filters anchored to a whole hostname (`||hostname^`, `||hostname/path`,
 * `@@||hostname…`): 51,000 of its 55,000 filters, found from a request's host in one walk over
 * it instead of through the filter engine's token index.
 *
 * The engine only lets such a filter match when its hostname occurs in the request's host at
 * the start of a label and ends where `isAnchoredByHostname` accepts it; both are necessary
 * conditions, so a host walked at every label start and at every end the engine could accept
 * finds every filter that could match a request to it (and some that cannot, which the engine's
 * own `filter.match` then turns down).
 *
 * The blocking ones are not in the shipped engine at all (see tracker-matcher.ts): their list
 * lines are stored under their hostname and parsed, with the engine's parser, on the first
 * request to a host under it, once per hostname. Exceptions, `$important` and `$redirect`
 * filters stay in the engine and are stored as marks only, saying that the engine's bucket may
 * apply to the host.
 */
export interface HostnameFiltersData {
  /** By hostname; each payload a blocking filter's shortened line or a mark (`payloadOf`). */
  anchored: CompiledHostnameTable;
  /**
   * The same for the few filters whose pattern starts with a wildcard
   * (`||api-v4.trbo.com*plvid=`): the engine accepts their hostname ending anywhere in the
   * host, not only where a label ends, so every end is looked up, in a sparse table where a
   * miss is cheap.
   */
  openEnded: CompiledHostnameTable;
}

/** What the hostname-anchored filters say about requests to one host. */
export interface HostnameScreen {
  /** The blocking filters that may match (the shipped engine does not hold them). */
  readonly blocking: readonly NetworkFilter[];
  /**
   * For each of them, the longest literal of its pattern, lower case ('' when it has none):
   * the filter can only match a URL that holds it, so most are not asked at all.
   */
  readonly needles: readonly string[];
  /** An exception anchored to a hostname may apply. */
  readonly exception: boolean;
  /** A `$important` filter anchored to a hostname may apply. */
  readonly important: boolean;
  /** A `$redirect` filter anchored to a hostname may apply. */
  readonly redirect: boolean;
}

/** One filter of a bucket as the data step sees it: parsed, with the line it came from. */
export interface ListedFilter {
  filter: NetworkFilter;
  line: string;
}

/**
 * Whether the hostname tables hold `filter`: it is anchored to a whole hostname
 * (`||hostname…`, not `||.host` or `||ads*.`), so a walk over the request's host finds it.
 */
export function inHostnameTable(filter: NetworkFilter): boolean {
  const hostname = filter.getHostname();
  return (
    filter.isHostnameAnchor() &&
    hostname !== '' &&
    !hostname.startsWith('.') &&
    !hostname.includes('*') &&
    !/\s/.test(hostname)
  );
}

/** The data step's side: every bucket's filters that `inHostnameTable` accepts. */
export function compileHostnameFilters(buckets: {
  blocking: readonly ListedFilter[];
  exceptions: readonly ListedFilter[];
  importants: readonly ListedFilter[];
  redirects: readonly ListedFilter[];
}): HostnameFiltersData {
  const anchored: [string, string][] = [];
  const openEnded: [string, string][] = [];
  const marked = new Set<string>();
  const add = (filter: NetworkFilter, payload: string) => {
    const pair: [string, string] = [filter.getHostname(), payload];
    (filter.getFilter().startsWith('*') ? openEnded : anchored).push(pair);
  };
  const readAnchored = createAnchoredFilterReader();
  for (const { filter, line } of buckets.blocking) {
    if (!inHostnameTable(filter)) continue;
    // The worker rebuilds the filter from what is stored: keep the shortened form where that
    // gives the very filter the engine parsed, the whole line anywhere else.
    const hostname = filter.getHostname();
    let payload = payloadOf(hostname, line);
    const rebuilt = readAnchored(hostname, payload);
    if (rebuilt === null || !sameFilter(rebuilt, filter)) {
      payload = `${WHOLE}${line}`;
      const reparsed = readAnchored(hostname, payload);
      if (reparsed === null || !sameFilter(reparsed, filter)) {
        throw new Error(`the filter ${line} does not parse the same twice`);
      }
    }
    add(filter, payload);
  }
  for (const [mark, bucket] of [
    [EXCEPTION, buckets.exceptions],
    [IMPORTANT, buckets.importants],
    [REDIRECT, buckets.redirects],
  ] as const) {
    for (const { filter } of bucket) {
      // One mark per hostname and kind is enough; open-ended ones stay apart.
      const key = `${mark} ${filter.getFilter().startsWith('*')} ${filter.getHostname()}`;
      if (!inHostnameTable(filter) || marked.has(key)) continue;
      marked.add(key);
      add(filter, mark);
    }
  }
  return {
    anchored: verified(compileHostnameTable(anchored), anchored),
    // Looked up at every character of a host: ruled out by the first two characters at most
    // label starts, and with sixteen buckets or more per hostname, nearly always an empty one.
    openEnded: verified(
      compileHostnameTable(openEnded, {
        bucketBits: Math.max(1, Math.ceil(Math.log2(openEnded.length * 16))),
        firstPairs: true,
      }),
      openEnded,
    ),
  };
}

function verified(
  table: CompiledHostnameTable,
  pairs: readonly (readonly [string, string])[],
): CompiledHostnameTable {
  const problem = verifyHostnameTable(table, pairs);
  if (problem !== null) throw new Error(`the compiled hostname table is wrong: ${problem}`);
  return table;
}

/**
 * A blocking filter's line as stored under its hostname: empty for the plain `||hostname^`
 * (nine in ten), `|` and what follows `||hostname`, or `=` and the whole line. A mark is one
 * character: `@` an exception, `!` a `$important` filter, `>` a `$redirect` filter.
 */
function payloadOf(hostname: string, line: string): string {
  if (line === `||${hostname}^`) return '';
  if (line.startsWith(`||${hostname}`)) return `${BLOCKING}${line.slice(hostname.length + 2)}`;
  return `${WHOLE}${line}`;
}

const BLOCKING = '|';
const WHOLE = '=';
const EXCEPTION = '@';
const IMPORTANT = '!';
const REDIRECT = '>';

function lineOf(hostname: string, payload: string): string {
  if (payload === '') return `||${hostname}^`;
  if (payload.startsWith(BLOCKING)) return `||${hostname}${payload.slice(1)}`;
  return payload.slice(1);
}

/** Same filter as far as matching goes: same id (mask, pattern, hostname, options) and text. */
function sameFilter(a: NetworkFilter, b: NetworkFilter): boolean {
  return (
    a.getId() === b.getId() &&
    a.toString() === b.toString() &&
    a.getHostname() === b.getHostname() &&
    a.getFilter() === b.getFilter() &&
    a.isCaseSensitive === b.isCaseSensitive
  );
}

/** Hostnames the engine's parser reads character by character, lower-casing nothing. */
const PLAIN_HOSTNAME = /^[a-z0-9._-]+$/;
const TEMPLATE_HOSTNAME = 'example.com';

/**
 * Reads blocking filters from their payloads. The engine's parser treats the hostname of a
 * `||hostname…` line as an opaque run of characters, so lines that differ only in their
 * (plain) hostname parse to filters that differ only in it: each distinct rest (`^`,
 * `^$third-party`, a path) is parsed once, on a stand-in hostname, and copied with the real
 * one, sharing the parsed options and pattern. The data step checks that every stored line
 * rebuilds to the engine's own filter and stores the whole line where it would not.
 */
function createAnchoredFilterReader(): (hostname: string, payload: string) => NetworkFilter | null {
  const templates = new BoundedCache<string, NetworkFilter | null>(4096);
  return (hostname, payload) => {
    if (payload.startsWith(WHOLE) || !PLAIN_HOSTNAME.test(hostname)) {
      return NetworkFilter.parse(lineOf(hostname, payload));
    }
    let template = templates.get(payload);
    if (template === undefined) {
      template = NetworkFilter.parse(lineOf(TEMPLATE_HOSTNAME, payload));
      if (template !== null && template.hostname !== TEMPLATE_HOSTNAME) template = null;
      templates.set(payload, template);
    }
    if (template === null) return NetworkFilter.parse(lineOf(hostname, payload));
    return new NetworkFilter({
      filter: template.filter,
      hostname,
      mask: template.mask,
      domains: template.domains,
      denyallow: template.denyallow,
      optionValue: template.optionValue,
      rawLine: undefined,
      // Compiled from the pattern alone (it is matched after the hostname), so shareable.
      regex: template.isRegex() ? template.getRegex() : undefined,
      isCaseSensitive: template.isCaseSensitive,
    });
  };
}

/** What one hostname's payloads say, read once. */
interface Entry {
  blocking: readonly NetworkFilter[];
  needles: readonly string[];
  exception: boolean;
  important: boolean;
  redirect: boolean;
}

/**
 * The entries of one hostname table, read on the first request to a host under their
 * hostname and remembered: every host of a tracker's site then shares one parse.
 */
class EntryReader {
  readonly #entries = new BoundedCache<number, Entry>(16_384);

  constructor(
    private readonly table: HostnameTable,
    private readonly readAnchored: (hostname: string, payload: string) => NetworkFilter | null,
  ) {}

  /** What entry `at` of the table says: the hostname `host.slice(start, end)`. */
  entry(at: number, host: string, start: number, end: number): Entry {
    let entry = this.#entries.get(at);
    if (entry === undefined) {
      entry = this.#read(host.slice(start, end), this.table.payloadsOf(at, end - start));
      this.#entries.set(at, entry);
    }
    return entry;
  }

  #read(hostname: string, payloads: readonly string[]): Entry {
    const entry = {
      blocking: [] as NetworkFilter[],
      needles: [] as string[],
      exception: false,
      important: false,
      redirect: false,
    };
    for (const payload of payloads) {
      if (payload === EXCEPTION) entry.exception = true;
      else if (payload === IMPORTANT) entry.important = true;
      else if (payload === REDIRECT) entry.redirect = true;
      else {
        // The data step checked that every stored filter reads back: nothing is dropped here.
        const filter = this.readAnchored(hostname, payload);
        if (filter === null) continue;
        entry.blocking.push(filter);
        entry.needles.push(needleOf(filter));
      }
    }
    return entry;
  }
}

/**
 * The longest literal run of a filter's pattern (what follows its hostname), lower case. The
 * engine matches the pattern after the hostname, as a regular expression in which only `*`
 * and `^` stand for something else, or as a literal: either way every run between them occurs
 * in the URL, case-folded unless the filter is case-sensitive, which makes it occur folded too.
 */
function needleOf(filter: NetworkFilter): string {
  let needle = '';
  for (const run of filter.getFilter().toLowerCase().split(/[*^|]/)) {
    if (run.length > needle.length) needle = run;
  }
  return needle;
}

const DOT = 46;
const NOTHING: HostnameScreen = Object.freeze({
  blocking: Object.freeze([]),
  needles: Object.freeze([]),
  exception: false,
  important: false,
  redirect: false,
});

/** The worker's side: answers `screen(host)` from the compiled tables. */
export class HostnameFilters {
  readonly #anchored: HostnameTable;
  readonly #openEnded: HostnameTable;
  readonly #anchoredEntries: EntryReader;
  readonly #openEndedEntries: EntryReader;
  readonly #found: Entry[] = [];

  constructor(data: HostnameFiltersData) {
    const readAnchored = createAnchoredFilterReader();
    this.#anchored = new HostnameTable(data.anchored);
    this.#openEnded = new HostnameTable(data.openEnded);
    this.#anchoredEntries = new EntryReader(this.#anchored, readAnchored);
    this.#openEndedEntries = new EntryReader(this.#openEnded, readAnchored);
  }

  /** What the filters anchored to a hostname in `host` say (callers cache it per host). */
  screen(host: string): HostnameScreen {
    const anchored = this.#anchored;
    const openEnded = this.#openEnded;
    const found = this.#found;
    found.length = 0;
    for (let start = 0; ;) {
      let hash = HASH_START;
      const limit = Math.min(host.length, start + Math.max(anchored.longest, openEnded.longest));
      const openLimit = openEnded.mayStartAt(host, start) ? start + openEnded.longest : start;
      const anchoredLimit = start + anchored.longest;
      for (let end = start + 1; end <= limit; end++) {
        hash = hashStep(hash, host.charCodeAt(end - 1));
        if (end <= openLimit) {
          const at = openEnded.entryOf(host, start, end, hash);
          if (at !== -1) found.push(this.#openEndedEntries.entry(at, host, start, end));
        }
        // Where `isAnchoredByHostname` can accept a hostname ending: at the host's end, just
        // before or after a dot, or, for a match inside the host, where it looks for the dot
        // (`host[hostname.length]`, counted from the host's start).
        if (
          end <= anchoredLimit &&
          (end === host.length ||
            host.charCodeAt(end) === DOT ||
            host.charCodeAt(end - 1) === DOT ||
            host.charCodeAt(end - start) === DOT)
        ) {
          const at = anchored.entryOf(host, start, end, hash);
          if (at !== -1) found.push(this.#anchoredEntries.entry(at, host, start, end));
        }
      }
      const dot = host.indexOf('.', start);
      if (dot === -1) break;
      start = dot + 1;
    }
    if (found.length === 0) return NOTHING;
    if (found.length === 1) return found[0]!;
    // Plain loops: Array.prototype.flatMap takes tens of microseconds for a big site's fifty.
    const merged = {
      blocking: [] as NetworkFilter[],
      needles: [] as string[],
      exception: false,
      important: false,
      redirect: false,
    };
    for (const entry of found) {
      for (const filter of entry.blocking) merged.blocking.push(filter);
      for (const needle of entry.needles) merged.needles.push(needle);
      merged.exception ||= entry.exception;
      merged.important ||= entry.important;
      merged.redirect ||= entry.redirect;
    }
    return merged;
  }
}
