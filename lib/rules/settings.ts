/** Language of violation messages. */
export type Language = 'en' | 'da';

/** Knobs an auditor can turn per site. Every field has a default in `DEFAULT_RULE_SETTINGS`. */
export interface RuleSettings {
  /**
   * `retention-exceeds-declared` fires when observed > declared × `factor` AND
   * observed − declared ≥ `minDays`. Both conditions, so that a 1-day cookie living 2 days
   * and a 2-year cookie living 2 years and 1 day are both quiet. A persistent cookie declared
   * as a session cookie always fires.
   */
  retentionTolerance: { factor: number; minDays: number };
  /**
   * The longest a consent record may live when the policy states no period, in days
   * (365 = 12 months). A period the policy states (`declared.consentLifetime`) replaces it.
   */
  consentLifetimeLimitDays: number;
  /**
   * Whether `unclassified` cookies, storage keys and tracker hosts count as non-necessary in the
   * consent rules. `'with-evidence'` (default), as the report contract puts it, "when the rule's
   * evidence is otherwise clear": a third party's cookie or storage key, or a request host on a
   * tracking list — not a first-party cookie nothing is known about, such as a session id.
   * `true` counts every unclassified item (the exemption covers only what is strictly necessary,
   * and the site must show it applies); `false` counts none. Each violation says in
   * `evidence.categoryBasis` when an unclassified item was counted.
   */
  unclassifiedIsNonNecessary: boolean | 'with-evidence';
  /**
   * Subjects the auditor accepted for this site; no rule reports them. `cookies`: exact names,
   * or a prefix ending in `*`. `hosts`: a host and its subdomains. `storage`: exact keys, or a
   * prefix ending in `*`.
   */
  allowList: {
    cookies?: readonly string[];
    hosts?: readonly string[];
    storage?: readonly string[];
  };
  /** Language of `message` in every violation. */
  language: Language;
}

export const DEFAULT_RULE_SETTINGS: Readonly<RuleSettings> = Object.freeze({
  retentionTolerance: Object.freeze({ factor: 1.5, minDays: 1 }),
  consentLifetimeLimitDays: 365,
  unclassifiedIsNonNecessary: 'with-evidence',
  allowList: Object.freeze({}),
  language: 'en',
}) as Readonly<RuleSettings>;

/**
 * The defaults with `overrides` applied; `retentionTolerance` and `allowList` merge field by field.
 * Invalid numbers (negative, NaN) fall back to the default so that a bad options page cannot
 * silence a rule.
 */
export function ruleSettings(overrides: Partial<RuleSettings> = {}): RuleSettings {
  const d = DEFAULT_RULE_SETTINGS;
  const tolerance = { ...d.retentionTolerance, ...overrides.retentionTolerance };
  return {
    retentionTolerance: {
      factor: validNumber(tolerance.factor, d.retentionTolerance.factor, 1),
      minDays: validNumber(tolerance.minDays, d.retentionTolerance.minDays, 0),
    },
    consentLifetimeLimitDays: validNumber(
      overrides.consentLifetimeLimitDays,
      d.consentLifetimeLimitDays,
      0,
    ),
    unclassifiedIsNonNecessary:
      overrides.unclassifiedIsNonNecessary ?? d.unclassifiedIsNonNecessary,
    allowList: { ...d.allowList, ...overrides.allowList },
    language: overrides.language === 'da' ? 'da' : overrides.language === 'en' ? 'en' : d.language,
  };
}

function validNumber(value: number | undefined, fallback: number, min: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
}
