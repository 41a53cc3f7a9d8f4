/**
 * A small, strict CSV reader and writer: RFC 4180 quoting (separators, quotes and line breaks
 * inside quoted fields), a UTF-8 BOM, CRLF/LF/CR line ends, and `;` or tab separators as Danish
 * Excel and others write them. Bounded in size, rows and fields.
 */

export type CsvSeparator = ',' | ';' | '\t';

export type CsvReadResult =
  { ok: true; rows: string[][]; separator: CsvSeparator } | { ok: false; error: string };

export interface CsvReadOptions {
  /** Forced separator; otherwise detected from the first line. */
  separator?: CsvSeparator;
  maxRows?: number;
  maxFields?: number;
}

/** Largest CSV text read. */
export const CSV_TEXT_LIMIT = 10 * 1024 * 1024;
const FIELD_LIMIT = 100_000;

/** The separator used most (outside quotes) on the first line: `,`, `;` or tab. */
export function detectSeparator(text: string): CsvSeparator {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 10_000; i++) {
    const ch = text[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/**
 * Reads CSV text into rows of fields. Blank lines are skipped. Errors name the line: an
 * unterminated quote, a character after a closing quote, too many rows or fields.
 */
export function readCsv(input: string, options: CsvReadOptions = {}): CsvReadResult {
  if (input.length > CSV_TEXT_LIMIT)
    return { ok: false, error: `file larger than ${CSV_TEXT_LIMIT} characters` };
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = options.separator ?? detectSeparator(text);
  const maxRows = options.maxRows ?? 20_001;
  const maxFields = options.maxFields ?? 100;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  // The current field was quoted (and is complete); a second quote would be an error.
  let quotedField = false;
  let line = 1;
  let i = 0;
  const n = text.length;

  const endRow = (): CsvReadResult | null => {
    row.push(field);
    const blankLine = row.length === 1 && row[0] === '' && !quotedField;
    field = '';
    quotedField = false;
    if (!blankLine) {
      if (rows.length >= maxRows) return { ok: false, error: `more than ${maxRows} rows` };
      rows.push(row);
    }
    row = [];
    return null;
  };

  while (i < n) {
    const ch = text[i] as string;
    if (ch === '"' && field === '' && !quotedField) {
      // Quoted field.
      const startLine = line;
      i++;
      let closed = false;
      const parts: string[] = [];
      let from = i;
      while (i < n) {
        const c = text[i] as string;
        if (c === '"') {
          if (text[i + 1] === '"') {
            parts.push(text.slice(from, i + 1));
            i += 2;
            from = i;
            continue;
          }
          parts.push(text.slice(from, i));
          i++;
          closed = true;
          break;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        i++;
      }
      if (!closed)
        return { ok: false, error: `unterminated quoted field starting on line ${startLine}` };
      field = parts.join('');
      if (field.length > FIELD_LIMIT)
        return { ok: false, error: `field longer than ${FIELD_LIMIT} characters on line ${line}` };
      const next = text[i];
      if (next !== undefined && next !== sep && next !== '\n' && next !== '\r') {
        return { ok: false, error: `unexpected character after a closing quote on line ${line}` };
      }
      quotedField = true;
      continue;
    }
    if (ch === sep) {
      row.push(field);
      field = '';
      quotedField = false;
      if (row.length > maxFields)
        return { ok: false, error: `more than ${maxFields} fields on line ${line}` };
      i++;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      const err = endRow();
      if (err) return err;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    field += ch;
    if (field.length > FIELD_LIMIT)
      return { ok: false, error: `field longer than ${FIELD_LIMIT} characters on line ${line}` };
    i++;
  }
  if (field !== '' || row.length > 0 || quotedField) {
    const err = endRow();
    if (err) return err;
  }
  return { ok: true, rows, separator: sep };
}

// Spreadsheet programs run cells that start with these as formulas. Values that already start
// with "'" before one are guarded too, so that reading strips exactly one "'" without ambiguity.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** Quotes one field when it needs it; a leading formula character is prefixed with "'". */
export function csvField(value: string, separator: CsvSeparator): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  const needsQuotes =
    safe.includes(separator) ||
    safe.includes('"') ||
    safe.includes('\n') ||
    safe.includes('\r') ||
    safe !== safe.trim();
  return needsQuotes ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Undoes csvField's formula guard on reading: "'=x" → "=x". */
export function unguardField(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** Writes rows as CSV with CRLF line ends (and a BOM when asked, for spreadsheet programs). */
export function writeCsv(
  rows: readonly (readonly string[])[],
  separator: CsvSeparator = ',',
  bom = false,
): string {
  const body = rows.map((r) => r.map((f) => csvField(f, separator)).join(separator)).join('\r\n');
  return `${bom ? '\ufeff' : ''}${body}\r\n`;
}
