import { decodeUint32s, encodeUint32s } from './base64.ts';

/**
 * A hash table from hostnames to short payloads, compiled by the data step into the form the
 * worker searches, so opening it costs no per-entry work: one string holding every entry and
 * two typed arrays (decoded from base64 as views, not parsed).
 *
 * There is one entry per hostname: the hostname, then each of its payloads after a line
 * break (a hostname whose only payload is empty, nine in ten, is stored bare). Entries are
 * ordered by the bucket their hostname hashes to, so a bucket is a run of entries; `entries`
 * says where each entry starts and `buckets` which entry each bucket starts with. A lookup
 * reads one bucket and rejects most of its entries by length alone, never scanning a payload
 * (some are a kilobyte of domains). A caller walking a host hashes its characters as it goes
 * (`hashStep`) and asks for the slices it cares about, allocating nothing.
 */
export interface CompiledHostnameTable {
  /** The entries, back to back. */
  text: string;
  /** Where each entry starts in `text`, plus its end: little-endian uint32s, base64. */
  entries: string;
  /** The first entry of each bucket, plus the entry count: little-endian uint32s, base64. */
  buckets: string;
  /** The longest hostname, so a walk never hashes further. */
  longest: number;
  /**
   * For a small table asked at every character: a bit set (65,536 bits, little-endian uint32s,
   * base64) of the first two characters of its hostnames (low bytes), so most positions are
   * ruled out without a lookup.
   */
  firstPairs?: string;
}

/**
 * FNV-1a over UTF-16 code units, one character at a time, kept to 30 bits: a hash is then a
 * small integer for the engine, and passing one between functions allocates nothing.
 */
export const HASH_START = 0x011c9dc5;
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193) & 0x3fffffff;
}

/** The hash of `text.slice(from, to)`. */
export function hashOf(text: string, from = 0, to = text.length): number {
  let hash = HASH_START;
  for (let i = from; i < to; i++) hash = hashStep(hash, text.charCodeAt(i));
  return hash;
}

/** Hostnames per bucket, on average at most. */
const LOAD = 2;

/**
 * Compiles `[hostname, payload]` pairs (several pairs may name one hostname; their order is
 * kept). Hostnames must be non-empty and hold no whitespace; payloads no line break.
 * `bucketBits` fixes the bucket count: more buckets make misses cheaper for a small table
 * asked often, fewer force collisions in tests. `firstPairs` adds the bit set of first
 * characters (see `CompiledHostnameTable`).
 */
export function compileHostnameTable(
  pairs: readonly (readonly [hostname: string, payload: string])[],
  options: { bucketBits?: number; firstPairs?: boolean } = {},
): CompiledHostnameTable {
  const { bucketBits } = options;
  const payloads = new Map<string, string[]>();
  for (const [hostname, payload] of pairs) {
    if (hostname === '' || /\s/.test(hostname) || payload.includes('\n')) {
      throw new Error(`cannot store ${JSON.stringify(hostname)} in a hostname table`);
    }
    const list = payloads.get(hostname);
    if (list) list.push(payload);
    else payloads.set(hostname, [payload]);
  }
  let bits = bucketBits ?? 1;
  if (bucketBits === undefined) while (1 << bits < payloads.size / LOAD) bits++;
  if (!Number.isInteger(bits) || bits < 1 || bits > 24) throw new Error('bad bucket count');
  const shift = 32 - bits;
  const placed = [...payloads].map(([hostname, list]) => ({
    hostname,
    list,
    bucket: mix(hashOf(hostname)) >>> shift,
  }));
  placed.sort((a, b) => a.bucket - b.bucket || (a.hostname < b.hostname ? -1 : 1));
  const parts: string[] = [];
  const entries = new Uint32Array(placed.length + 1);
  const buckets = new Uint32Array((1 << bits) + 1);
  let length = 0;
  let bucket = 0;
  let longest = 0;
  placed.forEach(({ hostname, list, bucket: own }, i) => {
    while (bucket < own) buckets[++bucket] = i;
    const entry =
      list.length === 1 && list[0] === '' ? hostname : `${hostname}\n${list.join('\n')}`;
    entries[i] = length;
    parts.push(entry);
    length += entry.length;
    longest = Math.max(longest, hostname.length);
  });
  entries[placed.length] = length;
  while (bucket < 1 << bits) buckets[++bucket] = placed.length;
  const compiled: CompiledHostnameTable = {
    text: parts.join(''),
    entries: encodeUint32s(entries),
    buckets: encodeUint32s(buckets),
    longest,
  };
  if (options.firstPairs) {
    const bits = new Uint32Array(PAIRS / 32);
    for (const hostname of payloads.keys()) {
      const first = (hostname.charCodeAt(0) & 0xff) << 8;
      // A one-character hostname may be followed by anything.
      const seconds =
        hostname.length > 1 ? [hostname.charCodeAt(1) & 0xff] : [...Array(256).keys()];
      for (const second of seconds) bits[(first | second) >>> 5]! |= 1 << (second & 31);
    }
    compiled.firstPairs = encodeUint32s(bits);
  }
  return compiled;
}

