import type { RuleId, Severity, Violation } from '../report/types.ts';
import type { RuleInput } from './input.ts';
import type { Language } from './settings.ts';

/** A text in every language messages are written in. */
export type Localized = Readonly<Record<Language, string>>;

/** One compliance rule: a stable id, its texts, and a pure function from the audit to violations. */
export interface Rule {
  readonly id: RuleId;
  readonly severity: Severity;
  /** What the rule checks and why it matters, for the report and the popup. */
  readonly explain: Localized;
  /** The provisions and rulings the rule rests on, cited precisely. */
  readonly legal: Localized;
  /** What the site should change. */
  readonly remediation: Localized;
  /** Pure: the same input always yields the same violations, in the same order. */
  evaluate(input: RuleInput): Violation[];
}

/** A rule's fixed identity, which every violation it reports carries. */
export type RuleMeta = Pick<Rule, 'id' | 'severity'>;
