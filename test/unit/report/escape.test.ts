import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { escapeHtml, httpUrl, safeText, truncate } from '../../../lib/report/escape.ts';
import { hostileString } from './fixture.ts';
import { byTag, parseHtml, text } from './parse-html.ts';

describe('escapeHtml', () => {
  test.each([
    ['plain', 'plain'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['a & b', 'a &amp; b'],
    ['"double" \'single\'', '&quot;double&quot; &#39;single&#39;'],
    ['&amp;', '&amp;amp;'],
    ['cr\rlf\n', 'cr&#13;lf\n'],
    ['nul\u0000bell\u0007', 'nul\uFFFDbell\uFFFD'],
    ['rlo\u202Eevil', 'rlo\uFFFDevil'],
    ['lone \uD800 high', 'lone \uFFFD high'],
    ['lone \uDC00 low', 'lone \uFFFD low'],
    ['pair \uD83C\uDF6A ok', 'pair \uD83C\uDF6A ok'],
    ['tab\tkept', 'tab\tkept'],
    ['æøå ÆØÅ', 'æøå ÆØÅ'],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  test.each([
    [null, ''],
    [undefined, ''],
    [42, '42'],
    [true, 'true'],
    [{ a: '<b>' }, '{&quot;a&quot;:&quot;&lt;b&gt;&quot;}'],
  ])('non-string %j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  test('property: any string stays inside its text node and its attribute', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(), fc.string({ unit: 'binary', maxLength: 80 })), (s) => {
        const doc = parseHtml(
          `<div><p title="${escapeHtml(s)}" class='${escapeHtml(s)}'>${escapeHtml(s)}</p><i>end</i></div>`,
        );
        const ps = byTag(doc, 'p');
        expect(ps).toHaveLength(1);
        const p = ps[0]!;
        expect(Object.keys(p.attribs).sort()).toEqual(['class', 'title']);
        expect(p.attribs.title).toBe(safeText(s));
        expect(p.attribs.class).toBe(safeText(s));
        expect(p.children.every((c) => c.type === 'text')).toBe(true);
        expect(text(p)).toBe(safeText(s));
        expect(byTag(doc, 'i')).toHaveLength(1);
        expect(byTag(doc, 'div')[0]?.children).toHaveLength(2);
      }),
      { numRuns: 300 },
    );
  });

  test('property: escaped text contains no markup characters', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(), fc.string({ unit: 'binary' })), (s) => {
        expect(escapeHtml(s)).not.toMatch(/[<>"'\r]/);
      }),
    );
  });
});

describe('httpUrl', () => {
  test.each([
    ['https://shop.example.dk/', 'https://shop.example.dk/'],
    ['HTTP://Example.DK/a b', 'http://example.dk/a%20b'],
    ['https://x.example/"><script>', 'https://x.example/%22%3E%3Cscript%3E'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['  javascript:alert(1)', null],
    ['java\nscript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['vbscript:msgbox(1)', null],
    ['file:///etc/passwd', null],
    ['//evil.example/', null],
    ['/relative', null],
    ['https://bank.dk@evil.example/', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(httpUrl(input)).toBe(expected);
  });

  test('non-strings are never links', () => {
    expect(httpUrl(null)).toBeNull();
    expect(httpUrl({ href: 'https://x' })).toBeNull();
  });
});

describe('truncate', () => {
  test.each([
    ['short', 10, 'short', 0],
    ['abcdef', 3, 'abc', 3],
    ['🍪🍪🍪', 2, '🍪🍪', 1],
    ['a🍪b', 2, 'a🍪', 1],
  ])('%j at %i → %j', (input, max, expected, omitted) => {
    expect(truncate(input, max)).toEqual({ text: expected, omitted });
  });
});