const PAIRS = 65536;

/**
 * A compiled table, opened. Opening checks its shape in constant time (a power-of-two bucket
 * count, buckets covering every entry, entries covering the text): the data step verifies
 * every entry (`verifyHostnameTable`), and a lookup never reads outside the arrays or the text
 * whatever they say. (A class, so that lookups on every table share one call target.)
 */
export class HostnameTable {
  /** No hostname of the table is longer. */
  readonly longest: number;
  /** How many hostnames it lists: their entries are 0 to size - 1. */
  readonly size: number;
  readonly #text: string;
  readonly #entries: Uint32Array;
  readonly #buckets: Uint32Array;
  readonly #entryCount: number;
  readonly #shift: number;
  readonly #firstPairs: Uint32Array | null;

  constructor(compiled: CompiledHostnameTable) {
    const { text, longest } = compiled;
    const entries = decodeUint32s(compiled.entries);
    const buckets = decodeUint32s(compiled.buckets);
    const bucketCount = buckets.length - 1;
    const entryCount = entries.length - 1;
    const damaged = (why: string) => new Error(`the compiled hostname table is damaged: ${why}`);
    if (bucketCount < 2 || (bucketCount & (bucketCount - 1)) !== 0) throw damaged('bucket count');
    if (entryCount < 0 || entries[0] !== 0 || entries[entryCount] !== text.length) {
      throw damaged('entry bounds');
    }
    if (buckets[0] !== 0 || buckets[bucketCount] !== entryCount) throw damaged('bucket bounds');
    if (!Number.isInteger(longest) || longest < 0 || longest > text.length) {
      throw damaged('longest hostname');
    }
    this.longest = longest;
    this.size = entryCount;
    this.#text = text;
    this.#entries = entries;
    this.#buckets = buckets;
    this.#entryCount = entryCount;
    this.#shift = 32 - Math.log2(bucketCount);
    this.#firstPairs =
      compiled.firstPairs === undefined ? null : decodeUint32s(compiled.firstPairs);
    if (this.#firstPairs !== null && this.#firstPairs.length !== PAIRS / 32) {
      throw damaged('first pairs');
    }
  }

  /**
   * Whether a hostname of the table may start at `start` of `host` (always true for a table
   * compiled without `firstPairs`).
   */
  mayStartAt(host: string, start: number): boolean {
    const bits = this.#firstPairs;
    if (bits === null) return true;
    const pair = ((host.charCodeAt(start) & 0xff) << 8) | (host.charCodeAt(start + 1) & 0xff);
    return (bits[pair >>> 5]! & (1 << (pair & 31))) !== 0;
  }

