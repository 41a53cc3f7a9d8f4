/**
 * Settings and saved declarations in `browser.storage.local`, through WXT's typed, versioned
 * storage items. Every read is validated: a stored value that cannot be read (wrong shape, a
 * version this build does not know) is copied to a backup key, the defaults take its place,
 * and a notice is kept until the options page shows it. Nothing here throws at its callers:
 * reads fall back, writes return a result the UI can show.
 */
import { storage, type StorageItemKey, type WxtStorageItem } from 'wxt/utils/storage';
import type { DeclaredTable } from '../declarations/declared.ts';
import {
  checkDeclarations,
  declaredTableProblem,
  DECLARATIONS_VERSION,
  summarise,
  type DeclarationSummary,
  type StoredDeclaration,
  type StoredDeclarations,
} from './declarations.ts';
import {
  checkSettings,
  defaultSettings,
  migrateSettings,
  SETTINGS_MIGRATIONS,
  SETTINGS_VERSION,
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

export const SETTINGS_KEY = 'local:settings' satisfies StorageItemKey;
export const DECLARATIONS_KEY = 'local:declarations' satisfies StorageItemKey;
export const DISCOVERED_KEY = 'local:discovered-declarations' satisfies StorageItemKey;
const NOTICES_KEY = 'local:storage-notices' satisfies StorageItemKey;
/** Longest kept list of notices; older ones drop off (their backups stay). */
const MAX_NOTICES = 20;

/** Something the auditor should be told about their stored data. */
export interface StorageNotice {
  kind: 'settings-unreadable' | 'declarations-unreadable';
  /** Where the unreadable value was kept, e.g. `local:settings-corrupt-1763632800000`; null if it could not be. */
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

type Meta = { v?: unknown };

interface Items {
  settings: WxtStorageItem<Settings, Meta>;
  declarations: WxtStorageItem<StoredDeclarations, Meta>;
  notices: WxtStorageItem<StorageNotice[], Meta>;
  discovered: WxtStorageItem<DiscoveredDeclarations, Meta>;
}

let items: Items | null = null;

/**
 * The items are defined on first use, not at import: defining one reads storage at once,
 * which must not happen in a context that only imports this module's types or validators.
 */
function getItems(): Items {
  items ??= {
    settings: storage.defineItem<Settings, Meta>(SETTINGS_KEY, {
      version: SETTINGS_VERSION,
      fallback: defaultSettings(),
      migrations: SETTINGS_MIGRATIONS as Record<number, (value: unknown) => Settings>,
    }),
    declarations: storage.defineItem<StoredDeclarations, Meta>(DECLARATIONS_KEY, {
      version: DECLARATIONS_VERSION,
      fallback: {},
    }),
    notices: storage.defineItem<StorageNotice[], Meta>(NOTICES_KEY, { fallback: [] }),
    discovered: storage.defineItem<DiscoveredDeclarations, Meta>(DISCOVERED_KEY, {
      version: DISCOVERED_VERSION,
      fallback: {},
    }),
  };
  return items;
}

/** Notices that could not be stored (storage full or failing), shown from memory instead. */
const unsavedNotices: StorageNotice[] = [];

/** Writes within this context one after another, so read-modify-write cycles do not interleave. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Chrome: "Resource::kQuotaBytes quota exceeded"; Firefox: "QuotaExceededError". */
export function isQuotaError(error: unknown): boolean {
  const text = `${(error as { name?: unknown })?.name ?? ''} ${describeError(error)}`;
  return /quota/i.test(text);
}

function failure(error: unknown): SaveResult {
  return {
    ok: false,
    error: isQuotaError(error) ? 'quota' : 'failed',
    detail: describeError(error),
  };
}

/** The stored version number of an item, when WXT recorded one (absent means version 1). */
async function storedVersion(item: WxtStorageItem<unknown, Meta>): Promise<unknown> {
  try {
    return (await item.getMeta()).v ?? 1;
  } catch {
    return 1;
  }
}

/**
 * Keeps an unreadable value under `<key>-corrupt-<time>` and records a notice. Returns the
 * backup key, or null when the backup could not be written (then the original is left alone,
 * so nothing is lost).
 */
async function keepBackup(
  key: StorageItemKey,
  raw: unknown,
  kind: StorageNotice['kind'],
  detail: string,
): Promise<string | null> {
  const at = new Date();
  const backupKey = `${key}-corrupt-${at.getTime()}` as StorageItemKey;
  let saved: string | null = backupKey;
  try {
    await storage.setItem(backupKey, raw);
  } catch (error) {
    saved = null;
    detail = `${detail}; the backup failed too: ${describeError(error)}`;
  }
  await addNotice({ kind, backupKey: saved, detail, at: at.toISOString() });
  return saved;
}

async function addNotice(notice: StorageNotice): Promise<void> {
  try {
    const list = await getItems().notices.getValue();
    const current = Array.isArray(list) ? list : [];
    await getItems().notices.setValue([...current, notice].slice(-MAX_NOTICES));
  } catch {
    unsavedNotices.push(notice);
  }
}

/**
 * The settings in force: the stored ones when they can be read, the defaults otherwise (after
 * keeping the unreadable value as a backup, see `getStorageNotices`). Never throws.
 */
export function getSettings(): Promise<Settings> {
  return serial(async () => {
    const item = getItems().settings;
    let raw: unknown;
    let version: unknown;
    try {
      // The version first: reading it waits for WXT's own migration to finish.
      version = await storedVersion(item as WxtStorageItem<unknown, Meta>);
      raw = await storage.getItem(SETTINGS_KEY);
    } catch {
      return defaultSettings();
    }
    if (raw === null || raw === undefined) return defaultSettings();
    // An older version written after this page started (another context, an old build): migrate.
    const older =
      typeof version === 'number' && Number.isInteger(version) && version < SETTINGS_VERSION;
    const value = older ? migrateSettings(raw, version as number) : raw;
    const checked =
      version === SETTINGS_VERSION || older
        ? checkSettings(value)
        : { ok: false as const, reason: `unknown version ${String(version).slice(0, 20)}` };
    if (checked.ok) {
      if (older) await writeSettings(checked.value).catch(() => undefined);
      return checked.value;
    }
    const backup = await keepBackup(SETTINGS_KEY, raw, 'settings-unreadable', checked.reason);
    if (backup !== null) {
      try {
        await item.removeValue({ removeMeta: true });
      } catch {
        // The backup exists; the unreadable value will be found (and backed up) again next time.
      }
    }
    return defaultSettings();
  });
}

/** Stores settings with the version they are in, so a later read knows their shape. */
async function writeSettings(settings: Settings): Promise<void> {
  const item = getItems().settings;
  await item.setValue(settings);
  await item.setMeta({ v: SETTINGS_VERSION });
}

/** Validates and stores the settings. */
export function saveSettings(settings: Settings): Promise<SaveResult> {
  const checked = checkSettings(settings);
  if (!checked.ok) return Promise.resolve({ ok: false, error: 'invalid', detail: checked.reason });
  return serial(async () => {
    try {
      await writeSettings(checked.value);
      return { ok: true } as const;
    } catch (error) {
      return failure(error);
    }
  });
}

/** Calls `callback` with the validated settings whenever another page saves them. */
export function watchSettings(callback: (settings: Settings) => void): () => void {
  return getItems().settings.watch((value) => {
    const checked = checkSettings(value);
    callback(checked.ok ? checked.value : defaultSettings());
  });
}

/** Every readable declaration; unreadable entries are backed up and left out. */
async function readDeclarations(): Promise<StoredDeclarations> {
  const item = getItems().declarations;
  let raw: unknown;
  try {
    raw = await item.getValue();
  } catch {
    return {};
  }
  const version = await storedVersion(item as WxtStorageItem<unknown, Meta>);
  if (version !== DECLARATIONS_VERSION) {
    const backup = await keepBackup(
      DECLARATIONS_KEY,
      raw,
      'declarations-unreadable',
      `unknown version ${String(version).slice(0, 20)}`,
    );
    if (backup !== null) await item.removeValue({ removeMeta: true }).catch(() => undefined);
    return {};
  }
  const { value, problems } = checkDeclarations(raw);
  if (problems.length === 0) return value;
  const backup = await keepBackup(
    DECLARATIONS_KEY,
    raw,
    'declarations-unreadable',
    problems.slice(0, 5).join('; '),
  );
  // Only the readable entries stay; the whole original is in the backup.
  if (backup !== null) await item.setValue(value).catch(() => undefined);
  return value;
}

/** The saved declarations, one line per site, newest first. */
export function listDeclarations(): Promise<DeclarationSummary[]> {
  return serial(async () => summarise(await readDeclarations()));
}

/** The declaration saved for `site` (a registrable domain), or null. */
export function getDeclaration(site: string): Promise<StoredDeclaration | null> {
  return serial(async () => (await readDeclarations())[site] ?? null);
}

/** Validates and stores `table` as the declaration of `site`, replacing any earlier one. */
export function saveDeclaration(
  site: string,
  table: DeclaredTable,
  source: string,
): Promise<SaveResult> {
  if (typeof site !== 'string' || site.trim() === '')
    return Promise.resolve({ ok: false, error: 'invalid', detail: 'no site given' });
  const problem = declaredTableProblem(table);
  if (problem) return Promise.resolve({ ok: false, error: 'invalid', detail: problem });
  return serial(async () => {
    try {
      const all = await readDeclarations();
      all[site] = { table, savedAt: new Date().toISOString(), source: source.slice(0, 300) };
      await getItems().declarations.setValue(all);
      return { ok: true } as const;
    } catch (error) {
      return failure(error);
    }
  });
}

/** Removes the declaration of `site`; succeeds when there was none. */
export function deleteDeclaration(site: string): Promise<SaveResult> {
  return serial(async () => {
    try {
      const all = await readDeclarations();
      if (!(site in all)) return { ok: true } as const;
      delete all[site];
      await getItems().declarations.setValue(all);
      return { ok: true } as const;
    } catch (error) {
      return failure(error);
    }
  });
}

/**
 * The declarations found automatically, as far as they can be read. The cache is rebuilt by
 * visiting the sites again, so unreadable entries (or a version this build does not know) are
 * dropped without a backup.
 */
async function readDiscovered(): Promise<DiscoveredDeclarations> {
  const item = getItems().discovered;
  try {
    const version = await storedVersion(item as WxtStorageItem<unknown, Meta>);
    if (version !== DISCOVERED_VERSION) return {};
    return checkDiscovered(await item.getValue());
  } catch {
    return {};
  }
}

/** What discovery last found for `site` (a registrable domain), or null. */
export function getDiscoveredDeclaration(site: string): Promise<DiscoveredDeclaration | null> {
  return serial(async () => (await readDiscovered())[site] ?? null);
}

/** The found declarations, one line per site, most recently checked first. */
export function listDiscoveredDeclarations(): Promise<DiscoveredSummary[]> {
  return serial(async () => summariseDiscovered(await readDiscovered()));
}

/**
 * Caches what discovery found for `site`. When the browser's storage is full, the older half
 * of the cache makes room (it is only a cache; the auditor's own declarations are elsewhere).
 */
export function saveDiscoveredDeclaration(
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
    const item = getItems().discovered;
    const all = await readDiscovered();
    try {
      await item.setValue(withDiscovered(all, site, entry));
      return { ok: true } as const;
    } catch (error) {
      if (!isQuotaError(error)) return failure(error);
      const keep = Math.max(0, Math.floor(Object.keys(all).length / 2));
      try {
        await item.setValue(withDiscovered(all, site, entry, keep + 1));
        return { ok: true } as const;
      } catch (again) {
        return failure(again);
      }
    }
  });
}

