import { describe, expect, test } from 'vitest';
import { tcfVendorWithoutConsent as rule } from '../../../lib/rules/tcf-vendor-without-consent.ts';
import type { RuleInput } from '../../../lib/rules/input.ts';
import {
  NONE,
  SECOND,
  T0,
  consent,
  cookie,
  cookieSubject,
  phase,
  project,
  request,
  requestSubject,
  ruleInput,
  tracker,
  type Projected,
} from './factories.ts';

const ALL = { preferences: true, statistics: true, marketing: true };
const TCF_ACCEPT = consent('accept', ALL, {
  source: 'tcf',
  tcf: { vendorConsents: [755, 793], purposeConsents: [1, 2, 3, 4] },
});
const TCF_ACCEPT_LI = consent('accept', ALL, {
  source: 'tcf',
  tcf: { vendorConsents: [755], vendorLegitimateInterests: [91] },
});
const TCF_REJECT = consent(
  'reject',
  { preferences: false, statistics: false, marketing: false },
  { source: 'tcf', tcf: { vendorConsents: [] } },
);
const criteo = (overrides = {}) =>
  request('https://sslwidget.criteo.com/event?a=1', {
    tracker: tracker('Criteo', 'marketing'),
    tcfVendorId: 91,
    ...overrides,
  });
const accepted = (
  requests: ReturnType<typeof request>[],
  cookies: ReturnType<typeof cookie>[] = [],
) => ruleInput({ phases: [phase('after-accept', { requests, cookies })] });
const firesRequest: Projected[] = [
  { rule: rule.id, phase: 'after-accept', subject: requestSubject('sslwidget.criteo.com') },
];

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: vendor 91 active, consents cover only 755 and 793',
    input: accepted([criteo({ consent: TCF_ACCEPT })]),
    expected: firesRequest,
  },
  {
    name: 'near miss: a consented vendor',
    input: accepted([criteo({ consent: TCF_ACCEPT, tcfVendorId: 755 })]),
    expected: [],
  },
  {
    name: 'near miss: before any choice (tracker-before-consent reports it)',
    input: accepted([criteo({ consent: NONE })]),
    expected: [],
  },
  {
    name: 'near miss: after a reject (tracker-after-reject reports it)',
    input: accepted([criteo({ consent: TCF_REJECT })]),
    expected: [],
  },
  {
    name: 'near miss: a request under the vendor\u2019s legitimate interest',
    input: accepted([criteo({ consent: TCF_ACCEPT_LI })]),
    expected: [],
  },
  {
    name: 'fires: a cookie under the vendor\u2019s legitimate interest (storage always needs consent)',
    input: accepted(
      [],
      [cookie('cto_bundle', { category: 'marketing', tcfVendorId: 91, consent: TCF_ACCEPT_LI })],
    ),
    expected: [{ rule: rule.id, phase: 'after-accept', subject: cookieSubject('cto_bundle') }],
  },
  {
    name: 'near miss: no TCF detail in the consent state',
    input: accepted([criteo({ consent: consent('accept', ALL) })]),
    expected: [],
  },
  {
    name: 'near miss: no vendor id on the request',
    input: accepted([criteo({ consent: TCF_ACCEPT, tcfVendorId: null })]),
    expected: [],
  },
  {
    name: 'one violation: ten hits',
    input: accepted(
      Array.from({ length: 10 }, (_, i) => criteo({ consent: TCF_ACCEPT, time: T0 + i * SECOND })),
    ),
    expected: firesRequest,
  },
  {
    name: 'near miss: allow-listed host',
    input: ruleInput({
      phases: [phase('after-accept', { requests: [criteo({ consent: TCF_ACCEPT })] })],
      settings: { allowList: { hosts: ['criteo.com'] } },
    }),
    expected: [],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence: vendor id, consents and purposes', () => {
    const [v] = rule.evaluate(accepted([criteo({ consent: TCF_ACCEPT })]));
    expect(v?.severity).toBe('high');
    expect(v?.evidence).toMatchObject({
      tcfVendorId: 91,
      tcfVendorConsented: false,
      tcfVendorConsentCount: 2,
      tcfPurposeConsents: [1, 2, 3, 4],
      tracker: { vendor: 'Criteo' },
    });
  });
});
