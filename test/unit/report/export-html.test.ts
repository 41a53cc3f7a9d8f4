import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { safeText } from '../../../lib/report/escape.ts';
import { exportHtml } from '../../../lib/report/export-html.ts';
import type { AuditReport } from '../../../lib/report/types.ts';
import { assertValidReport } from '../../support/validate-report.ts';
import { cleanReport, cookie, HOSTILE, hostileReport, hostileString } from './fixture.ts';
import { byTag, elements, parseHtml, tagCounts, text, type Element } from './parse-html.ts';

/** Every tag the report may contain; anything else means markup escaped from the data. */
const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'main',
  'footer',
  'nav',
  'article',
  'section',
  'figure',
  'figcaption',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'p',
  'strong',
  'span',
  'code',
  'a',
  'br',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'div',
  'table',
  'caption',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'svg',
  'desc',
  'g',
  'rect',
  'line',
  'path',
  'text',
  'tspan',
]);

const reports = [hostileReport(), cleanReport()];
const html = {
  en: exportHtml(reports, { language: 'en' }),
  da: exportHtml(reports, { language: 'da' }),
};

function cookieNameCells(doc: ReturnType<typeof parseHtml>): string[] {
  return byTag(doc, 'table', 'cookies').flatMap((t) =>
    byTag(t, 'th')
      .filter((th) => th.attribs.scope === 'row')
      .map((th) => text(th)),
  );
}

