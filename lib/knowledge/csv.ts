/**
 * RFC 4180 comma-separated values: quoted fields may hold commas, quotes (doubled) and line
 * breaks; records end with CRLF or a bare LF. Strict where a mistake would shift columns
 * (an unterminated quote, text after a closing quote), so a malformed file fails loudly
 * instead of loading garbage.
 */

/** A CSV syntax error, with the 1-based line where it was found. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'CsvError';
  }
}

export interface CsvParseOptions {
  /** Stop with an error past this many records (header included), to bound work on hostile input. */
  maxRecords?: number;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Parses CSV text into records of fields. A leading byte-order mark is ignored, a final line
 * break does not make an empty record, and blank lines between records are kept as records
 * with one empty field (the caller decides whether those are rows to skip).
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): string[][] {
  const maxRecords = options.maxRecords ?? 1_000_000;
  const records: string[][] = [];
  const len = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let record: string[] = [];
  // One pass over the text: every iteration consumes at least one character.
  while (i < len) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      const startLine = line;
      let value = '';
      let segmentStart = i + 1;
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close === -1) throw new CsvError('unterminated quoted field', startLine);
        line += countLineBreaks(text, i, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += text.slice(segmentStart, close + 1);
          i = close + 2;
          segmentStart = i;
          continue;
        }
        value += text.slice(segmentStart, close);
        i = close + 1;
        break;
      }
      const next = i < len ? text.charCodeAt(i) : LF;
      if (next !== COMMA && next !== CR && next !== LF) {
        throw new CsvError('unexpected text after a closing quote', line);
      }
      field = value;
    } else {
      const start = i;
      while (i < len) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) throw new CsvError('a quote inside an unquoted field', line);
        i++;
      }
      field = text.slice(start, i);
    }
    record.push(field);
    if (i >= len) break;
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      // A trailing comma at the very end still means one more (empty) field.
      if (i >= len) record.push('');
      continue;
    }
    // Line break: CRLF, LF or a lone CR.
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    records.push(record);
    if (records.length > maxRecords) throw new CsvError(`more than ${maxRecords} records`, line);
    record = [];
  }
  if (record.length > 0) records.push(record);
  if (records.length > maxRecords) throw new CsvError(`more than ${maxRecords} records`, line);
  return records;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) n++;
  }
  return n;
}

/** One field, quoted only when it must be (comma, quote, line break, or edge whitespace). */
export function formatCsvField(value: string): string {
  if (/[",\r\n]/.test(value) || value.trim() !== value) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** One record as a CSV line, without the line break. */
export function formatCsvRow(fields: readonly string[]): string {
  return fields.map(formatCsvField).join(',');
}
