/**
 * A declared table as the options page edits it — one line of plain text fields per cookie —
 * and back. Pure. Fields the editor does not show (category and party as written, domain,
 * the parsed duration) are carried over from the original row while its text is unchanged.
 */
import { CATEGORIES, type Category } from '../../lib/domain/category.ts';
import type { DeclaredCookie, DeclaredTable } from '../../lib/declarations/declared.ts';
import { parseDuration } from '../../lib/duration/parse-duration.ts';
import type { Party } from '../../lib/observe/records.ts';

export interface EditableRow {
  name: string;
  provider: string;
  purpose: string;
  category: Category | '';
  party: Party | '';
  duration: string;
  /** The row as it was loaded; null for a new one. */
  original: DeclaredCookie | null;
}

export type RowsResult =
  { ok: true; table: DeclaredTable } | { ok: false; errors: { row: number; key: string }[] };

export function rowsFromTable(table: DeclaredTable): EditableRow[] {
  return table.cookies.map((c) => ({
    name: c.name,
    provider: c.provider ?? '',
    purpose: c.purpose ?? '',
    category: c.category ?? '',
    party: c.party ?? '',
    duration: c.duration?.text ?? '',
    original: c,
  }));
}

export function emptyRow(): EditableRow {
  return {
    name: '',
    provider: '',
    purpose: '',
    category: '',
    party: '',
    duration: '',
    original: null,
  };
}

function text(value: string): string | null {
  const clean = value.trim();
  return clean === '' ? null : clean;
}

function cookieFromRow(row: EditableRow): DeclaredCookie {
  const o = row.original;
  const category = (CATEGORIES as readonly string[]).includes(row.category)
    ? (row.category as Category)
    : null;
  const party = row.party === 'first' || row.party === 'third' ? row.party : null;
  const durationText = row.duration.trim();
  const duration =
    o?.duration && o.duration.text === durationText
      ? o.duration
      : durationText === ''
        ? null
        : parseDuration(durationText);
  const cookie: DeclaredCookie = {
    name: row.name.trim(),
    provider: text(row.provider),
    purpose: text(row.purpose),
    category,
    party,
    duration,
  };
  // What the auditor did not change keeps the detail the importer read.
  if (o) {
    if (o.category === category && o.categoryText !== undefined)
      cookie.categoryText = o.categoryText;
    if (o.party === party && o.partyText !== undefined) cookie.partyText = o.partyText;
    if (o.domain !== undefined) cookie.domain = o.domain;
    if (o.name === cookie.name && o.nameText !== undefined) cookie.nameText = o.nameText;
  }
  return cookie;
}

/**
 * The edited table: `base` with its cookies replaced by the rows. Wholly blank rows are left
 * out; a row with text but no name is an error.
 */
export function tableFromRows(base: DeclaredTable, rows: readonly EditableRow[]): RowsResult {
  const errors: { row: number; key: string }[] = [];
  const cookies: DeclaredCookie[] = [];
  rows.forEach((row, index) => {
    const blank =
      [row.name, row.provider, row.purpose, row.duration].every((v) => v.trim() === '') &&
      row.category === '' &&
      row.party === '';
    if (blank) return;
    if (row.name.trim() === '') {
      errors.push({ row: index, key: 'errorRowName' });
      return;
    }
    cookies.push(cookieFromRow(row));
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, table: { ...base, cookies } };
}

/** A new, empty table typed in by the auditor. */
export function manualTable(): DeclaredTable {
  return { source: 'file', url: null, language: null, cookies: [] };
}
