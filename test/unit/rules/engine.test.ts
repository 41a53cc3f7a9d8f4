import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { countBySeverity, evaluate, worstSeverity } from '../../../lib/rules/engine.ts';
import { RULES, RULES_BY_ID } from '../../../lib/rules/index.ts';
import type {
  CookieObservation,
  PhaseInput,
  RequestObservation,
} from '../../../lib/rules/input.ts';
import { subjectKey } from '../../../lib/rules/violation.ts';
import { SEVERITIES, PHASE_NAMES, type Violation } from '../../../lib/report/types.ts';
import type { Category } from '../../../lib/domain/category.ts';
import { CATEGORIES } from '../../../lib/domain/category.ts';
import {
  ACCEPTED,
  IMPLICIT_ACCEPT,
  NONE,
  REJECTED,
  SECOND,
  T0,
  cookie,
  declaredCookie,
  declaredTable,
  duration,
  gaHit,
  phase,
  project,
  ruleInput,
  storageItem,
} from './factories.ts';

const ALL_RULE_IDS = [
  'cookie-before-consent',
  'cookie-after-reject',
  'tracker-before-consent',
  'tracker-after-reject',
  'storage-before-consent',
  'implicit-consent',
  'undeclared-cookie',
  'category-mismatch',
  'retention-exceeds-declared',
  'party-mismatch',
  'consent-lifetime-too-long',
  'no-reject-option',
  'gpc-ignored',
  'declared-not-observed',
  'tcf-vendor-without-consent',
  'choice-not-recorded',
];

/** Severities as the report contract's table fixes them. */
const CONTRACT_SEVERITY: Record<string, string> = {
  'cookie-before-consent': 'high',
  'cookie-after-reject': 'high',
  'tracker-before-consent': 'high',
  'tracker-after-reject': 'high',
  'storage-before-consent': 'medium',
  'implicit-consent': 'high',
  'undeclared-cookie': 'medium',
  'category-mismatch': 'medium',
  'retention-exceeds-declared': 'medium',
  'party-mismatch': 'low',
  'consent-lifetime-too-long': 'low',
  'no-reject-option': 'medium',
  'gpc-ignored': 'medium',
  'declared-not-observed': 'info',
  'tcf-vendor-without-consent': 'high',
  'choice-not-recorded': 'medium',
};

/** A busy audit that trips rules of every severity in several phases. */
function busyInput() {
  const declared = declaredTable([
    declaredCookie('_ga', {
      category: 'necessary',
      party: 'third',
      duration: duration('1 dag', 1),
    }),
    declaredCookie('gone', { category: 'necessary' }),
  ]);
  const ga = (o: Partial<CookieObservation>) =>
    cookie('_ga', { declared: declared.cookies[0] ?? null, requestedLifetimeDays: 730, ...o });
  return ruleInput({
    declared,
    phases: [
      phase('initial', {
        cookies: [ga({}), cookie('_fbp', { category: 'marketing' })],
        requests: [gaHit()],
        storage: [storageItem('_hjid')],
        banner: { acceptOnFirstLayer: true, rejectOnFirstLayer: false },
      }),
      phase('after-reject', {
        consent: [{ time: T0, state: REJECTED }],
        cookies: [ga({ consent: REJECTED })],
        requests: [gaHit({ consent: REJECTED })],
      }),
      phase('after-accept', {
        consent: [{ time: T0, state: ACCEPTED }],
        cookies: [ga({ consent: ACCEPTED })],
        requests: [gaHit({ consent: ACCEPTED })],
      }),
    ],
  });
}

describe('registry', () => {
  test('every RuleId has exactly one rule, with the contract\u2019s severity', () => {
    expect(Object.keys(RULES_BY_ID).sort()).toEqual([...ALL_RULE_IDS].sort());
    for (const [id, rule] of Object.entries(RULES_BY_ID)) {
      expect(rule.id).toBe(id);
      expect(rule.severity).toBe(CONTRACT_SEVERITY[id]);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  test.each(RULES.map((r) => [r.id, r] as const))(
    '%s has English and Danish texts that differ',
    (_id, rule) => {
      for (const text of [rule.explain, rule.legal, rule.remediation]) {
        expect(text.en.length).toBeGreaterThan(40);
        expect(text.da.length).toBeGreaterThan(40);
        expect(text.da).not.toBe(text.en);
      }
    },
  );

  test('every rule cites a precise source', () => {
    for (const rule of RULES) {
      expect(rule.legal.en).toMatch(/art\. \d|C-\d+\/\d+|§ \d/);
      expect(rule.legal.da).toMatch(/art\. \d|C-\d+\/\d+|§ \d/);
    }
  });
});

describe('evaluate', () => {
  test('sorted by severity, then phase, then rule id', () => {
    const violations = evaluate(busyInput());
    expect(violations.length).toBeGreaterThan(5);
    const keys = violations.map(
      (v) => [SEVERITIES.indexOf(v.severity), PHASE_NAMES.indexOf(v.phase), v.rule] as const,
    );
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1], keys[i]];
      if (!a || !b) continue;
      const ordered =
        a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2])));
      expect(ordered, `${a.join('/')} before ${b.join('/')}`).toBe(true);
    }
    expect(new Set(violations.map((v) => v.severity))).toEqual(
      new Set(['high', 'medium', 'low', 'info']),
    );
  });

  test('every violation carries its rule\u2019s severity and a one-sentence message', () => {
    for (const language of ['en', 'da'] as const) {
      const input = { ...busyInput(), settings: { ...busyInput().settings, language } };
      for (const v of evaluate(input)) {
        expect(v.severity).toBe(RULES_BY_ID[v.rule].severity);
        expect(v.message).toMatch(/^[^\n]+\.$/);
      }
    }
  });

  test('the language changes messages only', () => {
    const en = evaluate(busyInput());
    const da = evaluate({ ...busyInput(), settings: { ...busyInput().settings, language: 'da' } });
    expect(project(da)).toEqual(project(en));
    expect(da.map((v) => v.message)).not.toEqual(en.map((v) => v.message));
  });

  test('pure: a deeply frozen input is accepted and gives the same result twice', () => {
    const input = busyInput();
    const freeze = (o: unknown): void => {
      if (o && typeof o === 'object' && !Object.isFrozen(o)) {
        Object.freeze(o);
        for (const value of Object.values(o)) freeze(value);
      }
    };
    const before = JSON.stringify(input);
    freeze(input);
    const a = evaluate(input);
    const b = evaluate(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(b).toEqual(a);
  });

  test('an empty audit has no violations', () => {
    expect(evaluate(ruleInput())).toEqual([]);
    expect(evaluate(ruleInput({ phases: [phase('initial')] }))).toEqual([]);
  });

  test('the rule list can be narrowed', () => {
    const only = evaluate(busyInput(), [RULES_BY_ID['no-reject-option']]);
    expect(only.map((v) => v.rule)).toEqual(['no-reject-option']);
  });
});

