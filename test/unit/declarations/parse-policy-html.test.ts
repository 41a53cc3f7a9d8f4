import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_COOKIES, MAX_ROWS_PER_TABLE } from '../../../lib/declarations/declared-collector.ts';
import { HTML_INPUT_LIMIT } from '../../../lib/declarations/html-tree.ts';
import { parsePolicyHtml } from '../../../lib/declarations/parse-policy-html.ts';
import { fuzzAssert } from '../fuzz/fuzz.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/policies/${name}`, import.meta.url), 'utf8');

function allText(value: unknown): string {
  return JSON.stringify(value);
}

describe('hostile markup', () => {
  const table = parsePolicyHtml(fixture('hostile-markup.html'), null);
  const out = allText(table);

  test('scripts, styles and other non-text content never reach the output', () => {
    for (const needle of [
      'document.write',
      'injected',
      'alert(document.cookie)',
      'steal()',
      'svgtext',
      'evil.example',
      'raw <b>textarea',
      '.x{}',
      'pixel.gif',
      'commented_out',
      'onload',
    ]) {
      expect(out).not.toContain(needle);
    }
  });

  test('the rows around them are read as text', () => {
    const names = table.cookies.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['_ga', '_gid', '_fbp', '_hjid', 'nojs_cookie', 'ta_cookie']),
    );
    const ga = table.cookies.find((c) => c.name === '_ga');
    expect(ga).toMatchObject({ provider: 'Google', purpose: 'Analytics id' });
    expect(table.cookies.find((c) => c.name === '_hjid')?.provider).toBe('Hotjar Ltd');
  });

  test('escaped markup in a cell stays inert text, entities decoded once', () => {
    const evil = table.cookies.find((c) => c.provider === 'Evil & Co');
    expect(evil?.name).toBe('<img src=x onerror=alert(1)>');
    expect(evil?.purpose).toBe('<script>alert("x")</script>');
  });

  test('a row without a name is reported, not dropped', () => {
    expect(table.skipped).toContainEqual({
      text: 'Orphan provider | A row without a name | 1 year',
      reason: 'no cookie name',
    });
  });

  test('nested tables: a cookie table inside a layout table, and one inside a cell', () => {
    const names = table.cookies.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['inner_cookie', 'inner_second', 'nested_deep']));
    // The nested table's text is not part of the cell around it.
    expect(table.cookies.find((c) => c.name === 'inner_second')?.duration?.days).toBe(3);
    expect(names.some((n) => n.includes('nested_deep') && n !== 'nested_deep')).toBe(false);
  });

  test('unclosed cells and rows still give rows', () => {
    expect(table.cookies.find((c) => c.name === 'broken_one')?.duration?.days).toBe(365);
    expect(table.cookies.find((c) => c.name === 'broken_two')?.duration?.session).toBe(true);
  });
});

