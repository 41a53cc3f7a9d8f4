/**
 * Reads one HTML `<table>` as a cookie declaration, if it is one: a header row (`<th>`s or a
 * first row of bold cells, in any column order and language) naming a cookie-name column, or
 * a vertical table of label/value rows (Borlabs). Other tables are left alone.
 */
import { classifyHeader, type ColumnHeader } from './cookie-columns.ts';
import {
  MAX_ROWS_PER_TABLE,
  sectionFromHeading,
  type DeclaredCollector,
  type SectionContext,
} from './declared-collector.ts';
import type { RowFields } from './declared-row.ts';
import type { HtmlElement } from './html-tree.ts';
import { inlineTextOf, isAllBold, textOf } from './html-text.ts';
import { groupLabelLines, type LabelLine } from './label-records.ts';
import { classifyTypeColumn } from './parse-party.ts';
import { looksLikeCookieName, splitDeclaredNames } from './split-names.ts';

interface Cell {
  text: string;
  header: boolean;
  bold: boolean;
}
interface Row {
  cells: Cell[];
  /** Cells written in this row (not carried down by rowspan or copied by colspan). */
  own: number;
}

const MAX_COLUMNS = 40;
const MAX_SPAN = 40;
/** Rows laid out per table (header, data-row cap, some section rows); the rest are only counted. */
const MAX_SCANNED_ROWS = MAX_ROWS_PER_TABLE + 50;
const CELL_READ_LIMIT = 20_000;

/** The `tr`s of this table, in order, not those of tables nested in its cells; rows past the scan cap are only counted. */
function tableRows(table: HtmlElement): { rows: HtmlElement[]; unread: number } {
  const rows: HtmlElement[] = [];
  let unread = 0;
  const visit = (el: HtmlElement): void => {
    for (const child of el.children) {
      if (typeof child === 'string' || child.tag === 'table') continue;
      if (child.tag === 'tr') {
        if (rows.length < MAX_SCANNED_ROWS) rows.push(child);
        else unread++;
      } else if (child.tag !== 'td' && child.tag !== 'th') visit(child);
    }
  };
  visit(table);
  return { rows, unread };
}

