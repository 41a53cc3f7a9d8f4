/**
 * Settings, saved declarations and the cache of found declarations in the extension's `storage.local`, on a storage area passed
 * in (`browser.storage.local` in the extension, an in-memory area in the tests), so this module
 * stays browser-free.
 *
 * Guarantees:
 * - Nothing here throws at its callers or waits forever: a read that fails or does not answer
 *   gives the defaults, a write returns a result the UI can show.
 * - Every write is one `set` call, which the browser applies whole or not at all: a full storage
 *   (quota) leaves everything stored before exactly as it was.
 * - A stored value this version cannot read as it is (wrong shape or types, an old or unknown
 *   version, JSON text, a partly valid list) is migrated or repaired — every field and row that
 *   can be read is kept — and, whenever anything was lost, the original is kept under
 *   `<key>-corrupt-<time>` in the same write as the repaired value, with a notice until the
 *   options page has shown it. When that write is impossible, the original stays in place.
 *
 * The layout is the one `@wxt-dev/storage` used: the value under its key, `{ v: version }` under
 * the key plus `$`.
 */
import type { DeclaredTable } from '../declarations/declared.ts';
import {
  checkDeclarations,
  declaredTableProblem,
  DECLARATIONS_VERSION,
  repairDeclarations,
  summarise,
  type DeclarationSummary,
  type StoredDeclaration,
  type StoredDeclarations,
} from './declarations.ts';
import {
  checkSettings,
  defaultSettings,
  repairSettings,
  SETTINGS_MIGRATIONS,
  SETTINGS_VERSION,
  type Repaired,
  type Settings,
} from './settings.ts';
import type { DiscoveredDeclaration } from '../declarations/discover-declaration.ts';
import {
  checkDiscovered,
  DISCOVERED_VERSION,
  summariseDiscovered,
  withDiscovered,
  type DiscoveredDeclarations,
  type DiscoveredSummary,
} from './discovered-declarations.ts';