describe('layouts', () => {
  test('columns in any order, th header, category column', () => {
    const html = `<table><tr><th>Udløb</th><th>Kategori</th><th>Cookienavn</th><th>Udbyder</th></tr>
      <tr><td>13 måneder</td><td>Statistik</td><td>_ga</td><td>Google</td></tr></table>`;
    const t = parsePolicyHtml(html, null);
    expect(t.cookies).toHaveLength(1);
    expect(t.cookies[0]).toMatchObject({
      name: '_ga',
      provider: 'Google',
      category: 'statistics',
      categoryText: 'Statistik',
    });
    expect(t.cookies[0]?.duration?.days).toBeCloseTo(395.42, 2);
  });

  test('a section row inside the table sets the category of the rows below', () => {
    const html = `<table><tr><th>Name</th><th>Expiry</th></tr>
      <tr><td colspan="2"><strong>Strictly necessary</strong></td></tr>
      <tr><td>sid</td><td>Session</td></tr>
      <tr><td colspan="2">Marketing</td></tr>
      <tr><td>_fbp</td><td>3 months</td></tr></table>`;
    const t = parsePolicyHtml(html, null);
    expect(t.cookies.map((c) => [c.name, c.category])).toEqual([
      ['sid', 'necessary'],
      ['_fbp', 'marketing'],
    ]);
  });

  test('a caption names the category', () => {
    const html = `<h2>Cookies</h2><table><caption>Statistiken</caption><tr><th>Name</th><th>Speicherdauer</th></tr><tr><td>_pk_id</td><td>13 Monate</td></tr></table>`;
    expect(parsePolicyHtml(html, null).cookies[0]?.category).toBe('statistics');
  });

  test('a heading resets the section: a later table under an unrelated heading gets no category', () => {
    const html = `<h3>Nødvendige</h3><table><tr><th>Navn</th><th>Varighed</th></tr><tr><td>a_cookie</td><td>1 år</td></tr></table>
      <h3>Øvrige oplysninger om os</h3><table><tr><th>Navn</th><th>Varighed</th></tr><tr><td>b_cookie</td><td>1 år</td></tr></table>`;
    const t = parsePolicyHtml(html, null);
    expect(t.cookies.map((c) => c.category)).toEqual(['necessary', null]);
  });

  test('a heading naming the party applies to the rows', () => {
    const html = `<h3>Cookies fra tredjeparter</h3><table><tr><th>Navn</th><th>Udløb</th></tr><tr><td>IDE</td><td>13 måneder</td></tr></table>`;
    expect(parsePolicyHtml(html, null).cookies[0]?.party).toBe('third');
  });

  test('a generic Name/Purpose register without cookie evidence is not a cookie table', () => {
    const html = `<table><tr><th>Navn</th><th>Formål</th></tr><tr><td>Mailchimp Inc.</td><td>Udsendelse af nyhedsbreve</td></tr><tr><td>Dinero ApS</td><td>Bogføring</td></tr></table>`;
    expect(parsePolicyHtml(html, null).cookies).toEqual([]);
  });

  test('provider written in the name column', () => {
    const html = `<table><tr><th>Cookie</th><th>Expiry</th></tr><tr><td>Google Analytics (_ga, _gid)</td><td>2 years</td></tr></table>`;
    const t = parsePolicyHtml(html, null);
    expect(t.cookies.map((c) => [c.name, c.provider, c.nameText])).toEqual([
      ['_ga', 'Google Analytics', 'Google Analytics (_ga, _gid)'],
      ['_gid', 'Google Analytics', 'Google Analytics (_ga, _gid)'],
    ]);
  });

  test('line breaks in the source are spaces; <br> and blocks break lines', () => {
    const html = `<table><tr><th>Cookie</th><th>Expiry</th></tr>
      <tr><td>_ga<br>_gid</td><td>2
        years</td></tr>
      <tr><td><p>_fbp</p><p>fr</p></td><td>3 months</td></tr></table>
      <dl><dt>sid</dt><dd>Provider: Shop · Expiry:
        Session · Purpose: Keeps the
        basket.</dd></dl>`;
    const t = parsePolicyHtml(html, null);
    expect(t.cookies.map((c) => [c.name, c.duration?.text])).toEqual([
      ['_ga', '2 years'],
      ['_gid', '2 years'],
      ['_fbp', '3 months'],
      ['fr', '3 months'],
      ['sid', 'Session'],
    ]);
    expect(t.cookies[4]?.purpose).toBe('Keeps the basket.');
  });

  test('Expiry (days) gives bare numbers their unit', () => {
    const html = `<table><tr><th>Cookie</th><th>Expiry (days)</th></tr><tr><td>x_id</td><td>30</td></tr></table>`;
    expect(parsePolicyHtml(html, null).cookies[0]?.duration?.days).toBe(30);
  });

  test('language from <html lang>, else from words', () => {
    expect(parsePolicyHtml('<html lang="nb-NO"><p>x</p></html>', null).language).toBe('no');
    expect(
      parsePolicyHtml(
        '<p>Wir verwenden Cookies und die Daten werden für die Analyse von der Website nicht weitergegeben.</p>',
        null,
      ).language,
    ).toBe('de');
    expect(parsePolicyHtml('<p>x</p>', null).language).toBeNull();
  });

  test('retrievedAt is recorded when the caller gives it', () => {
    expect(
      parsePolicyHtml('<p>x</p>', 'https://a.dk/', { retrievedAt: '2026-11-20T10:00:00.000Z' })
        .retrievedAt,
    ).toBe('2026-11-20T10:00:00.000Z');
  });
});