function spanOf(el: HtmlElement, attr: 'colspan' | 'rowspan'): number {
  const n = Number.parseInt(el.attrs[attr] ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

/** Lays the rows out on a grid, repeating rowspan/colspan cells where they reach. */
function readGrid(trs: readonly HtmlElement[]): Row[] {
  const carried: ({ cell: Cell; left: number } | undefined)[] = [];
  const rows: Row[] = [];
  for (const tr of trs) {
    const cells: Cell[] = [];
    let own = 0;
    let col = 0;
    const fillCarried = (): void => {
      while (col < MAX_COLUMNS) {
        const c = carried[col];
        if (!c || c.left <= 0) break;
        cells[col] = c.cell;
        c.left--;
        col++;
      }
    };
    for (const child of tr.children) {
      if (typeof child === 'string' || (child.tag !== 'td' && child.tag !== 'th')) continue;
      fillCarried();
      if (col >= MAX_COLUMNS) break;
      const cell: Cell = {
        text: textOf(child, { skipTables: true, limit: CELL_READ_LIMIT }),
        header: child.tag === 'th',
        bold: isAllBold(child),
      };
      own++;
      const colspan = spanOf(child, 'colspan');
      const rowspan = spanOf(child, 'rowspan');
      for (let k = 0; k < colspan && col < MAX_COLUMNS; k++, col++) {
        cells[col] = cell;
        carried[col] = rowspan > 1 ? { cell, left: rowspan - 1 } : undefined;
      }
    }
    // Cells carried into the columns after this row's last own cell.
    for (; col < carried.length && col < MAX_COLUMNS; col++) {
      const c = carried[col];
      if (c && c.left > 0) {
        cells[col] = c.cell;
        c.left--;
      }
    }
    for (let k = 0; k < cells.length; k++) cells[k] ??= { text: '', header: false, bold: false };
    rows.push({ cells, own });
  }
  return rows;
}

function isBlank(row: Row): boolean {
  return row.cells.every((c) => c.text.trim() === '');
}

/** Header kinds per column if `row` is a header row of a cookie table, else null. */
function headerRow(row: Row): (ColumnHeader | null)[] | null {
  const headers = row.cells.map((c) => classifyHeader(c.text.replace(/\s+/g, ' ')));
  const nonEmpty = row.cells.filter((c) => c.text.trim() !== '').length;
  const recognised = headers.filter((h) => h !== null);
  const kinds = new Set(recognised.map((h) => h.kind));
  if (recognised.length < 2 || kinds.size < 2 || recognised.length * 2 < nonEmpty) return null;
  if (!kinds.has('name')) return null;
  return headers;
}

/** When two columns say "name", the one that says "cookie" is the cookie; the other is the service. */
function resolveNameColumns(headers: (ColumnHeader | null)[]): (ColumnHeader | null)[] {
  const names = headers.filter((h) => h?.kind === 'name');
  if (names.length < 2) return headers;
  const specific = names.find((h) => h?.cookieSpecific) ?? names[0];
  return headers.map((h) =>
    h && h.kind === 'name' && h !== specific ? { ...h, kind: 'service' } : h,
  );
}

export interface TableResult {
  /** The table was read as a cookie declaration (its text is not prose). */
  isCookieTable: boolean;
}

/**
 * Reads `table` into `out` when it is a cookie table. `section` is what the heading above the
 * table says; a caption overrides it, and one-cell rows inside the table ("Statistik") start
 * a new section.
 */
export function readCookieTable(
  table: HtmlElement,
  section: SectionContext,
  out: DeclaredCollector,
): TableResult {
  const caption = table.children.find(
    (c): c is HtmlElement => typeof c !== 'string' && c.tag === 'caption',
  );
  let context = section;
  if (caption) {
    const fromCaption = sectionFromHeading(inlineTextOf(caption));
    if (fromCaption.category || fromCaption.party) {
      context = {
        category: fromCaption.category ?? section.category,
        categoryText: fromCaption.categoryText ?? section.categoryText,
        party: fromCaption.party ?? section.party,
        partyText: fromCaption.partyText ?? section.partyText,
      };
    }
  }

  const { rows: trs, unread } = tableRows(table);
  if (trs.length === 0) return { isCookieTable: false };
  const rows = readGrid(trs);

  // A header within the first rows (a title row may come first).
  for (let h = 0; h < Math.min(4, rows.length); h++) {
    const row = rows[h] as Row;
    if (isBlank(row)) continue;
    const found = headerRow(row);
    if (found) return readHorizontal(rows, h, resolveNameColumns(found), context, out, unread);
  }
  return readVertical(rows, context, out);
}

function readHorizontal(
  rows: readonly Row[],
  headerIndex: number,
  headers: (ColumnHeader | null)[],
  section: SectionContext,
  out: DeclaredCollector,
  unread: number,
): TableResult {
  const data = rows.slice(headerIndex + 1);
  const nameCol = headers.findIndex((h) => h?.kind === 'name');
  const nameHeader = headers[nameCol] as ColumnHeader;
  const kinds = new Set(headers.filter((h) => h !== null).map((h) => h.kind));

  // "Navn | Formål" alone could be any register; ask for evidence that these are cookies.
  const strong =
    nameHeader.cookieSpecific || kinds.has('duration') || kinds.has('party') || kinds.has('domain');
  if (!strong) {
    const sample = data
      .slice(0, 20)
      .map((r) => splitDeclaredNames(r.cells[nameCol]?.text ?? '').names[0] ?? '');
    const cookieLike = sample.filter((n) => looksLikeCookieName(n)).length;
    if (sample.length === 0 || cookieLike * 2 < sample.length) return { isCookieTable: false };
  }

  const typeCol = headers.findIndex((h) => h?.kind === 'type');
  const typeMeaning =
    typeCol >= 0
      ? classifyTypeColumn(data.slice(0, 200).map((r) => r.cells[typeCol]?.text ?? ''))
      : undefined;
  const durationUnit = headers.find((h) => h?.kind === 'duration')?.unit;

  let context = section;
  let read = 0;
  let beyond = unread;
  for (const row of data) {
    if (isBlank(row)) continue;
    // One cell across the table: a section label ("Statistik", "Tredjeparts cookies").
    if (row.own === 1 && new Set(row.cells).size === 1) {
      const text = row.cells[0]?.text ?? '';
      const next = sectionFromHeading(text);
      if (next.category || next.party) {
        context = next;
        if (next.categoryText) out.mention(next.categoryText, next.category);
      } else {
        out.skip(text, 'row with a single cell that names no category');
      }
      continue;
    }
    // The header repeated (long tables, per-category blocks).
    if (
      row.cells.every(
        (c, i) => (c.header || c.bold) && classifyHeader(c.text)?.kind === headers[i]?.kind,
      )
    )
      continue;
    if (read >= MAX_ROWS_PER_TABLE || out.full) {
      beyond++;
      continue;
    }
    const fields: RowFields = {};
    headers.forEach((h, i) => {
      if (!h) return;
      const text = row.cells[i]?.text;
      if (text === undefined || text.trim() === '') return;
      // Keep the first column of a kind; a second "Purpose" column adds to the first.
      fields[h.kind] = fields[h.kind] === undefined ? text : `${fields[h.kind]} ${text}`;
    });
    out.addRow(fields, {
      category: context.category,
      categoryText: context.categoryText,
      party: context.party,
      partyText: context.partyText,
      ...(typeMeaning ? { typeMeaning } : {}),
      ...(durationUnit ? { durationUnit } : {}),
    });
    read++;
  }
  if (beyond > 0) out.skip('', `${beyond} rows beyond the cap of ${MAX_ROWS_PER_TABLE} per table`);
  return { isCookieTable: true };
}

/** Label/value rows: `<tr><th>Cookie Name</th><td>borlabs-cookie</td></tr>`. */
function readVertical(
  rows: readonly Row[],
  section: SectionContext,
  out: DeclaredCollector,
): TableResult {
  const lines: LabelLine[] = [];
  let labelled = 0;
  let nonBlank = 0;
  let hasName = false;
  let hasOther = false;
  for (const row of rows) {
    if (isBlank(row)) continue;
    nonBlank++;
    const distinct = [...new Set(row.cells)];
    const label =
      distinct.length === 2
        ? classifyHeader((distinct[0] as Cell).text.replace(/\s+/g, ' '))
        : null;
    if (!label) {
      lines.push({ pairs: [], breaks: false });
      continue;
    }
    labelled++;
    if (label.kind === 'name') hasName = true;
    else if (label.kind !== 'service') hasOther = true;
    lines.push({
      pairs: [
        { label: (distinct[0] as Cell).text, header: label, value: (distinct[1] as Cell).text },
      ],
      breaks: false,
    });
  }
  if (!hasName || !hasOther || labelled < 2 || labelled * 5 < nonBlank * 3)
    return { isCookieTable: false };
  for (const record of groupLabelLines(lines, MAX_ROWS_PER_TABLE)) {
    if (record.fields.name === undefined) {
      out.skip(Object.values(record.fields).join(' | '), 'no cookie name');
      continue;
    }
    out.addRow(record.fields, {
      category: section.category,
      categoryText: section.categoryText,
      party: section.party,
      partyText: section.partyText,
    });
  }
  return { isCookieTable: true };
}
