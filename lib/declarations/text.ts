/**
 * Text clean-up shared by the declaration readers: every value they keep is plain text,
 * whitespace-collapsed, without control or zero-width characters, and of bounded length.
 */

const COMBINING = /\p{M}/gu;
// C0/C1 controls except tab/newline, zero-width and bidi controls, BOM, soft hyphen.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
const SPACES = /\s+/g;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/** Most characters kept of one cell, label or value. */
export const CELL_TEXT_LIMIT = 2_000;

/** Lowercase and strip decomposable diacritics: "Nødvendige" → "nødvendige", "Präferenzen" → "praferenzen". */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Plain ASCII has nothing to decompose; skipping normalize() matters on long pages.
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(COMBINING, '') : lower;
}

/**
 * Plain, single-spaced, trimmed text of at most `limit` characters (an ellipsis marks a cut).
 * Looks at no more than a few times `limit` characters of the input.
 */
export function cleanText(text: string, limit = CELL_TEXT_LIMIT): string {
  const head = text.length > limit * 4 ? text.slice(0, limit * 4) : text;
  const clean = head.replace(INVISIBLE, '').replace(SPACES, ' ').trim();
  return clean.length > limit ? `${clean.slice(0, limit - 1)}…` : clean;
}

/** Folded words of `text` (letters and digits), at most `max` of them. */
export function foldedWords(text: string, max = 200): string[] {
  const words: string[] = [];
  for (const match of fold(text).matchAll(/[\p{L}\p{N}]+/gu)) {
    words.push(match[0]);
    if (words.length >= max) break;
  }
  return words;
}

/** `text` without any of `chars` at its end (and start, if asked); a linear scan, no regex. */
export function trimChars(text: string, chars: string, bothEnds = false): string {
  let end = text.length;
  while (end > 0 && (chars.includes(text[end - 1] as string) || /\s/.test(text[end - 1] as string)))
    end--;
  let start = 0;
  if (bothEnds) {
    while (
      start < end &&
      (chars.includes(text[start] as string) || /\s/.test(text[start] as string))
    )
      start++;
  }
  return text.slice(start, end);
}
