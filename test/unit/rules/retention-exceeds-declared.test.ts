import { describe, expect, test } from 'vitest';
import { retentionExceedsDeclared as rule } from '../../../lib/rules/retention-exceeds-declared.ts';
import type { CookieObservation, RuleInput } from '../../../lib/rules/input.ts';
import type { Duration } from '../../../lib/duration/duration.ts';
import type { RuleSettings } from '../../../lib/rules/settings.ts';
import {
  SESSION,
  SECOND,
  T0,
  cookie,
  cookieSubject,
  declaredCookie,
  duration,
  phase,
  project,
  ruleInput,
  type Projected,
} from './factories.ts';

const FIRES: Projected[] = [
  { rule: rule.id, phase: 'after-accept', subject: cookieSubject('_ga') },
];
const TWO_YEARS = duration('2 år', 730);
const ONE_YEAR = duration('1 år', 365);
const ONE_DAY = duration('1 dag', 1);

/** `_ga` declared with `declared` and observed with the given lifetimes. */
function input(
  declared: Duration | null,
  observed: Partial<CookieObservation>,
  settings: Partial<RuleSettings> = {},
): RuleInput {
  const c = cookie('_ga', { declared: declaredCookie('_ga', { duration: declared }), ...observed });
  return ruleInput({ phases: [phase('after-accept', { cookies: [c] })], settings });
}

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'near miss: "2 år" declared, 730 days observed',
    input: input(TWO_YEARS, { lifetimeDays: 730, requestedLifetimeDays: 730 }),
    expected: [],
  },
  {
    name: 'near miss: "2 år" declared, stored 400 (Chromium cap), requested 730',
    input: input(TWO_YEARS, { lifetimeDays: 400, requestedLifetimeDays: 730 }),
    expected: [],
  },
  {
    name: 'fires: "1 dag" declared, 730 days observed',
    input: input(ONE_DAY, { lifetimeDays: 400, requestedLifetimeDays: 730 }),
    expected: FIRES,
  },
  {
    name: 'near miss: "1 år" declared, 400 stored, requested unknown (within 1.5×)',
    input: input(ONE_YEAR, { lifetimeDays: 400, requestedLifetimeDays: null }),
    expected: [],
  },
  {
    name: 'fires: "1 år" declared, 400 stored but 730 requested (the requested one is used)',
    input: input(ONE_YEAR, { lifetimeDays: 400, requestedLifetimeDays: 730 }),
    expected: FIRES,
  },
  {
    name: 'fires: a persistent cookie declared as a session cookie, however short',
    input: input(SESSION, { lifetimeDays: 0.02, requestedLifetimeDays: 0.02 }),
    expected: FIRES,
  },
  {
    name: 'near miss: a session cookie declared as a session cookie',
    input: input(SESSION, { session: true, lifetimeDays: null }),
    expected: [],
  },
  {
    name: 'near miss: a session cookie declared "1 dag"',
    input: input(ONE_DAY, { session: true, lifetimeDays: null }),
    expected: [],
  },
  {
    name: 'near miss: 1.9 days against "1 dag" (over 1.5× but less than 1 day longer)',
    input: input(ONE_DAY, { lifetimeDays: 1.9, requestedLifetimeDays: 1.9 }),
    expected: [],
  },
  {
    name: 'fires: 2.5 days against "1 dag"',
    input: input(ONE_DAY, { lifetimeDays: 2.5, requestedLifetimeDays: 2.5 }),
    expected: FIRES,
  },
  {
    name: 'near miss: "Persistent" declared (no length to compare)',
    input: input({ text: 'Persistent', session: false, days: null }, { lifetimeDays: 400 }),
    expected: [],
  },
  {
    name: 'near miss: declared without a duration',
    input: input(null, { lifetimeDays: 400 }),
    expected: [],
  },
  {
    name: 'near miss: a tolerance factor of 3 lets 730 pass against "1 år"',
    input: input(
      ONE_YEAR,
      { requestedLifetimeDays: 730 },
      { retentionTolerance: { factor: 3, minDays: 1 } },
    ),
    expected: [],
  },
  {
    name: 'near miss: allow-listed',
    input: input(ONE_DAY, { requestedLifetimeDays: 730 }, { allowList: { cookies: ['_ga'] } }),
    expected: [],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence says which lifetime was used, and the ratio', () => {
    const [v] = rule.evaluate(input(ONE_YEAR, { lifetimeDays: 400, requestedLifetimeDays: 730 }));
    expect(v?.evidence).toMatchObject({
      kind: 'longer-than-declared',
      declaredDays: 365,
      observedDays: 730,
      lifetimeUsed: 'requested',
      requestedLifetimeDays: 730,
      storedLifetimeDays: 400,
      ratio: 2,
      tolerance: { factor: 1.5, minDays: 1 },
    });
  });

  test('evidence flags a stored value at the browser cap when nothing was requested', () => {
    const [v] = rule.evaluate(input(ONE_DAY, { lifetimeDays: 400, requestedLifetimeDays: null }));
    expect(v?.evidence).toMatchObject({ lifetimeUsed: 'stored', possiblyCappedByBrowser: true });
  });

  test('one violation for a cookie refreshed with growing lifetimes, measured at the longest', () => {
    const declared = declaredCookie('_ga', { duration: ONE_DAY });
    const writes = [3, 10, 5].map((d, i) =>
      cookie('_ga', { declared, requestedLifetimeDays: d, lifetimeDays: d, time: T0 + i * SECOND }),
    );
    const violations = rule.evaluate(
      ruleInput({ phases: [phase('after-accept', { cookies: writes })] }),
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]?.evidence).toMatchObject({ observedDays: 10, writes: { count: 3 } });
  });

  test('messages in both languages', () => {
    const en = rule.evaluate(input(ONE_DAY, { requestedLifetimeDays: 730 }))[0]?.message;
    const da = rule.evaluate(input(ONE_DAY, { requestedLifetimeDays: 730 }, { language: 'da' }))[0]
      ?.message;
    expect(en).toBe(
      'Cookie "_ga" is kept for 730 days (as requested by the site) but is declared as "1 dag".',
    );
    expect(da).toBe(
      'Cookien "_ga" gemmes i 730 dage (som webstedet bad om), men er deklareret som "1 dag".',
    );
  });
});
