import type { Category } from '../domain/category.ts';
import type { RuleSettings } from './settings.ts';

/** Why an item counted as non-necessary; goes into `evidence.categoryBasis`. */
export type CategoryBasis = 'classified-non-necessary' | 'unclassified-counted-as-non-necessary';

/**
 * Whether an item of `category` counts as non-necessary for the consent rules, and on what
 * basis; null when it does not count (necessary, or unclassified with the setting off).
 */
export function nonNecessaryBasis(
  category: Category,
  settings: RuleSettings,
  otherEvidence: UnclassifiedEvidence | null = null,
): CategoryBasis | null {
  if (category === 'necessary') return null;
  if (category === 'unclassified') {
    const counted =
      settings.unclassifiedIsNonNecessary === 'with-evidence'
        ? otherEvidence !== null
        : settings.unclassifiedIsNonNecessary;
    return counted ? 'unclassified-counted-as-non-necessary' : null;
  }
  return 'classified-non-necessary';
}

/**
 * What, besides its unknown category, suggests an unclassified item is not strictly necessary:
 * a third party storing it, or a request host on a tracking list.
 */
export type UnclassifiedEvidence = 'third-party' | 'tracking-list';

/** The evidence an item's party gives: a third party's cookie or storage key. */
export function partyEvidence(party: string): UnclassifiedEvidence | null {
  return party === 'third' ? 'third-party' : null;
}

/** How much consent a category demands: a lower rank is laxer. `unclassified` has no rank. */
const RANK: Readonly<Record<Exclude<Category, 'unclassified'>, number>> = {
  necessary: 0,
  preferences: 1,
  statistics: 2,
  marketing: 3,
};

/** The category's strictness rank, or null for `unclassified` (it cannot be compared). */
export function categoryRank(category: Category): number | null {
  return category === 'unclassified' ? null : RANK[category];
}