describe('bounds', () => {
  function rowsTable(n: number): string {
    const rows: string[] = ['<table><tr><th>Cookie</th><th>Provider</th><th>Expiry</th></tr>'];
    for (let i = 0; i < n; i++)
      rows.push(`<tr><td>c_${i}</td><td>P${i % 7}</td><td>${(i % 24) + 1} months</td></tr>`);
    rows.push('</table>');
    return rows.join('\n');
  }

  test('a 10,000-row table is capped per table and the excess counted', () => {
    const t = parsePolicyHtml(rowsTable(10_000), null);
    expect(t.cookies).toHaveLength(MAX_ROWS_PER_TABLE);
    expect(t.cookies[0]?.name).toBe('c_0');
    expect(
      t.skipped?.some((s) =>
        s.reason.startsWith(`${10_000 - MAX_ROWS_PER_TABLE} rows beyond the cap`),
      ),
    ).toBe(true);
  });

  test('the document-wide cap holds across many tables', () => {
    const html = Array.from({ length: 5 }, () => rowsTable(MAX_ROWS_PER_TABLE)).join('\n');
    const t = parsePolicyHtml(html, null);
    expect(t.cookies).toHaveLength(MAX_COOKIES);
    expect(t.skipped?.some((s) => /beyond the cap/.test(s.reason))).toBe(true);
  });

  test('a page over 5 MB is cut and says so', () => {
    const filler =
      '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. Vi gemmer data.</p>\n';
    const html = `<html lang="da"><body>${rowsTable(50)}${filler.repeat(Math.ceil((HTML_INPUT_LIMIT + 100_000) / filler.length))}${rowsTable(3).replace(/c_/g, 'late_')}</body></html>`;
    expect(html.length).toBeGreaterThan(HTML_INPUT_LIMIT);
    const t = parsePolicyHtml(html, null);
    expect(t.cookies).toHaveLength(50);
    expect(t.cookies.some((c) => c.name.startsWith('late_'))).toBe(false);
    expect(t.skipped?.some((s) => /page cut/.test(s.reason))).toBe(true);
  });

  test('deep nesting is flattened, not recursed into', () => {
    const depth = 20_000;
    const html = `${'<div>'.repeat(depth)}<table><tr><th>Cookie</th><th>Expiry</th></tr><tr><td>deep_one</td><td>1 day</td></tr></table>${'</div>'.repeat(depth)}`;
    const t = parsePolicyHtml(html, null);
    expect(t.skipped?.some((s) => /flattened/.test(s.reason))).toBe(true);
    expect(Array.isArray(t.cookies)).toBe(true);
  });

  test('a huge single cell is cut', () => {
    const html = `<table><tr><th>Cookie</th><th>Purpose</th><th>Expiry</th></tr><tr><td>big</td><td>${'x '.repeat(500_000)}</td><td>1 day</td></tr></table>`;
    const t = parsePolicyHtml(html, null);
    expect((t.cookies[0]?.purpose ?? '').length).toBeLessThanOrEqual(2_000);
  });
});

describe('properties', () => {
  test('never throws on arbitrary strings and always returns a well-formed table', () => {
    fuzzAssert(
      'policy html: arbitrary strings',
      fc.property(fc.string({ maxLength: 2_000 }), (s) => {
        const t = parsePolicyHtml(s, null);
        expect(t.source).toBe('policy-page');
        expect(Array.isArray(t.cookies)).toBe(true);
        for (const c of t.cookies) expect(typeof c.name).toBe('string');
      }),
      300,
    );
  });

  test('never throws on random tag soup built from table vocabulary', () => {
    const piece = fc.constantFrom(
      '<table>',
      '</table>',
      '<tr>',
      '</tr>',
      '<td>',
      '</td>',
      '<th>',
      '</th>',
      '<td colspan="3">',
      '<td rowspan="9">',
      '<dl>',
      '<dt>',
      '<dd>',
      '</dl>',
      '<h3>',
      '</h3>',
      '<br>',
      '<script>',
      '</script>',
      '<b>',
      '</b>',
      'Cookie',
      'Navn',
      'Udløb',
      'Provider',
      '_ga',
      '2 år',
      'Session',
      'Statistik',
      'Cookie: ',
      'Expiry: ',
      '&amp;',
      '&lt;',
      ' · ',
      '\n',
      ':',
      '<caption>',
      '</caption>',
      '<p>',
      '</p>',
    );
    fuzzAssert(
      'policy html: tag soup',
      fc.property(fc.array(piece, { maxLength: 200 }), (parts) => {
        const t = parsePolicyHtml(parts.join(''), 'https://example.dk/');
        for (const c of t.cookies) {
          expect(c.name.trim()).not.toBe('');
          if (c.duration?.days !== null && c.duration?.days !== undefined)
            expect(c.duration.days).toBeGreaterThanOrEqual(0);
        }
      }),
      300,
    );
  });

  test('a table of random names round-trips its names', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{1,20}$/);
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 30 }), (names) => {
        const rows = names.map((n) => `<tr><td>${n}</td><td>1 year</td></tr>`).join('');
        const t = parsePolicyHtml(
          `<table><tr><th>Cookie name</th><th>Expiry</th></tr>${rows}</table>`,
          null,
        );
        expect(t.cookies.map((c) => c.name)).toEqual(names);
      }),
      { numRuns: 100 },
    );
  });
});
