import { describe, expect, test } from 'vitest';
import { declaredNotObserved as rule } from '../../../lib/rules/declared-not-observed.ts';
import type { PhaseInput, RuleInput } from '../../../lib/rules/input.ts';
import type { DeclaredCookie } from '../../../lib/declarations/declared.ts';
import {
  ACCEPTED,
  REJECTED,
  T0,
  consent,
  cookie,
  declaredCookie,
  declaredTable,
  phase,
  project,
  ruleInput,
  type Projected,
} from './factories.ts';

const GA = declaredCookie('_ga', { category: 'statistics' });
const GA4 = declaredCookie('_ga_#', { category: 'statistics' });
const SESSION_ID = declaredCookie('SESSID', { category: 'necessary' });
const FBP = declaredCookie('_fbp', { category: 'marketing' });
const initial = (cookies = [] as ReturnType<typeof cookie>[]) => phase('initial', { cookies });
const reject = () => phase('after-reject', { consent: [{ time: T0, state: REJECTED }] });
const accept = (cookies = [] as ReturnType<typeof cookie>[]) =>
  phase('after-accept', { consent: [{ time: T0, state: ACCEPTED }], cookies });
function input(
  rows: DeclaredCookie[] | null,
  phases: PhaseInput[],
  allow: string[] = [],
): RuleInput {
  return ruleInput({
    declared: rows ? declaredTable(rows) : null,
    phases,
    settings: { allowList: { cookies: allow } },
  });
}
const fires = (name: string, p: Projected['phase'] = 'after-accept'): Projected => ({
  rule: rule.id,
  phase: p,
  subject: { kind: 'cookie', name },
});

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: declared statistics cookie never seen, even after accept',
    input: input([GA], [initial(), reject(), accept()]),
    expected: [fires('_ga')],
  },
  {
    name: 'near miss: only the initial phase ran (absence is what consent requires)',
    input: input([GA], [initial()]),
    expected: [],
  },
  {
    name: 'fires: a declared necessary cookie missing in a passive audit',
    input: input([SESSION_ID], [initial()]),
    expected: [fires('SESSID', 'initial')],
  },
  { name: 'near miss: no declared table', input: input(null, [initial(), accept()]), expected: [] },
  {
    name: 'near miss: seen, matched to a copy of the declared row',
    input: input([GA], [initial(), accept([cookie('_ga', { declared: { ...GA } })])]),
    expected: [],
  },
  {
    name: 'near miss: a pattern row matched by an observed cookie',
    input: input([GA4], [accept([cookie('_ga_ABC123', { declared: GA4 })])]),
    expected: [],
  },
  {
    name: 'near miss: allow-listed',
    input: input([GA], [initial(), accept()], ['_ga']),
    expected: [],
  },
  {
    name: 'one violation: a name declared twice',
    input: input([GA, { ...GA, provider: 'Google' }], [accept()]),
    expected: [fires('_ga')],
  },
  {
    name: 'custom choice granting statistics only: marketing row quiet, statistics row fires',
    input: input(
      [GA, FBP],
      [
        phase('after-accept', {
          consent: [
            {
              time: T0,
              state: consent('custom', { statistics: true, marketing: false, preferences: false }),
            },
          ],
        }),
      ],
    ),
    expected: [fires('_ga')],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence: the declared row, phases and a near-miss spelling among observed cookies', () => {
    const typo = declaredCookie('_hjlncludeInSample', {
      provider: 'Hotjar',
      category: 'statistics',
    });
    const [v] = rule.evaluate(input([typo], [initial(), accept([cookie('_hjIncludedInSample')])]));
    expect(v?.severity).toBe('info');
    expect(v?.evidence).toMatchObject({
      declared: { name: '_hjlncludeInSample', provider: 'Hotjar' },
      phasesAudited: ['initial', 'after-accept'],
      expectedIn: ['after-accept'],
      nearMisses: ['_hjIncludedInSample'],
    });
    expect(v?.message).toBe(
      'Declared cookie "_hjlncludeInSample" (Hotjar) never appeared during the audit.',
    );
  });
});
