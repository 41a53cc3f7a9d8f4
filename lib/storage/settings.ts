/**
 * The auditor's settings as they are stored (`local:settings`, version 2): their shape, defaults,
 * a hand-written guard and the conversion to the rules' `RuleSettings`. Pure: no browser API, so
 * the options page, the background and the tests share one definition.
 */
import { normaliseHost, siteOf } from '../domain/site.ts';
import { ruleSettings, type Language, type RuleSettings } from '../rules/settings.ts';

/** Bump with a migration (see `SETTINGS_MIGRATIONS`) whenever the stored shape changes. */
export const SETTINGS_VERSION = 2;

/** `auto` follows the browser's UI language. */
export type LanguageChoice = 'auto' | Language;
export const LANGUAGE_CHOICES: readonly LanguageChoice[] = ['auto', 'en', 'da'];

/** See `RuleSettings.unclassifiedIsNonNecessary`. */
export type UnclassifiedHandling = 'with-evidence' | boolean;

/** What the auditor accepted on one site; no rule reports these subjects there. */
export interface SiteAllowList {
  /** Exact cookie names, or a prefix ending in `*`. */
  cookies: string[];
  /** Hosts; each covers its subdomains. */
  hosts: string[];
  /** Exact storage keys, or a prefix ending in `*`. */
  storage: string[];
}

/** The CSS selectors of one site's own banner buttons; null: find the button by itself. */
export interface SiteBannerSelectors {
  reject: string | null;
  accept: string | null;
}

/** How "Audit this site" runs. */
export interface AuditSettings {
  /** Seconds each phase observes after the page is idle. */
  settleSeconds: number;
  /** Same-site pages each phase also opens after its page (0: none). */
  followLinks: number;
  /** Registrable domain → its banner's buttons, for a banner no detector knows. */
  selectors: Record<string, SiteBannerSelectors>;
}

export interface Settings {
  /** Language of the popup, the options page and (once wired) violation messages. */
  language: LanguageChoice;
  retentionTolerance: { factor: number; minDays: number };
  /** The consent lifetime limit when the policy states none, in months (12 = the customary year). */
  consentLifetimeMonths: number;
  unclassified: UnclassifiedHandling;
  /** Registrable domain (`example.dk`) → its allow-list. */
  allowList: Record<string, SiteAllowList>;
  /** Send the Global Privacy Control signal (`Sec-GPC: 1`, `navigator.globalPrivacyControl`). */
  sendGpc: boolean;
  /**
   * Find each visited site's declaration by itself (its consent platform's list, or its policy
   * page on the same site) when the auditor has given none.
   */
  discoverDeclarations: boolean;
  /** Since version 2. */
  audit: AuditSettings;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  language: 'auto',
  retentionTolerance: Object.freeze({ factor: 1.5, minDays: 1 }),
  consentLifetimeMonths: 12,
  unclassified: 'with-evidence',
  allowList: Object.freeze({}),
  sendGpc: false,
  discoverDeclarations: true,
  audit: Object.freeze({ settleSeconds: 3, followLinks: 0, selectors: Object.freeze({}) }),
}) as Readonly<Settings>;

/** A fresh, mutable copy of the defaults (the frozen constant must never reach a form). */
export function defaultSettings(): Settings {
  return structuredClone({
    ...DEFAULT_SETTINGS,
    retentionTolerance: { ...DEFAULT_SETTINGS.retentionTolerance },
    allowList: {},
    audit: { ...DEFAULT_SETTINGS.audit, selectors: {} },
  });
}

/**
 * Stored settings of an older version → the next version, keyed by the version they produce.
 * A migration only adds what the older version lacked: nothing the auditor set is dropped. A
 * value that is not settings at all is passed on unchanged and found unreadable afterwards (and
 * then kept as a backup).
 */
export const SETTINGS_MIGRATIONS: Record<number, (stored: unknown) => unknown> = {
  2: (v1) =>
    isRecord(v1) && !('audit' in v1)
      ? { ...v1, audit: { ...DEFAULT_SETTINGS.audit, selectors: {} } }
      : v1,
};

/** Stored settings of version `from` brought to SETTINGS_VERSION through every migration in between. */
export function migrateSettings(stored: unknown, from: number): unknown {
  let value = stored;
  for (let v = Math.max(from, 1) + 1; v <= SETTINGS_VERSION; v++) {
    const step = SETTINGS_MIGRATIONS[v];
    if (step) value = step(value);
  }
  return value;
}

