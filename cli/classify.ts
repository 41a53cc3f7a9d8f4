import { createReadStream } from 'node:fs';
import { CsvError, formatCsvRow, parseCsv } from '../lib/knowledge/csv.ts';
import type { Knowledge } from '../lib/knowledge/types.ts';

/**
 * `consentlens classify [FILE|-] [--format json|csv]`: classifies a cookie list an auditor
 * already has (exported from a browser or another scanner) with exactly the classifier the
 * extension uses. Input: JSON lines, a JSON array, or CSV with a header, each record with at
 * least `name` and `domain`. Output: the same records in the same order, in the input's format
 * unless `--format` says otherwise, with `category`, `vendor` and `classifiedBy` added (an
 * existing column or property of those names is overwritten).
 */

export interface ClassifyIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = 'usage: consentlens classify [FILE|-] [--format json|csv]';
/** Inputs larger than this are refused rather than read into memory. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;
const MAX_RECORDS = 1_000_000;
const ADDED = ['category', 'vendor', 'classifiedBy'] as const;

type InputFormat = 'jsonl' | 'json' | 'csv';

/** A bad invocation or bad input: reported as one sentence, exit code 2. */
class InputError extends Error {}

/** Runs the command; resolves to the exit code (0 done, 2 usage or input error). */
export async function runClassify(argv: string[], io: ClassifyIo): Promise<number> {
  try {
    const options = parseArgs(argv);
    const text = await readInput(options.file, io.stdin);
    const { loadKnowledge } = await import('../lib/knowledge/load-knowledge.ts');
    const output = classifyText(text, loadKnowledge(), options.format);
    await write(io.stdout, output);
    return 0;
  } catch (error) {
    const message =
      error instanceof InputError
        ? error.message
        : `classifying failed: ${error instanceof Error ? error.message : String(error)}.`;
    io.stderr.write(`consentlens classify: ${message}\n`);
    return 2;
  }
}

interface Options {
  file: string | null;
  format: 'json' | 'csv' | null;
}

function parseArgs(argv: readonly string[]): Options {
  let file: string | null = null;
  let format: Options['format'] = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value !== 'json' && value !== 'csv') {
        throw new InputError(`--format takes json or csv, not "${value ?? ''}" (${USAGE}).`);
      }
      format = value;
    } else if (arg === '-h' || arg === '--help') {
      throw new InputError(USAGE);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new InputError(`unknown option ${arg} (${USAGE}).`);
    } else if (file !== null) {
      throw new InputError(`give one input file, not "${file}" and "${arg}" (${USAGE}).`);
    } else file = arg;
  }
  return { file: file === '-' ? null : file, format };
}

