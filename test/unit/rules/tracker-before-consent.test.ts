import { describe, expect, test } from 'vitest';
import { trackerBeforeConsent as rule } from '../../../lib/rules/tracker-before-consent.ts';
import type { RuleInput } from '../../../lib/rules/input.ts';
import {
  ACCEPTED,
  SECOND,
  T0,
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
  phase: 'initial',
  subject: requestSubject(host),
});
const initial = (...requests: ReturnType<typeof request>[]) => [phase('initial', { requests })];
const fbPixel = (overrides = {}) =>
  request('https://www.facebook.com/tr/?id=123&ev=PageView', {
    type: 'image',
    tracker: tracker('Facebook', 'marketing'),
    ...overrides,
  });

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: an analytics hit before any choice',
    input: ruleInput({ phases: initial(gaHit()) }),
    expected: [fires('www.google-analytics.com')],
  },
  {
    name: 'near miss: a tracker request after an accept',
    input: ruleInput({ phases: initial(gaHit({ consent: ACCEPTED })) }),
    expected: [],
  },
  {
    name: 'near miss: a request to a host that is not a tracker',
    input: ruleInput({
      phases: initial(request('https://cdn.jsdelivr.net/npm/x.js', { type: 'script' })),
    }),
    expected: [],
  },
  {
    name: 'near miss: a tracker known as necessary',
    input: ruleInput({
      phases: initial(
        request('https://auth.example-sso.com/ping', { tracker: tracker('SSO', 'necessary') }),
      ),
    }),
    expected: [],
  },
  {
    name: 'one violation: a tracker hit 50 times',
    input: ruleInput({
      phases: initial(...Array.from({ length: 50 }, (_, i) => gaHit({ time: T0 + i * SECOND }))),
    }),
    expected: [fires('www.google-analytics.com')],
  },
  {
    name: 'two violations: two tracking hosts',
    input: ruleInput({ phases: initial(gaHit(), fbPixel()) }),
    expected: [fires('www.facebook.com'), fires('www.google-analytics.com')],
  },
  {
    name: 'near miss: an allow-listed host (a parent domain)',
    input: ruleInput({
      phases: initial(gaHit()),
      settings: { allowList: { hosts: ['google-analytics.com'] } },
    }),
    expected: [],
  },
  {
    name: 'fires: an unclassified tracker with the setting on',
    input: ruleInput({
      phases: initial(
        request('https://t.unknown-tracker.io/p.gif', { tracker: tracker(null, 'unclassified') }),
      ),
    }),
    expected: [fires('t.unknown-tracker.io')],
  },
  {
    name: 'near miss: an unclassified tracker with the setting off',
    input: ruleInput({
      phases: initial(
        request('https://t.unknown-tracker.io/p.gif', { tracker: tracker(null, 'unclassified') }),
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

  test('evidence: count, span, sample URLs and the tracker entry', () => {
    const hits = Array.from({ length: 50 }, (_, i) => gaHit({ time: T0 + i * SECOND }));
    const [v] = rule.evaluate(ruleInput({ phases: initial(...hits) }));
    expect(v?.evidence).toMatchObject({
      sentAt: '2026-11-20T10:00:00.000Z',
      requests: { count: 50, lastAt: '2026-11-20T10:00:49.000Z' },
      urls: ['https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123'],
      tracker: { vendor: 'Google Analytics', category: 'statistics', source: 'easyprivacy' },
      consentInForce: { decision: 'none' },
    });
  });

  test('evidence carries the TCF vendor id when known', () => {
    const [v] = rule.evaluate(ruleInput({ phases: initial(fbPixel({ tcfVendorId: 999 })) }));
    expect(v?.evidence).toMatchObject({ tcfVendorId: 999, tcfVendorConsented: null });
  });
});
