import { PHASE_NAMES, SEVERITIES, type Severity, type Violation } from '../report/types.ts';
import { RULES } from './index.ts';
import type { RuleInput } from './input.ts';
import type { Rule } from './rule.ts';
import { subjectKey } from './violation.ts';

function rank<T>(order: readonly T[], value: T): number {
  const i = order.indexOf(value);
  return i === -1 ? order.length : i;
}

/** Plain code-unit comparison: locale-independent, so the order is the same on every machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Severity (high first), then phase in audit order, then rule id, then subject. */
export function compareViolations(a: Violation, b: Violation): number {
  return (
    rank(SEVERITIES, a.severity) - rank(SEVERITIES, b.severity) ||
    rank(PHASE_NAMES, a.phase) - rank(PHASE_NAMES, b.phase) ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(subjectKey(a.subject), subjectKey(b.subject))
  );
}

/**
 * Runs every rule over one audit and returns all violations, sorted by severity, then phase,
 * then rule id, then subject. Pure and deterministic: the input is not modified.
 */
export function evaluate(input: RuleInput, rules: readonly Rule[] = RULES): Violation[] {
  const all: Violation[] = [];
  for (const rule of rules) all.push(...rule.evaluate(input));
  return all.sort(compareViolations);
}

/** The most severe severity among `violations`, or null when there are none (for the badge). */
export function worstSeverity(violations: readonly Violation[]): Severity | null {
  let worst: Severity | null = null;
  for (const v of violations) {
    if (worst === null || rank(SEVERITIES, v.severity) < rank(SEVERITIES, worst))
      worst = v.severity;
  }
  return worst;
}

/** How many violations of each severity, every severity present (zero when none). */
export function countBySeverity(violations: readonly Violation[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const v of violations) counts[v.severity] += 1;
  return counts;
}
