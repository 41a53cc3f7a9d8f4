import type { PhaseName, Violation, ViolationSubject } from '../report/types.ts';
import type { RuleMeta } from './rule.ts';

/** A violation of `rule`, with the rule's fixed id and severity. */
export function makeViolation(
  rule: RuleMeta,
  phase: PhaseName,
  subject: ViolationSubject,
  message: string,
  evidence: Record<string, unknown>,
): Violation {
  return { rule: rule.id, severity: rule.severity, phase, subject, message, evidence };
}

/** A stable string for a subject, used to order and compare violations. */
export function subjectKey(subject: ViolationSubject): string {
  return [
    subject.kind,
    subject.name ?? '',
    subject.domain ?? '',
    subject.host ?? '',
    subject.key ?? '',
    subject.origin ?? '',
  ].join('\u0000');
}
