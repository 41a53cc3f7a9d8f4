/**
 * A user's own declared table: import from JSON (the report contract's `declared` block, a whole
 * report, or a bare array of cookies) or CSV with a header row, and export back to both. Bad
 * input gets one clear sentence, never an exception.
 */
import { isCategory, type Category } from '../domain/category.ts';
import type { Duration } from '../duration/duration.ts';
import { parseDuration } from '../duration/parse-duration.ts';
import type { Party } from '../observe/records.ts';
import { classifyHeader, type ColumnKind } from './cookie-columns.ts';
import { readCsv, unguardField, writeCsv, type CsvSeparator } from './csv.ts';
import { MAX_COOKIES } from './declared-collector.ts';
import type { DeclarationSource, DeclaredCookie, DeclaredTable } from './declared.ts';
import { parseCategory } from './parse-category.ts';
import { parseParty } from './parse-party.ts';
import { splitDeclaredNames } from './split-names.ts';
import { cleanText } from './text.ts';

export type ImportResult =
  { ok: true; table: DeclaredTable; warnings: string[] } | { ok: false; error: string };

export interface ImportOptions {
  /** Recorded as the table's `url` (a file path or URL the user gave). */
  url?: string | null;
}

const SOURCES: readonly DeclarationSource[] = [
  'file',
  'cookiebot',
  'onetrust',
  'cookieinformation',
  'policy-page',
];
const MAX_WARNINGS = 50;

/** The CSV columns written on export, in order. */
export const CSV_COLUMNS = [
  'name',
  'provider',
  'purpose',
  'category',
  'category_text',
  'party',
  'party_text',
  'duration',
  'duration_days',
  'session',
  'duration_note',
  'domain',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(value: unknown, limit = 4_000): string | null {
  if (typeof value !== 'string') return null;
  const clean = cleanText(value, limit);
  return clean === '' ? null : clean;
}

function readDuration(value: unknown): Duration | null | 'invalid' {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return parseDuration(value);
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0
      ? { text: `${value} days`, session: false, days: value }
      : 'invalid';
  }
  if (!isRecord(value)) return 'invalid';
  const text = typeof value.text === 'string' ? cleanText(value.text, 300) : '';
  const session = value.session === true ? true : value.session === false ? false : null;
  const daysRaw = value.days;
  if (
    daysRaw !== null &&
    daysRaw !== undefined &&
    (typeof daysRaw !== 'number' || !Number.isFinite(daysRaw) || daysRaw < 0)
  ) {
    return 'invalid';
  }
  // Only text given: read it like any other duration.
  if ((daysRaw === undefined || daysRaw === null) && value.session === undefined && text !== '')
    return parseDuration(text);
  const duration: Duration = { text, session, days: typeof daysRaw === 'number' ? daysRaw : null };
  if (typeof value.reason === 'string' && value.reason !== '')
    duration.reason = cleanText(value.reason, 300);
  return duration;
}

function readCategory(
  value: unknown,
  text: unknown,
): { category: Category | null; categoryText: string | null } {
  const given = optionalText(text, 200);
  if (isCategory(value)) return { category: value, categoryText: given };
  const written = optionalText(value, 200);
  if (written === null) return { category: null, categoryText: given };
  return { category: parseCategory(written), categoryText: given ?? written };
}

function readParty(
  value: unknown,
  text: unknown,
): { party: Party | null; partyText: string | null } {
  const given = optionalText(text, 200);
  if (value === 'first' || value === 'third') return { party: value, partyText: given };
  const written = optionalText(value, 200);
  if (written === null) return { party: null, partyText: given };
  return { party: parseParty(written), partyText: given ?? written };
}

