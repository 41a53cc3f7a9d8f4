import type { ConsentCategory } from '../domain/category.ts';
import type { CategoryConsent } from './state.ts';

/**
 * A fresh category record: `necessary` granted (strictly necessary storage needs no consent),
 * the rest as given or unknown.
 */
export function categoriesOf(partial: Partial<CategoryConsent> = {}): CategoryConsent {
  return {
    necessary: partial.necessary ?? true,
    preferences: partial.preferences ?? null,
    statistics: partial.statistics ?? null,
    marketing: partial.marketing ?? null,
  };
}

/**
 * Folds several signals that fall in one category into one value: granted when any is granted
 * (the visitor allowed at least part of the category), denied when all known ones are denied,
 * unknown when none is known. The per-signal values stay in the reading's detail.
 */
export function anyGranted(values: Iterable<boolean | null | undefined>): boolean | null {
  let seen = false;
  for (const value of values) {
    if (value === true) return true;
    if (value === false) seen = true;
  }
  return seen ? false : null;
}

/**
 * Collects per-item signals into categories with `anyGranted`, given each item's category.
 * Items without a category are ignored here (the caller keeps them in detail).
 */
export function foldCategories(
  items: Iterable<{ category: ConsentCategory | null; granted: boolean | null }>,
  base: Partial<CategoryConsent> = {},
): CategoryConsent {
  const buckets: Record<ConsentCategory, (boolean | null)[]> = {
    necessary: [],
    preferences: [],
    statistics: [],
    marketing: [],
  };
  for (const item of items) {
    if (item.category !== null) buckets[item.category].push(item.granted);
  }
  const fold = (key: ConsentCategory): boolean | null =>
    buckets[key].length > 0 ? anyGranted(buckets[key]) : (base[key] ?? null);
  return {
    // Necessary stays granted unless the source explicitly denies all of it.
    necessary:
      buckets.necessary.length > 0
        ? (anyGranted(buckets.necessary) ?? base.necessary ?? true)
        : (base.necessary ?? true),
    preferences: fold('preferences'),
    statistics: fold('statistics'),
    marketing: fold('marketing'),
  };
}
