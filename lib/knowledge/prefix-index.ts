/**
 * Longest-prefix lookup over a fixed set of prefixes (the wildcard rows of the cookie tables).
 * Prefixes are bucketed by their first two characters and kept longest first, so a lookup
 * reads one small bucket (a dozen entries at most in the real data) instead of every prefix;
 * the few one-character prefixes get buckets of their own.
 */
export class PrefixIndex<T> {
  // Keyed by the first two UTF-16 code units as one number (no string is built per lookup);
  // one-character prefixes by the negated code unit.
  readonly #buckets = new Map<number, { prefix: string; value: T }[]>();
  readonly #maxBucket: number;

  constructor(entries: Iterable<readonly [prefix: string, value: T]>) {
    for (const [prefix, value] of entries) {
      if (prefix.length === 0) continue;
      const key = prefix.length >= 2 ? pairKey(prefix) : -1 - prefix.charCodeAt(0);
      let bucket = this.#buckets.get(key);
      if (!bucket) this.#buckets.set(key, (bucket = []));
      bucket.push({ prefix, value });
    }
    let max = 0;
    for (const bucket of this.#buckets.values()) {
      // Stable sort: among prefixes of one length, the earlier entry stays first.
      bucket.sort((a, b) => b.prefix.length - a.prefix.length);
      max = Math.max(max, bucket.length);
    }
    this.#maxBucket = max;
  }

  /**
   * The value of the longest prefix of `name` that `accept` takes (a prefix equal to the whole
   * name counts), or undefined. `arg` is handed to `accept`, so callers need no closure per call.
   */
  find<A>(name: string, accept?: (value: T, arg: A) => boolean, arg?: A): T | undefined {
    if (name.length === 0) return undefined;
    if (name.length >= 2) {
      const hit = this.#scan(this.#buckets.get(pairKey(name)), name, accept, arg);
      if (hit !== undefined) return hit;
    }
    return this.#scan(this.#buckets.get(-1 - name.charCodeAt(0)), name, accept, arg);
  }

  #scan<A>(
    bucket: { prefix: string; value: T }[] | undefined,
    name: string,
    accept: ((value: T, arg: A) => boolean) | undefined,
    arg: A | undefined,
  ): T | undefined {
    if (!bucket) return undefined;
    const n = Math.min(bucket.length, this.#maxBucket);
    for (let i = 0; i < n; i++) {
      const entry = bucket[i] as { prefix: string; value: T };
      if (entry.prefix.length <= name.length && name.startsWith(entry.prefix)) {
        if (!accept || accept(entry.value, arg as A)) return entry.value;
      }
    }
    return undefined;
  }
}

function pairKey(text: string): number {
  return text.charCodeAt(0) * 65536 + text.charCodeAt(1);
}