/** Keys of a JSON cookie object, by what they mean ("Navn", "expiry" and "name" all work). */
function jsonKeys(obj: Record<string, unknown>): Partial<Record<ColumnKind, unknown>> {
  const out: Partial<Record<ColumnKind, unknown>> = {};
  for (const key of Object.keys(obj).slice(0, 100)) {
    const header = classifyHeader(key);
    if (header && out[header.kind] === undefined) out[header.kind] = obj[key];
  }
  return out;
}

function cookieFromJson(raw: unknown, index: number, warnings: string[]): DeclaredCookie | null {
  const warn = (message: string): null => {
    if (warnings.length < MAX_WARNINGS) warnings.push(`cookie ${index + 1}: ${message}`);
    return null;
  };
  if (!isRecord(raw)) return warn('not an object');
  const keyed = jsonKeys(raw);
  const nameValue = typeof raw.name === 'string' ? raw.name : keyed.name;
  const name = typeof nameValue === 'string' ? cleanText(nameValue, 256) : '';
  if (name === '') return warn('no name');
  const duration = readDuration(raw.duration !== undefined ? raw.duration : keyed.duration);
  if (duration === 'invalid') return warn(`invalid duration for ${name}`);
  const cookie: DeclaredCookie = {
    name,
    provider: optionalText(raw.provider !== undefined ? raw.provider : keyed.provider, 500),
    purpose: optionalText(raw.purpose !== undefined ? raw.purpose : keyed.purpose),
    ...readCategory(raw.category !== undefined ? raw.category : keyed.category, raw.categoryText),
    ...readParty(raw.party !== undefined ? raw.party : keyed.party, raw.partyText),
    duration,
  };
  const domain = optionalText(raw.domain !== undefined ? raw.domain : keyed.domain, 253);
  if (domain !== null) cookie.domain = domain;
  const nameText = optionalText(raw.nameText, 300);
  if (nameText !== null) cookie.nameText = nameText;
  return cookie;
}

function importJson(text: string, options: ImportOptions): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: `not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`,
    };
  }
  if (isRecord(data) && isRecord(data.declared)) data = data.declared;
  let list: unknown[];
  let meta: Record<string, unknown> = {};
  if (Array.isArray(data)) list = data;
  else if (isRecord(data) && Array.isArray(data.cookies)) {
    list = data.cookies;
    meta = data;
  } else {
    return {
      ok: false,
      error:
        'JSON must be a declared table with a "cookies" array, a report with "declared", or an array of cookies',
    };
  }
  if (list.length > MAX_COOKIES) return { ok: false, error: `more than ${MAX_COOKIES} cookies` };
  const warnings: string[] = [];
  const cookies: DeclaredCookie[] = [];
  list.forEach((raw, i) => {
    const cookie = cookieFromJson(raw, i, warnings);
    if (cookie) cookies.push(cookie);
  });
  if (cookies.length === 0 && list.length > 0)
    return { ok: false, error: `no readable cookie: ${warnings[0] ?? 'every entry was invalid'}` };

  const source = SOURCES.includes(meta.source as DeclarationSource)
    ? (meta.source as DeclarationSource)
    : 'file';
  const table: DeclaredTable = {
    source,
    url: options.url !== undefined ? options.url : typeof meta.url === 'string' ? meta.url : null,
    language:
      typeof meta.language === 'string' && /^[a-z]{2,3}$/.test(meta.language)
        ? meta.language
        : null,
    cookies,
  };
  // Optional parts of an exported table come back as they went out.
  if (meta.consentLifetime !== undefined) {
    const d = readDuration(meta.consentLifetime);
    if (d !== 'invalid') table.consentLifetime = d;
  }
  if (Array.isArray(meta.categoriesMentioned)) {
    table.categoriesMentioned = meta.categoriesMentioned
      .filter(isRecord)
      .filter((m) => typeof m.text === 'string')
      .slice(0, 100)
      .map((m) => ({
        text: cleanText(m.text as string, 200),
        category: isCategory(m.category) ? m.category : null,
      }));
  }
  if (typeof meta.retrievedAt === 'string') table.retrievedAt = meta.retrievedAt.slice(0, 40);
  if (Array.isArray(meta.skipped)) {
    table.skipped = meta.skipped
      .filter(isRecord)
      .slice(0, 1_000)
      .map((s) => ({
        text: typeof s.text === 'string' ? s.text.slice(0, 300) : '',
        reason: typeof s.reason === 'string' ? s.reason.slice(0, 300) : '',
      }));
  }
  if (Array.isArray(meta.retentionStatements)) {
    const statements: { text: string; duration: Duration }[] = [];
    for (const s of meta.retentionStatements.slice(0, 100)) {
      if (!isRecord(s) || typeof s.text !== 'string') continue;
      const d = readDuration(s.duration);
      if (d && d !== 'invalid') statements.push({ text: cleanText(s.text, 300), duration: d });
    }
    table.retentionStatements = statements;
  }
  return { ok: true, table, warnings };
}

