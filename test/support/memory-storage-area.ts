/**
 * An in-memory `storage.local` for tests of lib/storage: values are copied through JSON as the
 * browser stores them, the quota is counted as Chrome counts it (each key's length plus the
 * length of its value's JSON), a `set` that would exceed it fails whole with Chrome's message,
 * and any call can be made to throw or never answer.
 */
import type { StorageArea, StorageChangeEvent } from '../../lib/storage/store.ts';

/** Chrome's `storage.local.QUOTA_BYTES` without `unlimitedStorage`. */
export const CHROME_LOCAL_QUOTA_BYTES = 10_485_760;
export const QUOTA_MESSAGE = 'Resource::kQuotaBytes quota exceeded';

type Operation = 'get' | 'set' | 'remove';
type Fault =
  { kind: 'throw'; error: unknown } | { kind: 'hang' } | { kind: 'sync-throw'; error: unknown };
type Listener = (changes: Record<string, unknown>) => void;

export class MemoryStorageArea implements StorageArea {
  readonly data = new Map<string, unknown>();
  /** Every successful `set`, in order, as it was written (for "one write" assertions). */
  readonly writes: Record<string, unknown>[] = [];
  private readonly faults = new Map<Operation, { fault: Fault; times: number }>();
  private readonly listeners = new Set<Listener>();

  constructor(public quotaBytes = CHROME_LOCAL_QUOTA_BYTES) {}

  /** Makes the next `times` calls of `op` fail with `error` (Infinity: until `heal`). */
  fail(op: Operation, error: unknown, times = Infinity): void {
    this.faults.set(op, { fault: { kind: 'throw', error }, times });
  }

  /** Makes calls of `op` throw synchronously, before returning a promise. */
  failSynchronously(op: Operation, error: unknown, times = Infinity): void {
    this.faults.set(op, { fault: { kind: 'sync-throw', error }, times });
  }

  /** Makes calls of `op` never answer. */
  hang(op: Operation, times = Infinity): void {
    this.faults.set(op, { fault: { kind: 'hang' }, times });
  }

  heal(): void {
    this.faults.clear();
  }

  /** Stores values as they are, bypassing the quota (for corrupt values a test plants). */
  plant(items: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(items)) this.data.set(key, copy(value));
  }

  /** A plain copy of everything stored. */
  snapshot(): Record<string, unknown> {
    return Object.fromEntries([...this.data].map(([k, v]) => [k, copy(v)]));
  }

  bytesInUse(data: Map<string, unknown> = this.data): number {
    let bytes = 0;
    for (const [key, value] of data) bytes += key.length + JSON.stringify(value).length;
    return bytes;
  }

  readonly onChanged: StorageChangeEvent = {
    addListener: (listener) => void this.listeners.add(listener),
    removeListener: (listener) => void this.listeners.delete(listener),
  };

  get(keys: string[] | null): Promise<Record<string, unknown>> {
    return this.run('get', () => {
      const out: Record<string, unknown> = {};
      for (const key of keys ?? this.data.keys())
        if (this.data.has(key)) out[key] = copy(this.data.get(key));
      return out;
    });
  }

  set(items: Record<string, unknown>): Promise<void> {
    return this.run('set', () => {
      const next = new Map(this.data);
      for (const [key, value] of Object.entries(items))
        if (value !== undefined) next.set(key, copy(value));
      if (this.bytesInUse(next) > this.quotaBytes) throw new Error(QUOTA_MESSAGE);
      const changes: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(items)) {
        changes[key] = { oldValue: copy(this.data.get(key)), newValue: copy(value) };
      }
      this.data.clear();
      for (const [key, value] of next) this.data.set(key, value);
      this.writes.push(copy(items) as Record<string, unknown>);
      this.notify(changes);
    });
  }

  remove(keys: string[]): Promise<void> {
    return this.run('remove', () => {
      const changes: Record<string, unknown> = {};
      for (const key of keys) {
        if (!this.data.has(key)) continue;
        changes[key] = { oldValue: copy(this.data.get(key)) };
        this.data.delete(key);
      }
      if (Object.keys(changes).length > 0) this.notify(changes);
    });
  }

  private notify(changes: Record<string, unknown>): void {
    for (const listener of this.listeners) queueMicrotask(() => listener(changes));
  }

  private run<T>(op: Operation, fn: () => T): Promise<T> {
    const entry = this.faults.get(op);
    if (entry) {
      entry.times--;
      if (entry.times <= 0) this.faults.delete(op);
      if (entry.fault.kind === 'sync-throw') throw entry.fault.error;
      if (entry.fault.kind === 'hang') return new Promise<T>(() => {});
      return Promise.reject(entry.fault.error);
    }
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/** A value as the browser hands it back: through JSON (undefined fields gone, NaN → null). */
function copy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
