import type { RuleId } from '../report/types.ts';
import { categoryMismatch } from './category-mismatch.ts';
import { choiceNotRecorded } from './choice-not-recorded.ts';
import { consentLifetimeTooLong } from './consent-lifetime-too-long.ts';
import { cookieAfterReject } from './cookie-after-reject.ts';
import { cookieBeforeConsent } from './cookie-before-consent.ts';
import { declaredNotObserved } from './declared-not-observed.ts';
import { gpcIgnored } from './gpc-ignored.ts';
import { implicitConsent } from './implicit-consent.ts';
import { noRejectOption } from './no-reject-option.ts';
import { partyMismatch } from './party-mismatch.ts';
import { retentionExceedsDeclared } from './retention-exceeds-declared.ts';
import type { Rule } from './rule.ts';
import { storageBeforeConsent } from './storage-before-consent.ts';
import { tcfVendorWithoutConsent } from './tcf-vendor-without-consent.ts';
import { trackerAfterReject } from './tracker-after-reject.ts';
import { trackerBeforeConsent } from './tracker-before-consent.ts';
import { undeclaredCookie } from './undeclared-cookie.ts';

/**
 * Every rule, keyed by id. The `Record<RuleId, Rule>` type makes adding an id to the report's
 * `RuleId` union without a rule (or the reverse) a compile error.
 */
export const RULES_BY_ID: Readonly<Record<RuleId, Rule>> = {
  'cookie-before-consent': cookieBeforeConsent,
  'cookie-after-reject': cookieAfterReject,
  'tracker-before-consent': trackerBeforeConsent,
  'tracker-after-reject': trackerAfterReject,
  'storage-before-consent': storageBeforeConsent,
  'implicit-consent': implicitConsent,
  'undeclared-cookie': undeclaredCookie,
  'category-mismatch': categoryMismatch,
  'retention-exceeds-declared': retentionExceedsDeclared,
  'party-mismatch': partyMismatch,
  'consent-lifetime-too-long': consentLifetimeTooLong,
  'no-reject-option': noRejectOption,
  'gpc-ignored': gpcIgnored,
  'declared-not-observed': declaredNotObserved,
  'tcf-vendor-without-consent': tcfVendorWithoutConsent,
  'choice-not-recorded': choiceNotRecorded,
};

/** Every rule, in the contract's table order. */
export const RULES: readonly Rule[] = Object.values(RULES_BY_ID);

export type { Rule, RuleMeta, Localized } from './rule.ts';
export type * from './input.ts';
export {
  DEFAULT_RULE_SETTINGS,
  ruleSettings,
  type Language,
  type RuleSettings,
} from './settings.ts';