function importCsv(text: string, options: ImportOptions): ImportResult {
  const parsed = readCsv(text);
  if (!parsed.ok) return { ok: false, error: `CSV: ${parsed.error}` };
  const [header, ...rows] = parsed.rows;
  if (!header || header.every((h) => h.trim() === ''))
    return { ok: false, error: 'CSV has no header row' };

  const warnings: string[] = [];
  // Exported column names first, then any header words the table readers understand.
  const columns: (CsvColumn | null)[] = [];
  for (const h of header) columns.push(csvColumn(h, columns, warnings));
  if (!columns.includes('name')) {
    return {
      ok: false,
      error:
        'CSV header has no name column (for example "name", "cookie", "Navn" or "Cookie name")',
    };
  }
  // This project's own export has one cookie per row: its name cell is the name as it was
  // declared ("Google Analytics"), not a list of names to split.
  const ownExport =
    columns.length === CSV_COLUMNS.length && columns.every((c, i) => c === CSV_COLUMNS[i]);
  return csvRows(rows, columns, warnings, options, ownExport);
}

/** The column a CSV header names; null (with a warning) for unknown and repeated ones. */
function csvColumn(
  h: string,
  before: readonly (CsvColumn | null)[],
  warnings: string[],
): CsvColumn | null {
  const column = ((): CsvColumn | null => {
    const key = h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if ((CSV_COLUMNS as readonly string[]).includes(key)) return key as CsvColumn;
    const kind = classifyHeader(h)?.kind;
    const mapped: CsvColumn | null =
      kind === 'name' ||
      kind === 'provider' ||
      kind === 'purpose' ||
      kind === 'category' ||
      kind === 'party' ||
      kind === 'duration' ||
      kind === 'domain'
        ? kind
        : kind === 'service'
          ? 'provider'
          : null;
    return mapped;
  })();
  if (column === null || before.includes(column)) {
    if (warnings.length < MAX_WARNINGS) {
      warnings.push(
        `ignored column "${cleanText(h, 60)}"${column ? ` (a second ${column} column)` : ''}`,
      );
    }
    return null;
  }
  return column;
}