describe('worstSeverity and countBySeverity', () => {
  const v = (severity: Violation['severity']): Violation => ({
    rule: 'party-mismatch',
    severity,
    phase: 'initial',
    subject: { kind: 'banner' },
    message: '',
    evidence: {},
  });
  test.each([
    { list: [], worst: null },
    { list: [v('info')], worst: 'info' },
    { list: [v('low'), v('info'), v('medium')], worst: 'medium' },
    { list: [v('info'), v('high'), v('low')], worst: 'high' },
  ])('worst of $list.length → $worst', ({ list, worst }) => {
    expect(worstSeverity(list)).toBe(worst);
  });
  test('counts every severity, zero included', () => {
    expect(countBySeverity([v('high'), v('high'), v('info')])).toEqual({
      high: 2,
      medium: 0,
      low: 0,
      info: 1,
    });
    expect(countBySeverity([])).toEqual({ high: 0, medium: 0, low: 0, info: 0 });
  });
});

describe('properties', () => {
  const category = fc.constantFrom<Category>(...CATEGORIES);
  const state = fc.constantFrom(NONE, ACCEPTED, REJECTED, IMPLICIT_ACCEPT);
  const cookieArb = fc
    .record({
      name: fc.constantFrom('_ga', '_gid', '_fbp', 'CookieConsent', 'x'),
      domain: fc.constantFrom('.example.dk', '.facebook.com'),
      category,
      consent: state,
      offset: fc.nat(60),
      carriedOver: fc.boolean(),
      lifetime: fc.option(fc.integer({ min: 1, max: 900 }), { nil: null }),
    })
    .map((c): CookieObservation =>
      cookie(c.name, {
        domain: c.domain,
        category: c.category,
        consent: c.consent,
        time: T0 + c.offset * SECOND,
        carriedOver: c.carriedOver,
        requestedLifetimeDays: c.lifetime,
        declared:
          c.name === '_ga'
            ? declaredCookie('_ga', { duration: duration('1 dag', 1), category: 'necessary' })
            : null,
        classifiedBy: c.name === 'CookieConsent' ? 'consent-platform' : 'open-cookie-database',
      }),
    );
  const requestArb = fc
    .record({ consent: state, offset: fc.nat(60) })
    .map((r): RequestObservation => gaHit({ consent: r.consent, time: T0 + r.offset * SECOND }));
  const phaseArb = fc
    .record({
      name: fc.constantFrom(...PHASE_NAMES),
      cookies: fc.array(cookieArb, { maxLength: 12 }),
      requests: fc.array(requestArb, { maxLength: 8 }),
      gpcSent: fc.boolean(),
      end: state,
    })
    .map((p): PhaseInput =>
      phase(p.name, {
        cookies: p.cookies,
        requests: p.requests,
        gpcSent: p.gpcSent,
        consent: [{ time: T0, state: p.end }],
      }),
    );
  const inputArb = fc
    .uniqueArray(phaseArb, { maxLength: 3, selector: (p) => p.name })
    .map((phases) =>
      ruleInput({
        phases,
        declared: declaredTable([declaredCookie('_ga'), declaredCookie('old')]),
      }),
    );

  test('never two violations of one rule for one subject in one phase', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const keys = evaluate(input).map((v) => `${v.rule}|${v.phase}|${subjectKey(v.subject)}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  test('the order of observations within a phase does not change which violations are found', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const shuffle = <T>(list: readonly T[]): T[] => {
          const out = [...list];
          let s = seed >>> 0;
          for (let i = out.length - 1; i > 0; i--) {
            s = (s * 1664525 + 1013904223) >>> 0;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j] as T, out[i] as T];
          }
          return out;
        };
        const shuffled = {
          ...input,
          phases: input.phases.map((p) => ({
            ...p,
            cookies: shuffle(p.cookies),
            requests: shuffle(p.requests),
          })),
        };
        expect(project(evaluate(shuffled))).toEqual(project(evaluate(input)));
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  test('the consent platform\u2019s own cookie never fires a before-consent or after-reject rule', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const v of evaluate(input)) {
          if (['cookie-before-consent', 'cookie-after-reject'].includes(v.rule)) {
            expect(v.subject.name).not.toBe('CookieConsent');
          }
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
