import { describe, expect, test } from 'vitest';
import {
  evidenceTree,
  popupTimelines,
  popupVerdict,
  POPUP_TIMELINE_POINTS,
  subjectText,
  type EvidenceNode,
  type PopupVerdict,
} from '../../../lib/report/popup-verdict.ts';
import { RULES_BY_ID } from '../../../lib/rules/index.ts';
import type { AuditReport, RuleId } from '../../../lib/report/types.ts';
import { at, cleanReport, GA_DECLARED, HOSTILE, hostileReport } from '../report/fixture.ts';
import { largeReport } from './large-report.ts';

const UTC = { timeZone: 'UTC' } as const;
const en = (report: AuditReport = hostileReport()): PopupVerdict =>
  popupVerdict(report, { language: 'en', ...UTC });
const da = (report: AuditReport = hostileReport()): PopupVerdict =>
  popupVerdict(report, { language: 'da', ...UTC });

describe('verdict', () => {
  test('groups violations by severity, in order, with every severity present', () => {
    const view = en();
    expect(view.total).toBe(8);
    expect(view.groups.map((g) => [g.severity, g.items.length])).toEqual([
      ['high', 4],
      ['medium', 2],
      ['low', 1],
      ['info', 1],
    ]);
    expect(new Set(view.groups.flatMap((g) => g.items.map((i) => i.id))).size).toBe(8);
  });

  test('a clean report has no violations', () => {
    const view = en(cleanReport());
    expect(view.total).toBe(0);
    expect(view.groups.every((g) => g.items.length === 0)).toBe(true);
  });

  test.each(['en', 'da'] as const)(
    'each entry carries its rule’s explanation, legal footing and remediation in %s',
    (language) => {
      const view = popupVerdict(hostileReport(), { language, ...UTC });
      for (const item of view.groups.flatMap((g) => g.items)) {
        const rule = RULES_BY_ID[item.rule as RuleId];
        expect(item.explain).toBe(rule.explain[language]);
        expect(item.legal).toBe(rule.legal[language]);
        expect(item.remediation).toBe(rule.remediation[language]);
        expect(item.title).not.toBe(item.rule);
      }
    },
  );

  test('an unknown rule still shows, without texts', () => {
    const report = hostileReport();
    report.violations = [
      { ...report.violations[0]!, rule: 'from-the-future' as RuleId, severity: 'low' },
    ];
    const [item] = en(report).groups.find((g) => g.severity === 'low')!.items;
    expect(item).toMatchObject({ rule: 'from-the-future', title: 'from-the-future', explain: '' });
  });

  test.each([
    [{ kind: 'cookie', name: '_ga', domain: '.example.dk' }, 'en', 'Cookie: _ga · .example.dk'],
    [
      { kind: 'request', host: 'www.google-analytics.com' },
      'da',
      'Forespørgsel: www.google-analytics.com',
    ],
    [{ kind: 'storage', key: 'k', origin: 'https://a.dk' }, 'en', 'Storage: k · https://a.dk'],
    [{ kind: 'banner' }, 'en', 'Banner'],
  ] as const)('subject %j in %s reads %s', (subject, language, expected) => {
    expect(subjectText(subject, language)).toBe(expected);
  });
});

describe('evidence', () => {
  const hostile = en().groups[0]!.items[1]!.evidence;
  const entry = (node: EvidenceNode, key: string): EvidenceNode => {
    if (node.kind !== 'map') throw new Error('not a map');
    const found = node.entries.find((e) => e.key === key);
    if (!found) throw new Error(`no ${key}`);
    return found.value;
  };

  test('keeps hostile keys and values as text', () => {
    expect(entry(hostile, 'value')).toEqual({ kind: 'value', text: HOSTILE.script });
    expect(entry(hostile, HOSTILE.img)).toEqual({ kind: 'value', text: 'hostile key' });
  });

  test('bounds long texts, long lists and deep nesting', () => {
    const long = entry(hostile, 'long');
    expect(long.kind === 'value' && long.text.length).toBe(301);
    const urls = entry(hostile, 'urls');
    expect(urls.kind === 'list' && [urls.items.length, urls.more]).toEqual([20, 5]);
    // depth 0 map → deep(1) → a(2) → b(3) → c(4): shown as JSON text from there on.
    const c = entry(entry(entry(entry(hostile, 'deep'), 'a'), 'b'), 'c');
    expect(c).toEqual({ kind: 'value', text: JSON.stringify({ d: { e: { f: HOSTILE.svg } } }) });
  });

  test.each([
    [null, { kind: 'value', text: '—', missing: true }],
    [42, { kind: 'value', text: '42' }],
    [true, { kind: 'value', text: 'true' }],
    [[], { kind: 'list', items: [], more: 0 }],
    [{}, { kind: 'map', entries: [], more: 0 }],
  ] as const)('%j becomes %j', (value, node) => {
    expect(evidenceTree(value)).toEqual(node);
  });

  test('a huge object stops at the node budget', () => {
    const wide = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`k${i}`, Array.from({ length: 20 }, (_, j) => j)]),
    );
    const count = (n: EvidenceNode): number =>
      1 +
      (n.kind === 'map'
        ? n.entries.reduce((a, e) => a + count(e.value), 0)
        : n.kind === 'list'
          ? n.items.reduce((a, i) => a + count(i), 0)
          : 0);
    expect(count(evidenceTree(wide))).toBeLessThanOrEqual(400);
  });

  test('a cyclic value does not throw', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { a: { b: { c: cyclic } } };
    expect(() => evidenceTree(cyclic)).not.toThrow();
  });
});

