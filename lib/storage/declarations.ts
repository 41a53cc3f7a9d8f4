/**
 * The declared cookie tables the auditor saved per site (`local:declarations`): their shape and
 * hand-written guards. Pure, like settings.ts.
 */
import { isCategory } from '../domain/category.ts';
import type { Duration } from '../duration/duration.ts';
import { MAX_COOKIES } from '../declarations/declared-collector.ts';
import type { DeclarationSource, DeclaredCookie, DeclaredTable } from '../declarations/declared.ts';
import { setOwn, type Check, type Repaired } from './settings.ts';

export const DECLARATIONS_VERSION = 1;

/** One site's saved declaration. */
export interface StoredDeclaration {
  table: DeclaredTable;
  /** ISO time of the last save. */
  savedAt: string;
  /** Where the auditor got it: the imported file's name, or `manual` for a table typed in. */
  source: string;
}

/** Registrable domain → its declaration. */
export type StoredDeclarations = Record<string, StoredDeclaration>;

/** One line of the options page's list. */
export interface DeclarationSummary {
  site: string;
  source: string;
  tableSource: DeclarationSource;
  url: string | null;
  savedAt: string;
  rows: number;
}

const TABLE_SOURCES: readonly DeclarationSource[] = [
  'file',
  'cookiebot',
  'onetrust',
  'cookieinformation',
  'policy-page',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTextOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/** An optional field: absent, or of the checked type. */
function optional(value: unknown, check: (v: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

export function isDuration(value: unknown): value is Duration {
  return (
    isRecord(value) &&
    typeof value.text === 'string' &&
    (value.session === null || typeof value.session === 'boolean') &&
    (value.days === null ||
      (typeof value.days === 'number' && Number.isFinite(value.days) && value.days >= 0)) &&
    optional(value.reason, (r) => typeof r === 'string')
  );
}

export function isDeclaredCookie(value: unknown): value is DeclaredCookie {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    value.name.trim() !== '' &&
    isTextOrNull(value.provider) &&
    isTextOrNull(value.purpose) &&
    (value.category === null || isCategory(value.category)) &&
    (value.party === null || value.party === 'first' || value.party === 'third') &&
    (value.duration === null || isDuration(value.duration)) &&
    optional(value.categoryText, isTextOrNull) &&
    optional(value.partyText, isTextOrNull) &&
    optional(value.domain, isTextOrNull) &&
    optional(value.nameText, isTextOrNull)
  );
}

/** Checks a declared table; returns why it is unreadable, or null. */
export function declaredTableProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'table is not an object';
  if (!TABLE_SOURCES.includes(value.source as DeclarationSource)) return 'unknown table source';
  if (!isTextOrNull(value.url) || !isTextOrNull(value.language))
    return 'table url or language is not text';
  if (!Array.isArray(value.cookies)) return 'table has no cookie list';
  if (value.cookies.length > MAX_COOKIES) return 'table has too many cookies';
  const bad = value.cookies.findIndex((c) => !isDeclaredCookie(c));
  if (bad >= 0) return `cookie ${bad + 1} of the table is unreadable`;
  if (!optional(value.retrievedAt, (v) => typeof v === 'string')) return 'table date is not text';
  if (!optional(value.consentLifetime, (v) => v === null || isDuration(v)))
    return 'table consent lifetime is unreadable';
  for (const [field, check] of LIST_FIELDS) {
    if (!optional(value[field], (v) => Array.isArray(v) && v.every(check)))
      return `table ${field} is unreadable`;
  }
  return null;
}

function isMentionedCategory(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.text === 'string' &&
    (value.category === null || isCategory(value.category))
  );
}

function isSkippedRow(value: unknown): boolean {
  return isRecord(value) && typeof value.text === 'string' && typeof value.reason === 'string';
}

function isRetentionStatement(value: unknown): boolean {
  return isRecord(value) && typeof value.text === 'string' && isDuration(value.duration);
}

/** The table's optional lists, each with the check of one item. */
const LIST_FIELDS = [
  ['categoriesMentioned', isMentionedCategory],
  ['skipped', isSkippedRow],
  ['retentionStatements', isRetentionStatement],
] as const satisfies readonly (readonly [keyof DeclaredTable, (v: unknown) => boolean])[];

export function isDeclaredTable(value: unknown): value is DeclaredTable {
  return declaredTableProblem(value) === null;
}

/** Checks one site's stored entry. */
export function checkStoredDeclaration(value: unknown): Check<StoredDeclaration> {
  if (!isRecord(value)) return { ok: false, reason: 'entry is not an object' };
  if (typeof value.savedAt !== 'string' || !Number.isFinite(Date.parse(value.savedAt)))
    return { ok: false, reason: 'entry has no save time' };
  if (typeof value.source !== 'string') return { ok: false, reason: 'entry has no source' };
  const problem = declaredTableProblem(value.table);
  if (problem) return { ok: false, reason: problem };
  return {
    ok: true,
    value: { table: value.table as DeclaredTable, savedAt: value.savedAt, source: value.source },
  };
}