/** Forgets what discovery found for `site`; it is looked for again on the next visit. */
export function deleteDiscoveredDeclaration(site: string): Promise<SaveResult> {
  return serial(async () => {
    try {
      const all = await readDiscovered();
      if (!(site in all)) return { ok: true } as const;
      delete all[site];
      await getItems().discovered.setValue(all);
      return { ok: true } as const;
    } catch (error) {
      return failure(error);
    }
  });
}

/** What the options page should tell the auditor about their stored data, oldest first. */
export function getStorageNotices(): Promise<StorageNotice[]> {
  return serial(async () => {
    let stored: StorageNotice[] = [];
    try {
      const value = await getItems().notices.getValue();
      stored = Array.isArray(value) ? value.filter(isNotice) : [];
    } catch {
      // Shown from memory below.
    }
    return [...stored, ...unsavedNotices];
  });
}

/** Forgets the notices the auditor has seen (their backups stay in storage). */
export function dismissStorageNotices(): Promise<void> {
  return serial(async () => {
    unsavedNotices.length = 0;
    await getItems()
      .notices.removeValue()
      .catch(() => undefined);
  });
}

function isNotice(value: unknown): value is StorageNotice {
  const n = value as Partial<StorageNotice> | null;
  return (
    typeof n === 'object' &&
    n !== null &&
    (n.kind === 'settings-unreadable' || n.kind === 'declarations-unreadable') &&
    (n.backupKey === null || typeof n.backupKey === 'string') &&
    typeof n.detail === 'string' &&
    typeof n.at === 'string'
  );
}
