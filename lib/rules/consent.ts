import { NO_CONSENT } from '../consent/state.ts';
import type { Category } from '../domain/category.ts';
import type { ConsentInForce, PhaseInput } from './input.ts';

/**
 * Whether `state` is a choice the visitor made: a decision recorded after an interaction.
 * A decision the platform records on its own (implicit consent) is not one.
 */
export function isVisitorDecision(state: ConsentInForce): boolean {
  return state.decision !== 'none' && state.interaction;
}

/** Evidence note when a decision is in force that the visitor did not make. */
export const IMPLICIT_DECISION_NOTE =
  'decision recorded without any interaction: not a choice by the visitor';

/** How a state came to deny a category; null when it does not deny it. */
export type Refusal = 'reject-all' | 'custom-denied-category';

/** Evidence note when a custom choice, not a reject, refused the category. */
export const CUSTOM_REFUSAL_NOTE =
  'a custom choice that denied this category is treated as a rejection of it';

/**
 * Whether `state` refuses `category`. A reject refuses every non-necessary category, whatever
 * the platform wrote per category. A custom choice refuses a category it set to false; an
 * unclassified item under a custom choice is refused only when the choice granted no
 * non-necessary category at all (otherwise it may belong to a granted one).
 */
export function refusalOf(state: ConsentInForce, category: Category): Refusal | null {
  if (category === 'necessary') return null;
  if (state.decision === 'reject') return 'reject-all';
  if (state.decision !== 'custom') return null;
  const c = state.categories;
  if (category === 'unclassified') {
    const anyGranted = c.preferences === true || c.statistics === true || c.marketing === true;
    return anyGranted ? null : 'custom-denied-category';
  }
  return c[category] === false ? 'custom-denied-category' : null;
}

/** The state in force at `time` in `phase` (entries are applied in time order; ties: the later entry wins). */
export function consentAt(phase: PhaseInput, time: number): ConsentInForce {
  let current: ConsentInForce = NO_CONSENT;
  let currentTime = -Infinity;
  for (const entry of phase.consent) {
    if (entry.time <= time && entry.time >= currentTime) {
      current = entry.state;
      currentTime = entry.time;
    }
  }
  return current;
}

/** The state in force at the end of `phase`. */
export function finalConsent(phase: PhaseInput): ConsentInForce {
  return consentAt(phase, Infinity);
}

/** A plain copy of a state for evidence (the frozen constants and TCF detail left out). */
export function consentEvidence(state: ConsentInForce): Record<string, unknown> {
  return {
    source: state.source,
    decision: state.decision,
    categories: { ...state.categories },
    interaction: state.interaction,
  };
}

/**
 * Whether the visitor's own decision grants `category`: an accept, or a custom choice that set it
 * to true (for an unclassified item: that granted some non-necessary category). Necessary is
 * always granted. Used where an affirmative choice overrides a standing signal such as GPC.
 */
export function isGrantedByVisitor(state: ConsentInForce, category: Category): boolean {
  if (category === 'necessary') return true;
  if (!isVisitorDecision(state) || refusalOf(state, category) !== null) return false;
  if (state.decision === 'accept') return true;
  if (state.decision !== 'custom') return false;
  return category === 'unclassified' ? true : state.categories[category] === true;
}

/** The non-necessary categories `state` grants. */
export function grantedCategories(state: ConsentInForce): ConsentCategoryGranted[] {
  const out: ConsentCategoryGranted[] = [];
  for (const category of ['preferences', 'statistics', 'marketing'] as const) {
    if (state.categories[category] === true) out.push(category);
  }
  return out;
}

/** A non-necessary category a visitor can grant. */
export type ConsentCategoryGranted = 'preferences' | 'statistics' | 'marketing';