describe('rows', () => {
  test('mark the violations each row takes part in', () => {
    const view = en();
    const ga = view.cookies.find((c) => c.name === '_ga')!;
    expect(ga.marks.map((m) => [m.rule, m.severity])).toEqual([['cookie-before-consent', 'high']]);
    expect(view.cookies.find((c) => c.name === HOSTILE.img)!.marks).toHaveLength(1);
    expect(view.cookies.find((c) => c.name === 'PHPSESSID')!.marks).toEqual([]);
    const storage = view.storage.find((s) => s.storageKey === HOSTILE.svg)!;
    expect(storage.marks.map((m) => m.rule)).toEqual(['storage-before-consent']);
    const ga4 = view.requestGroups.find((g) => g.site === 'google-analytics.com')!;
    expect(ga4.marks.map((m) => m.rule)).toEqual(['tracker-before-consent']);
    const hj = view.declaration!.rows.find((r) => r.name === '_hjSession_*')!;
    expect(hj.marks.map((m) => m.rule)).toEqual(['declared-not-observed']);
  });

  test('a mark points at its verdict entry', () => {
    const view = en();
    const mark = view.cookies.find((c) => c.name === '_ga')!.marks[0]!;
    const item = view.groups.flatMap((g) => g.items).find((i) => i.id === mark.id)!;
    expect(item.subject).toBe('Cookie: _ga · .example.dk');
  });

  test.each([
    // [cookie, language, consent then]
    ['_ga', 'en', 'No decision yet'],
    ['_ga', 'da', 'Ingen beslutning endnu'],
    // Before the reject event of its phase, and after it.
    [HOSTILE.multiLine, 'en', 'No decision yet'],
    ['_fbp', 'en', 'Rejected all at 10:00:22'],
    ['_fbp', 'da', 'Afvist alle kl. 10:00:22'],
    // A phase without events: its end state, said to be one.
    ['_gid', 'en', 'At the end of the phase: Accepted all'],
  ] as const)('%s shows the consent in force when it appeared (%s)', (name, language, text) => {
    const view = language === 'en' ? en() : da();
    expect(view.cookies.find((c) => c.name === name)!.consent).toBe(text);
  });

  test.each([
    ['_ga', 'en', '400 days', '730 days'],
    ['_ga', 'da', '400 dage', '730 dage'],
    ['PHPSESSID', 'en', 'Session cookie', null],
    [HOSTILE.pipe, 'da', 'slettet igen', null],
  ] as const)('%s in %s lives %s (asked for %s)', (name, language, lifetime, requested) => {
    const view = language === 'en' ? en() : da();
    const row = view.cookies.find((c) => c.name === name)!;
    expect([row.lifetime, row.requested]).toEqual([lifetime, requested]);
  });

  test('rows carry category, vendor, party and time in the language', () => {
    const row = da().cookies.find((c) => c.name === '_ga')!;
    expect(row).toMatchObject({
      categoryLabel: 'Statistik',
      vendor: 'Google Analytics',
      partyLabel: 'Førstepart',
      firstSeen: '10:00:01',
    });
  });

  test('request groups: third parties first, with first request and tracker count', () => {
    const groups = en().requestGroups;
    expect(groups.at(-1)!.party).toBe('first');
    const ga = groups.find((g) => g.site === 'google-analytics.com')!;
    expect(ga).toMatchObject({
      count: 2,
      trackerCount: 2,
      firstSeen: '10:00:01',
      consent: 'No decision yet',
    });
  });

  test('header shows the consent in force at the end', () => {
    expect(en().consent).toBe('Accepted all');
    const large = largeReport(10, 10, 0);
    expect(en(large).consent).toBe('Rejected all at 10:00:05');
    expect(da(cleanReport()).consent).toBe('Ingen beslutning endnu');
  });
});

