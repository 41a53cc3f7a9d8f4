import { describe, expect, test } from 'vitest';
import { consentLifetimeTooLong as rule } from '../../../lib/rules/consent-lifetime-too-long.ts';
import type { ConsentCookieInfo, CookieObservation, RuleInput } from '../../../lib/rules/input.ts';
import type { RuleSettings } from '../../../lib/rules/settings.ts';
import type { Duration } from '../../../lib/duration/duration.ts';
import {
  cookie,
  cookieSubject,
  cookiebotConsentCookie,
  declaredTable,
  duration,
  phase,
  project,
  ruleInput,
  type Projected,
} from './factories.ts';

const FIRES: Projected[] = [
  { rule: rule.id, phase: 'initial', subject: cookieSubject('CookieConsent', 'example.dk') },
];

function input(
  cookies: CookieObservation[],
  options: {
    stated?: Duration;
    settings?: Partial<RuleSettings>;
    consentCookie?: ConsentCookieInfo;
  } = {},
): RuleInput {
  return ruleInput({
    phases: [phase('initial', { cookies })],
    declared: options.stated ? declaredTable([], { consentLifetime: options.stated }) : null,
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.consentCookie ? { consentCookie: options.consentCookie } : {}),
  });
}
const cmp = (requested: number | null, stored: number | null = requested) =>
  cookiebotConsentCookie({ requestedLifetimeDays: requested, lifetimeDays: stored });

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'near miss: Cookiebot consent cookie for 365 days',
    input: input([cmp(365)]),
    expected: [],
  },
  {
    name: 'near miss: 366 days (12 months in a leap year)',
    input: input([cmp(366)]),
    expected: [],
  },
  {
    name: 'fires: requested 730, stored 400 (requested used)',
    input: input([cmp(730, 400)]),
    expected: FIRES,
  },
  { name: 'fires: stored 400, requested unknown', input: input([cmp(null, 400)]), expected: FIRES },
  {
    name: 'fires: the policy states 6 months, the cookie lives 12',
    input: input([cmp(365)], { stated: duration('6 måneder', 182.6) }),
    expected: FIRES,
  },
  {
    name: 'near miss: the policy states 2 years, the cookie lives 2 years',
    input: input([cmp(730)], { stated: duration('2 år', 730) }),
    expected: [],
  },
  {
    name: 'near miss: a non-consent cookie with a long lifetime',
    input: input([cookie('_ga', { requestedLifetimeDays: 730, lifetimeDays: 400 })]),
    expected: [],
  },
  {
    name: 'fires: the cookie named by consentCookie, whatever its classification',
    input: input(
      [
        cookie('cc_cookie', {
          domain: 'example.dk',
          category: 'unclassified',
          requestedLifetimeDays: 4000,
        }),
      ],
      {
        consentCookie: { name: 'cc_cookie', domain: 'example.dk' },
      },
    ),
    expected: [
      { rule: rule.id, phase: 'initial', subject: cookieSubject('cc_cookie', 'example.dk') },
    ],
  },
  {
    name: 'fires: the configured lifetime when the cookie carries none',
    input: input([cmp(null, null)], {
      consentCookie: { name: 'CookieConsent', lifetimeDays: 3650 },
    }),
    expected: FIRES,
  },
  {
    name: 'near miss: a session consent cookie, even with a long configured lifetime',
    input: input(
      [cookiebotConsentCookie({ session: true, lifetimeDays: null, requestedLifetimeDays: null })],
      {
        consentCookie: { name: 'CookieConsent', lifetimeDays: 3650 },
      },
    ),
    expected: [],
  },
  {
    name: 'near miss: no lifetime known at all',
    input: input([cmp(null, null)]),
    expected: [],
  },
  {
    name: 'fires: a stricter configured limit of 180 days',
    input: input([cmp(365)], { settings: { consentLifetimeLimitDays: 180 } }),
    expected: FIRES,
  },
  {
    name: 'one violation: the consent cookie rewritten on every page view',
    input: input([cmp(400), cmp(400), cmp(400)]),
    expected: FIRES,
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence: lifetime used, limit and where it came from', () => {
    const [byDefault] = rule.evaluate(input([cmp(730, 400)]));
    expect(byDefault?.evidence).toMatchObject({
      lifetimeDays: 730,
      lifetimeUsed: 'requested',
      storedLifetimeDays: 400,
      limitDays: 365,
      limitSource: 'default',
      identifiedBy: 'classifiedBy:consent-platform',
    });
    const [byPolicy] = rule.evaluate(input([cmp(365)], { stated: duration('6 måneder', 182.6) }));
    expect(byPolicy?.evidence).toMatchObject({ limitDays: 182.6, limitSource: 'policy' });
    expect(byPolicy?.message).toBe(
      'The consent record "CookieConsent" is kept for 365 days, longer than the 182.6 days the policy states.',
    );
  });
});
