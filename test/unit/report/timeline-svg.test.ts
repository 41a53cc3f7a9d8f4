import { describe, expect, test } from 'vitest';
import { safeText } from '../../../lib/report/escape.ts';
import {
  MAX_TIMELINE_POINTS,
  timelineCaption,
  timelineData,
  timelineSvg,
  type TimelineData,
  type TimelinePoint,
} from '../../../lib/report/timeline-svg.ts';
import type { PhaseName } from '../../../lib/report/types.ts';
import { HOSTILE, hostileReport, T0 } from './fixture.ts';
import { byTag, classes, elements, parseHtml, text } from './parse-html.ts';

const report = hostileReport();

function svgDoc(data: TimelineData, language: 'en' | 'da' = 'en', maxPoints?: number) {
  const svg = timelineSvg(data, { width: 800, language, id: 't', maxPoints });
  return { svg, doc: parseHtml(svg, true) };
}

const byClass = (doc: ReturnType<typeof parseHtml>, className: string) =>
  elements(doc).filter((e) => classes(e).includes(className));

function points(
  n: number,
  kind: TimelinePoint['kind'],
  category: TimelinePoint['category'],
  from = T0 + 500,
) {
  return Array.from({ length: n }, (_, i) => ({
    time: from + i * 10,
    kind,
    category,
    label: `${kind} ${i}`,
  }));
}

describe('timelineData', () => {
  test.each([
    ['initial', { cookie: 6, storage: 2, request: 2, events: 1 }],
    ['after-reject', { cookie: 3, storage: 0, request: 1, events: 1 }],
    ['after-accept', { cookie: 1, storage: 0, request: 1, events: 1 }],
  ] as const)('%s: a point per cookie, storage entry and tracker request', (phase, expected) => {
    const data = timelineData(report, phase as PhaseName)!;
    const count = (kind: TimelinePoint['kind']) =>
      data.points.filter((p) => p.kind === kind).length;
    expect(count('cookie')).toBe(expected.cookie);
    expect(count('storage')).toBe(expected.storage);
    expect(count('request')).toBe(expected.request);
    expect(data.consentEvents).toHaveLength(expected.events);
    expect(data.points.map((p) => p.time)).toEqual(
      [...data.points.map((p) => p.time)].sort((a, b) => a - b),
    );
  });

  test('the axis runs from the phase start to the next phase start or the end of the audit', () => {
    expect(timelineData(report, 'initial')).toMatchObject({ startedAt: T0, end: T0 + 20_000 });
    expect(timelineData(report, 'after-accept')).toMatchObject({
      startedAt: T0 + 40_000,
      end: T0 + 60_000,
    });
  });

  test('consent events from the phase, labelled in the chosen language', () => {
    const data = timelineData(report, 'after-reject', 'da')!;
    expect(data.consentEvents).toEqual([
      { time: T0 + 22_000, decision: 'reject', label: 'Afvist alle', interaction: true },
    ]);
  });

  test('without events: one marker for the final state, at the end', () => {
    const data = timelineData(report, 'after-accept', 'en')!;
    expect(data.consentEvents).toEqual([
      {
        time: T0 + 60_000,
        decision: 'accept',
        label: 'At the end of the phase: Accepted all',
        interaction: true,
        final: true,
      },
    ]);
  });

  test('a phase the report does not have', () => {
    const single = { ...report, phases: report.phases.slice(0, 1) };
    expect(timelineData(single, 'after-accept')).toBeNull();
  });
});