/** Bounds the options page enforces; stored values outside them are treated as unreadable. */
export const LIMITS = {
  factor: { min: 1, max: 100 },
  minDays: { min: 0, max: 3650 },
  consentLifetimeMonths: { min: 1, max: 120 },
  /** Entries per list, and characters per entry. */
  listEntries: 500,
  entryLength: 256,
  sites: 1000,
  settleSeconds: { min: 0, max: 60 },
  followLinks: { min: 0, max: 5 },
  selectorLength: 500,
} as const;

/**
 * Sets `record[key]` as an own property: a stored site key such as `__proto__` (kept by
 * `JSON.parse` as an ordinary key) must neither change the record's prototype nor be lost.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export type Check<T> = { ok: true; value: T } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function inRange(value: unknown, range: { min: number; max: number }): value is number {
  return (
    typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max
  );
}

function isListEntry(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= LIMITS.entryLength;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= LIMITS.listEntries && value.every(isListEntry);
}

/** Checks one site's allow-list; returns why it is unreadable, or null. */
function allowListProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'is not an object';
  for (const field of ['cookies', 'hosts', 'storage'] as const) {
    if (!isStringList(value[field])) return `"${field}" is not a list of short texts`;
  }
  return null;
}

function isSelector(value: unknown): value is string | null {
  return (
    value === null ||
    (typeof value === 'string' &&
      value.trim().length > 0 &&
      value.length <= LIMITS.selectorLength &&
      !/[\n\r]/.test(value))
  );
}

/** Checks the audit settings; returns them as a fresh copy, or why they are unreadable. */
function checkAudit(value: unknown): Check<AuditSettings> {
  if (!isRecord(value)) return { ok: false, reason: 'audit settings missing' };
  if (!inRange(value.settleSeconds, LIMITS.settleSeconds))
    return { ok: false, reason: 'audit settle time out of range' };
  if (!inRange(value.followLinks, LIMITS.followLinks) || !Number.isInteger(value.followLinks))
    return { ok: false, reason: 'audit link count out of range' };
  if (!isRecord(value.selectors))
    return { ok: false, reason: 'banner selectors are not an object' };
  const sites = Object.keys(value.selectors);
  if (sites.length > LIMITS.sites) return { ok: false, reason: 'too many sites with selectors' };
  const selectors: Record<string, SiteBannerSelectors> = {};
  for (const site of sites) {
    const entry = value.selectors[site];
    if (!isRecord(entry) || !isSelector(entry.reject) || !isSelector(entry.accept))
      return { ok: false, reason: `banner selectors of ${site.slice(0, 80)} are unreadable` };
    setOwn(selectors, site, { reject: entry.reject, accept: entry.accept });
  }
  return {
    ok: true,
    value: { settleSeconds: value.settleSeconds, followLinks: value.followLinks, selectors },
  };
}

/**
 * Validates a stored or edited settings value. Every field is required with the right type and
 * within LIMITS; fields this version does not know are left out of the result (they can only
 * come from a newer version, which the stored version number catches first).
 */
export function checkSettings(value: unknown): Check<Settings> {
  if (!isRecord(value)) return { ok: false, reason: 'settings are not an object' };
  if (!(LANGUAGE_CHOICES as readonly unknown[]).includes(value.language))
    return { ok: false, reason: 'unknown language' };
  const tolerance = value.retentionTolerance;
  if (!isRecord(tolerance)) return { ok: false, reason: 'retention tolerance missing' };
  if (!inRange(tolerance.factor, LIMITS.factor))
    return { ok: false, reason: 'retention tolerance factor out of range' };
  if (!inRange(tolerance.minDays, LIMITS.minDays))
    return { ok: false, reason: 'retention tolerance days out of range' };
  if (!inRange(value.consentLifetimeMonths, LIMITS.consentLifetimeMonths))
    return { ok: false, reason: 'consent lifetime out of range' };
  if (value.unclassified !== 'with-evidence' && typeof value.unclassified !== 'boolean')
    return { ok: false, reason: 'unknown handling of unclassified items' };
  if (typeof value.sendGpc !== 'boolean') return { ok: false, reason: 'GPC flag missing' };
  // Added after version 1 was first stored: settings saved before it read as the default.
  const discover = value.discoverDeclarations ?? DEFAULT_SETTINGS.discoverDeclarations;
  if (typeof discover !== 'boolean') return { ok: false, reason: 'discovery flag is not a flag' };
  if (!isRecord(value.allowList)) return { ok: false, reason: 'allow-list is not an object' };
  const sites = Object.keys(value.allowList);
  if (sites.length > LIMITS.sites) return { ok: false, reason: 'too many allow-listed sites' };
  const allowList: Record<string, SiteAllowList> = {};
  for (const site of sites) {
    const entry = value.allowList[site];
    const problem = allowListProblem(entry);
    if (problem) return { ok: false, reason: `allow-list of ${site.slice(0, 80)} ${problem}` };
    const list = entry as SiteAllowList;
    setOwn(allowList, site, {
      cookies: [...list.cookies],
      hosts: [...list.hosts],
      storage: [...list.storage],
    });
  }
  const audit = checkAudit(value.audit);
  if (!audit.ok) return audit;
  return {
    ok: true,
    value: {
      language: value.language as LanguageChoice,
      retentionTolerance: { factor: tolerance.factor, minDays: tolerance.minDays },
      consentLifetimeMonths: value.consentLifetimeMonths,
      unclassified: value.unclassified,
      allowList,
      sendGpc: value.sendGpc,
      discoverDeclarations: discover,
      audit: audit.value,
    },
  };
}