async function readInput(file: string | null, stdin: NodeJS.ReadableStream): Promise<string> {
  const stream = file === null ? stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (size > MAX_INPUT_BYTES) {
        throw new InputError(`the input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB.`);
      }
      chunks.push(buf);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read ${file ?? 'standard input'}${code === 'ENOENT' ? ': no such file' : `: ${(error as Error).message}`}.`,
    );
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Classifies every record of `text` and renders them in `format` (default: the input's own).
 * Exported for tests; throws InputError with one sentence on malformed input.
 */
export function classifyText(
  text: string,
  knowledge: Knowledge,
  format: 'json' | 'csv' | null,
): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first === undefined) throw new InputError('the input is empty.');
  const inputFormat: InputFormat = first === '[' ? 'json' : first === '{' ? 'jsonl' : 'csv';
  const eol = /\r\n/.test(body.slice(0, 4096)) ? '\r\n' : '\n';

  if (inputFormat === 'csv') {
    const { header, rows } = readCsv(body);
    const nameAt = findColumn(header, 'name');
    const domainAt = findColumn(header, 'domain');
    const valueAt = header.findIndex((h) => h.trim().toLowerCase() === 'value');
    const classified = rows.map((row) =>
      classifyOne(knowledge, row[nameAt] as string, row[domainAt] as string, row[valueAt]),
    );
    if (format === 'json') {
      const records = rows.map((row, i) => ({
        ...Object.fromEntries(header.map((h, j) => [h, row[j] ?? ''])),
        ...classified[i],
      }));
      return `${JSON.stringify(records, null, 2)}\n`;
    }
    const columns = [...header];
    const at = ADDED.map((name) => {
      const existing = columns.indexOf(name);
      if (existing >= 0) return existing;
      columns.push(name);
      return columns.length - 1;
    });
    const lines = [formatCsvRow(columns)];
    rows.forEach((row, i) => {
      const out = [...row];
      const c = classified[i] as Classified;
      ADDED.forEach((name, k) => (out[at[k] as number] = c[name] ?? ''));
      lines.push(formatCsvRow(out));
    });
    return lines.join(eol) + eol;
  }

  const records = inputFormat === 'json' ? readJsonArray(body) : readJsonLines(body);
  const out = records.map((record, i) => {
    const name = requireString(record, 'name', i);
    const domain = requireString(record, 'domain', i);
    const value = typeof record['value'] === 'string' ? record['value'] : undefined;
    return { ...record, ...classifyOne(knowledge, name, domain, value) };
  });
  if (format === 'csv') return toCsv(out, eol);
  if (inputFormat === 'jsonl') return out.map((r) => JSON.stringify(r)).join('\n') + '\n';
  return `${JSON.stringify(out, null, 2)}\n`;
}

interface Classified {
  category: string;
  vendor: string | null;
  classifiedBy: string;
}

function classifyOne(
  knowledge: Knowledge,
  name: string,
  domain: string,
  value: string | undefined,
): Classified {
  const c = knowledge.classifyCookie(name, domain, value === undefined ? undefined : { value });
  return { category: c.category, vendor: c.vendor, classifiedBy: c.classifiedBy };
}

function readCsv(text: string): { header: string[]; rows: string[][] } {
  let records: string[][];
  try {
    records = parseCsv(text, { maxRecords: MAX_RECORDS + 1 });
  } catch (error) {
    if (error instanceof CsvError)
      throw new InputError(`the CSV input is malformed: ${error.message}.`);
    throw error;
  }
  const header = records[0] ?? [];
  const rows: string[][] = [];
  for (let i = 1; i < records.length; i++) {
    const row = records[i] as string[];
    if (row.length === 1 && row[0] === '') continue; // a blank line
    if (row.length !== header.length) {
      throw new InputError(
        `CSV record ${i} has ${row.length} fields but the header has ${header.length}.`,
      );
    }
    rows.push(row);
  }
  for (const key of ['name', 'domain']) {
    const at = findColumn(header, key);
    rows.forEach((row, i) => {
      if ((row[at] ?? '').trim() === '')
        throw new InputError(`CSV record ${i + 1} has an empty "${key}".`);
    });
  }
  return { header, rows };
}

function findColumn(header: readonly string[], name: string): number {
  const at = header.findIndex((h) => h.trim().toLowerCase() === name);
  if (at < 0) throw new InputError(`the CSV header has no "${name}" column.`);
  return at;
}

function readJsonArray(text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `the input starts like a JSON array but is not valid JSON (${(error as Error).message}).`,
    );
  }
  if (!Array.isArray(parsed))
    throw new InputError('the input is not a JSON array of cookie records.');
  if (parsed.length > MAX_RECORDS)
    throw new InputError(`the input has more than ${MAX_RECORDS} records.`);
  return parsed.map((record, i) => requireObject(record, i));
}

function readJsonLines(text: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    if (records.length >= MAX_RECORDS)
      throw new InputError(`the input has more than ${MAX_RECORDS} records.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new InputError(`line ${i + 1} is not valid JSON.`);
    }
    records.push(requireObject(parsed, records.length));
  }
  return records;
}

function requireObject(value: unknown, index: number): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`record ${index + 1} is not an object.`);
  }
  return value as Record<string, unknown>;
}

function requireString(record: Record<string, unknown>, key: string, index: number): string {
  const value = record[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`record ${index + 1} has no "${key}" string.`);
  }
  return value;
}

/** JSON records as CSV: the union of their keys, in order of first appearance. */
function toCsv(records: readonly Record<string, unknown>[], eol: string): string {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  const columns = [...seen];
  const cell = (v: unknown): string =>
    v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const lines = [
    formatCsvRow(columns),
    ...records.map((r) => formatCsvRow(columns.map((c) => cell(r[c])))),
  ];
  return lines.join(eol) + eol;
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
