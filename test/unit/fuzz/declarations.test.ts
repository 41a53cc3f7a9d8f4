/**
 * Fuzzing of the declaration readers with input built from their own vocabulary, so that it gets
 * past the first checks: cookie tables in HTML with real header words and hostile cells, CSV and
 * JSON files as an auditor might import them, Cookiebot's cc.js text, declared name patterns
 * against observed names, and durations in prose. Beyond "never throws", every table a reader
 * returns must be one the options page can store (`declaredTableProblem` is null) and bounded.
 * (The tests beside each reader fuzz plain strings and arbitrary values.)
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cookiebotDeclarations } from '../../../lib/declarations/cmp-declarations.ts';
import { classifyHeader } from '../../../lib/declarations/cookie-columns.ts';
import { readCsv } from '../../../lib/declarations/csv.ts';
import type { DeclaredTable } from '../../../lib/declarations/declared.ts';
import { detectLanguage } from '../../../lib/declarations/detect-language.ts';
import { fragmentToText } from '../../../lib/declarations/html-text.ts';
import {
  exportDeclarationsCsv,
  exportDeclarationsJson,
  importDeclarations,
} from '../../../lib/declarations/import-export.ts';
import { parseJsLiteral } from '../../../lib/declarations/js-literal.ts';
import { groupLabelLines, splitLabelValues } from '../../../lib/declarations/label-records.ts';
import { matchDeclared, nearMissDeclared } from '../../../lib/declarations/name-pattern.ts';
import { classifyTypeColumn } from '../../../lib/declarations/parse-party.ts';
import { parsePolicyHtml } from '../../../lib/declarations/parse-policy-html.ts';
import { findDurations } from '../../../lib/duration/find-durations.ts';
import { parseDuration } from '../../../lib/duration/parse-duration.ts';
import { declaredTableProblem } from '../../../lib/storage/declarations.ts';
import { FUZZ_TIMEOUT, fuzzAssert, jsonSize, pageString } from './fuzz.ts';

const HEADERS = [
  'Navn',
  'Cookie name',
  'Name',
  'Udbyder',
  'Provider',
  'Formål',
  'Purpose',
  'Zweck',
  'Varighed',
  'Udløb',
  'Expiry (days)',
  'Speicherdauer',
  'Durée',
  'Type',
  'Kategori',
  'Category',
  'Domæne',
  'Domain',
  'Part',
  'Party',
  '',
];
const CELLS = [
  '_ga',
  '_ga_*',
  '_hjSession_{id}',
  'fr, _fbp',
  'Google Analytics (_ga, _gid)',
  '.facebook.com',
  'Google',
  'Statistik',
  'Marketing',
  'Nødvendig',
  'Førstepart',
  '3. part',
  'HTTP',
  'Session',
  '1 år',
  '2 years',
  '13 måneder',
  '400 dage',
  '99999999999 years',
  '-1 day',
  '1e309 days',
  '½ år',
  '0',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '=HYPERLINK("x")',
  '__proto__',
  'constructor',
];
const header = fc.constantFrom(...HEADERS);
const cell = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...CELLS) },
  { weight: 1, arbitrary: pageString(40) },
);
const row = (width: number) => fc.array(cell, { minLength: 0, maxLength: width + 1 });

/** The HTML text of a cell, escaped as a page would write it (or not). */
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const tableHtml = fc
  .tuple(
    fc.array(header, { minLength: 1, maxLength: 7 }),
    fc.array(row(7), { maxLength: 25 }),
    fc.boolean(),
  )
  .map(([heads, rows, escape]) => {
    const text = (s: string) => (escape ? escapeHtml(s) : s);
    return `<table><thead><tr>${heads.map((h) => `<th>${text(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${text(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  });
const definitionListHtml = fc
  .array(fc.tuple(header, cell), { maxLength: 30 })
  .map(
    (pairs) =>
      `<dl>${pairs.map(([h, c]) => `<dt>${h}</dt><dd>${escapeHtml(c)}</dd>`).join('')}</dl>`,
  );
const labelBlocksHtml = fc
  .array(fc.tuple(header, cell), { maxLength: 30 })
  .map((pairs) =>
    pairs.map(([h, c]) => `<p><strong>${h}:</strong> ${escapeHtml(c)}</p>`).join('\n'),
  );
const prose = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'Vi gemmer dit samtykke i 12 måneder.',
        'Your consent is stored for 1 year.',
        'Analytics data is kept for 26 months.',
        '<h2>Cookies</h2>',
        '<h3>Statistik</h3>',
        '<table>',
        '</td>',
        '<tr><td>',
      ),
      pageString(60),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(' '));
const policyPage = fc
  .tuple(
    fc.array(fc.oneof(tableHtml, definitionListHtml, labelBlocksHtml, prose), { maxLength: 5 }),
    fc.constantFrom('da', 'en', 'de', 'xx', ''),
  )
  .map(
    ([parts, lang]) =>
      `<!doctype html><html lang="${lang}"><body>${parts.join('\n')}</body></html>`,
  );

function assertStorable(table: DeclaredTable): void {
  expect(declaredTableProblem(table)).toBeNull();
  expect(table.cookies.length).toBeLessThanOrEqual(20_000);
  for (const c of table.cookies) {
    expect(c.name.trim()).not.toBe('');
    if (c.duration?.days !== null && c.duration?.days !== undefined)
      expect(Number.isFinite(c.duration.days) && c.duration.days >= 0).toBe(true);
  }
}

describe('policy pages', () => {
  test(
    'cookie tables, definition lists, label blocks and prose: a storable table',
    () => {
      fuzzAssert(
        'policy html: generated pages',
        fc.property(policyPage, (html) => {
          const table = parsePolicyHtml(html, 'https://example.dk/cookies');
          assertStorable(table);
          expect(jsonSize(table)).toBeLessThanOrEqual(html.length * 4 + 10_000);
        }),
        200,
      );
    },
    FUZZ_TIMEOUT,
  );

  test('regression: empty blocks and line breaks outgrew the text limit (found by fuzzing)', () => {
    expect(fragmentToText('<p></p>'.repeat(500), 100).length).toBeLessThanOrEqual(100);
    expect(fragmentToText('a<br>'.repeat(500), 100).length).toBeLessThanOrEqual(100);
  });

  test(
    'fragments as text: never throws, at most the limit',
    () => {
      fuzzAssert(
        'policy html: fragments as text',
        fc.property(
          fc.oneof(policyPage, pageString(500)),
          fc.integer({ min: 0, max: 5000 }),
          (html, limit) => {
            expect(fragmentToText(html, limit).length).toBeLessThanOrEqual(limit);
          },
        ),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  test(
    'language of any attribute and text',
    () => {
      fuzzAssert(
        'policy html: language',
        fc.property(fc.option(pageString(20), { nil: null }), prose, (lang, text) => {
          const language = detectLanguage(lang, text);
          expect(language === null || /^[a-z]{2,3}$/.test(language)).toBe(true);
        }),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );

  test(
    'header words, type columns and label lines of any text',
    () => {
      fuzzAssert(
        'policy html: headers and label lines',
        fc.property(fc.array(fc.oneof(header, cell), { maxLength: 12 }), (texts) => {
          for (const t of texts) {
            const h = classifyHeader(t);
            expect(h === null || typeof h.kind === 'string').toBe(true);
          }
          expect(typeof classifyTypeColumn(texts)).toBe('string');
          const lines = texts.map((t) => ({
            pairs: splitLabelValues(`${t}: ${t}`),
            breaks: t === '',
          }));
          expect(groupLabelLines(lines, 5).length).toBeLessThanOrEqual(5);
        }),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('imported files', () => {
  const separator = fc.constantFrom(',', ';', '\t');
  const csvField = (sep: string) =>
    cell.map((c) => (/["\n\r]/.test(c) || c.includes(sep) ? `"${c.replace(/"/g, '""')}"` : c));
  const csvFile = separator.chain((sep) =>
    fc
      .tuple(
        fc.array(header, { minLength: 1, maxLength: 7 }),
        fc.array(fc.array(csvField(sep), { maxLength: 8 }), { maxLength: 20 }),
        fc.constantFrom('', '\ufeff'),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.option(fc.constantFrom('"', '""', '"x', 'a"b'), { nil: '' }),
      )
      .map(
        ([heads, rows, bom, eol, stray]) =>
          `${bom}${[heads.join(sep), ...rows.map((r) => r.join(sep))].join(eol)}${stray}`,
      ),
  );
  const jsonCookie = fc.record(
    {
      name: fc.oneof(cell, fc.anything({ maxDepth: 0 })),
      provider: fc.oneof(cell, fc.constant(null), fc.integer()),
      purpose: fc.oneof(cell, fc.constant(null)),
      category: fc.oneof(
        fc.constantFrom(
          'necessary',
          'statistics',
          'marketing',
          'preferences',
          'unclassified',
          'Statistik',
        ),
        cell,
      ),
      party: fc.constantFrom('first', 'third', 'Førstepart', 3, null),
      duration: fc.oneof(
        cell,
        fc.record({
          text: cell,
          session: fc.constantFrom(true, false, null),
          days: fc.oneof(fc.double(), fc.integer(), fc.constant(null)),
        }),
        fc.anything({ maxDepth: 1 }),
      ),
      domain: fc.oneof(cell, fc.constant(null)),
    },
    { requiredKeys: [] },
  );
  const jsonFile = fc.oneof(
    fc.array(jsonCookie, { maxLength: 20 }).map((c) => JSON.stringify(c)),
    fc
      .record({
        source: fc.constantFrom('file', 'cookiebot', 'x'),
        url: fc.oneof(cell, fc.constant(null)),
        language: fc.constantFrom('da', 'en', 'dansk', null),
        cookies: fc.array(jsonCookie, { maxLength: 20 }),
        consentLifetime: fc.anything({ maxDepth: 2 }),
        categoriesMentioned: fc.anything({ maxDepth: 2 }),
        skipped: fc.anything({ maxDepth: 2 }),
        retrievedAt: fc.anything({ maxDepth: 0 }),
      })
      .map((t) => JSON.stringify(t)),
  );

  test(
    'CSV and JSON files: a storable table or a reason; export and import again keep the rows',
    () => {
      fuzzAssert(
        'import: generated CSV and JSON files',
        fc.property(
          fc.oneof(csvFile, jsonFile),
          fc.constantFrom('cookies.csv', 'cookies.json', 'x'),
          (text, url) => {
            const result = importDeclarations(text, { url });
            if (!result.ok) {
              expect(result.error.length).toBeGreaterThan(0);
              return;
            }
            assertStorable(result.table);
            const again = importDeclarations(exportDeclarationsJson(result.table), { url });
            expect(again.ok && again.table.cookies.length).toBe(result.table.cookies.length);
            const csv = importDeclarations(
              exportDeclarationsCsv(result.table, { separator: ';', bom: true }),
              {
                url: 'x.csv',
              },
            );
            if (result.table.cookies.length > 0)
              expect(csv.ok && csv.table.cookies.length).toBe(result.table.cookies.length);
          },
        ),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  test('regression: a name with a space split in two on CSV export and import (found by fuzzing)', () => {
    const table: DeclaredTable = {
      source: 'file',
      url: null,
      language: null,
      cookies: [
        {
          name: '2 years',
          provider: null,
          purpose: null,
          category: null,
          party: null,
          duration: null,
        },
      ],
    };
    const csv = importDeclarations(exportDeclarationsCsv(table, { separator: ';', bom: true }), {
      url: 'x.csv',
    });
    expect(csv.ok && csv.table.cookies.map((c) => c.name)).toEqual(['2 years']);
    // A table from elsewhere still lists several names in one cell.
    const theirs = importDeclarations('Navn;Udbyder\n_ga _gid;Google', { url: 'x.csv' });
    expect(theirs.ok && theirs.table.cookies.map((c) => c.name)).toEqual(['_ga', '_gid']);
  });

  test('regression: a CSV name of invisible characters was kept, though JSON drops it (found by fuzzing)', () => {
    expect(importDeclarations('Navn\n\u0000', { url: 'x.csv' })).toMatchObject({ ok: false });
    expect(importDeclarations('Navn\n\u200b_ga\u0000', { url: 'x.csv' })).toMatchObject({
      ok: true,
      table: { cookies: [{ name: '_ga' }] },
    });
  });

  test(
    'CSV text of any shape: rows within the cap',
    () => {
      fuzzAssert(
        'import: CSV reader',
        fc.property(
          fc.oneof(csvFile, pageString(500)),
          fc.integer({ min: 1, max: 50 }),
          (text, maxRows) => {
            const result = readCsv(text, { maxRows });
            if (result.ok) expect(result.rows.length).toBeLessThanOrEqual(maxRows);
            else expect(result.error.length).toBeGreaterThan(0);
          },
        ),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('consent platform declarations', () => {
  const jsValue: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(
        '1',
        '-0',
        '1e9',
        '!0',
        '!1',
        'null',
        'true',
        'undefined',
        'NaN',
        '0x1F',
        '"a\\"b"',
        "'it\\'s'",
        '`t`',
        'x',
        '""',
      ),
      fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
      fc.array(tie('value'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
      fc
        .array(fc.tuple(fc.constantFrom('a', '"b"', "'c'", '1', '__proto__'), tie('value')), {
          maxLength: 4,
        })
        .map((pairs) => `{${pairs.map(([k, v]) => `${k}:${v}`).join(',')}}`),
    ),
  })).value;
  const row = fc
    .tuple(
      cell,
      cell,
      cell,
      cell,
      fc.constantFrom('HTTP', 'HTML', 'Pixel', '1'),
      fc.integer({ min: -1, max: 9 }),
    )
    .map((r) => JSON.stringify(r));
  const ccJs = fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'cookieTableNecessary',
          'cookieTablePreference',
          'cookieTableStatistics',
          'cookieTableAdvertising',
          'cookieTableUnclassified',
        ),
        fc.oneof(
          fc.array(row, { maxLength: 6 }).map((rows) => `[${rows.join(',')}]`),
          jsValue,
          pageString(30),
        ),
        fc.constantFrom(' = ', '=', '==', ' =\n'),
      ),
      { maxLength: 6 },
    )
    .map((assignments) =>
      assignments.map(([key, value, op]) => `CookieConsentDialog.${key}${op}${value};`).join('\n'),
    );

  test(
    'Cookiebot cc.js text: a storable table, never a run of the script',
    () => {
      fuzzAssert(
        'cmp declarations: Cookiebot cc.js',
        fc.property(ccJs, (js) => {
          assertStorable(cookiebotDeclarations(js));
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  test(
    'JavaScript literal soup: a value or an error, never a throw',
    () => {
      fuzzAssert(
        'cmp declarations: JS literals',
        fc.property(jsValue, fc.nat({ max: 5 }), (text, start) => {
          const result = parseJsLiteral(text, start);
          if (result.ok) expect(result.end).toBeLessThanOrEqual(text.length);
          else expect(result.error.length).toBeGreaterThan(0);
        }),
        1000,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('declared names against observed cookies', () => {
  const pattern = fc.oneof(
    fc.constantFrom(...CELLS),
    fc
      .array(
        fc.constantFrom(
          '_ga',
          '_',
          'x',
          'X',
          '*',
          '#',
          '{id}',
          '[',
          ']',
          '(',
          ')',
          '.',
          '+',
          '?',
          '\\',
          '^',
          '$',
          '|',
          'ø',
          '1',
        ),
        {
          maxLength: 12,
        },
      )
      .map((parts) => parts.join('')),
  );
  const observed = fc.oneof(
    fc.constantFrom('_ga', '_ga_ABC123', '_hjSession_42', 'fr', '_fbp', 'x'.repeat(300)),
    pageString(40),
  );

  test(
    'any declared table: the match is one of its entries, never a throw or a stall',
    () => {
      fuzzAssert(
        'name patterns: declared tables',
        fc.property(
          fc.array(
            fc.record({
              name: pattern,
              domain: fc.option(fc.constantFrom('.example.dk', 'facebook.com', '', '*'), {
                nil: null,
              }),
            }),
            {
              maxLength: 15,
            },
          ),
          observed,
          fc.constantFrom('.example.dk', 'shop.example.dk', 'facebook.com', ''),
          (rows, name, domain) => {
            const table: DeclaredTable = {
              source: 'policy-page',
              url: null,
              language: null,
              cookies: rows
                .filter((r) => r.name.trim() !== '')
                .map((r) => ({
                  ...r,
                  provider: null,
                  purpose: null,
                  category: null,
                  party: null,
                  duration: null,
                })),
            };
            const match = matchDeclared(table, name, domain);
            if (match) expect(table.cookies).toContain(match.entry);
            const near = nearMissDeclared(table, name, domain);
            expect(near === null || typeof near === 'object').toBe(true);
          },
        ),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('durations', () => {
  const durationText = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '1',
          '12',
          '0',
          '-3',
          '1.5',
          '½',
          '99999999999999999999',
          'et',
          'to',
          'one',
          'år',
          'years',
          'måneder',
          'mdr',
          'days',
          'dage',
          'timer',
          'hours',
          'minutes',
          'session',
          'op til',
          'indtil',
          '–',
          '-',
          'og',
          'and',
          ',',
          'persistent',
          'weeks',
          'uger',
        ),
        pageString(10),
      ),
      { maxLength: 30 },
    )
    .map((words) => words.join(' '));

  test(
    'prose with numbers and units: spans inside the text, days finite and not negative',
    () => {
      fuzzAssert(
        'durations: prose',
        fc.property(durationText, (text) => {
          for (const span of findDurations(text)) {
            expect(span.start).toBeGreaterThanOrEqual(0);
            expect(span.end).toBeLessThanOrEqual(text.length);
            expect(span.start).toBeLessThanOrEqual(span.end);
            expect(Number.isFinite(span.days) && span.days >= 0).toBe(true);
          }
          const d = parseDuration(text);
          expect(d.days === null || (Number.isFinite(d.days) && d.days >= 0)).toBe(true);
        }),
        1000,
      );
    },
    FUZZ_TIMEOUT,
  );
});