  /**
   * The entry of the hostname `host.slice(start, end)`, or -1 when the table does not list
   * it. `hash` is that slice's hash: `hashStep` over its characters from `HASH_START`.
   */
  entryOf(host: string, start: number, end: number, hash: number): number {
    const text = this.#text;
    const entries = this.#entries;
    const bucket = mix(hash) >>> this.#shift;
    const last = Math.min(this.#buckets[bucket + 1]!, this.#entryCount);
    const length = end - start;
    for (let entry = this.#buckets[bucket]!; entry < last; entry++) {
      const at = entries[entry]!;
      // A stored hostname ends where its entry does or at its first payload's line break.
      const next = entries[entry + 1]!;
      if (
        at + length !== next &&
        (at + length > next || text.charCodeAt(at + length) !== NEWLINE)
      ) {
        continue;
      }
      let i = 0;
      while (i < length && text.charCodeAt(at + i) === host.charCodeAt(start + i)) i++;
      if (i === length) return entry;
    }
    return -1;
  }

  /** The hostname of an entry. */
  hostnameOf(entry: number): string {
    const at = this.#entries[entry]!;
    const end = this.#endOf(entry);
    const lineBreak = this.#text.indexOf('\n', at);
    return this.#text.slice(at, lineBreak === -1 || lineBreak > end ? end : lineBreak);
  }

  /**
   * The payloads of an entry's hostname, in the order they were compiled. A caller that knows
   * the hostname's length saves a search for where the payloads start.
   */
  payloadsOf(entry: number, hostnameLength?: number): readonly string[] {
    const at = this.#entries[entry]!;
    const end = this.#endOf(entry);
    if (hostnameLength !== undefined && end - at === hostnameLength) return BARE;
    const lines = this.#text.slice(at, end).split('\n');
    return lines.length === 1 ? BARE : lines.slice(1);
  }

  #endOf(entry: number): number {
    return Math.min(this.#entries[entry + 1]!, this.#text.length);
  }
}

/**
 * Checks every entry of a compiled table: the arrays rise, each hostname sits in its own
 * bucket and is found there with exactly the payloads compiled for it, and nothing else is
 * stored. Returns the first problem, or null. The data step runs it on what it writes;
 * opening a table does not.
 */
export function verifyHostnameTable(
  compiled: CompiledHostnameTable,
  pairs: readonly (readonly [hostname: string, payload: string])[],
): string | null {
  let table: HostnameTable;
  try {
    table = new HostnameTable(compiled);
  } catch (error) {
    return (error as Error).message;
  }
  const entries = decodeUint32s(compiled.entries);
  const buckets = decodeUint32s(compiled.buckets);
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]! <= entries[i - 1]!) return `entry ${i} does not follow the one before`;
  }
  for (let b = 1; b < buckets.length; b++) {
    if (buckets[b]! < buckets[b - 1]!) return `bucket ${b} starts before the one before`;
  }
  const expected = new Map<string, string[]>();
  for (const [hostname, payload] of pairs) {
    const list = expected.get(hostname);
    if (list) list.push(payload);
    else expected.set(hostname, [payload]);
  }
  if (expected.size !== entries.length - 1) {
    return `${entries.length - 1} entries stored for ${expected.size} hostnames`;
  }
  const shift = 32 - Math.log2(buckets.length - 1);
  for (let entry = 0; entry < entries.length - 1; entry++) {
    const hostname = table.hostnameOf(entry);
    const bucket = mix(hashOf(hostname)) >>> shift;
    if (entry < buckets[bucket]! || entry >= buckets[bucket + 1]!) {
      return `${hostname} is stored outside its bucket`;
    }
  }
  for (const [hostname, payloads] of expected) {
    if (hostname.length > table.longest) return `${hostname} is longer than the longest`;
    const entry = table.entryOf(hostname, 0, hostname.length, hashOf(hostname));
    if (entry === -1) return `${hostname} is not found`;
    const found = table.payloadsOf(entry);
    if (found.length !== payloads.length || found.some((p, i) => p !== payloads[i])) {
      return `${hostname} is found with other payloads`;
    }
  }
  return null;
}

const NEWLINE = 10;
/** The payloads of a hostname stored bare: one, empty. */
const BARE: readonly string[] = Object.freeze(['']);

/** Folds every bit of the hash into the top bits, which pick the bucket. */
function mix(hash: number): number {
  return Math.imul(hash ^ (hash >>> 16), 0x9e3779b1) >>> 0;
}