describe('exportHtml', () => {
  test('the fixture follows the report schema', () => {
    for (const r of reports) assertValidReport(r);
  });

  describe.each(['en', 'da'] as const)('%s', (language) => {
    const doc = parseHtml(html[language]);

    test('only the report’s own tags: nothing from the data became markup', () => {
      const unexpected = elements(doc)
        .map((e) => e.name)
        .filter((name) => !ALLOWED_TAGS.has(name));
      expect(unexpected).toEqual([]);
      expect(html[language]).not.toMatch(/<img|<script|<iframe|<object|<embed|<link|<base/i);
    });

    test('no event handlers, no src, no external resources', () => {
      for (const e of elements(doc)) {
        for (const name of Object.keys(e.attribs)) {
          expect(name.startsWith('on'), `${e.name}[${name}]`).toBe(false);
          expect(name).not.toBe('src');
          expect(name).not.toBe('srcset');
        }
      }
      const css = byTag(doc, 'style').map(text).join('');
      expect(css).not.toMatch(/url\(|@import/);
      // The content security policy forbids loading or running anything, as a second line.
      const csp = byTag(doc, 'meta').find(
        (m) => m.attribs['http-equiv'] === 'Content-Security-Policy',
      );
      expect(csp?.attribs.content).toContain("default-src 'none'");
    });

    test('links: only in-page anchors and the http(s) audited address', () => {
      const hrefs = byTag(doc, 'a').map((a) => a.attribs.href ?? '');
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) {
        const allowed =
          href.startsWith('#site-') ||
          href === 'https://shop.example.dk/?q=%3Cb%3E%22x%22%3C/b%3E' ||
          href === 'https://clean.example.com/';
        expect(allowed, href).toBe(true);
      }
      // The declaration's javascript: URL is shown as text only.
      expect(text(doc)).toContain(HOSTILE.jsUrl);
      expect(hrefs.some((h) => /^\s*javascript:/i.test(h))).toBe(false);
    });

    test('structure: one h1, one article and h2 per site, an svg per phase', () => {
      expect(byTag(doc, 'h1')).toHaveLength(1);
      const articles = byTag(doc, 'article', 'site');
      expect(articles).toHaveLength(reports.length);
      articles.forEach((article, i) => {
        expect(byTag(article, 'h2')).toHaveLength(1);
        expect(byTag(article, 'svg')).toHaveLength(reports[i]!.phases.length);
        expect(byTag(article, 'figcaption')).toHaveLength(reports[i]!.phases.length);
      });
    });

    test('accessible tables: every table has a caption and scoped header cells', () => {
      const tables = byTag(doc, 'table');
      expect(tables.length).toBeGreaterThan(5);
      for (const t of tables) {
        expect(byTag(t, 'caption')).toHaveLength(1);
        for (const th of byTag(t, 'th')) {
          expect(['col', 'row', 'rowgroup']).toContain(th.attribs.scope);
        }
      }
    });

    test('hostile cookie names read back exactly as text', () => {
      const names = cookieNameCells(doc);
      for (const c of reports[0]!.cookies) expect(names).toContain(safeText(c.name));
    });

    test('violations grouped by severity, each with message and evidence', () => {
      const site = byTag(doc, 'article', 'site')[0]!;
      const items = byTag(site, 'li', 'violation');
      expect(items).toHaveLength(reports[0]!.violations.length);
      const badges = byTag(site, 'h4', 'sev-heading').map((h) => text(h));
      expect(badges).toHaveLength(4);
      for (const v of reports[0]!.violations) {
        expect(items.some((li) => text(li).includes(safeText(v.message)))).toBe(true);
      }
      // Evidence is bounded: 25 URLs become 15 and a count, 5,000 x's are cut.
      expect(text(site)).toContain('… +10');
      expect(html[language]).not.toContain('x'.repeat(600));
    });

    test('deterministic', () => {
      expect(exportHtml(reports, { language })).toBe(html[language]);
    });
  });

  test.each([
    [
      'en',
      [
        'Violations',
        'Consent state per phase',
        'Timeline',
        'Cookies',
        'Storage',
        'Requests',
        'Declared cookie table',
        'Reproducibility',
      ],
    ],
    [
      'da',
      [
        'Overtrædelser',
        'Samtykketilstand pr. fase',
        'Tidslinje',
        'Cookies',
        'Lokal lagring',
        'Forespørgsler',
        'Erklæret cookieoversigt',
        'Reproducerbarhed',
      ],
    ],
  ] as const)('%s headings', (language, headings) => {
    const doc = parseHtml(html[language]);
    const h3 = byTag(byTag(doc, 'article')[0]!, 'h3').map(text);
    expect(h3).toEqual(headings);
    expect(byTag(doc, 'html')[0]?.attribs.lang).toBe(language);
  });

  test.each([
    [
      'en',
      [
        'High severity',
        'Medium severity',
        'Low severity',
        'Before consent',
        'After reject',
        'First party',
        'Third party',
        'Session cookie',
        'Expires after 400 days',
        'No violations found',
        'Rejected all',
      ],
    ],
    [
      'da',
      [
        'Høj alvorlighed',
        'Mellem alvorlighed',
        'Lav alvorlighed',
        'Før samtykke',
        'Efter afvisning',
        'Efter accept',
        'Førstepart',
        'Tredjepart',
        'Sessionscookie',
        'Udløber efter 400 dage',
        'Ingen overtrædelser fundet',
        'Afvist alle',
        '4 høj-alvorlige overtrædelser',
        'Nødvendige',
        'Uklassificeret',
      ],
    ],
  ] as const)('%s wording', (language, phrases) => {
    const all = text(parseHtml(html[language]));
    for (const phrase of phrases) expect(all).toContain(phrase);
  });

  test('rule texts come from the rules in the chosen language', () => {
    expect(text(parseHtml(html.da))).toContain('Retsgrundlag');
    expect(text(parseHtml(html.da))).toContain('cookiebekendtgørelsen');
    expect(text(parseHtml(html.en))).toContain('Legal basis');
  });

  test('prints one site per page', () => {
    expect(html.en).toMatch(
      /@media print\{[^}]*[\s\S]*article\.site\+article\.site\{break-before:page\}/,
    );
    expect(html.en).toContain('@page');
  });

  test('reproducibility: environment shown when present, its absence stated', () => {
    const doc = parseHtml(html.en);
    const [first, second] = byTag(doc, 'article', 'site');
    expect(text(first!)).toContain('Chromium 140.0.7339.0');
    expect(text(first!)).toContain('--host-resolver-rules=MAP * 127.0.0.1');
    expect(text(first!)).toContain('easyprivacy');
    expect(text(second!)).toContain('The report does not record the environment');
  });

  test('limits: what a per-visit cap left out is said', () => {
    expect(text(parseHtml(html.en))).toContain('12 requests left out (limit 5,000)');
    expect(text(parseHtml(html.da))).toContain('12 forespørgsler udeladt (grænse 5.000)');
  });

  test('a very long value is cut and says by how much', () => {
    const report = cleanReport();
    report.cookies.push(cookie('n'.repeat(10_000), 'initial', 101));
    const out = exportHtml([report], { language: 'en' });
    expect(out).not.toContain('n'.repeat(301));
    expect(out).toContain('… (+9700)');
  });

  test('a rule this version does not know is shown, not dropped', () => {
    const report = cleanReport();
    report.violations.push({
      rule: 'future-rule' as AuditReport['violations'][number]['rule'],
      severity: 'medium',
      phase: 'initial',
      subject: { kind: 'banner' },
      message: 'Something new.',
      evidence: {},
    });
    const doc = parseHtml(exportHtml([report], { language: 'en' }));
    expect(text(doc)).toContain('future-rule');
    expect(text(doc)).toContain('no description of this rule');
  });

  test('no reports: still a valid document', () => {
    const doc = parseHtml(exportHtml([], { language: 'da' }));
    expect(byTag(doc, 'h1')).toHaveLength(1);
    expect(byTag(doc, 'article')).toHaveLength(0);
  });

  test('property: arbitrary cookie names, vendors and keys never leave their cell', () => {
    const baseline = tagCounts(
      parseHtml(exportHtml([withCookie('x', 'v', 'k')], { language: 'en' })),
    );
    fc.assert(
      fc.property(
        hostileString(),
        hostileString().filter((s) => s !== ''),
        hostileString(),
        (name, vendor, key) => {
          const doc = parseHtml(exportHtml([withCookie(name, vendor, key)], { language: 'en' }));
          expect(tagCounts(doc)).toEqual(baseline);
          const row = byTag(doc, 'table', 'cookies')
            .flatMap((t) => byTag(t, 'tr'))
            .find((tr) => byTag(tr, 'th')[0]?.attribs.scope === 'row');
          const cells: Element[] = row ? [byTag(row, 'th')[0]!, ...byTag(row, 'td')] : [];
          expect(cells.map(text).slice(0, 1)).toEqual([safeText(name)]);
          expect(text(cells[4]!)).toBe(safeText(vendor));
          const storageKey = byTag(doc, 'table', 'storage')
            .flatMap((t) => byTag(t, 'th'))
            .find((th) => th.attribs.scope === 'row');
          expect(text(storageKey!)).toBe(safeText(key));
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** A one-cookie, one-storage-key report with the given hostile values. */
function withCookie(name: string, vendor: string, key: string): AuditReport {
  const report = cleanReport();
  report.cookies = [cookie(name, 'initial', 100.5, { vendor })];
  report.storage = [
    {
      kind: 'localStorage',
      origin: 'https://clean.example.com',
      key,
      phase: 'initial',
      party: 'first',
      category: 'marketing',
      vendor: null,
      firstSeenAt: new Date(Date.parse(report.startedAt) + 500).toISOString(),
      writes: 1,
      removed: false,
    },
  ];
  return report;
}
