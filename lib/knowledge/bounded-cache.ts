/**
 * A Map that forgets everything once it holds `limit` entries. Hosts repeat heavily within a
 * page, so even this crude policy keeps the hit rate high, and a clear costs less than the
 * bookkeeping of a least-recently-used list on every hit.
 */
export class BoundedCache<K, V> {
  readonly #map = new Map<K, V>();

  constructor(readonly limit: number) {}

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  set(key: K, value: V): void {
    if (this.#map.size >= this.limit) this.#map.clear();
    this.#map.set(key, value);
  }

  get size(): number {
    return this.#map.size;
  }
}
