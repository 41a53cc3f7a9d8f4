import { describe, expect, test } from 'vitest';
import { cookieAfterReject as rule } from '../../../lib/rules/cookie-after-reject.ts';
import type { RuleInput } from '../../../lib/rules/input.ts';
import {
  ACCEPTED,
  NONE,
  REJECTED,
  SECOND,
  T0,
  consent,
  cookie,
  cookieSubject,
  cookiebotConsentCookie,
  phase,
  project,
  ruleInput,
  type Projected,
} from './factories.ts';

const fires = (subject: Projected['subject']): Projected => ({
  rule: rule.id,
  phase: 'after-reject',
  subject,
});
const CLICK = T0 + 5 * SECOND;
/** An after-reject phase: no decision until the click, a reject from then on. */
const rejectPhase = (...cookies: ReturnType<typeof cookie>[]) =>
  phase('after-reject', { consent: [{ time: CLICK, state: REJECTED }], cookies });
const afterClick = { time: CLICK + SECOND, consent: REJECTED, phase: 'after-reject' as const };
const CUSTOM_STATS_ONLY = consent('custom', {
  preferences: false,
  statistics: true,
  marketing: false,
});
const CUSTOM_NOTHING = consent('custom', {
  preferences: false,
  statistics: false,
  marketing: false,
});

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: a marketing cookie set after the reject',
    input: ruleInput({
      phases: [rejectPhase(cookie('_fbp', { category: 'marketing', ...afterClick }))],
    }),
    expected: [fires(cookieSubject('_fbp'))],
  },
  {
    name: 'fires: a cookie set before the click and still readable after the reject',
    input: ruleInput({
      phases: [rejectPhase(cookie('_ga', { consent: NONE, carriedOver: true }))],
    }),
    expected: [fires(cookieSubject('_ga'))],
  },
  {
    name: 'near miss: carried over but deleted by the end of the phase',
    input: ruleInput({
      phases: [rejectPhase(cookie('_ga', { carriedOver: true, removed: true }))],
    }),
    expected: [],
  },
  {
    name: 'near miss: carried over, but the phase ends with an accept',
    input: ruleInput({
      phases: [
        phase('after-accept', {
          consent: [{ time: CLICK, state: ACCEPTED }],
          cookies: [cookie('_ga', { carriedOver: true })],
        }),
      ],
    }),
    expected: [],
  },
  {
    name: 'near miss: a cookie set after an accept',
    input: ruleInput({
      phases: [phase('after-accept', { cookies: [cookie('_ga', { consent: ACCEPTED })] })],
    }),
    expected: [],
  },
  {
    name: 'near miss: a necessary cookie after the reject',
    input: ruleInput({
      phases: [rejectPhase(cookie('PHPSESSID', { category: 'necessary', ...afterClick }))],
    }),
    expected: [],
  },
  {
    name: 'near miss: the consent platform updating its own cookie on reject',
    input: ruleInput({ phases: [rejectPhase(cookiebotConsentCookie(afterClick))] }),
    expected: [],
  },
  {
    name: 'fires: a custom choice that denied marketing, and a marketing cookie',
    input: ruleInput({
      phases: [
        rejectPhase(
          cookie('_fbp', { category: 'marketing', ...afterClick, consent: CUSTOM_STATS_ONLY }),
        ),
      ],
    }),
    expected: [fires(cookieSubject('_fbp'))],
  },
  {
    name: 'near miss: a custom choice that granted statistics, and a statistics cookie',
    input: ruleInput({
      phases: [rejectPhase(cookie('_ga', { ...afterClick, consent: CUSTOM_STATS_ONLY }))],
    }),
    expected: [],
  },
  {
    name: 'near miss: unclassified cookie under a custom choice that granted something',
    input: ruleInput({
      phases: [
        rejectPhase(
          cookie('xyz', { category: 'unclassified', ...afterClick, consent: CUSTOM_STATS_ONLY }),
        ),
      ],
    }),
    expected: [],
  },
  {
    name: 'fires: unclassified cookie under a custom choice that granted nothing',
    input: ruleInput({
      phases: [
        rejectPhase(
          cookie('xyz', {
            category: 'unclassified',
            party: 'third',
            ...afterClick,
            consent: CUSTOM_NOTHING,
          }),
        ),
      ],
    }),
    expected: [fires(cookieSubject('xyz'))],
  },
  {
    name: 'near miss: unclassified cookie after reject with the setting off',
    input: ruleInput({
      phases: [rejectPhase(cookie('xyz', { category: 'unclassified', ...afterClick }))],
      settings: { unclassifiedIsNonNecessary: false },
    }),
    expected: [],
  },
  {
    name: 'near miss: allow-listed by host',
    input: ruleInput({
      phases: [rejectPhase(cookie('_fbp', { category: 'marketing', ...afterClick }))],
      settings: { allowList: { hosts: ['example.dk'] } },
    }),
    expected: [],
  },
  {
    name: 'one violation: refreshed on every page view after the reject, and carried over too',
    input: ruleInput({
      phases: [
        rejectPhase(
          cookie('_ga', { carriedOver: true }),
          ...[1, 2, 3].map((i) => cookie('_ga', { ...afterClick, time: CLICK + i * SECOND })),
        ),
      ],
    }),
    expected: [fires(cookieSubject('_ga'))],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence: carried over uses the state at the end of the phase and keeps the state at the write', () => {
    const [v] = rule.evaluate(
      ruleInput({ phases: [rejectPhase(cookie('_ga', { carriedOver: true }))] }),
    );
    expect(v?.evidence).toMatchObject({
      how: ['carried-over'],
      refusal: 'reject-all',
      consentInForce: { decision: 'reject' },
      consentAtWrite: { decision: 'none' },
    });
  });

  test('evidence: a write after the refusal wins over the carried-over copy, with the count of both', () => {
    const input = ruleInput({
      phases: [rejectPhase(cookie('_ga', { carriedOver: true }), cookie('_ga', afterClick))],
    });
    const [v] = rule.evaluate(input);
    expect(v?.evidence).toMatchObject({
      how: ['carried-over', 'set-after-refusal'],
      writes: { count: 2 },
    });
    expect(v?.message).toMatch(/was set on .* after the visitor refused/);
  });

  test('evidence: a custom choice is treated as a rejection of the denied category, and says so', () => {
    const c = cookie('_fbp', { category: 'marketing', ...afterClick, consent: CUSTOM_STATS_ONLY });
    const [v] = rule.evaluate(ruleInput({ phases: [rejectPhase(c)] }));
    expect(v?.evidence['refusal']).toBe('custom-denied-category');
    expect(v?.evidence['refusalNote']).toMatch(/custom choice/);
  });
});
