import { describe, expect, test } from 'vitest';
import { gpcIgnored as rule } from '../../../lib/rules/gpc-ignored.ts';
import type { PhaseInput, RuleInput } from '../../../lib/rules/input.ts';
import {
  ACCEPTED,
  SECOND,
  T0,
  cookie,
  cookiebotConsentCookie,
  gaHit,
  phase,
  project,
  ruleInput,
  type Projected,
} from './factories.ts';

const FIRES: Projected[] = [
  { rule: rule.id, phase: 'initial', subject: { kind: 'consent', name: 'gpc' } },
];
const initial = (overrides: Partial<PhaseInput>, gpcSent = true) =>
  ruleInput({ phases: [phase('initial', { gpcSent, ...overrides })] });

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: GPC sent, analytics cookie before any choice',
    input: initial({ cookies: [cookie('_ga')] }),
    expected: FIRES,
  },
  {
    name: 'fires: GPC sent, tracker request before any choice',
    input: initial({ requests: [gaHit()] }),
    expected: FIRES,
  },
  {
    name: 'near miss: GPC not sent',
    input: initial({ cookies: [cookie('_ga')] }, false),
    expected: [],
  },
  {
    name: 'near miss: GPC sent, only necessary cookies and the consent cookie',
    input: initial({
      cookies: [cookie('SESSION', { category: 'necessary' }), cookiebotConsentCookie()],
    }),
    expected: [],
  },
  {
    name: 'near miss: GPC sent, but the visitor then explicitly accepted',
    input: initial({
      cookies: [cookie('_ga', { consent: ACCEPTED })],
      requests: [gaHit({ consent: ACCEPTED })],
    }),
    expected: [],
  },
  {
    name: 'one violation per phase: cookies and 30 hits together',
    input: initial({
      cookies: [cookie('_ga'), cookie('_gid')],
      requests: Array.from({ length: 30 }, (_, i) => gaHit({ time: T0 + i * SECOND })),
    }),
    expected: FIRES,
  },
  {
    name: 'near miss: an unclassified cookie with the setting off',
    input: ruleInput({
      phases: [
        phase('initial', { gpcSent: true, cookies: [cookie('x', { category: 'unclassified' })] }),
      ],
      settings: { unclassifiedIsNonNecessary: false },
    }),
    expected: [],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence lists cookies and hosts once each, and counts unclassified items', () => {
    const [v] = rule.evaluate(
      initial({
        cookies: [
          cookie('_ga'),
          cookie('_ga'),
          cookie('x', { category: 'unclassified', party: 'third' }),
          // First party and unknown: nothing else says it is not necessary.
          cookie('sid', { category: 'unclassified', party: 'first' }),
        ],
        requests: [gaHit(), gaHit()],
      }),
    );
    expect(v?.evidence).toMatchObject({
      cookies: ['_ga (.example.dk)', 'x (.example.dk)'],
      trackingHosts: ['www.google-analytics.com'],
      unclassifiedCounted: 1,
    });
    expect(v?.message).toBe(
      'Global Privacy Control was sent, yet 2 non-necessary cookies and 1 tracking host were used without the visitor\u2019s consent.',
    );
  });
});
