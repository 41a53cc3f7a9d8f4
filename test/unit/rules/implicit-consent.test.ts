import { describe, expect, test } from 'vitest';
import { implicitConsent as rule } from '../../../lib/rules/implicit-consent.ts';
import type { RuleInput } from '../../../lib/rules/input.ts';
import {
  ACCEPTED,
  IMPLICIT_ACCEPT,
  T0,
  consent,
  cookie,
  phase,
  project,
  ruleInput,
  type Projected,
} from './factories.ts';

const fires = (p: Projected['phase'], source = 'cookiebot'): Projected => ({
  rule: rule.id,
  phase: p,
  subject: { kind: 'consent', name: source },
});

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: the platform records accept on load, without a click',
    input: ruleInput({
      phases: [phase('initial', { consent: [{ time: T0, state: IMPLICIT_ACCEPT }] })],
    }),
    expected: [fires('initial')],
  },
  {
    name: 'near miss: accept after a click',
    input: ruleInput({
      phases: [phase('after-accept', { consent: [{ time: T0, state: ACCEPTED }] })],
    }),
    expected: [],
  },
  {
    name: 'near miss: no decision, nothing granted',
    input: ruleInput({
      phases: [phase('initial', { consent: [{ time: T0, state: consent('none') }] })],
    }),
    expected: [],
  },
  {
    name: 'fires: Consent Mode defaults granting analytics with no decision',
    input: ruleInput({
      phases: [
        phase('initial', {
          consent: [
            {
              time: T0,
              state: consent('none', { statistics: true }, { source: 'gcm', interaction: false }),
            },
          ],
        }),
      ],
    }),
    expected: [fires('initial', 'gcm')],
  },
  {
    name: 'near miss: a reject recorded without a click (GPC honoured)',
    input: ruleInput({
      phases: [
        phase('initial', {
          consent: [
            { time: T0, state: consent('reject', { statistics: false }, { interaction: false }) },
          ],
        }),
      ],
    }),
    expected: [],
  },
  {
    name: 'near miss: only necessary granted',
    input: ruleInput({
      phases: [
        phase('initial', {
          consent: [{ time: T0, state: consent('custom', {}, { interaction: false }) }],
        }),
      ],
    }),
    expected: [],
  },
  {
    name: 'fires: seen only on an observation\u2019s consent state',
    input: ruleInput({
      phases: [phase('initial', { cookies: [cookie('_ga', { consent: IMPLICIT_ACCEPT })] })],
    }),
    expected: [fires('initial')],
  },
  {
    name: 'one per phase and source: repeated readings in two phases',
    input: ruleInput({
      phases: [
        phase('initial', {
          consent: [
            { time: T0, state: IMPLICIT_ACCEPT },
            { time: T0 + 1000, state: IMPLICIT_ACCEPT },
          ],
          cookies: [cookie('_ga', { consent: IMPLICIT_ACCEPT })],
        }),
        phase('after-accept', {
          consent: [
            { time: T0, state: IMPLICIT_ACCEPT },
            { time: T0 + 5000, state: ACCEPTED },
          ],
        }),
      ],
    }),
    expected: [fires('after-accept'), fires('initial')],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence: the timeline reading wins over observations and gives the time and categories', () => {
    const input = ruleInput({
      phases: [
        phase('initial', {
          consent: [{ time: T0 + 3000, state: IMPLICIT_ACCEPT }],
          cookies: [cookie('_ga', { time: T0 + 1000, consent: IMPLICIT_ACCEPT })],
        }),
      ],
    });
    const [v] = rule.evaluate(input);
    expect(v?.evidence).toMatchObject({
      via: 'timeline',
      recordedAt: '2026-11-20T10:00:03.000Z',
      grantedCategories: ['preferences', 'statistics', 'marketing'],
    });
  });

  test('evidence: the earliest of several timeline readings of one source', () => {
    const input = ruleInput({
      phases: [
        phase('initial', {
          consent: [
            { time: T0 + 9000, state: IMPLICIT_ACCEPT },
            { time: T0 + 2000, state: IMPLICIT_ACCEPT },
            { time: T0 + 5000, state: IMPLICIT_ACCEPT },
          ],
        }),
      ],
    });
    const violations = rule.evaluate(input);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.evidence).toMatchObject({
      recordedAt: '2026-11-20T10:00:02.000Z',
      implicitReadings: 3,
    });
  });

  test('message lists the granted categories in both languages', () => {
    const input = (language: 'en' | 'da') =>
      ruleInput({
        phases: [phase('initial', { consent: [{ time: T0, state: IMPLICIT_ACCEPT }] })],
        settings: { language },
      });
    expect(rule.evaluate(input('en'))[0]?.message).toBe(
      'The consent platform (cookiebot) recorded consent to preferences, statistics and marketing without any interaction by the visitor.',
    );
    expect(rule.evaluate(input('da'))[0]?.message).toBe(
      'Samtykkeplatformen (cookiebot) registrerede samtykke til præferencer, statistik og marketing uden nogen handling fra den besøgende.',
    );
  });
});
