import type { PhaseName, RuleId, ViolationSubject } from '../../lib/report/types.ts';
import type { RuleInput } from '../../lib/rules/input.ts';

/** A violation as a scenario expects it: what fired, where, about what. Messages are not compared. */
export interface ExpectedViolation {
  rule: RuleId;
  phase: PhaseName;
  subject: ViolationSubject;
}

/**
 * One recorded page load: its phases with observations and consent timeline, its declaration,
 * and exactly the violations the engine must report for it.
 */
export interface Scenario {
  title: string;
  /** What the site does, and why the expected violations follow from it. */
  description: string;
  input: RuleInput;
  expected: ExpectedViolation[];
}

/** Returns `scenario` unchanged; it exists so that scenario files are type-checked against `Scenario`. */
export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}

export const onCookie = (
  rule: RuleId,
  phase: PhaseName,
  name: string,
  domain: string,
): ExpectedViolation => ({
  rule,
  phase,
  subject: { kind: 'cookie', name, domain },
});

export const onRequest = (rule: RuleId, phase: PhaseName, host: string): ExpectedViolation => ({
  rule,
  phase,
  subject: { kind: 'request', host },
});

export const onStorage = (
  rule: RuleId,
  phase: PhaseName,
  key: string,
  origin: string,
): ExpectedViolation => ({
  rule,
  phase,
  subject: { kind: 'storage', key, origin },
});

/** A declared cookie (declared-not-observed) has a name but no observed domain. */
export const onDeclared = (phase: PhaseName, name: string): ExpectedViolation => ({
  rule: 'declared-not-observed',
  phase,
  subject: { kind: 'cookie', name },
});

export const onConsent = (rule: RuleId, phase: PhaseName, name?: string): ExpectedViolation => ({
  rule,
  phase,
  subject: name === undefined ? { kind: 'consent' } : { kind: 'consent', name },
});

export const onBanner = (phase: PhaseName): ExpectedViolation => ({
  rule: 'no-reject-option',
  phase,
  subject: { kind: 'banner' },
});