export interface CheckedDeclarations {
  /** Every readable entry. */
  value: StoredDeclarations;
  /** Why some or all of the stored value could not be read; empty when all of it was read. */
  problems: string[];
}

/**
 * Validates the stored record site by site, so that one bad entry does not cost the others.
 * The caller keeps the raw value as a backup whenever `problems` is not empty.
 */
export function checkDeclarations(value: unknown): CheckedDeclarations {
  if (value === null || value === undefined) return { value: {}, problems: [] };
  if (!isRecord(value)) return { value: {}, problems: ['declarations are not an object'] };
  const out: StoredDeclarations = {};
  const problems: string[] = [];
  for (const [site, entry] of Object.entries(value)) {
    const checked = checkStoredDeclaration(entry);
    if (checked.ok) setOwn(out, site, checked.value);
    else problems.push(`${site.slice(0, 80)}: ${checked.reason}`);
  }
  return { value: out, problems };
}

/**
 * Keeps what can be read of one stored entry that fails `checkStoredDeclaration`: the readable
 * rows of its table (unreadable rows and list items are left out), a default for a missing save
 * time or source. Null when there is no table with a cookie list to keep.
 */
export function repairStoredDeclaration(
  value: unknown,
  repairedAt: string,
): Repaired<StoredDeclaration | null> {
  if (!isRecord(value)) return { value: null, problems: ['entry is not an object'] };
  const table = value.table;
  if (!isRecord(table)) return { value: null, problems: ['table is not an object'] };
  if (!Array.isArray(table.cookies)) return { value: null, problems: ['table has no cookie list'] };
  const problems: string[] = [];
  const cookies = (table.cookies as unknown[]).filter(isDeclaredCookie).slice(0, MAX_COOKIES);
  const leftOut = table.cookies.length - cookies.length;
  if (leftOut > 0) problems.push(`${leftOut} unreadable cookie rows left out`);
  const source = TABLE_SOURCES.includes(table.source as DeclarationSource)
    ? (table.source as DeclarationSource)
    : 'file';
  if (source !== table.source) problems.push('unknown table source');
  const text = (v: unknown, field: string): string | null => {
    if (isTextOrNull(v)) return v;
    problems.push(`table ${field} is not text`);
    return null;
  };
  const repaired: DeclaredTable = {
    source,
    url: text(table.url, 'url'),
    language: text(table.language, 'language'),
    cookies,
  };
  if (typeof table.retrievedAt === 'string') repaired.retrievedAt = table.retrievedAt;
  else if (table.retrievedAt !== undefined) problems.push('table date is not text');
  if (table.consentLifetime === null || isDuration(table.consentLifetime))
    repaired.consentLifetime = table.consentLifetime;
  else if (table.consentLifetime !== undefined)
    problems.push('table consent lifetime is unreadable');
  for (const [field, check] of LIST_FIELDS) {
    const list = table[field];
    if (list === undefined) continue;
    const kept = Array.isArray(list) ? (list as unknown[]).filter(check) : [];
    if (!Array.isArray(list) || kept.length < list.length)
      problems.push(`table ${field}: unreadable items left out`);
    (repaired as unknown as Record<string, unknown>)[field] = kept;
  }
  const savedAt =
    typeof value.savedAt === 'string' && Number.isFinite(Date.parse(value.savedAt))
      ? value.savedAt
      : repairedAt;
  if (savedAt !== value.savedAt) problems.push('entry has no save time');
  const entrySource = typeof value.source === 'string' ? value.source.slice(0, 300) : 'unknown';
  if (entrySource !== value.source) problems.push('entry has no source');
  return { value: { table: repaired, savedAt, source: entrySource }, problems };
}

/**
 * The readable part of a stored declarations record that fails `checkDeclarations`: every
 * readable entry as it is, every repairable one repaired (see `repairStoredDeclaration`).
 */
export function repairDeclarations(
  value: unknown,
  repairedAt: string,
): Repaired<StoredDeclarations> {
  if (value === null || value === undefined) return { value: {}, problems: [] };
  if (!isRecord(value)) return { value: {}, problems: ['declarations are not an object'] };
  const out: StoredDeclarations = {};
  const problems: string[] = [];
  for (const [site, entry] of Object.entries(value)) {
    const checked = checkStoredDeclaration(entry);
    if (checked.ok) {
      setOwn(out, site, checked.value);
      continue;
    }
    const repaired = repairStoredDeclaration(entry, repairedAt);
    if (repaired.value !== null && site.trim() !== '') setOwn(out, site, repaired.value);
    else if (repaired.value !== null) repaired.problems.push('no site');
    problems.push(
      `${site.slice(0, 80)}: ${repaired.problems.join(', ')}${repaired.value === null ? ' (entry not usable)' : ''}`,
    );
  }
  return { value: out, problems };
}

/** The options page's list, newest save first. */
export function summarise(declarations: StoredDeclarations): DeclarationSummary[] {
  return Object.entries(declarations)
    .map(([site, d]) => ({
      site,
      source: d.source,
      tableSource: d.table.source,
      url: d.table.url,
      savedAt: d.savedAt,
      rows: d.table.cookies.length,
    }))
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.site.localeCompare(b.site));
}
