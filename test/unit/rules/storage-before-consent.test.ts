import { describe, expect, test } from 'vitest';
import { storageBeforeConsent as rule } from '../../../lib/rules/storage-before-consent.ts';
import type { RuleInput } from '../../../lib/rules/input.ts';
import {
  ACCEPTED,
  SECOND,
  T0,
  phase,
  project,
  ruleInput,
  storageItem,
  type Projected,
} from './factories.ts';

const fires = (key: string, origin = 'https://example.dk'): Projected => ({
  rule: rule.id,
  phase: 'initial',
  subject: { kind: 'storage', key, origin },
});
const initial = (...storage: ReturnType<typeof storageItem>[]) => [phase('initial', { storage })];

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: a Hotjar id written to localStorage before any choice',
    input: ruleInput({ phases: initial(storageItem('_hjid', { vendor: 'Hotjar' })) }),
    expected: [fires('_hjid')],
  },
  {
    name: 'near miss: a necessary key before consent',
    input: ruleInput({ phases: initial(storageItem('cart', { category: 'necessary' })) }),
    expected: [],
  },
  {
    name: 'near miss: written after an accept',
    input: ruleInput({ phases: initial(storageItem('_hjid', { consent: ACCEPTED })) }),
    expected: [],
  },
  {
    name: 'near miss: the consent platform\u2019s own key',
    input: ruleInput({
      phases: initial(
        storageItem('klaro', { category: 'preferences', classifiedBy: 'consent-platform' }),
      ),
    }),
    expected: [],
  },
  {
    name: 'near miss: an allow-listed key',
    input: ruleInput({
      phases: initial(storageItem('_hjid')),
      settings: { allowList: { storage: ['_hj*'] } },
    }),
    expected: [],
  },
  {
    name: 'near miss: an allow-listed origin host',
    input: ruleInput({
      phases: initial(storageItem('_hjid')),
      settings: { allowList: { hosts: ['example.dk'] } },
    }),
    expected: [],
  },
  {
    name: 'one violation: the same key in localStorage and sessionStorage, written on every page view',
    input: ruleInput({
      phases: initial(
        storageItem('_hjid'),
        storageItem('_hjid', { time: T0 + 5 * SECOND }),
        storageItem('_hjid', { kind: 'sessionStorage', time: T0 + 6 * SECOND }),
      ),
    }),
    expected: [fires('_hjid')],
  },
  {
    name: 'two violations: the same key from two origins',
    input: ruleInput({
      phases: initial(
        storageItem('_hjid'),
        storageItem('_hjid', { origin: 'https://vars.hotjar.com', party: 'third' }),
      ),
    }),
    expected: [fires('_hjid'), fires('_hjid', 'https://vars.hotjar.com')],
  },
  {
    name: 'near miss: an unclassified key with the setting off',
    input: ruleInput({
      phases: initial(storageItem('abc', { category: 'unclassified' })),
      settings: { unclassifiedIsNonNecessary: false },
    }),
    expected: [],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence: kinds, count, knowledge', () => {
    const [v] = rule.evaluate(
      ruleInput({
        phases: initial(
          storageItem('_hjid', { vendor: 'Hotjar' }),
          storageItem('_hjid', { kind: 'sessionStorage' }),
        ),
      }),
    );
    expect(v?.severity).toBe('medium');
    expect(v?.evidence).toMatchObject({
      kinds: ['localStorage', 'sessionStorage'],
      writes: { count: 2 },
      knowledge: { category: 'statistics', vendor: 'Hotjar' },
      categoryBasis: 'classified-non-necessary',
    });
  });
});
