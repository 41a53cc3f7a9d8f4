import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readCsv } from '../../../lib/declarations/csv.ts';
import { CSV_COLUMNS, csvField, exportCsv } from '../../../lib/report/export-csv.ts';
import { cleanReport, cookie, HOSTILE, hostileReport, hostileString } from './fixture.ts';

const reports = [hostileReport(), cleanReport()];

function parse(text: string, separator: ',' | ';' = ','): Record<string, string>[] {
  const result = readCsv(text, { separator, maxFields: 200 });
  if (!result.ok) throw new Error(result.error);
  const [header, ...rows] = result.rows;
  expect(header).toEqual([...CSV_COLUMNS]);
  return rows.map((row) => {
    expect(row).toHaveLength(CSV_COLUMNS.length);
    return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i] ?? '']));
  });
}

/** What a neutralised cell reads as: the value, with `'` before a formula start. */
const neutralised = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

describe('csvField', () => {
  test.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+31 12345678', "'+31 12345678"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['a=1', 'a=1'],
    ["'quoted already", "'quoted already"],
  ])('%j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  test('semicolon separator quotes semicolons, not commas', () => {
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a,b', ';')).toBe('a,b');
  });
});

describe('exportCsv', () => {
  const text = exportCsv(reports);
  const rows = parse(text);

  test('one row per cookie and per violation, in a stable order', () => {
    const cookies = reports.flatMap((r) => r.cookies);
    const violations = reports.flatMap((r) => r.violations);
    expect(rows).toHaveLength(cookies.length + violations.length);
    expect(rows.filter((r) => r.record === 'cookie')).toHaveLength(cookies.length);
    expect(rows.filter((r) => r.record === 'violation')).toHaveLength(violations.length);
    expect(rows[0]?.record).toBe('cookie');
    expect(rows.map((r) => r.record).indexOf('violation')).toBe(reports[0]!.cookies.length);
  });

  test('RFC 4180: CRLF line ends, header first, trailing CRLF', () => {
    expect(text.startsWith(CSV_COLUMNS.join(',') + '\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
  });

  test('hostile cookie names round-trip, with formulas neutralised', () => {
    const names = rows.filter((r) => r.record === 'cookie').map((r) => r.name);
    expect(names).toContain(HOSTILE.quotedComma);
    expect(names).toContain(HOSTILE.multiLine);
    expect(names).toContain(HOSTILE.img);
    expect(names).toContain(`'${HOSTILE.formula}`);
    expect(names).not.toContain(HOSTILE.formula);
    const vendors = rows.map((r) => r.vendor);
    expect(vendors).toContain("'@SUM(A1)");
    for (const row of rows) {
      for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  test('cookie columns', () => {
    const ga = rows.find((r) => r.record === 'cookie' && r.name === '_ga')!;
    expect(ga).toMatchObject({
      site: 'example.dk',
      phase: 'initial',
      party: 'first',
      category: 'statistics',
      vendor: 'Google Analytics',
      session: 'false',
      lifetime_days: '400',
      requested_lifetime_days: '730',
      declared_name: '_ga',
      declared_category: 'statistics',
      declared_duration: '2 år',
      declared_duration_days: '730',
      severity: '',
      rule: '',
    });
    const session = rows.find((r) => r.name === 'PHPSESSID')!;
    expect(session).toMatchObject({ session: 'true', lifetime_days: '', set_by: 'http' });
  });

  test('violation columns: subject, rule, severity, message and evidence as JSON', () => {
    const v = rows.find((r) => r.record === 'violation' && r.rule === 'storage-before-consent')!;
    expect(v).toMatchObject({
      severity: 'medium',
      phase: 'initial',
      subject_kind: 'storage',
      name: HOSTILE.svg,
      domain: 'https://shop.example.dk',
    });
    expect(JSON.parse(v.evidence!)).toEqual({ writes: 3 });
    const tracker = rows.find((r) => r.rule === 'tracker-before-consent')!;
    expect(tracker.domain).toBe('www.google-analytics.com');
  });

  test('options for Danish Excel: BOM, semicolons and decimal commas', () => {
    const report = cleanReport();
    report.cookies.push(cookie('_hjSession', 'initial', 101, { lifetimeDays: 0.0208 }));
    const da = exportCsv([report], { bom: true, separator: ';', decimal: ',' });
    expect(da.charCodeAt(0)).toBe(0xfeff);
    const parsed = parse(da, ';');
    expect(parsed.find((r) => r.name === '_hjSession')?.lifetime_days).toBe('0,0208');
  });

  test('no reports: the header alone', () => {
    expect(exportCsv([])).toBe(CSV_COLUMNS.join(',') + '\r\n');
  });

  test('property: any cookie name parses back to one row with the same (neutralised) name', () => {
    fc.assert(
      fc.property(
        hostileString(20),
        fc.constantFrom(',' as const, ';' as const),
        (name, separator) => {
          const report = cleanReport();
          report.cookies = [cookie(name, 'initial', 100.5, { vendor: name })];
          const parsed = parse(exportCsv([report], { separator }), separator);
          expect(parsed).toHaveLength(1);
          expect(parsed[0]?.name).toBe(neutralised(name));
          expect(parsed[0]?.vendor).toBe(neutralised(name));
        },
      ),
      { numRuns: 300 },
    );
  });
});
