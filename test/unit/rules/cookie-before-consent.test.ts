import { describe, expect, test } from 'vitest';
import { cookieBeforeConsent as rule } from '../../../lib/rules/cookie-before-consent.ts';
import {
  ACCEPTED,
  IMPLICIT_ACCEPT,
  SECOND,
  T0,
  cookie,
  cookieSubject,
  cookiebotConsentCookie,
  phase,
  project,
  ruleInput,
  type Projected,
} from './factories.ts';
import type { RuleInput } from '../../../lib/rules/input.ts';

const fires = (p: Projected['phase'], subject: Projected['subject']): Projected => ({
  rule: rule.id,
  phase: p,
  subject,
});
const initial = (...cookies: ReturnType<typeof cookie>[]) => [phase('initial', { cookies })];

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires: a statistics cookie set before any choice',
    input: ruleInput({ phases: initial(cookie('_ga')) }),
    expected: [fires('initial', cookieSubject('_ga'))],
  },
  {
    name: 'near miss: a necessary cookie before consent',
    input: ruleInput({
      phases: initial(cookie('PHPSESSID', { category: 'necessary', session: true })),
    }),
    expected: [],
  },
  {
    name: 'near miss: Cookiebot CookieConsent set before any choice with a very long expiry',
    input: ruleInput({
      phases: initial(cookiebotConsentCookie({ lifetimeDays: 400, requestedLifetimeDays: 3650 })),
    }),
    expected: [],
  },
  {
    name: 'near miss: the consent cookie named in consentCookie, even if mis-classified',
    input: ruleInput({
      consentCookie: { name: 'OptanonConsent', source: 'onetrust' },
      phases: initial(cookie('OptanonConsent', { category: 'unclassified', classifiedBy: 'none' })),
    }),
    expected: [],
  },
  {
    name: 'near miss: a cookie set after an accept',
    input: ruleInput({ phases: initial(cookie('_ga', { consent: ACCEPTED })) }),
    expected: [],
  },
  {
    name: 'fires: a cookie set under a decision the platform recorded without interaction',
    input: ruleInput({
      phases: initial(cookie('_fbp', { category: 'marketing', consent: IMPLICIT_ACCEPT })),
    }),
    expected: [fires('initial', cookieSubject('_fbp'))],
  },
  {
    name: 'one violation: a cookie refreshed by every page view',
    input: ruleInput({
      phases: initial(...[0, 1, 2, 3, 4].map((i) => cookie('_ga', { time: T0 + i * 10 * SECOND }))),
    }),
    expected: [fires('initial', cookieSubject('_ga'))],
  },
  {
    name: 'two violations: the same name on two domains',
    input: ruleInput({
      phases: initial(cookie('_ga'), cookie('_ga', { domain: '.shop.example.dk' })),
    }),
    expected: [
      fires('initial', cookieSubject('_ga')),
      fires('initial', cookieSubject('_ga', '.shop.example.dk')),
    ],
  },
  {
    name: 'one per phase: the same cookie in two phases',
    input: ruleInput({
      phases: [
        phase('initial', { cookies: [cookie('_ga')] }),
        phase('after-reject', { cookies: [cookie('_ga')] }),
      ],
    }),
    expected: [fires('after-reject', cookieSubject('_ga')), fires('initial', cookieSubject('_ga'))],
  },
  {
    name: 'near miss: an allow-listed cookie (exact name)',
    input: ruleInput({
      phases: initial(cookie('_ga')),
      settings: { allowList: { cookies: ['_ga'] } },
    }),
    expected: [],
  },
  {
    name: 'near miss: an allow-listed cookie (prefix)',
    input: ruleInput({
      phases: initial(cookie('_pk_id.1.abcd')),
      settings: { allowList: { cookies: ['_pk_*'] } },
    }),
    expected: [],
  },
  {
    name: 'fires: an unclassified cookie with unclassifiedIsNonNecessary on',
    input: ruleInput({
      phases: initial(cookie('xyz_uid', { category: 'unclassified', classifiedBy: 'none' })),
      settings: { unclassifiedIsNonNecessary: true },
    }),
    expected: [fires('initial', cookieSubject('xyz_uid'))],
  },
  {
    name: 'fires: an unclassified third-party cookie by default (the party is the evidence)',
    input: ruleInput({
      phases: initial(
        cookie('chat_uid', {
          category: 'unclassified',
          classifiedBy: 'none',
          party: 'third',
          domain: 'widget.chat.example',
        }),
      ),
    }),
    expected: [
      fires('initial', { kind: 'cookie', name: 'chat_uid', domain: 'widget.chat.example' }),
    ],
  },
  {
    name: 'near miss: an unclassified first-party cookie by default (a session id, say)',
    input: ruleInput({
      phases: initial(
        cookie('session_id', { category: 'unclassified', classifiedBy: 'none', party: 'first' }),
      ),
    }),
    expected: [],
  },
  {
    name: 'near miss: an unclassified cookie with the setting off',
    input: ruleInput({
      phases: initial(cookie('xyz_uid', { category: 'unclassified', classifiedBy: 'none' })),
      settings: { unclassifiedIsNonNecessary: false },
    }),
    expected: [],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence: count of writes, ISO times, knowledge and consent in force', () => {
    const writes = [0, 1, 2].map((i) =>
      cookie('_ga', { time: T0 + i * SECOND, vendor: 'Google Analytics' }),
    );
    const [v] = rule.evaluate(ruleInput({ phases: initial(...writes) }));
    expect(v?.severity).toBe('high');
    expect(v?.evidence).toMatchObject({
      setAt: '2026-11-20T10:00:00.000Z',
      writes: { count: 3, firstAt: '2026-11-20T10:00:00.000Z', lastAt: '2026-11-20T10:00:02.000Z' },
      knowledge: {
        category: 'statistics',
        vendor: 'Google Analytics',
        classifiedBy: 'open-cookie-database',
      },
      consentInForce: { decision: 'none', interaction: false },
      categoryBasis: 'classified-non-necessary',
    });
  });

  test('evidence says when an unclassified cookie was counted', () => {
    const [v] = rule.evaluate(
      ruleInput({ phases: initial(cookie('xyz', { category: 'unclassified', party: 'third' })) }),
    );
    expect(v?.evidence['categoryBasis']).toBe('unclassified-counted-as-non-necessary');
  });

  test('evidence notes a decision recorded without interaction', () => {
    const [v] = rule.evaluate(
      ruleInput({ phases: initial(cookie('_ga', { consent: IMPLICIT_ACCEPT })) }),
    );
    expect(v?.evidence['consentNote']).toMatch(/without any interaction/);
  });

  test('message follows settings.language', () => {
    const input = (language: 'en' | 'da') =>
      ruleInput({ phases: initial(cookie('_ga')), settings: { language } });
    expect(rule.evaluate(input('en'))[0]?.message).toBe(
      'Cookie "_ga" (statistics) was set on .example.dk before the visitor made a consent choice.',
    );
    expect(rule.evaluate(input('da'))[0]?.message).toBe(
      'Cookien "_ga" (statistik) blev sat på .example.dk, før den besøgende havde truffet et valg om samtykke.',
    );
  });
});
