import type { CategoryConsent, ConsentDecision } from './state.ts';

/** The categories a visitor can refuse; `necessary` never counts towards a decision. */
const CHOOSABLE = ['preferences', 'statistics', 'marketing'] as const;

/**
 * The decision the categories express: every known non-necessary category granted → `accept`,
 * every known one denied → `reject`, a mix → `custom`, none known → `none`. Unknown (null)
 * categories are left out, because many platforms only ask about the categories a site uses.
 */
export function decisionOf(categories: CategoryConsent): ConsentDecision {
  let granted = 0;
  let denied = 0;
  for (const key of CHOOSABLE) {
    const value = categories[key];
    if (value === true) granted++;
    else if (value === false) denied++;
  }
  if (granted === 0 && denied === 0) return 'none';
  if (denied === 0) return 'accept';
  if (granted === 0) return 'reject';
  return 'custom';
}

/**
 * The decision a decoder reports. When the platform records that nobody acted yet
 * (`explicit === false`) its default denials are not a rejection, so the answer is `none`;
 * defaults that grant something are reported as what they are (implied consent).
 */
export function readingDecision(
  categories: CategoryConsent,
  explicit: boolean | null,
): ConsentDecision {
  const decision = decisionOf(categories);
  if (explicit === false && decision === 'reject') return 'none';
  return decision;
}