/** What could be kept of a stored value that failed its check, and what could not. */
export interface Repaired<T> {
  value: T;
  /** What was left out or replaced by a default; empty when nothing was lost. */
  problems: string[];
}

/**
 * Keeps what can be read of a stored settings value that fails `checkSettings` (an older or
 * newer shape, a hand-edited or damaged value): every field that is valid on its own is kept,
 * every other one takes its default, and an allow-list keeps its valid entries. The caller keeps
 * the original as a backup whenever `problems` is not empty.
 */
export function repairSettings(value: unknown): Repaired<Settings> {
  const out = defaultSettings();
  const problems: string[] = [];
  if (!isRecord(value)) return { value: out, problems: ['settings are not an object'] };
  if ((LANGUAGE_CHOICES as readonly unknown[]).includes(value.language))
    out.language = value.language as LanguageChoice;
  else problems.push('unknown language');
  const tolerance = isRecord(value.retentionTolerance) ? value.retentionTolerance : {};
  if (inRange(tolerance.factor, LIMITS.factor)) out.retentionTolerance.factor = tolerance.factor;
  else problems.push('retention tolerance factor out of range');
  if (inRange(tolerance.minDays, LIMITS.minDays))
    out.retentionTolerance.minDays = tolerance.minDays;
  else problems.push('retention tolerance days out of range');
  if (inRange(value.consentLifetimeMonths, LIMITS.consentLifetimeMonths))
    out.consentLifetimeMonths = value.consentLifetimeMonths;
  else problems.push('consent lifetime out of range');
  if (value.unclassified === 'with-evidence' || typeof value.unclassified === 'boolean')
    out.unclassified = value.unclassified;
  else problems.push('unknown handling of unclassified items');
  if (typeof value.sendGpc === 'boolean') out.sendGpc = value.sendGpc;
  else problems.push('GPC flag missing');
  const discover = value.discoverDeclarations ?? DEFAULT_SETTINGS.discoverDeclarations;
  if (typeof discover === 'boolean') out.discoverDeclarations = discover;
  else problems.push('discovery flag is not a flag');
  problems.push(...repairAudit(value.audit, out.audit));
  if (isRecord(value.allowList)) {
    const sites = Object.keys(value.allowList);
    if (sites.length > LIMITS.sites) problems.push('too many allow-listed sites');
    for (const site of sites.slice(0, LIMITS.sites)) {
      const entry = value.allowList[site];
      if (!isRecord(entry) || site === '' || site.length > 253) {
        problems.push(`allow-list of ${site.slice(0, 80)} is not readable`);
        continue;
      }
      const lists = { cookies: [] as string[], hosts: [] as string[], storage: [] as string[] };
      let left = 0;
      for (const field of ['cookies', 'hosts', 'storage'] as const) {
        const list: unknown = entry[field];
        if (!Array.isArray(list)) {
          problems.push(`allow-list of ${site.slice(0, 80)} has no ${field} list`);
          continue;
        }
        for (const item of list as unknown[]) {
          if (isListEntry(item) && lists[field].length < LIMITS.listEntries)
            lists[field].push(item);
          else left++;
        }
      }
      setOwn(out.allowList, site, lists);
      if (left > 0) problems.push(`allow-list of ${site.slice(0, 80)}: ${left} entries left out`);
    }
  } else if (value.allowList !== undefined) {
    problems.push('allow-list is not an object');
  } else {
    problems.push('allow-list missing');
  }
  return { value: out, problems };
}

