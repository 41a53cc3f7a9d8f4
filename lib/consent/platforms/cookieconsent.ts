import { categoriesOf } from '../categories.ts';
import { MAX_COOKIE_VALUE, unknown } from '../safe-input.ts';
import type { DecodeResult } from '../state.ts';

/** Osano's open-source banner library `cookieconsent` (v3, the "Insites" banner). */
export const SOURCE = 'cookieconsent';
export const COOKIE_NAME = 'cookieconsent_status';

/**
 * Decodes `cookieconsent_status`: `allow`, `deny`, or `dismiss`. The library has no categories,
 * so allow and deny cover everything; `dismiss` closes an informational banner (or the banner
 * without an answer), which is an interaction but no decision.
 */
export function decode(value: string): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_COOKIE_VALUE) return unknown(SOURCE, 'value too long');
  const status = value.trim().toLowerCase();
  const via = `cookie:${COOKIE_NAME}`;
  if (status === 'allow' || status === 'deny') {
    const granted = status === 'allow';
    return {
      source: SOURCE,
      via,
      decision: granted ? 'accept' : 'reject',
      categories: categoriesOf({ preferences: granted, statistics: granted, marketing: granted }),
      explicit: true,
      detail: { status },
    };
  }
  if (status === 'dismiss') {
    return {
      source: SOURCE,
      via,
      decision: 'none',
      categories: categoriesOf(),
      explicit: true,
      detail: { status },
    };
  }
  return unknown(SOURCE, 'not allow, deny or dismiss');
}
