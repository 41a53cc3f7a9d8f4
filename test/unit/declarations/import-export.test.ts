import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readCsv, unguardField, writeCsv } from '../../../lib/declarations/csv.ts';
import type { DeclaredCookie, DeclaredTable } from '../../../lib/declarations/declared.ts';
import {
  exportDeclarationsCsv,
  exportDeclarationsJson,
  importDeclarations,
} from '../../../lib/declarations/import-export.ts';
import { parsePolicyHtml } from '../../../lib/declarations/parse-policy-html.ts';
import { parseDuration } from '../../../lib/duration/parse-duration.ts';
import { fuzzAssert } from '../fuzz/fuzz.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/policies/${name}`, import.meta.url), 'utf8');

function ok(result: ReturnType<typeof importDeclarations>): DeclaredTable {
  if (!result.ok) throw new Error(result.error);
  return result.table;
}

/** The fields a CSV carries, for comparing round trips. */
function csvFields(c: DeclaredCookie): unknown {
  return {
    name: c.name,
    provider: c.provider,
    purpose: c.purpose,
    category: c.category,
    categoryText: c.categoryText ?? null,
    party: c.party,
    partyText: c.partyText ?? null,
    duration: c.duration,
    domain: c.domain ?? null,
  };
}

describe('CSV reader and writer', () => {
  test('quotes, separators and line breaks inside fields, CRLF, BOM', () => {
    const r = readCsv('\ufeffname;purpose\r\n_ga;"Måler; brug\r\nmed ""citat"""\r\n\r\n_gid;x\n');
    expect(r).toEqual({
      ok: true,
      separator: ';',
      rows: [
        ['name', 'purpose'],
        ['_ga', 'Måler; brug\r\nmed "citat"'],
        ['_gid', 'x'],
      ],
    });
  });

  test('tab and comma separators are detected', () => {
    expect(readCsv('a\tb\n1\t2')).toMatchObject({
      separator: '\t',
      rows: [
        ['a', 'b'],
        ['1', '2'],
      ],
    });
    expect(readCsv('a,b;c\n1,2;3')).toMatchObject({ separator: ',' });
  });

  test('errors name the line', () => {
    expect(readCsv('a,b\n"open,1\n2,3')).toEqual({
      ok: false,
      error: 'unterminated quoted field starting on line 2',
    });
    expect(readCsv('a,b\n"x" y,z')).toEqual({
      ok: false,
      error: 'unexpected character after a closing quote on line 2',
    });
  });

  test('round trip of arbitrary fields, any separator (property)', () => {
    const field = fc.string({ maxLength: 30 });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 10 }),
        fc.constantFrom(',', ';', '\t'),
        fc.boolean(),
        (rows, sep, bom) => {
          // Rows of equal width with a non-empty first cell, as tables are.
          const width = rows[0]?.length ?? 2;
          const table = rows.map((r, i) => [
            `r${i}`,
            ...Array.from({ length: width - 1 }, (_, k) => r[k] ?? ''),
          ]);
          const back = readCsv(writeCsv(table, sep, bom), { separator: sep });
          if (!back.ok) throw new Error(back.error);
          expect(back.rows.map((r) => r.map(unguardField))).toEqual(table);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('cells that a spreadsheet would run are neutralised', () => {
    expect(writeCsv([['=HYPERLINK("http://evil")', '+1', '@x', 'plain']])).toBe(
      `"'=HYPERLINK(""http://evil"")",'+1,'@x,plain\r\n`,
    );
  });
});

describe('importDeclarations: JSON', () => {
  test('the report contract declared block', () => {
    const t = ok(
      importDeclarations(
        JSON.stringify({
          source: 'policy-page',
          url: 'https://shop.example.dk/privatlivspolitik',
          language: 'da',
          cookies: [
            {
              name: '_ga',
              provider: 'Ditmer',
              purpose: 'Registrerer et unikt ID',
              category: 'statistics',
              party: 'first',
              duration: { text: '2 år', session: false, days: 730 },
            },
          ],
        }),
      ),
    );
    expect(t).toMatchObject({
      source: 'policy-page',
      url: 'https://shop.example.dk/privatlivspolitik',
      language: 'da',
    });
    expect(t.cookies[0]).toEqual({
      name: '_ga',
      provider: 'Ditmer',
      purpose: 'Registrerer et unikt ID',
      category: 'statistics',
      categoryText: null,
      party: 'first',
      partyText: null,
      duration: { text: '2 år', session: false, days: 730 },
    });
  });

  test('a whole report, or a bare array with words for values', () => {
    const report = {
      schemaVersion: 1,
      declared: { source: 'file', url: null, language: null, cookies: [{ name: 'sid' }] },
    };
    expect(ok(importDeclarations(JSON.stringify(report))).cookies[0]?.name).toBe('sid');
    const t = ok(
      importDeclarations(
        JSON.stringify([
          {
            Navn: '_gid',
            Udbyder: 'Google',
            Kategori: 'Statistik',
            Part: '1. part',
            Udløb: '24 timer',
          },
        ]),
      ),
    );
    expect(t.source).toBe('file');
    expect(t.cookies[0]).toMatchObject({
      name: '_gid',
      provider: 'Google',
      category: 'statistics',
      categoryText: 'Statistik',
      party: 'first',
      partyText: '1. part',
    });
    expect(t.cookies[0]?.duration?.days).toBe(1);
  });

  test('bad input gets one clear sentence', () => {
    expect(importDeclarations('')).toEqual({ ok: false, error: 'the file is empty' });
    expect(importDeclarations('{"cookies": [1,')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^not valid JSON: /),
    });
    expect(importDeclarations('{"foo": 1}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/"cookies" array/),
    });
    expect(importDeclarations('[{"provider": "x"}]')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no readable cookie: cookie 1: no name/),
    });
    expect(importDeclarations('[{"name": "a", "duration": {"days": -4}}]')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/invalid duration/),
    });
  });

  test('some bad entries among good ones are warnings', () => {
    const r = importDeclarations('[{"name": "a"}, 5, {"name": ""}]');
    expect(r).toMatchObject({
      ok: true,
      warnings: ['cookie 2: not an object', 'cookie 3: no name'],
    });
  });

  test('never throws (property)', () => {
    fuzzAssert(
      'import: arbitrary strings and JSON',
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.json({ maxDepth: 4 }).map(String)),
        (s) => {
          const r = importDeclarations(s);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      500,
    );
  });
});

