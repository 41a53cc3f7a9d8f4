import { describe, expect, test } from 'vitest';
import { partyMismatch as rule } from '../../../lib/rules/party-mismatch.ts';
import type { RuleInput } from '../../../lib/rules/input.ts';
import type { Party } from '../../../lib/observe/records.ts';
import {
  cookie,
  cookieSubject,
  declaredCookie,
  phase,
  project,
  ruleInput,
  type Projected,
} from './factories.ts';

function input(declared: Party | null, observed: Party, withDeclaration = true): RuleInput {
  const c = cookie('_hjid', {
    party: observed,
    domain: observed === 'first' ? '.example.dk' : '.hotjar.com',
    declared: withDeclaration
      ? declaredCookie('_hjid', { provider: 'Hotjar', party: declared, partyText: '3. Part' })
      : null,
  });
  return ruleInput({ phases: [phase('after-accept', { cookies: [c] })] });
}
const fires = (domain: string): Projected[] => [
  { rule: rule.id, phase: 'after-accept', subject: cookieSubject('_hjid', domain) },
];

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: declared third party, set first party',
    input: input('third', 'first'),
    expected: fires('.example.dk'),
  },
  {
    name: 'fires: declared first party, set third party',
    input: input('first', 'third'),
    expected: fires('.hotjar.com'),
  },
  {
    name: 'near miss: declared and observed first party',
    input: input('first', 'first'),
    expected: [],
  },
  { name: 'near miss: declared without a party', input: input(null, 'first'), expected: [] },
  { name: 'near miss: not declared at all', input: input(null, 'first', false), expected: [] },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence keeps the declared party text', () => {
    const [v] = rule.evaluate(input('third', 'first'));
    expect(v?.severity).toBe('low');
    expect(v?.evidence).toMatchObject({
      declaredParty: 'third',
      declaredPartyText: '3. Part',
      observedParty: 'first',
    });
  });
});