/** Keeps each readable audit setting and site's selectors in `out`; returns what was not. */
function repairAudit(value: unknown, out: AuditSettings): string[] {
  if (!isRecord(value)) return ['audit settings missing'];
  const problems: string[] = [];
  if (inRange(value.settleSeconds, LIMITS.settleSeconds)) out.settleSeconds = value.settleSeconds;
  else problems.push('audit settle time out of range');
  if (inRange(value.followLinks, LIMITS.followLinks) && Number.isInteger(value.followLinks))
    out.followLinks = value.followLinks;
  else problems.push('audit link count out of range');
  if (!isRecord(value.selectors)) {
    problems.push('banner selectors are not an object');
    return problems;
  }
  const sites = Object.keys(value.selectors);
  if (sites.length > LIMITS.sites) problems.push('too many sites with selectors');
  for (const site of sites.slice(0, LIMITS.sites)) {
    const entry = value.selectors[site];
    if (isRecord(entry) && isSelector(entry.reject) && isSelector(entry.accept) && site !== '')
      setOwn(out.selectors, site, { reject: entry.reject, accept: entry.accept });
    else problems.push(`banner selectors of ${site.slice(0, 80)} are unreadable`);
  }
  return problems;
}

/** A UI language tag (`da-DK`, `en-US`, `de`) as one of ours; anything but Danish reads English. */
export function languageFromTag(tag: string | null | undefined): Language {
  return typeof tag === 'string' && /^da(?:[-_]|$)/i.test(tag.trim()) ? 'da' : 'en';
}

/** The language in force: the choice, or the browser's UI language for `auto`. */
export function resolveLanguage(choice: LanguageChoice, uiLanguageTag: string | null): Language {
  return choice === 'auto' ? languageFromTag(uiLanguageTag) : choice;
}

/** Days in a month of the consent lifetime setting, so that 12 months is exactly 365 days. */
const DAYS_PER_MONTH = 365 / 12;

/**
 * The rules' settings for one site: the tolerances, the consent limit in days, the site's
 * allow-list and the message language. `site` is the report's registrable domain.
 */
export function toRuleSettings(
  settings: Settings,
  site: string,
  uiLanguageTag: string | null,
): RuleSettings {
  const list = Object.hasOwn(settings.allowList, site) ? settings.allowList[site] : undefined;
  return ruleSettings({
    retentionTolerance: { ...settings.retentionTolerance },
    consentLifetimeLimitDays: Math.round(settings.consentLifetimeMonths * DAYS_PER_MONTH),
    unclassifiedIsNonNecessary: settings.unclassified,
    allowList: list ? { cookies: list.cookies, hosts: list.hosts, storage: list.storage } : {},
    language: resolveLanguage(settings.language, uiLanguageTag),
  });
}

export interface ParsedList {
  values: string[];
  /** Entries that were not accepted, as typed, so the form can point at them. */
  rejected: string[];
}

/**
 * A list the auditor typed (one per line, or comma-separated) as clean entries: trimmed,
 * duplicates and blanks dropped, at most LIMITS.listEntries. `kind: 'host'` also lower-cases,
 * strips a scheme, path or port and rejects what cannot be a host name.
 */
export function parseListText(text: string, kind: 'name' | 'host'): ParsedList {
  const values: string[] = [];
  const rejected: string[] = [];
  for (const raw of text.split(/[\n,]/)) {
    const entry = raw.trim();
    if (entry === '') continue;
    const value =
      kind === 'host' ? hostEntry(entry) : entry.length <= LIMITS.entryLength ? entry : null;
    if (value === null || values.length >= LIMITS.listEntries) rejected.push(entry);
    else if (!values.includes(value)) values.push(value);
  }
  return { values, rejected };
}

function hostEntry(entry: string): string | null {
  let host = entry.toLowerCase();
  const scheme = host.indexOf('://');
  if (scheme >= 0) host = host.slice(scheme + 3);
  host = host.split(/[/?#]/)[0] ?? '';
  host = host.replace(/:\d+$/, '');
  host = normaliseHost(host);
  return /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/.test(host) && host.length <= 253 ? host : null;
}

/**
 * The registrable domain a typed site stands for (`https://www.shop.example.dk/x` →
 * `example.dk`), which is the key reports use; null when it cannot be a host.
 */
export function siteKey(text: string): string | null {
  const host = hostEntry(text.trim());
  return host === null ? null : siteOf(host);
}
