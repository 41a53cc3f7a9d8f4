/**
 * One entry point for every report format, used by the extension's export buttons and by
 * `consentlens audit --format`.
 */
import { exportCsv, type CsvExportOptions } from './export-csv.ts';
import { exportHtml } from './export-html.ts';
import { exportMarkdown } from './export-markdown.ts';
import { exportSarif } from './export-sarif.ts';
import type { Language } from './i18n-report.ts';
import type { AuditReport } from './types.ts';

export type ReportFormat = 'json' | 'html' | 'csv' | 'md' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'html', 'csv', 'md', 'sarif'];

export interface ExportOptions {
  /** Language of headings, labels and rule texts (messages keep the audit's language). */
  language: Language;
  /** CSV only: byte order mark, separator and decimal separator (see `CsvExportOptions`). */
  csv?: CsvExportOptions;
}

/** File name extension and media type per format, for downloads and `--out` defaults. */
export const REPORT_FILE_TYPES: Readonly<
  Record<ReportFormat, { extension: string; mediaType: string }>
> = {
  json: { extension: 'json', mediaType: 'application/json' },
  html: { extension: 'html', mediaType: 'text/html;charset=utf-8' },
  csv: { extension: 'csv', mediaType: 'text/csv;charset=utf-8' },
  md: { extension: 'md', mediaType: 'text/markdown;charset=utf-8' },
  sarif: { extension: 'sarif', mediaType: 'application/sarif+json' },
};

/** Narrows a command-line or message value to a report format. */
export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * The reports in `format`. JSON is the report itself (one object for one report, an array for
 * several, as the command line writes it); the others are the exporters in this folder.
 */
export function exportReport(
  reports: readonly AuditReport[],
  format: ReportFormat,
  options: ExportOptions,
): string {
  const language: Language = options.language === 'da' ? 'da' : 'en';
  switch (format) {
    case 'json':
      return JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n';
    case 'html':
      return exportHtml(reports, { language });
    case 'csv':
      return exportCsv(reports, options.csv);
    case 'md':
      return exportMarkdown(reports, { language });
    case 'sarif':
      return exportSarif(reports, { language });
    default:
      throw new Error(`Unknown report format: ${String(format satisfies never)}`);
  }
}
