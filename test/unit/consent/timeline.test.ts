import { describe, expect, test } from 'vitest';
import { categoriesOf } from '../../../lib/consent/categories.ts';
import { decisionOf } from '../../../lib/consent/decision.ts';
import {
  NO_CONSENT,
  type CategoryConsent,
  type ConsentReading,
} from '../../../lib/consent/state.ts';
import {
  addReading,
  addReadings,
  consentAt,
  createTimeline,
  describeConsent,
  eventAt,
  kindOf,
  recordInteraction,
} from '../../../lib/consent/timeline.ts';

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);

function cmp(
  time: number,
  categories: Partial<CategoryConsent>,
  explicit: boolean | null = null,
): ConsentReading {
  const c = categoriesOf(categories);
  return {
    source: 'cookiebot',
    via: 'cookie:CookieConsent',
    categories: c,
    decision: decisionOf(c),
    explicit,
    time,
  };
}

const NONE = cmp(T0, {}, false);
const ACCEPT = { preferences: true, statistics: true, marketing: true };
const REJECT = { preferences: false, statistics: false, marketing: false };

describe('building a timeline', () => {
  test('initial, then accept after a click, then withdrawal', () => {
    let t = createTimeline();
    t = addReading(t, NONE);
    t = recordInteraction(t, T0 + 9_000);
    t = addReading(t, cmp(T0 + 10_000, ACCEPT, true));
    t = addReading(t, cmp(T0 + 60_000, REJECT, true));
    expect(t.events.map((e) => [e.kind, e.state.decision, e.interaction])).toEqual([
      ['initial', 'none', false],
      ['accept', 'accept', true],
      ['withdrawal', 'reject', false],
    ]);
  });

  test('identical consecutive states are merged', () => {
    let t = createTimeline();
    t = addReading(t, cmp(T0, REJECT, true));
    t = addReading(t, cmp(T0 + 1000, REJECT, true));
    t = addReading(t, { ...cmp(T0 + 2000, REJECT, true), source: 'gcm', via: 'dataLayer' });
    expect(t.events).toHaveLength(1);
    expect(t.current).toHaveLength(2);
  });

  test('a choice made after a click keeps its interaction when later readings repeat it', () => {
    let t = createTimeline({ interactionWindowMs: 1000 });
    t = addReading(t, NONE);
    t = recordInteraction(t, T0 + 5_000);
    t = addReading(t, cmp(T0 + 5_100, ACCEPT));
    t = addReading(t, { ...cmp(T0 + 30_000, ACCEPT), source: 'gcm', via: 'dataLayer' });
    expect(t.events).toHaveLength(2);
    expect(t.events[1]?.interaction).toBe(true);
  });

  test('a click outside the window is not counted', () => {
    let t = createTimeline({ interactionWindowMs: 2000 });
    t = recordInteraction(t, T0);
    t = addReading(t, cmp(T0 + 5_000, ACCEPT));
    expect(t.events[0]?.interaction).toBe(false);
    expect(t.events[0]?.state.interaction).toBe(false);
  });

  test('conflicts of the moment are kept on the event', () => {
    const t = addReadings(createTimeline(), [
      cmp(T0, REJECT, true),
      { ...cmp(T0, { marketing: true }), source: 'gcm', via: 'request:gcs' },
    ]);
    expect(t.events[0]?.conflicts.map((c) => c.category)).toEqual(['marketing']);
  });

  test('a reading older than the last event is placed at its time', () => {
    let t = addReading(createTimeline(), cmp(T0 + 1000, REJECT));
    t = addReading(t, { ...cmp(T0, ACCEPT), source: 'onetrust', via: 'api:OnetrustActiveGroups' });
    expect(t.events.map((e) => e.time)).toEqual([T0 + 1000, T0 + 1000]);
  });

  test('bounded: beyond maxEvents the last slot holds the newest state and drops are counted', () => {
    let t = createTimeline({ maxEvents: 3 });
    for (let i = 0; i < 10; i++)
      t = addReading(t, cmp(T0 + i * 1000, i % 2 === 0 ? ACCEPT : REJECT));
    expect(t.events).toHaveLength(3);
    expect(t.dropped).toBe(7);
    expect(t.events[2]?.time).toBe(T0 + 9000);
    expect(consentAt(t, T0 + 9500).decision).toBe('reject');
  });

  test('interactions are bounded', () => {
    let t = createTimeline();
    for (let i = 0; i < 1000; i++) t = recordInteraction(t, T0 + i);
    expect(t.interactions.length).toBeLessThanOrEqual(64);
    expect(t.interactions.at(-1)).toBe(T0 + 999);
  });
});

describe('consentAt / eventAt', () => {
  let t = createTimeline();
  t = addReading(t, cmp(T0 + 1000, {}, false));
  t = addReading(t, cmp(T0 + 5000, ACCEPT, true));
  t = addReading(t, cmp(T0 + 9000, REJECT, true));

  test.each([
    [T0, 'none', null],
    [T0 + 999, 'none', null],
    [T0 + 1000, 'none', 'cookiebot'],
    [T0 + 4999, 'none', 'cookiebot'],
    [T0 + 5000, 'accept', 'cookiebot'],
    [T0 + 8999, 'accept', 'cookiebot'],
    [T0 + 9000, 'reject', 'cookiebot'],
    [Infinity, 'reject', 'cookiebot'],
  ] as const)('at %s: %s from %s', (time, decision, source) => {
    const state = consentAt(t, time);
    expect(state.decision).toBe(decision);
    expect(state.source).toBe(source);
  });

  test('NO_CONSENT itself before the first event', () => {
    expect(consentAt(t, T0)).toBe(NO_CONSENT);
    expect(eventAt(t, T0)).toBeNull();
  });

  test('binary search agrees with a linear scan on a long timeline', () => {
    let long = createTimeline({ maxEvents: 500 });
    for (let i = 0; i < 400; i++)
      long = addReading(
        long,
        cmp(
          T0 + i * 10,
          i % 3 === 0 ? ACCEPT : i % 3 === 1 ? REJECT : { statistics: true, marketing: false },
        ),
      );
    for (let probe = T0 - 5; probe < T0 + 4100; probe += 7) {
      const linear = [...long.events].reverse().find((e) => e.time <= probe);
      expect(eventAt(long, probe)).toBe(linear ?? null);
    }
  });
});

