import { describe, expect, test } from 'vitest';
import { undeclaredCookie as rule } from '../../../lib/rules/undeclared-cookie.ts';
import type { RuleInput } from '../../../lib/rules/input.ts';
import {
  ACCEPTED,
  SECOND,
  T0,
  cookie,
  cookieSubject,
  declaredCookie,
  declaredTable,
  phase,
  project,
  ruleInput,
  type Projected,
} from './factories.ts';

const fires = (name: string, domain = '.example.dk'): Projected => ({
  rule: rule.id,
  phase: 'after-accept',
  subject: cookieSubject(name, domain),
});
const GA = declaredCookie('_ga', { category: 'statistics' });
const TYPO = declaredCookie('_hjlncludeInSample', { provider: 'Hotjar', category: 'statistics' });
const table = declaredTable([GA, TYPO]);
const accepted = (...cookies: ReturnType<typeof cookie>[]) => [phase('after-accept', { cookies })];

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: a cookie the table does not list',
    input: ruleInput({ declared: table, phases: accepted(cookie('_gid', { consent: ACCEPTED })) }),
    expected: [fires('_gid')],
  },
  {
    name: 'near miss: no declared table at all',
    input: ruleInput({ declared: null, phases: accepted(cookie('_gid')) }),
    expected: [],
  },
  {
    name: 'near miss: a declared cookie',
    input: ruleInput({ declared: table, phases: accepted(cookie('_ga', { declared: GA })) }),
    expected: [],
  },
  {
    name: 'fires: a typo in the table does not count as declared',
    input: ruleInput({
      declared: table,
      phases: accepted(cookie('_hjIncludedInSample', { session: true })),
    }),
    expected: [fires('_hjIncludedInSample')],
  },
  {
    name: 'near miss: allow-listed',
    input: ruleInput({
      declared: table,
      phases: accepted(cookie('_gid')),
      settings: { allowList: { cookies: ['_gid'] } },
    }),
    expected: [],
  },
  {
    name: 'one violation: refreshed on every page view',
    input: ruleInput({
      declared: table,
      phases: accepted(...[0, 1, 2].map((i) => cookie('_gid', { time: T0 + i * SECOND }))),
    }),
    expected: [fires('_gid')],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence: a near-miss spelling in the table is a hint', () => {
    const [v] = rule.evaluate(
      ruleInput({
        declared: table,
        phases: accepted(cookie('_hjIncludedInSample', { session: true })),
      }),
    );
    expect(v?.evidence['nearMisses']).toEqual(['_hjlncludeInSample']);
    expect(v?.evidence['declaration']).toMatchObject({ source: 'policy-page', rows: 2 });
  });

  test('no hint for short names that differ by one letter', () => {
    const [v] = rule.evaluate(
      ruleInput({
        declared: declaredTable([declaredCookie('tr')]),
        phases: accepted(cookie('fr')),
      }),
    );
    expect(v?.evidence['nearMisses']).toEqual([]);
  });
});

describe(`${rule.id}: a declaration without a cookie table`, () => {
  test('a policy that states only a consent period makes no cookie undeclared', () => {
    const input = ruleInput({
      phases: [phase('initial', { cookies: [cookie('_ga')] })],
      declared: {
        ...declaredTable([]),
        consentLifetime: { text: 'i et år', session: false, days: 365 },
      },
    });
    expect(rule.evaluate(input)).toEqual([]);
  });
});
