import { describe, expect, test } from 'vitest';
import { exportCsv } from '../../../lib/report/export-csv.ts';
import { exportHtml } from '../../../lib/report/export-html.ts';
import { exportMarkdown } from '../../../lib/report/export-markdown.ts';
import { exportSarif } from '../../../lib/report/export-sarif.ts';
import {
  exportReport,
  isReportFormat,
  REPORT_FILE_TYPES,
  REPORT_FORMATS,
  type ReportFormat,
} from '../../../lib/report/export.ts';
import { cleanReport, hostileReport } from './fixture.ts';

const reports = [hostileReport(), cleanReport()];

describe('exportReport', () => {
  test.each([
    ['html', 'da', exportHtml(reports, { language: 'da' })],
    ['md', 'da', exportMarkdown(reports, { language: 'da' })],
    ['sarif', 'en', exportSarif(reports, { language: 'en' })],
    ['csv', 'en', exportCsv(reports)],
  ] as const)('%s (%s) is the exporter’s output', (format, language, expected) => {
    expect(exportReport(reports, format, { language })).toBe(expected);
  });

  test('json: one object for one report, an array for several', () => {
    expect(JSON.parse(exportReport(reports.slice(0, 1), 'json', { language: 'en' }))).toEqual(
      reports[0],
    );
    expect(JSON.parse(exportReport(reports, 'json', { language: 'en' }))).toEqual(reports);
  });

  test('csv options pass through', () => {
    const out = exportReport(reports, 'csv', {
      language: 'da',
      csv: { bom: true, separator: ';' },
    });
    expect(out).toBe(exportCsv(reports, { bom: true, separator: ';' }));
  });

  test('an unknown format is an error, not a silent default', () => {
    expect(() => exportReport(reports, 'pdf' as ReportFormat, { language: 'en' })).toThrow(/pdf/);
  });

  test.each(REPORT_FORMATS.map((f) => [f]))('%s has a file type', (format) => {
    expect(isReportFormat(format)).toBe(true);
    expect(REPORT_FILE_TYPES[format].extension).toMatch(/^[a-z]+$/);
  });

  test('isReportFormat rejects other values', () => {
    for (const value of ['pdf', '', 'HTML', null, 1]) expect(isReportFormat(value)).toBe(false);
  });
});