describe('kindOf', () => {
  const state = (categories: Partial<CategoryConsent>) => {
    const c = categoriesOf(categories);
    return { source: 's', decision: decisionOf(c), categories: c, interaction: true };
  };
  test.each([
    [null, state(ACCEPT), 'initial'],
    [state({}), state(ACCEPT), 'accept'],
    [state({}), state(REJECT), 'reject'],
    [state({}), state({ statistics: true, marketing: false }), 'custom'],
    [state(ACCEPT), state(REJECT), 'withdrawal'],
    [state(ACCEPT), state({}), 'withdrawal'],
    [state(ACCEPT), state({ statistics: true, marketing: false }), 'custom'],
    [
      state({ statistics: true, marketing: false }),
      state({ statistics: false, marketing: true }),
      'change',
    ],
    [state(REJECT), state({}), 'change'],
  ] as const)('%j → %j: %s', (previous, next, kind) => {
    expect(kindOf(previous, next)).toBe(kind);
  });
});

describe('describeConsent', () => {
  const at = Date.UTC(2026, 10, 20, 10, 2, 13);
  const state = (categories: Partial<CategoryConsent>) => {
    const c = categoriesOf(categories);
    return { source: 's', decision: decisionOf(c), categories: c, interaction: true };
  };
  test.each([
    [state({}), 'en', 'No decision yet'],
    [state({}), 'da', 'Ingen beslutning endnu'],
    [state(REJECT), 'en', 'Rejected all at 10:02:13'],
    [state(REJECT), 'da', 'Afvist alle kl. 10:02:13'],
    [state(ACCEPT), 'en', 'Accepted all at 10:02:13'],
    [state(ACCEPT), 'da', 'Accepteret alle kl. 10:02:13'],
    [
      state({ preferences: false, statistics: true, marketing: false }),
      'en',
      'Custom: statistics at 10:02:13',
    ],
    [
      state({ preferences: true, statistics: true, marketing: false }),
      'da',
      'Tilpasset: præferencer, statistik kl. 10:02:13',
    ],
  ] as const)('%j in %s → %s', (s, locale, label) => {
    expect(describeConsent(s, at, locale, { timeZone: 'UTC' })).toBe(label);
  });

  test('a time zone moves the clock', () => {
    expect(describeConsent(state(ACCEPT), at, 'da', { timeZone: 'Europe/Copenhagen' })).toBe(
      'Accepteret alle kl. 11:02:13',
    );
  });

  test('an unknown time zone falls back to UTC', () => {
    expect(describeConsent(state(ACCEPT), at, 'en', { timeZone: 'Nowhere/Else' })).toBe(
      'Accepted all at 10:02:13',
    );
  });
});

describe('an interaction reported after the change it caused', () => {
  test('marks the events within the window after it', async () => {
    const { createTimeline, addReading, recordInteraction } =
      await import('../../../lib/consent/timeline.ts');
    const reading = {
      source: 'cookieinformation',
      via: 'cookie:CookieInformationConsent',
      decision: 'reject' as const,
      categories: { necessary: true, preferences: false, statistics: false, marketing: false },
      time: 1_000_100,
    };
    let t = addReading(createTimeline(), reading);
    expect(t.events[0]?.interaction).toBe(false);
    t = recordInteraction(t, 1_000_000);
    expect(t.events[0]).toMatchObject({ interaction: true, state: { interaction: true } });
    // A click long after the change does not make it interactive.
    const late = recordInteraction(addReading(createTimeline(), reading), 1_000_100 + 60_000);
    expect(late.events[0]?.interaction).toBe(false);
  });
});

describe('a choice stated more exactly later', () => {
  /** A stored "accept all" that a click on an earlier page view stands behind. */
  const stored = (): ReturnType<typeof createTimeline> => {
    let t = createTimeline();
    t = recordInteraction(t, T0);
    return addReading(t, cmp(T0, ACCEPT));
  };

  test('the same decision granting no more keeps the interaction behind it', () => {
    const t = addReading(stored(), cmp(T0 + 60_000, { statistics: true, marketing: true }));
    expect(t.events.map((e) => [e.state.decision, e.interaction, e.state.interaction])).toEqual([
      ['accept', true, true],
      ['accept', true, true],
    ]);
  });

  test('a grant the stored choice did not make is no refinement: no interaction stands behind it', () => {
    let t = createTimeline();
    t = recordInteraction(t, T0);
    t = addReading(t, cmp(T0, { statistics: true, marketing: false }));
    t = addReading(t, cmp(T0 + 60_000, { statistics: true, marketing: true }));
    expect(t.events.map((e) => e.interaction)).toEqual([true, false]);
  });

  test('another decision, or another source, is no refinement', () => {
    const rejected = addReading(stored(), cmp(T0 + 60_000, REJECT));
    expect(rejected.events.at(-1)?.interaction).toBe(false);
    const elsewhere = addReading(stored(), {
      ...cmp(T0 + 60_000, { statistics: true }),
      source: 'klaro',
      via: 'cookie:klaro',
    });
    expect(elsewhere.events.at(-1)?.state.interaction).toBe(false);
  });
});