describe('importDeclarations: CSV', () => {
  test('Danish Excel: semicolons, BOM, Danish headers, several names in a cell', () => {
    const csv =
      '\ufeffNavn;Udbyder;Formål;Kategori;Part;Varighed\r\n"_ga, _ga_#";Google;"Statistik; besøg";Statistik;1. part;2 år\r\nlang;LinkedIn;Sprog;Præferencer;3. Part;Slettes når du forlader hjemmesiden\r\n';
    const t = ok(importDeclarations(csv, { url: 'cookies.csv' }));
    expect(t.url).toBe('cookies.csv');
    expect(
      t.cookies.map((c) => [
        c.name,
        c.provider,
        c.category,
        c.party,
        c.duration?.days ?? null,
        c.duration?.session,
      ]),
    ).toEqual([
      ['_ga', 'Google', 'statistics', 'first', 730, false],
      ['_ga_#', 'Google', 'statistics', 'first', 730, false],
      ['lang', 'LinkedIn', 'preferences', 'third', null, true],
    ]);
  });

  test('header names in English, unknown columns reported', () => {
    const r = importDeclarations(
      'name,provider,purpose,category,party,duration,notes\nsid,Shop,Session,necessary,first,Session,x',
    );
    expect(r).toMatchObject({
      ok: true,
      warnings: [expect.stringMatching(/^ignored column "notes"/)],
    });
  });

  test('bad CSV', () => {
    expect(importDeclarations('provider,purpose\nx,y')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no name column/),
    });
    expect(importDeclarations('name,purpose\n"x,y')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^CSV: unterminated quoted field/),
    });
    expect(importDeclarations('name,purpose\n')).toMatchObject({
      ok: false,
      error: 'CSV has a header but no rows',
    });
    expect(importDeclarations('name,duration_days\nx,-3')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/invalid duration_days/),
    });
  });
});

describe('export and round trip', () => {
  const tables = [
    parsePolicyHtml(
      fixture('da-ditmer-databeskyttelsespolitik.html'),
      'https://www.ditmer.dk/databeskyttelsespolitik',
    ),
    parsePolicyHtml(fixture('de-borlabs-datenschutz.html'), null),
    parsePolicyHtml(fixture('en-cookieyes-compound.html'), null),
    parsePolicyHtml(fixture('nl-cookiebeleid.html'), null),
  ];

  test.each(tables.map((t, i) => [i, t] as const))('JSON round trip %i', (_i, table) => {
    expect(ok(importDeclarations(exportDeclarationsJson(table)))).toEqual(table);
  });

  test.each(tables.map((t, i) => [i, t] as const))(
    'CSV round trip %i (both separators)',
    (_i, table) => {
      for (const separator of [',', ';'] as const) {
        const back = ok(
          importDeclarations(exportDeclarationsCsv(table, { separator, bom: separator === ';' })),
        );
        expect(back.cookies.map(csvFields)).toEqual(table.cookies.map(csvFields));
      }
    },
  );

  test('CSV round trip of generated cookies (property)', () => {
    const text = fc.string({ maxLength: 40 }).map((s) => s.replace(/\s+/g, ' ').trim());
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,20}$/);
    const cookie = fc.record({
      name,
      provider: fc.option(
        text.filter((s) => s !== '' && s !== '-'),
        { nil: null },
      ),
      purpose: fc.option(
        text.filter((s) => s !== '' && s !== '-'),
        { nil: null },
      ),
      category: fc.constantFrom(
        'necessary',
        'preferences',
        'statistics',
        'marketing',
        'unclassified',
        null,
      ),
      party: fc.constantFrom('first', 'third', null),
      duration: fc.option(
        fc
          .constantFrom(
            '2 år',
            'Session',
            '13 months',
            'Persistent',
            'foo',
            '1 year or until deleted',
          )
          .map((t) => parseDuration(t)),
        { nil: null },
      ),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(cookie, { minLength: 1, maxLength: 20, selector: (c) => c.name }),
        (cookies) => {
          const table: DeclaredTable = {
            source: 'file',
            url: null,
            language: null,
            cookies: cookies as DeclaredCookie[],
          };
          const back = ok(importDeclarations(exportDeclarationsCsv(table)));
          expect(back.cookies.map(csvFields)).toEqual(table.cookies.map(csvFields));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('CSV header and Danish Excel flavour', () => {
    const csv = exportDeclarationsCsv(tables[0] as DeclaredTable, { separator: ';', bom: true });
    expect(
      csv.startsWith(
        '\ufeffname;provider;purpose;category;category_text;party;party_text;duration;duration_days;session;duration_note;domain\r\n',
      ),
    ).toBe(true);
    expect(csv).toContain('_ga;Ditmer;');
  });
});
