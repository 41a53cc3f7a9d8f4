import { describe, expect, test } from 'vitest';
import { categoryMismatch as rule } from '../../../lib/rules/category-mismatch.ts';
import type { RuleInput } from '../../../lib/rules/input.ts';
import type { Category } from '../../../lib/domain/category.ts';
import type { RuleSettings } from '../../../lib/rules/settings.ts';
import {
  cookie,
  cookieSubject,
  cookiebotConsentCookie,
  declaredCookie,
  phase,
  project,
  ruleInput,
  type Projected,
} from './factories.ts';

const fires = (name: string, domain = '.example.dk'): Projected => ({
  rule: rule.id,
  phase: 'initial',
  subject: cookieSubject(name, domain),
});
/** One cookie known as `known` (by `classifiedBy`) and declared as `declared`. */
function input(
  known: Category,
  declared: Category | null,
  classifiedBy = 'open-cookie-database',
  settings: Partial<RuleSettings> = {},
): RuleInput {
  const c = cookie('lidc', {
    domain: '.linkedin.com',
    party: 'third',
    category: known,
    classifiedBy,
    vendor: 'LinkedIn',
    declared: declaredCookie('lidc', { category: declared }),
  });
  return ruleInput({ phases: [phase('initial', { cookies: [c] })], settings });
}

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: declared necessary, known marketing',
    input: input('marketing', 'necessary'),
    expected: [fires('lidc', '.linkedin.com')],
  },
  {
    name: 'fires: declared preferences, known statistics',
    input: input('statistics', 'preferences'),
    expected: [fires('lidc', '.linkedin.com')],
  },
  {
    name: 'near miss: declared stricter than known',
    input: input('statistics', 'marketing'),
    expected: [],
  },
  { name: 'near miss: declared as known', input: input('marketing', 'marketing'), expected: [] },
  {
    name: 'near miss: known category unclassified',
    input: input('unclassified', 'necessary', 'none'),
    expected: [],
  },
  {
    name: 'near miss: known only by a heuristic',
    input: input('marketing', 'necessary', 'heuristic'),
    expected: [],
  },
  { name: 'near miss: declared without a category', input: input('marketing', null), expected: [] },
  {
    name: 'near miss: declared unclassified',
    input: input('marketing', 'unclassified'),
    expected: [],
  },
  {
    name: 'near miss: the consent cookie declared necessary',
    input: ruleInput({
      phases: [
        phase('initial', {
          cookies: [
            cookiebotConsentCookie({
              declared: declaredCookie('CookieConsent', { category: 'necessary' }),
            }),
          ],
        }),
      ],
    }),
    expected: [],
  },
  {
    name: 'near miss: allow-listed',
    input: input('marketing', 'necessary', 'open-cookie-database', {
      allowList: { cookies: ['lidc'] },
    }),
    expected: [],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence names both categories and the knowledge source', () => {
    const [v] = rule.evaluate(input('marketing', 'necessary'));
    expect(v?.evidence).toMatchObject({
      declaredCategory: 'necessary',
      knownCategory: 'marketing',
      knowledge: { vendor: 'LinkedIn', classifiedBy: 'open-cookie-database' },
    });
    expect(v?.message).toBe(
      'Cookie "lidc" is declared as necessary but is known as marketing (LinkedIn).',
    );
  });
});