function csvRows(
  rows: string[][],
  columns: readonly (CsvColumn | null)[],
  warnings: string[],
  options: ImportOptions,
  oneNamePerRow: boolean,
): ImportResult {
  const cookies: DeclaredCookie[] = [];
  const skipped: { text: string; reason: string }[] = [];
  rows.forEach((row, r) => {
    const get = (col: CsvColumn): string | undefined => {
      const i = columns.indexOf(col);
      const v = i >= 0 ? row[i] : undefined;
      return v === undefined ? undefined : unguardField(v);
    };
    const cell = get('name') ?? '';
    // Cleaned as JSON names are (invisible characters out), so both formats agree.
    const names = (oneNamePerRow ? [cell] : splitDeclaredNames(cell).names)
      .map((n) => cleanText(n, 256))
      .filter((n) => n !== '');
    if (names.length === 0) {
      skipped.push({
        text: cleanText(row.join(' | '), 300),
        reason: `line ${r + 2}: no cookie name`,
      });
      return;
    }
    let duration: Duration | null = null;
    const durationText = get('duration') ?? '';
    const daysText = (get('duration_days') ?? '').trim();
    const sessionText = (get('session') ?? '').trim().toLowerCase();
    if (daysText !== '' || sessionText !== '') {
      const days = daysText === '' ? null : Number(daysText.replace(',', '.'));
      if (days !== null && (!Number.isFinite(days) || days < 0)) {
        skipped.push({
          text: cleanText(row.join(' | '), 300),
          reason: `line ${r + 2}: invalid duration_days "${cleanText(daysText, 40)}"`,
        });
        return;
      }
      duration = {
        text: cleanText(durationText, 300),
        session: sessionText === 'true' ? true : sessionText === 'false' ? false : null,
        days,
      };
      const note = optionalText(get('duration_note'), 300);
      if (note) duration.reason = note;
    } else if (durationText.trim() !== '') {
      duration = parseDuration(durationText);
    }
    const base = {
      provider: optionalText(get('provider'), 500),
      purpose: optionalText(get('purpose')),
      ...readCategory(get('category'), get('category_text')),
      ...readParty(get('party'), get('party_text')),
      duration,
    };
    const domain = optionalText(get('domain'), 253);
    for (const name of names) {
      if (cookies.length >= MAX_COOKIES) return;
      const cookie: DeclaredCookie = { name, ...base };
      if (domain !== null) cookie.domain = domain;
      cookies.push(cookie);
    }
  });
  if (cookies.length === 0) {
    return {
      ok: false,
      error:
        rows.length === 0
          ? 'CSV has a header but no rows'
          : `no readable cookie: ${skipped[0]?.reason ?? ''}`,
    };
  }
  const table: DeclaredTable = {
    source: 'file',
    url: options.url ?? null,
    language: null,
    cookies,
  };
  if (skipped.length > 0) table.skipped = skipped.slice(0, 1_000);
  return { ok: true, table, warnings };
}

/**
 * Reads a declared table from a user's file: JSON when it starts with `{` or `[`, CSV (with a
 * header row; `,`, `;` or tab) otherwise. Returns `{ ok: false, error }` with one sentence on
 * bad input; rows that cannot be read are listed in `table.skipped` or `warnings`.
 */
export function importDeclarations(text: string, options: ImportOptions = {}): ImportResult {
  if (typeof text !== 'string') return { ok: false, error: 'no text given' };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.trimStart()[0];
  if (start === undefined) return { ok: false, error: 'the file is empty' };
  return start === '{' || start === '[' ? importJson(body, options) : importCsv(body, options);
}

/** The table as pretty-printed JSON in the report contract's `declared` shape. */
export function exportDeclarationsJson(table: DeclaredTable): string {
  return `${JSON.stringify(table, null, 2)}\n`;
}

/**
 * The table's cookies as CSV with the CSV_COLUMNS header. `;` plus a BOM is what Danish Excel
 * opens directly; cells that a spreadsheet would run as formulas are prefixed with "'".
 */
export function exportDeclarationsCsv(
  table: DeclaredTable,
  options: { separator?: CsvSeparator; bom?: boolean } = {},
): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const c of table.cookies) {
    rows.push([
      c.name,
      c.provider ?? '',
      c.purpose ?? '',
      c.category ?? '',
      c.categoryText ?? '',
      c.party ?? '',
      c.partyText ?? '',
      c.duration?.text ?? '',
      c.duration?.days === null || c.duration?.days === undefined ? '' : String(c.duration.days),
      c.duration ? (c.duration.session === null ? '' : String(c.duration.session)) : '',
      c.duration?.reason ?? '',
      c.domain ?? '',
    ]);
  }
  return writeCsv(rows, options.separator ?? ',', options.bom ?? false);
}
