/**
 * The CSV export: one row per cookie and one row per violation, for spreadsheets and for
 * tooling. RFC 4180 (CRLF line ends, fields quoted when they hold the separator, a quote or a
 * line break), with cells that a spreadsheet would run as a formula made inert.
 */
import type { AuditReport, ReportCookie, Violation } from './types.ts';

export interface CsvExportOptions {
  /** Start with a UTF-8 byte order mark, so that Excel reads æ, ø and å correctly. Default false. */
  bom?: boolean;
  /**
   * Field separator. Default ','; ';' is what Excel expects where the decimal separator is a
   * comma (Danish settings), so that a double-click opens the file in columns.
   */
  separator?: ',' | ';';
  /** Decimal separator in numbers. Default '.'; ',' for Danish Excel, with `separator: ';'`. */
  decimal?: '.' | ',';
}

/**
 * The columns, in their stable order; see docs/reports.md for what each holds. New columns
 * are only ever appended, so that spreadsheets and scripts reading by position keep working.
 */
export const CSV_COLUMNS = [
  'record',
  'site',
  'url',
  'phase',
  'name',
  'domain',
  'path',
  'party',
  'category',
  'vendor',
  'classified_by',
  'session',
  'lifetime_days',
  'requested_lifetime_days',
  'expires_at',
  'host_only',
  'secure',
  'http_only',
  'same_site',
  'set_by',
  'initiator',
  'first_seen_at',
  'removed',
  'declared_name',
  'declared_category',
  'declared_duration',
  'declared_duration_days',
  'severity',
  'rule',
  'subject_kind',
  'message',
  'evidence',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Spreadsheets cap a cell at 32,767 characters; longer values are cut and end with "…". */
const MAX_FIELD = 32_000;

/** Leading characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The reports as CSV: a header row, then for each report its cookies and then its violations.
 * Values are language-neutral codes (`statistics`, `after-reject`, `true`), so that formulas and
 * scripts work whatever the report language; violation messages are in the audit's language.
 */
export function exportCsv(reports: readonly AuditReport[], options: CsvExportOptions = {}): string {
  const separator = options.separator === ';' ? ';' : ',';
  const decimal = options.decimal === ',' ? ',' : '.';
  const lines: string[] = [CSV_COLUMNS.map((c) => csvField(c, separator)).join(separator)];
  for (const report of reports) {
    for (const cookie of report.cookies) {
      lines.push(row(cookieRecord(report, cookie, decimal), separator));
    }
    for (const violation of report.violations) {
      lines.push(row(violationRecord(report, violation), separator));
    }
  }
  return (options.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}

/**
 * One CSV field: neutralised against formula injection (a leading `'` before `=`, `+`, `-`,
 * `@`, tab or CR), cut to the spreadsheet cell limit, and quoted when it holds the separator,
 * a quote or a line break.
 */
export function csvField(value: string, separator: ',' | ';' = ','): string {
  let v = value.length > MAX_FIELD ? `${value.slice(0, MAX_FIELD)}…` : value;
  if (FORMULA_START.test(v)) v = `'${v}`;
  const needsQuotes = v.includes(separator) || /["\r\n]/.test(v);
  return needsQuotes ? `"${v.replace(/"/g, '""')}"` : v;
}

function row(record: Partial<Record<CsvColumn, string>>, separator: ',' | ';'): string {
  return CSV_COLUMNS.map((c) => csvField(record[c] ?? '', separator)).join(separator);
}

function cookieRecord(
  report: AuditReport,
  c: ReportCookie,
  decimal: '.' | ',',
): Partial<Record<CsvColumn, string>> {
  return {
    record: 'cookie',
    site: str(report.site),
    url: str(report.url),
    phase: str(c.phase),
    name: str(c.name),
    domain: str(c.domain),
    path: str(c.path),
    party: str(c.party),
    category: str(c.category),
    vendor: str(c.vendor),
    classified_by: str(c.classifiedBy),
    session: bool(c.session),
    lifetime_days: num(c.lifetimeDays, decimal),
    requested_lifetime_days: num(c.requestedLifetimeDays, decimal),
    expires_at: str(c.expiresAt),
    host_only: bool(c.hostOnly),
    secure: bool(c.secure),
    http_only: bool(c.httpOnly),
    same_site: str(c.sameSite),
    set_by: str(c.setBy),
    initiator: str(c.initiator),
    first_seen_at: str(c.firstSeenAt),
    removed: bool(c.removed),
    declared_name: str(c.declared?.name),
    declared_category: str(c.declared?.category),
    declared_duration: str(c.declared?.duration?.text),
    declared_duration_days: num(c.declared?.duration?.days, decimal),
  };
}

function violationRecord(report: AuditReport, v: Violation): Partial<Record<CsvColumn, string>> {
  const subject = v.subject ?? { kind: 'consent' };
  let evidence = '';
  try {
    evidence = JSON.stringify(v.evidence ?? {}) ?? '';
  } catch {
    evidence = '';
  }
  return {
    record: 'violation',
    site: str(report.site),
    url: str(report.url),
    phase: str(v.phase),
    // The subject's identifying parts: a cookie's name and domain, a storage key and its
    // origin, a request's host.
    name: str(subject.name ?? subject.key),
    domain: str(subject.domain ?? subject.host ?? subject.origin),
    severity: str(v.severity),
    rule: str(v.rule),
    subject_kind: str(subject.kind),
    message: str(v.message),
    evidence,
  };
}

function str(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

function bool(value: unknown): string {
  return value === true ? 'true' : value === false ? 'false' : '';
}

function num(value: unknown, decimal: '.' | ','): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  const text = String(value);
  return decimal === ',' ? text.replace('.', ',') : text;
}