/** The slice of a WebExtension `storage.StorageArea` the store uses. */
export interface StorageArea {
  get(keys: string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

/** A `storage.StorageArea.onChanged` event. */
export interface StorageChangeEvent {
  addListener(listener: (changes: Record<string, unknown>) => void): void;
  removeListener(listener: (changes: Record<string, unknown>) => void): void;
}

export const SETTINGS_KEY = 'settings';
export const DECLARATIONS_KEY = 'declarations';
/** The declarations found automatically: a cache, kept apart from the auditor's own. */
export const DISCOVERED_KEY = 'discovered-declarations';
export const NOTICES_KEY = 'storage-notices';
/** Longest kept list of notices; older ones drop off (their backups stay). */
const MAX_NOTICES = 20;
/** A read or write that has not answered by then counts as failed, so no caller waits forever. */
const DEFAULT_TIMEOUT_MS = 10_000;

export function metaKey(key: string): string {
  return `${key}$`;
}

/** Something the auditor should be told about their stored data. */
export interface StorageNotice {
  /** `storage-unavailable`: the browser's storage could not be read at all; nothing was changed. */
  kind: 'settings-unreadable' | 'declarations-unreadable' | 'storage-unavailable';
  /** Where the original value was kept, e.g. `settings-corrupt-1763632800000`; null if it could not be. */
  backupKey: string | null;
  /** Technical detail, in English, for a bug report. */
  detail: string;
  /** ISO time it was found. */
  at: string;
}

export type SaveResult =
  | { ok: true }
  | {
      ok: false;
      /** `quota`: the browser's storage is full; `invalid`: the value failed validation. */
      error: 'quota' | 'invalid' | 'failed';
      detail: string;
    };

/** Chrome: "Resource::kQuotaBytes quota exceeded"; Firefox: "QuotaExceededError". */
export function isQuotaError(error: unknown): boolean {
  const text = `${(error as { name?: unknown } | null)?.name ?? ''} ${describeError(error)}`;
  return /quota/i.test(text);
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 300);
}

function failure(error: unknown): SaveResult {
  return {
    ok: false,
    error: isQuotaError(error) ? 'quota' : 'failed',
    detail: describeError(error),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One stored item: its key, version, strict check and repair. */
interface ItemSpec<T> {
  key: string;
  version: number;
  kind: 'settings-unreadable' | 'declarations-unreadable';
  empty(): T;
  /** The value when it is readable exactly as stored, else null. */
  check(raw: unknown): T | null;
  repair(raw: unknown, at: string): Repaired<T>;
  /** Migrations from older versions: `migrations[n]` turns a version n-1 value into version n. */
  migrations: Record<number, (value: unknown) => unknown>;
}

/** What reading an item found. */
interface Loaded<T> {
  value: T;
  /** The read failed: `value` is the empty value and nothing may be written over the item. */
  unreadable: string | null;
  /**
   * What has to be written for the stored item to become `value`: the migrated or repaired
   * value, and when anything was lost, the original's backup and the notice. Null when the
   * stored item is already `value`.
   */
  fix: { items: Record<string, unknown>; notice: StorageNotice | null } | null;
}

/** The longest text value that is tried as JSON (an older build may have stored JSON text). */
const MAX_JSON_TEXT = 10 * 1024 * 1024;

export interface StoreOptions {
  /** Milliseconds since the epoch (tests fix it). */
  now?: () => number;
  timeoutMs?: number;
}

/** The store on one storage area. */
export function createStore(area: StorageArea, options: StoreOptions = {}) {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  /** Notices that could not be stored (storage full or failing), shown from memory instead. */
  const unsavedNotices: StorageNotice[] = [];

  /** Writes within this context one after another, so read-modify-write cycles do not interleave. */
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Runs one storage call, turning a synchronous throw, a garbage answer or no answer into a rejection. */
  function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the browser's storage did not answer the ${what}`)),
        timeoutMs,
      );
    });
    return Promise.race([Promise.resolve().then(fn), timeout]).finally(() => clearTimeout(timer));
  }

  async function read(keys: string[]): Promise<Record<string, unknown>> {
    const data = await call('read', () => area.get(keys));
    if (!isRecord(data)) throw new Error('the browser\u2019s storage answered a read with no data');
    return data;
  }

  function write(items: Record<string, unknown>): Promise<void> {
    return call('write', () => area.set(items));
  }

  function remember(notice: StorageNotice): void {
    // The same finding made again (every read of a value that cannot be fixed) is one notice.
    if (unsavedNotices.some((n) => n.kind === notice.kind && n.detail === notice.detail)) return;
    unsavedNotices.push(notice);
    if (unsavedNotices.length > MAX_NOTICES) unsavedNotices.shift();
  }

  async function storedNotices(): Promise<StorageNotice[]> {
    try {
      const value = (await read([NOTICES_KEY]))[NOTICES_KEY];
      return Array.isArray(value) ? value.filter(isNotice).slice(-MAX_NOTICES) : [];
    } catch {
      return [];
    }
  }

  async function load<T>(spec: ItemSpec<T>): Promise<Loaded<T>> {
    let data: Record<string, unknown>;
    try {
      data = await read([spec.key, metaKey(spec.key)]);
    } catch (error) {
      const detail = `${spec.key}: ${describeError(error)}`;
      remember({ kind: 'storage-unavailable', backupKey: null, detail, at: isoNow() });
      return { value: spec.empty(), unreadable: detail, fix: null };
    }
    const raw = data[spec.key];
    if (raw === undefined) return { value: spec.empty(), unreadable: null, fix: null };
    const meta = data[metaKey(spec.key)];
    const version = meta === undefined ? 1 : isRecord(meta) ? (meta.v ?? 1) : meta;
    const problems: string[] = [];
    let candidate: unknown = raw;
    // JSON text first: an older build's text holds a value of the version it was stored with.
    if (typeof candidate === 'string') {
      const parsed = parseJsonText(candidate);
      if (parsed.ok) candidate = parsed.value;
      else problems.push('stored as text that is not JSON');
    }
    if (version !== spec.version) {
      if (
        Number.isInteger(version) &&
        (version as number) >= 1 &&
        (version as number) < spec.version
      ) {
        try {
          for (let v = (version as number) + 1; v <= spec.version; v++)
            candidate = spec.migrations[v]?.(candidate) ?? candidate;
        } catch (error) {
          problems.push(
            `migration from version ${String(version)} failed: ${describeError(error)}`,
          );
        }
      } else {
        const shown = typeof version === 'number' ? String(version) : JSON.stringify(version);
        problems.push(
          typeof version === 'number' && version > spec.version
            ? `saved by a newer version (${shown})`
            : `unknown version ${String(shown).slice(0, 20)}`,
        );
      }
    }
    const checked = spec.check(candidate);
    if (checked !== null && problems.length === 0 && candidate === raw)
      return { value: checked, unreadable: null, fix: null };
    const at = now();
    const repaired =
      checked !== null
        ? { value: checked, problems: [] }
        : spec.repair(candidate, new Date(at).toISOString());
    problems.push(...repaired.problems);
    const items: Record<string, unknown> = {
      [spec.key]: repaired.value,
      [metaKey(spec.key)]: { v: spec.version },
    };
    if (problems.length === 0)
      return { value: repaired.value, unreadable: null, fix: { items, notice: null } };
    const backupKey = `${spec.key}-corrupt-${at}`;
    items[backupKey] = raw;
    const notice: StorageNotice = {
      kind: spec.kind,
      backupKey,
      detail: boundedDetail(problems),
      at: new Date(at).toISOString(),
    };
    return { value: repaired.value, unreadable: null, fix: { items, notice } };
  }

  /**
   * Writes `items` together with what `loaded` needs fixed, in one call. Returns the error, or
   * null when it was written.
   */
  async function commit(loaded: Loaded<unknown>, items: Record<string, unknown>): Promise<unknown> {
    const all: Record<string, unknown> = { ...loaded.fix?.items, ...items };
    const notice = loaded.fix?.notice;
    if (notice) all[NOTICES_KEY] = [...(await storedNotices()), notice].slice(-MAX_NOTICES);
    try {
      await write(all);
      return null;
    } catch (error) {
      return error ?? new Error('write failed');
    }
  }

  /** Reads an item and stores its migration or repair; the value in force either way. */
  async function readFixed<T>(spec: ItemSpec<T>): Promise<T> {
    return fixed(await load(spec));
  }

  async function fixed<T>(loaded: Loaded<T>): Promise<T> {
    if (!loaded.fix) return loaded.value;
    const error = await commit(loaded, {});
    const notice = loaded.fix.notice;
    if (error !== null && notice) {
      // Nothing was written: the original is still in place, unchanged.
      remember({
        ...notice,
        backupKey: null,
        detail: `${notice.detail}; the backup could not be written: ${describeError(error)}`,
      });
    }
    return loaded.value;
  }

  /** Reads an item, changes it and writes it back, with its backup when one is due. */
  async function update<T>(spec: ItemSpec<T>, change: (value: T) => T | null): Promise<SaveResult> {
    const loaded = await load(spec);
    if (loaded.unreadable !== null)
      return {
        ok: false,
        error: 'failed',
        detail: `could not read what is stored: ${loaded.unreadable}`,
      };
    const next = change(loaded.value);
    if (next === null && !loaded.fix) return { ok: true };
    const error = await commit(
      loaded,
      next === null ? {} : { [spec.key]: next, [metaKey(spec.key)]: { v: spec.version } },
    );
    return error === null ? { ok: true } : failure(error);
  }

  const settingsSpec: ItemSpec<Settings> = {
    key: SETTINGS_KEY,
    version: SETTINGS_VERSION,
    kind: 'settings-unreadable',
    empty: defaultSettings,
    check: (raw) => {
      const checked = checkSettings(raw);
      return checked.ok ? checked.value : null;
    },
    repair: (raw) => repairSettings(raw),
    migrations: SETTINGS_MIGRATIONS,
  };

  const declarationsSpec: ItemSpec<StoredDeclarations> = {
    key: DECLARATIONS_KEY,
    version: DECLARATIONS_VERSION,
    kind: 'declarations-unreadable',
    empty: () => ({}),
    check: (raw) => {
      const checked = checkDeclarations(raw);
      return checked.problems.length === 0 ? checked.value : null;
    },
    repair: repairDeclarations,
    migrations: {},
  };

  function isoNow(): string {
    return new Date(now()).toISOString();
  }

  /**
   * The settings in force: the stored ones, repaired where needed, or the defaults when nothing
   * is stored or storage cannot be read. Never throws.
   */
  function getSettings(): Promise<Settings> {
    return loadSettings().then((loaded) => loaded.settings);
  }

  /** As `getSettings`, and whether storage could be read at all (false: these are the defaults). */
  function loadSettings(): Promise<{ settings: Settings; readable: boolean }> {
    return serial(async () => {
      const loaded = await load(settingsSpec);
      return { settings: await fixed(loaded), readable: loaded.unreadable === null };
    });
  }

  /** Validates and stores the settings. */
  function saveSettings(settings: Settings): Promise<SaveResult> {
    const checked = checkSettings(settings);
    if (!checked.ok)
      return Promise.resolve({ ok: false, error: 'invalid', detail: checked.reason });
    return serial(() => update(settingsSpec, () => checked.value));
  }

  /**
   * Calls `callback` with the settings in force whenever they change in storage (saved by
   * another page). Returns the function that stops watching.
   */
  function watchSettings(
    events: StorageChangeEvent,
    callback: (settings: Settings) => void,
  ): () => void {
    const listener = (changes: Record<string, unknown>) => {
      if (isRecord(changes) && SETTINGS_KEY in changes)
        void getSettings().then(callback, () => undefined);
    };
    events.addListener(listener);
    return () => events.removeListener(listener);
  }

  /** The saved declarations, one line per site, newest first. */
  function listDeclarations(): Promise<DeclarationSummary[]> {
    return serial(async () => summarise(await readFixed(declarationsSpec)));
  }

  /** The declaration saved for `site` (a registrable domain), or null. */
  function getDeclaration(site: string): Promise<StoredDeclaration | null> {
    return serial(async () => {
      const all = await readFixed(declarationsSpec);
      return Object.hasOwn(all, site) ? (all[site] ?? null) : null;
    });
  }

  /** Validates and stores `table` as the declaration of `site`, replacing any earlier one. */
  function saveDeclaration(
    site: string,
    table: DeclaredTable,
    source: string,
  ): Promise<SaveResult> {
    if (typeof site !== 'string' || site.trim() === '')
      return Promise.resolve({ ok: false, error: 'invalid', detail: 'no site given' });
    const problem = declaredTableProblem(table);
    if (problem) return Promise.resolve({ ok: false, error: 'invalid', detail: problem });
    return serial(() =>
      update(declarationsSpec, (all) => ({
        ...all,
        [site]: { table, savedAt: isoNow(), source: String(source).slice(0, 300) },
      })),
    );
  }

  /** Removes the declaration of `site`; succeeds when there was none. */
  function deleteDeclaration(site: string): Promise<SaveResult> {
    return serial(() =>
      update(declarationsSpec, (all) => {
        if (!Object.hasOwn(all, site)) return null;
        const rest = { ...all };
        delete rest[site];
        return rest;
      }),
    );
  }

  /**
   * The declarations found automatically, as far as they can be read. The cache is rebuilt by
   * visiting the sites again, so unreadable entries (or a version this build does not know) are
   * dropped without a backup.
   */
  async function readDiscovered(): Promise<DiscoveredDeclarations> {
    try {
      const data = await read([DISCOVERED_KEY, metaKey(DISCOVERED_KEY)]);
      const meta = data[metaKey(DISCOVERED_KEY)];
      const version = meta === undefined ? 1 : isRecord(meta) ? (meta.v ?? 1) : meta;
      if (version !== DISCOVERED_VERSION) return {};
      return checkDiscovered(data[DISCOVERED_KEY]);
    } catch {
      return {};
    }
  }

  function writeDiscovered(all: DiscoveredDeclarations): Promise<void> {
    return write({ [DISCOVERED_KEY]: all, [metaKey(DISCOVERED_KEY)]: { v: DISCOVERED_VERSION } });
  }

  /** What discovery last found for `site` (a registrable domain), or null. */
  function getDiscoveredDeclaration(site: string): Promise<DiscoveredDeclaration | null> {
    return serial(async () => {
      const all = await readDiscovered();
      return Object.hasOwn(all, site) ? (all[site] ?? null) : null;
    });
  }

  /** The found declarations, one line per site, most recently checked first. */
  function listDiscoveredDeclarations(): Promise<DiscoveredSummary[]> {
    return serial(async () => summariseDiscovered(await readDiscovered()));
  }

  /**
   * Caches what discovery found for `site`. When the browser's storage is full, the older half
   * of the cache makes room (it is only a cache; the auditor's own declarations are elsewhere).
   */
  function saveDiscoveredDeclaration(
    site: string,
    entry: DiscoveredDeclaration,
  ): Promise<SaveResult> {
    if (typeof site !== 'string' || site.trim() === '')
      return Promise.resolve({ ok: false, error: 'invalid', detail: 'no site given' });
    if (entry.table !== null) {
      const problem = declaredTableProblem(entry.table);
      if (problem) return Promise.resolve({ ok: false, error: 'invalid', detail: problem });
    }
    return serial(async () => {
      const all = await readDiscovered();
      try {
        await writeDiscovered(withDiscovered(all, site, entry));
        return { ok: true } as const;
      } catch (error) {
        if (!isQuotaError(error)) return failure(error);
        const keep = Math.max(0, Math.floor(Object.keys(all).length / 2));
        try {
          await writeDiscovered(withDiscovered(all, site, entry, keep + 1));
          return { ok: true } as const;
        } catch (again) {
          return failure(again);
        }
      }
    });
  }

  /** Forgets what discovery found for `site`; it is looked for again on the next visit. */
  function deleteDiscoveredDeclaration(site: string): Promise<SaveResult> {
    return serial(async () => {
      try {
        const all = await readDiscovered();
        if (!Object.hasOwn(all, site)) return { ok: true } as const;
        const rest = { ...all };
        delete rest[site];
        await writeDiscovered(rest);
        return { ok: true } as const;
      } catch (error) {
        return failure(error);
      }
    });
  }

  /** What the auditor should be told about their stored data, oldest first. */
  function getStorageNotices(): Promise<StorageNotice[]> {
    return serial(async () => [...(await storedNotices()), ...unsavedNotices]);
  }

  /** Forgets the notices the auditor has seen (their backups stay in storage). */
  function dismissStorageNotices(): Promise<void> {
    return serial(async () => {
      unsavedNotices.length = 0;
      await call('removal', () => area.remove([NOTICES_KEY])).catch(() => undefined);
    });
  }

  return {
    getSettings,
    loadSettings,
    saveSettings,
    watchSettings,
    listDeclarations,
    getDeclaration,
    saveDeclaration,
    deleteDeclaration,
    getDiscoveredDeclaration,
    listDiscoveredDeclarations,
    saveDiscoveredDeclaration,
    deleteDiscoveredDeclaration,
    getStorageNotices,
    dismissStorageNotices,
  };
}

export type Store = ReturnType<typeof createStore>;

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.length > MAX_JSON_TEXT) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function boundedDetail(problems: readonly string[]): string {
  const shown = problems.slice(0, 5).join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return `${shown.slice(0, 600)}${more}`;
}

function isNotice(value: unknown): value is StorageNotice {
  const n = value as Partial<StorageNotice> | null;
  return (
    typeof n === 'object' &&
    n !== null &&
    (n.kind === 'settings-unreadable' ||
      n.kind === 'declarations-unreadable' ||
      n.kind === 'storage-unavailable') &&
    (n.backupKey === null || typeof n.backupKey === 'string') &&
    typeof n.detail === 'string' &&
    typeof n.at === 'string'
  );
}
