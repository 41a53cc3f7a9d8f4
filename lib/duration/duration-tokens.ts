/**
 * A small linear tokenizer for duration text: numbers, words (lowercased and folded) and
 * single punctuation marks, each with its position in the text. No regular expression runs
 * over the whole input, so there is nothing to backtrack.
 */

export type DurationToken =
  | { kind: 'num'; value: number; start: number; end: number }
  | { kind: 'word'; value: string; start: number; end: number }
  | { kind: 'sep'; value: string; start: number; end: number };

/** Most tokens read from one text; duration cells are short and prose is read sentence by sentence. */
export const MAX_TOKENS = 400;

const LETTER = /\p{L}/u;
const COMBINING = /\p{M}/gu;

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** Lowercase and strip diacritics that decompose ("år" → "ar", "fünf" → "funf"). */
export function foldWord(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(COMBINING, '');
}

/**
 * Splits `text` into tokens. Reads at most MAX_TOKENS tokens; callers cap the text length.
 * "1.000" and "1,000" with exactly three digits after the mark are read as thousands; any
 * other "1,5" / "1.5" as a decimal; "1. år" (ordinal dot then a space) as 1 then a dot.
 */
export function tokenizeDuration(text: string): DurationToken[] {
  const tokens: DurationToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && tokens.length < MAX_TOKENS) {
    const ch = text[i] as string;
    if (isDigit(ch)) {
      const start = i;
      while (i < n && isDigit(text[i] as string)) i++;
      let intPart = text.slice(start, i);
      let fraction = '';
      const mark = text[i];
      if ((mark === '.' || mark === ',') && i + 1 < n && isDigit(text[i + 1] as string)) {
        let j = i + 1;
        while (j < n && isDigit(text[j] as string)) j++;
        const digits = text.slice(i + 1, j);
        if (digits.length === 3 && intPart.length <= 3 && intPart !== '0') {
          intPart += digits;
        } else {
          fraction = digits;
        }
        i = j;
      }
      let value = Number(fraction ? `${intPart}.${fraction}` : intPart);
      if (text[i] === '½') {
        value += 0.5;
        i++;
      }
      tokens.push({ kind: 'num', value, start, end: i });
      continue;
    }
    if (ch === '½' || ch === '¼' || ch === '¾') {
      const value = ch === '½' ? 0.5 : ch === '¼' ? 0.25 : 0.75;
      tokens.push({ kind: 'num', value, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (LETTER.test(ch)) {
      const start = i;
      // Letters plus combining marks, so decomposed input ("a" + ring) stays one word.
      while (i < n) {
        const c = text[i] as string;
        if (LETTER.test(c) || (c >= '\u0300' && c <= '\u036f')) i++;
        else break;
      }
      tokens.push({ kind: 'word', value: foldWord(text.slice(start, i)), start, end: i });
      continue;
    }
    if (
      ch === ' ' ||
      ch === '\t' ||
      ch === '\n' ||
      ch === '\r' ||
      ch === '\u00a0' ||
      ch === '\u202f'
    ) {
      i++;
      continue;
    }
    // Surrogate pairs (emoji) are one separator, never half a character.
    const code = text.charCodeAt(i);
    const width = code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1;
    tokens.push({ kind: 'sep', value: text.slice(i, i + width), start: i, end: i + width });
    i += width;
  }
  return tokens;
}
