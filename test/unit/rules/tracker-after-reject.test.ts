import { describe, expect, test } from 'vitest';
import { trackerAfterReject as rule } from '../../../lib/rules/tracker-after-reject.ts';
import type { RuleInput } from '../../../lib/rules/input.ts';
import {
  ACCEPTED,
  NONE,
  REJECTED,
  SECOND,
  T0,
  consent,
  gaHit,
  phase,
  project,
  request,
  requestSubject,
  ruleInput,
  tracker,
  type Projected,
} from './factories.ts';

const fires = (host: string): Projected => ({
  rule: rule.id,
  phase: 'after-reject',
  subject: requestSubject(host),
});
const rejectPhase = (...requests: ReturnType<typeof request>[]) => [
  phase('after-reject', { requests }),
];
const CUSTOM_NO_STATS = consent('custom', {
  preferences: true,
  statistics: false,
  marketing: true,
});
const CUSTOM_NO_MARKETING = consent('custom', {
  preferences: true,
  statistics: true,
  marketing: false,
});

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: an analytics hit after a reject',
    input: ruleInput({ phases: rejectPhase(gaHit({ consent: REJECTED })) }),
    expected: [fires('www.google-analytics.com')],
  },
  {
    name: 'near miss: a tracker request after an accept',
    input: ruleInput({ phases: rejectPhase(gaHit({ consent: ACCEPTED })) }),
    expected: [],
  },
  {
    name: 'near miss: before the click (the before-consent rule reports it)',
    input: ruleInput({ phases: rejectPhase(gaHit({ consent: NONE })) }),
    expected: [],
  },
  {
    name: 'fires: a custom choice that denied statistics, and a statistics tracker',
    input: ruleInput({ phases: rejectPhase(gaHit({ consent: CUSTOM_NO_STATS })) }),
    expected: [fires('www.google-analytics.com')],
  },
  {
    name: 'near miss: a custom choice that denied only marketing, and a statistics tracker',
    input: ruleInput({ phases: rejectPhase(gaHit({ consent: CUSTOM_NO_MARKETING })) }),
    expected: [],
  },
  {
    name: 'near miss: a request that is not a tracker after a reject',
    input: ruleInput({
      phases: rejectPhase(request('https://fonts.gstatic.com/x.woff2', { consent: REJECTED })),
    }),
    expected: [],
  },
  {
    name: 'one violation: 20 hits after a reject',
    input: ruleInput({
      phases: rejectPhase(
        ...Array.from({ length: 20 }, (_, i) =>
          gaHit({ consent: REJECTED, time: T0 + i * SECOND }),
        ),
      ),
    }),
    expected: [fires('www.google-analytics.com')],
  },
  {
    name: 'near miss: allow-listed host',
    input: ruleInput({
      phases: rejectPhase(gaHit({ consent: REJECTED })),
      settings: { allowList: { hosts: ['www.google-analytics.com'] } },
    }),
    expected: [],
  },
  {
    name: 'near miss: unclassified tracker after reject with the setting off',
    input: ruleInput({
      phases: rejectPhase(
        request('https://px.unknown.io/p', {
          tracker: tracker(null, 'unclassified'),
          consent: REJECTED,
        }),
      ),
      settings: { unclassifiedIsNonNecessary: false },
    }),
    expected: [],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence: a reject is "reject-all"; a custom denial says it was treated as a rejection', () => {
    const [rejected] = rule.evaluate(
      ruleInput({ phases: rejectPhase(gaHit({ consent: REJECTED })) }),
    );
    expect(rejected?.evidence['refusal']).toBe('reject-all');
    expect(rejected?.evidence['refusalNote']).toBeUndefined();
    const [custom] = rule.evaluate(
      ruleInput({ phases: rejectPhase(gaHit({ consent: CUSTOM_NO_STATS })) }),
    );
    expect(custom?.evidence['refusal']).toBe('custom-denied-category');
    expect(custom?.evidence['refusalNote']).toMatch(/treated as a rejection/);
  });
});
