/** The purpose categories every consent platform uses, plus one for what nothing knows. */
export const CATEGORIES = [
  'necessary',
  'preferences',
  'statistics',
  'marketing',
  'unclassified',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The four categories a visitor can grant or deny (`unclassified` is never asked about). */
export const CONSENT_CATEGORIES = ['necessary', 'preferences', 'statistics', 'marketing'] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