describe('declaration', () => {
  test('the report’s declaration, each observed cookie beside its entry', () => {
    const view = da();
    expect(view.declaration).toMatchObject({
      status: 'report',
      source: 'policy-page',
      url: HOSTILE.jsUrl,
      date: '2026-11-20 10:00:00 UTC',
    });
    const ga = view.cookies.find((c) => c.name === '_ga')!;
    expect(ga.declared).toEqual({
      name: '_ga',
      provider: 'Google',
      duration: '2 år',
      category: 'Statistik',
      party: 'Førstepart',
    });
    expect(view.declaration!.rows.find((r) => r.name === '_ga')!.observed).toBe(1);
    expect(view.declaration!.undeclared).toBe(view.cookies.length - 1);
  });

  test('a saved declaration the report was not compared with is matched for reference', () => {
    const report = hostileReport();
    report.declared = null;
    for (const c of report.cookies) c.declared = null;
    const saved = {
      table: {
        source: 'file' as const,
        url: 'cookies.csv',
        language: null,
        cookies: [{ ...GA_DECLARED, name: '_g*' }],
      },
      savedAt: at(5),
      source: 'cookies.csv',
    };
    const view = popupVerdict(report, { language: 'en', saved, ...UTC });
    expect(view.declaration).toMatchObject({ status: 'saved', file: 'cookies.csv' });
    expect(view.cookies.find((c) => c.name === '_ga')!.declared?.name).toBe('_g*');
    expect(view.cookies.find((c) => c.name === '_gid')!.declared?.name).toBe('_g*');
    expect(view.declaration!.rows[0]!.observed).toBe(2);
  });

  test('who chose the declaration: found automatically, the auditor, or not said', () => {
    const report = hostileReport();
    report.declared = { ...report.declared!, origin: 'discovered' };
    expect(en(report).declaration?.origin).toBe('discovered');
    report.declared = { ...report.declared, origin: 'user' };
    expect(en(report).declaration?.origin).toBe('user');
    delete report.declared.origin;
    expect(en(report).declaration?.origin).toBeNull();
    report.environment = { declarationFrom: 'cookies.csv' };
    expect(en(report).declaration?.origin).toBe('user');
  });

  test('no declaration at all', () => {
    expect(en(cleanReport()).declaration).toBeNull();
  });

  test('a declaration the auditor saved is named from the report environment', () => {
    const report = cleanReport();
    report.declared = { source: 'file', url: null, language: null, cookies: [] };
    report.environment = { declarationFrom: 'manual', declarationSavedAt: at(3) };
    expect(en(report).declaration).toMatchObject({
      status: 'report',
      file: 'manual',
      date: '2026-11-20 10:00:03 UTC',
    });
  });
});

describe('timeline', () => {
  test('one picture per phase, as an image data URL whose page texts are escaped', () => {
    const pictures = popupTimelines(hostileReport(), { language: 'en', width: 720 });
    expect(pictures.map((p) => p.phase)).toEqual(['initial', 'after-reject', 'after-accept']);
    for (const p of pictures) {
      expect(p.src.startsWith('data:image/svg+xml;charset=utf-8,%3Csvg')).toBe(true);
      const svg = decodeURIComponent(p.src.slice(p.src.indexOf(',') + 1));
      expect(svg).not.toContain('<img');
      expect(svg).not.toContain('<script');
      expect(p.caption).not.toBe('');
    }
  });

  test('a heavy page draws at most the popup’s cap of points and says so', () => {
    const [picture] = popupTimelines(largeReport(), { language: 'da' });
    expect(picture!.omitted).toContain(String(POPUP_TIMELINE_POINTS));
    expect(popupTimelines(hostileReport(), { language: 'en' })[0]!.omitted).toBeNull();
  });
});

describe('large page', () => {
  test('shapes 500 cookies and 1,000 requests', () => {
    const view = en(largeReport());
    expect(view.cookies).toHaveLength(500);
    expect(view.counts.requests).toBe(1000);
    expect(view.requestGroups.every((g) => g.marks.length === 1)).toBe(true);
    expect(view.total).toBe(100 + 60 + 20);
  });
});
