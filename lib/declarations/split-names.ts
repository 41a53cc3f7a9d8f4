/**
 * A declaration's name cell → the cookie names in it. Cells hold several names ("_ga, _ga_XXXX,
 * _gid", or one per line), or the provider beside the name ("Google Analytics (_ga)",
 * "Hotjar: _hjid"); every name becomes its own row sharing the rest of the row.
 */
import { cleanText, trimChars } from './text.ts';

/** Most names taken from one cell; the rest are reported by the caller. */
export const MAX_NAMES_PER_CELL = 50;
const NAME_LIMIT = 256;

export interface SplitNames {
  names: string[];
  /** A provider written in the name cell, if any. */
  provider: string | null;
  /** Names beyond MAX_NAMES_PER_CELL that were dropped. */
  dropped: number;
}

// Word separators between names; "/" only with spaces around it, since "ads/ga-audiences" is one name.
const WORD_SEPARATORS = [
  ' og ',
  ' and ',
  ' und ',
  ' och ',
  ' en ',
  ' et ',
  ' & ',
  ' | ',
  ' / ',
  ' or ',
  ' eller ',
  ' oder ',
];

/** True when `text` reads like a cookie name rather than a word: "_ga", "AMCV_###", "hjSession". */
export function looksLikeCookieName(text: string): boolean {
  const t = text.trim();
  if (t === '' || /\s/.test(t)) return false;
  return /[_#*\d.<>{}[\]%$-]/.test(t) || /\p{Ll}\p{Lu}/u.test(t) || /^\p{Ll}+$/u.test(t);
}

function looksLikeNameList(text: string): boolean {
  const parts = text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length > 0 && parts.every((p) => !/\s/.test(p) && p.length <= NAME_LIMIT);
}

function stripDecoration(name: string): string {
  let n = name.trim();
  // Bullets and list dashes, quotes and backticks around the name, trailing list punctuation.
  n = n.replace(/^[•·▪◦*–—-]\s+/, '');
  n = trimChars(n, '"\'`“”‘’«»', true);
  n = trimChars(n, ',;:');
  // Cookiebot appends how many domains set the cookie: "__cf_bm [x2]".
  n = n.replace(/\s*\[x\d{1,4}\]$/i, '');
  return n.trim();
}

/** Splits a name cell into names, and takes out a provider written beside them. */
export function splitDeclaredNames(cell: string): SplitNames {
  // Most cells hold one plain name; skip the work below for them.
  const trimmed = cell.trim();
  if (
    trimmed.length <= NAME_LIMIT &&
    /^[^\s,;:()"'`“”‘’«»•·▪◦*–—-][^\s,;:()"'`“”‘’«»[]*$/.test(trimmed)
  ) {
    return { names: [trimmed], provider: null, dropped: 0 };
  }
  // Keep line breaks for splitting; clean each line separately.
  const raw = cell.length > 20_000 ? cell.slice(0, 20_000) : cell;
  const lines = raw
    .split(/\r\n|\r|\n/)
    .map((l) => cleanText(l, 2_000))
    .filter((l) => l !== '');
  let provider: string | null = null;
  let text = lines.join('\n');

  // "Google Analytics (_ga, _gid)" or "_ga (Google Analytics)".
  if (text.endsWith(')')) {
    const open = text.lastIndexOf('(');
    if (open > 0) {
      const outer = text.slice(0, open).trim();
      const inner = text.slice(open + 1, -1).trim();
      if (!looksLikeNameList(outer) && looksLikeNameList(inner)) {
        provider = outer;
        text = inner;
      } else if (looksLikeNameList(outer) && !looksLikeNameList(inner) && inner !== '') {
        provider = inner;
        text = outer;
      } else if (looksLikeNameList(outer) && looksLikeNameList(inner)) {
        // Both single words: the one that looks like a cookie name is the name.
        const outerIsName = outer.split(/[,;\n]/).every((p) => looksLikeCookieName(p));
        const innerIsName = inner.split(/[,;\n]/).every((p) => looksLikeCookieName(p));
        if (innerIsName && !outerIsName) {
          provider = outer;
          text = inner;
        } else if (outerIsName && !innerIsName) {
          provider = inner;
          text = outer;
        } else if (/^\p{Lu}/u.test(outer) && /^[\p{Ll}_]/u.test(inner)) {
          // "LinkedIn (bscookie)": providers are capitalised, cookie names mostly not.
          provider = outer;
          text = inner;
        } else {
          // Undecidable: keep both as names rather than lose one.
          text = `${outer}\n${inner}`;
        }
      }
    }
  } else {
    // "Hotjar: _hjid, _hjSession_#"
    const colon = text.indexOf(':');
    if (colon > 0 && colon < 80) {
      const left = text.slice(0, colon).trim();
      const right = text.slice(colon + 1).trim();
      if (
        right !== '' &&
        looksLikeNameList(right) &&
        (/\s/.test(left) || !looksLikeCookieName(left))
      ) {
        provider = left;
        text = right;
      }
    }
  }

  let parts = text.split(/[\n,;]/);
  for (const sep of WORD_SEPARATORS) {
    if (parts.some((p) => p.includes(sep))) parts = parts.flatMap((p) => p.split(sep));
  }
  // "_ga _gid": names a page shows separated by spaces only (source line breaks render as
  // spaces). Split only when every word looks like a cookie name, so "Google Analytics" stays.
  parts = parts.flatMap((p) => {
    const words = p.trim().split(/\s+/);
    return words.length > 1 && words.every((w) => looksLikeCookieName(w)) ? words : [p];
  });
  const names: string[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const part of parts) {
    const name = stripDecoration(part).slice(0, NAME_LIMIT);
    if (name === '' || seen.has(name)) continue;
    if (names.length >= MAX_NAMES_PER_CELL) {
      dropped++;
      continue;
    }
    seen.add(name);
    names.push(name);
  }
  return { names, provider, dropped };
}
