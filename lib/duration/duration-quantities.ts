/**
 * Reads "number + unit" quantities out of duration tokens and groups them into terms: a
 * compound ("1 year 1 month 4 days") is one term whose parts are summed, and a range or an
 * alternative ("30 seconds till 1 year", "1-2 years", "1 year or 6 months") is several terms.
 */
import {
  DAYS_PER_UNIT,
  HALF_WORDS,
  NUMBER_WORDS,
  UNIT_BY_WORD,
  type DurationUnit,
} from './duration-units.ts';
import type { DurationToken } from './duration-tokens.ts';

/** One number with its unit, e.g. "29 dage". Token indexes are half-open. */
export interface Quantity {
  value: number;
  unit: DurationUnit;
  days: number;
  firstToken: number;
  /** Index after the unit token. */
  endToken: number;
  /** The number's unit was borrowed from the quantity after it ("1-2 years"). */
  borrowedUnit: boolean;
}

/** Summed quantities: one reading of the text. */
export interface Term {
  days: number;
  parts: Quantity[];
}

export interface QuantityReading {
  quantities: Quantity[];
  terms: Term[];
  /** Numbers that had no unit and could not borrow one. */
  bareNumbers: number;
}

/** Words and marks that join the parts of one compound duration. */
const CONJUNCTIONS = new Set([',', '&', '+', 'and', 'og', 'und', 'och', 'en', 'et', 'e', 'y']);
/** Words and marks between the two ends of a range, e.g. "1-2 years", "1 bis 2 Jahre". */
const RANGE_LINKS = new Set([
  '-',
  '–',
  '—',
  '~',
  'to',
  'til',
  'till',
  'bis',
  'a',
  'à',
  'tot',
  'au',
  'or',
  'eller',
  'oder',
  'of',
  'ou',
]);
/** Articles that may stand between "half" and its unit ("half a year"). */
const ARTICLES = new Set(['a', 'an', 'et', 'en', 'ett', 'ein', 'een', 'un', 'une']);

const UNIT_RANK: Readonly<Record<DurationUnit, number>> = {
  second: 0,
  minute: 1,
  hour: 2,
  day: 3,
  week: 4,
  month: 5,
  year: 6,
};

function unitAt(tokens: readonly DurationToken[], i: number): DurationUnit | null {
  const t = tokens[i];
  return t && t.kind === 'word' ? (UNIT_BY_WORD.get(t.value) ?? null) : null;
}

function wordAt(tokens: readonly DurationToken[], i: number): string | null {
  const t = tokens[i];
  return t && t.kind === 'word' ? t.value : null;
}

function quantity(
  value: number,
  unit: DurationUnit,
  firstToken: number,
  endToken: number,
  borrowedUnit = false,
): Quantity {
  return { value, unit, days: value * DAYS_PER_UNIT[unit], firstToken, endToken, borrowedUnit };
}

/**
 * Finds every quantity in `tokens`, in order, and groups them into terms. Linear in the
 * number of tokens: each token is looked at a bounded number of times.
 */
export function readQuantities(tokens: readonly DurationToken[]): QuantityReading {
  const quantities: Quantity[] = [];
  // Numbers without a unit, kept so that "1-2 years" can lend "years" to the 1.
  const pending: { value: number; index: number }[] = [];
  let bareNumbers = 0;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as DurationToken;
    if (t.kind === 'num') {
      let j = i + 1;
      // "1. år": an ordinal dot between the number and the unit.
      if (tokens[j]?.kind === 'sep' && tokens[j]?.value === '.' && unitAt(tokens, j + 1)) j++;
      const unit = unitAt(tokens, j);
      if (unit) {
        quantities.push(quantity(t.value, unit, i, j + 1));
        i = j + 1;
      } else {
        pending.push({ value: t.value, index: i });
        i++;
      }
      continue;
    }
    if (t.kind === 'word') {
      const n = NUMBER_WORDS.get(t.value);
      if (n !== undefined) {
        const unit = unitAt(tokens, i + 1);
        if (unit) {
          quantities.push(quantity(n, unit, i, i + 2));
          i += 2;
          continue;
        }
        // "et halvt år": the half word carries the value, the article only introduces it.
        const next = wordAt(tokens, i + 1);
        if (next !== null && HALF_WORDS.has(next)) {
          const halfUnit = unitAt(tokens, i + 2);
          if (halfUnit) {
            quantities.push(quantity(0.5, halfUnit, i, i + 3));
            i += 3;
            continue;
          }
        }
      }
      if (HALF_WORDS.has(t.value)) {
        const unit = unitAt(tokens, i + 1);
        if (unit) {
          quantities.push(quantity(0.5, unit, i, i + 2));
          i += 2;
          continue;
        }
        const article = wordAt(tokens, i + 1);
        const afterArticle = unitAt(tokens, i + 2);
        if (article !== null && ARTICLES.has(article) && afterArticle) {
          quantities.push(quantity(0.5, afterArticle, i, i + 3));
          i += 3;
          continue;
        }
      }
    }
    i++;
  }

  // "1-2 years", "1 bis 2 Jahre": a bare number directly before a range link and a quantity
  // takes that quantity's unit. Anything else without a unit stays unread.
  const withBorrowed: Quantity[] = [];
  let q = 0;
  for (const bare of pending) {
    while (q < quantities.length && (quantities[q] as Quantity).firstToken < bare.index) {
      withBorrowed.push(quantities[q] as Quantity);
      q++;
    }
    const next = quantities[q];
    const link = tokens[bare.index + 1];
    const borrowed =
      next !== undefined &&
      link !== undefined &&
      link.kind !== 'num' &&
      next.firstToken === bare.index + 2 &&
      RANGE_LINKS.has(link.value);
    if (next && borrowed) {
      withBorrowed.push(quantity(bare.value, next.unit, bare.index, bare.index + 1, true));
    } else {
      bareNumbers++;
    }
  }
  while (q < quantities.length) withBorrowed.push(quantities[q++] as Quantity);

  return { quantities: withBorrowed, terms: groupTerms(tokens, withBorrowed), bareNumbers };
}

/**
 * Consecutive quantities in strictly falling units, with nothing but conjunctions between
 * them, are one compound term; anything else starts a new term.
 */
function groupTerms(tokens: readonly DurationToken[], quantities: readonly Quantity[]): Term[] {
  const terms: Term[] = [];
  let current: Term | null = null;
  let previous: Quantity | null = null;
  for (const qty of quantities) {
    let joins =
      previous !== null && !qty.borrowedUnit && UNIT_RANK[qty.unit] < UNIT_RANK[previous.unit];
    if (joins && previous) {
      for (let k = previous.endToken; k < qty.firstToken; k++) {
        const between = tokens[k];
        if (!between || between.kind === 'num' || !CONJUNCTIONS.has(between.value)) {
          joins = false;
          break;
        }
      }
    }
    if (joins && current) {
      current.parts.push(qty);
      current.days += qty.days;
    } else {
      current = { days: qty.days, parts: [qty] };
      terms.push(current);
    }
    previous = qty;
  }
  return terms;
}
