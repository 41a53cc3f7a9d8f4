import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  codeMarkdown,
  escapeMarkdown,
  exportMarkdown,
} from '../../../lib/report/export-markdown.ts';
import { cleanReport, cookie, hostileReport, hostileString } from './fixture.ts';

const reports = [hostileReport(), cleanReport()];

/** A GFM table row's cells: a pipe separates cells unless a backslash precedes it. */
function cells(row: string): string[] {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

/** The text with code spans removed (their content is shown literally by Markdown). */
function outsideCode(text: string): string {
  return text.replace(/(`+)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

describe('escapeMarkdown', () => {
  test.each([
    ['plain', 'plain'],
    ['a|b', 'a\\|b'],
    ['`code`', '\\`code\\`'],
    ['<img src=x>', '&lt;img src=x&gt;'],
    ['&amp;', '&amp;amp;'],
    ['line\nbreak\r\nend', 'line break end'],
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['[x](javascript:alert(1))', '\\[x\\](javascript:alert(1))'],
    ['back\\slash', 'back\\\\slash'],
    ['#123', '\\#123'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('codeMarkdown', () => {
  test.each([
    ['_ga', '`_ga`'],
    ['a|b', '`a\\|b`'],
    ['a`b', '``a`b``'],
    ['`x`', '`` `x` ``'],
    ['a``b`', '``` a``b` ```'],
    ['line\nbreak', '`line break`'],
    ['<img src=x>', '`<img src=x>`'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(codeMarkdown(input)).toBe(expected);
  });
});

describe('exportMarkdown', () => {
  describe.each(['en', 'da'] as const)('%s', (language) => {
    const md = exportMarkdown(reports, { language });
    const tableRows = md.split('\n').filter((line) => line.startsWith('|'));

    test('every table row has the width of one of the two tables', () => {
      for (const row of tableRows) expect([5, 8]).toContain(cells(row).length);
      expect(tableRows.length).toBeGreaterThan(10);
    });

    test('one violation row per violation and one cookie row per cookie', () => {
      const [first] = reports;
      const violationRows = tableRows.filter((r) => cells(r).length === 5 && !/^\| ---/.test(r));
      const cookieRows = tableRows.filter((r) => cells(r).length === 8 && !/^\| ---/.test(r));
      // Header rows included: one violations table and two cookie tables.
      expect(violationRows).toHaveLength(first!.violations.length + 1);
      expect(cookieRows).toHaveLength(reports.reduce((n, r) => n + r.cookies.length, 0) + 2);
    });

    test('no HTML from the data outside code spans', () => {
      expect(outsideCode(md)).not.toMatch(/<(?!br>)/);
    });

    test('no line break inside a row', () => {
      for (const row of tableRows) expect(row.endsWith('|')).toBe(true);
    });
  });

  test.each([
    [
      'en',
      [
        '## Violations',
        '## Cookies',
        '| Severity | Rule | Phase | Subject | Finding |',
        'No violations found',
        'high',
      ],
    ],
    [
      'da',
      [
        '## Overtrædelser',
        '## Cookies',
        '| Alvorlighed | Regel | Fase | Genstand | Fund |',
        'Ingen overtrædelser fundet',
        '4 høj-alvorlige overtrædelser',
        'høj',
        'mellem',
        'Før samtykke',
        'Sessionscookie',
      ],
    ],
  ] as const)('%s wording', (language, phrases) => {
    const md = exportMarkdown(reports, { language });
    for (const phrase of phrases) expect(md).toContain(phrase);
  });

  test('property: any cookie name keeps the cookie table at 8 cells a row', () => {
    fc.assert(
      fc.property(hostileString(), hostileString(), (name, vendor) => {
        const report = cleanReport();
        report.cookies = [cookie(name, 'initial', 100.5, { vendor: vendor || null })];
        const rows = exportMarkdown([report], { language: 'en' })
          .split('\n')
          .filter((l) => l.startsWith('|'));
        expect(rows).toHaveLength(3);
        for (const row of rows) expect(cells(row)).toHaveLength(8);
        expect(outsideCode(rows[2]!)).not.toMatch(/[<>]/);
      }),
      { numRuns: 300 },
    );
  });
});