describe('timelineSvg', () => {
  test.each(['initial', 'after-reject', 'after-accept'] as const)(
    '%s: one marker per consent event and one point per cookie',
    (phase) => {
      const data = timelineData(report, phase)!;
      const { doc } = svgDoc(data);
      expect(byTag(doc, 'svg')).toHaveLength(1);
      expect(byClass(doc, 'consent-event')).toHaveLength(data.consentEvents.length);
      expect(byClass(doc, 'point-cookie')).toHaveLength(
        report.cookies.filter((c) => c.phase === phase).length,
      );
      expect(byClass(doc, 'point')).toHaveLength(data.points.length);
      expect(byClass(doc, 'lane')).toHaveLength(5);
    },
  );

  test('several consent events: a marker each, labels kept', () => {
    const data: TimelineData = {
      startedAt: T0,
      end: T0 + 10_000,
      points: points(3, 'cookie', 'marketing'),
      consentEvents: [
        { time: T0 + 1000, decision: 'none', label: 'Banner shown' },
        { time: T0 + 4000, decision: 'reject', label: 'Rejected all', interaction: true },
        { time: T0 + 4100, decision: 'custom', label: HOSTILE.img, interaction: true },
      ],
    };
    const { doc, svg } = svgDoc(data);
    const markers = byClass(doc, 'consent-event');
    expect(markers).toHaveLength(3);
    expect(markers.map((m) => text(byTag(m, 'text')[0]!))).toEqual([
      'Banner shown',
      'Rejected all',
      HOSTILE.img,
    ]);
    expect(svg).not.toContain('<img');
  });

  test('hover titles are escaped text', () => {
    const data: TimelineData = {
      startedAt: T0,
      end: T0 + 5000,
      consentEvents: [],
      points: [
        {
          time: T0 + 1000,
          kind: 'cookie',
          category: 'marketing',
          label: HOSTILE.script + HOSTILE.svg,
        },
      ],
    };
    const { doc, svg } = svgDoc(data);
    expect(elements(doc).map((e) => e.name)).not.toContain('script');
    expect(svg).not.toMatch(/<script|<svg onload/);
    const title = byTag(byClass(doc, 'point')[0]!, 'title')[0]!;
    expect(text(title)).toContain(safeText(HOSTILE.script + HOSTILE.svg));
    expect(text(title)).toContain('Cookie · Marketing');
    expect(text(title)).toContain('1 s');
  });

  test('bounded: at most the cap drawn, cookies first, and the rest counted', () => {
    const data: TimelineData = {
      startedAt: T0,
      end: T0 + 60_000,
      consentEvents: [],
      points: [
        ...points(4000, 'request', 'statistics'),
        ...points(1000, 'cookie', 'marketing', T0 + 30_000),
      ],
    };
    const { doc } = svgDoc(data);
    expect(byClass(doc, 'point')).toHaveLength(MAX_TIMELINE_POINTS);
    expect(byClass(doc, 'point-cookie')).toHaveLength(1000);
    expect(text(byTag(doc, 'desc')[0]!)).toContain(
      '3,000 more points are not drawn (at most 2,000 are drawn).',
    );
    expect(byClass(svgDoc(data, 'en', 10).doc, 'point')).toHaveLength(10);
  });

  test('colour and shape both encode the category', () => {
    const data: TimelineData = {
      startedAt: T0,
      end: T0 + 5000,
      consentEvents: [],
      points: (
        ['necessary', 'preferences', 'statistics', 'marketing', 'unclassified'] as const
      ).map((category, i) => ({
        time: T0 + i * 500,
        kind: 'cookie' as const,
        category,
        label: category,
      })),
    };
    const drawn = byClass(svgDoc(data).doc, 'point');
    expect(new Set(drawn.map((p) => p.attribs.fill)).size).toBe(5);
    expect(new Set(drawn.map((p) => p.attribs['data-shape'])).size).toBe(5);
  });

  test('Danish lanes, axis and legend', () => {
    const { doc } = svgDoc(timelineData(report, 'initial', 'da')!, 'da');
    const all = text(doc);
    for (const word of [
      'Nødvendige',
      'Præferencer',
      'Statistik',
      'Marketing',
      'Uklassificeret',
      'Sekunder fra fasens start',
      'Signaturforklaring',
      'Sporingsforespørgsel',
    ]) {
      expect(all).toContain(word);
    }
  });

  test('width is bounded and the id is sanitised', () => {
    const svg = timelineSvg(timelineData(report, 'initial')!, {
      width: 1e9,
      language: 'en',
      id: '"><x',
    });
    expect(svg).toContain('width="4000"');
    expect(svg).toContain('id="---x-title"');
  });
});

describe('timelineCaption', () => {
  const base = (events: TimelineData['consentEvents'], pts: TimelinePoint[]): TimelineData => ({
    startedAt: T0,
    end: T0 + 10_000,
    consentEvents: events,
    points: pts,
  });
  const reject = { time: T0 + 5000, decision: 'reject', label: 'Rejected all', interaction: true };

  test.each([
    [
      'marketing cookies before the choice',
      base([reject], points(3, 'cookie', 'marketing')),
      '3 marketing cookies before the visitor made a choice.',
      '3 marketingcookies før den besøgende traf et valg.',
    ],
    [
      'before and after',
      base(
        [reject],
        [...points(1, 'cookie', 'statistics'), ...points(2, 'request', 'marketing', T0 + 6000)],
      ),
      '1 statistics cookie before the visitor made a choice. After the choice: 2 tracker requests.',
      '1 statistikcookie før den besøgende traf et valg. Efter valget: 2 sporingsforespørgsler.',
    ],
    [
      'necessary cookies do not count',
      base([reject], points(2, 'cookie', 'necessary')),
      'No non-necessary cookies, storage entries or tracker requests before the visitor made a choice.',
      'Ingen ikke-nødvendige cookies, ingen lokal lagring og ingen sporingsforespørgsler før den besøgende traf et valg.',
    ],
    [
      'consent recorded without interaction is no choice',
      base(
        [{ time: T0 + 100, decision: 'accept', label: 'Accepted all', interaction: false }],
        [...points(1, 'cookie', 'marketing'), ...points(1, 'cookie', 'unclassified')],
      ),
      '1 marketing cookie and 1 unclassified cookie before the visitor made a choice.',
      '1 marketingcookie og 1 uklassificeret cookie før den besøgende traf et valg.',
    ],
    [
      'only the final state: the moment of the choice is unknown',
      base(
        [{ time: T0 + 10_000, decision: 'reject', label: 'x', interaction: true, final: true }],
        points(2, 'cookie', 'preferences'),
      ),
      '2 preferences cookies in this phase; the report does not record when the visitor made the choice.',
      '2 præferencecookies i denne fase; rapporten registrerer ikke, hvornår den besøgende traf valget.',
    ],
    [
      'only the final state, no decision',
      base(
        [{ time: T0 + 10_000, decision: 'none', label: 'x', interaction: false, final: true }],
        points(1, 'storage', 'marketing'),
      ),
      '1 marketing storage entry before the visitor made a choice.',
      '1 nøgle i lokal lagring (marketing) før den besøgende traf et valg.',
    ],
  ])('%s', (_name, data, en, da) => {
    expect(timelineCaption(data, 'en')).toBe(en);
    expect(timelineCaption(data, 'da')).toBe(da);
  });
});
