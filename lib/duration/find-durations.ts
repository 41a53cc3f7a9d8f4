/**
 * Finds the lengths stated inside running text ("Dit valg huskes i 12 mdr.", "consent is
 * stored for 12 months"), for reading retention statements out of a policy's prose.
 */
import { readQuantities } from './duration-quantities.ts';
import { tokenizeDuration, type DurationToken } from './duration-tokens.ts';

/** One length found in a text: where it is, what it says, and how many days it means. */
export interface DurationSpan {
  start: number;
  end: number;
  /** The words of the length itself, e.g. "et år", "12 mdr", "1 year 1 month". */
  text: string;
  days: number;
}

/** Characters of one text that are searched; callers pass a sentence at a time. */
export const FIND_TEXT_LIMIT = 2_000;

/**
 * Every length stated in `text` (compounds as one span, each end of a range as its own), in
 * order. Only the first FIND_TEXT_LIMIT characters are searched.
 */
export function findDurations(text: string): DurationSpan[] {
  const examined = text.length > FIND_TEXT_LIMIT ? text.slice(0, FIND_TEXT_LIMIT) : text;
  const tokens = tokenizeDuration(examined);
  const reading = readQuantities(tokens);
  const spans: DurationSpan[] = [];
  for (const term of reading.terms) {
    const first = term.parts[0];
    const last = term.parts[term.parts.length - 1];
    if (!first || !last) continue;
    const startToken = tokens[first.firstToken] as DurationToken;
    const endToken = tokens[last.endToken - 1] as DurationToken;
    if (!Number.isFinite(term.days)) continue;
    spans.push({
      start: startToken.start,
      end: endToken.end,
      text: examined.slice(startToken.start, endToken.end),
      days: Math.round(term.days * 1e6) / 1e6,
    });
  }
  return spans;
}
