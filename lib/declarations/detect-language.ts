/**
 * The language of a policy page: from `<html lang>` when the page says it, else by counting
 * common words of da/en/de/sv/no/nl/fr in its text.
 */
import { fold } from './text.ts';

const STOPWORDS: Readonly<Record<string, readonly string[]>> = {
  da: [
    'og',
    'af',
    'til',
    'ikke',
    'vi',
    'dig',
    'jeres',
    'hvis',
    'bliver',
    'hvordan',
    'hvad',
    'kan',
    'eller',
    'udbyder',
    'formal',
    'varighed',
    'samtykke',
    'hjemmeside',
    'oplysninger',
    'ved',
    'nar',
    'efter',
  ],
  no: [
    'og',
    'av',
    'til',
    'ikke',
    'vi',
    'deg',
    'hvis',
    'blir',
    'hvordan',
    'hva',
    'kan',
    'eller',
    'leverandør',
    'formal',
    'varighet',
    'samtykke',
    'nettsted',
    'nettstedet',
    'opplysninger',
    'personvern',
    'etter',
    'nar',
  ],
  sv: [
    'och',
    'av',
    'till',
    'inte',
    'vi',
    'dig',
    'om',
    'blir',
    'hur',
    'vad',
    'kan',
    'eller',
    'leverantor',
    'syfte',
    'samtycke',
    'webbplats',
    'webbplatsen',
    'uppgifter',
    'efter',
    'nar',
    'att',
    'det',
  ],
  de: [
    'und',
    'der',
    'die',
    'das',
    'nicht',
    'ist',
    'wir',
    'sie',
    'mit',
    'fur',
    'von',
    'zu',
    'auf',
    'eine',
    'anbieter',
    'zweck',
    'ihre',
    'werden',
    'diese',
  ],
  en: [
    'the',
    'and',
    'of',
    'to',
    'is',
    'we',
    'you',
    'with',
    'for',
    'on',
    'this',
    'that',
    'are',
    'provider',
    'purpose',
    'your',
    'our',
    'which',
    'by',
  ],
  nl: [
    'de',
    'het',
    'en',
    'van',
    'een',
    'niet',
    'wij',
    'u',
    'je',
    'met',
    'voor',
    'op',
    'zijn',
    'dat',
    'worden',
    'uw',
    'doel',
    'bewaartermijn',
    'deze',
  ],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'des',
    'du',
    'un',
    'une',
    'est',
    'nous',
    'vous',
    'pour',
    'avec',
    'pas',
    'sur',
    'votre',
    'vos',
    'sont',
    'finalite',
    'duree',
  ],
};
const LOOKUP = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS)) {
  for (const w of words) LOOKUP.set(w, [...(LOOKUP.get(w) ?? []), lang]);
}

const TEXT_LIMIT = 40_000;

/** Primary language subtag of a `lang` attribute ("da-DK" → "da"; Norwegian "nb"/"nn" → "no"). */
export function primaryLanguage(lang: string | null | undefined): string | null {
  if (!lang) return null;
  const primary = lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (!/^[a-z]{2,3}$/.test(primary)) return null;
  return primary === 'nb' || primary === 'nn' ? 'no' : primary;
}

/**
 * `langAttribute`'s primary subtag when present; otherwise the language whose common words
 * occur most in `text` (its first 40,000 characters), if at least five such words occur.
 */
export function detectLanguage(langAttribute: string | null, text: string): string | null {
  const declared = primaryLanguage(langAttribute);
  if (declared) return declared;
  const votes = new Map<string, number>();
  const head = fold(text.length > TEXT_LIMIT ? text.slice(0, TEXT_LIMIT) : text);
  for (const match of head.matchAll(/[\p{L}ø]+/gu)) {
    for (const lang of LOOKUP.get(match[0]) ?? []) votes.set(lang, (votes.get(lang) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestVotes = 4;
  for (const [lang, n] of votes) {
    if (n > bestVotes) {
      best = lang;
      bestVotes = n;
    }
  }
  return best;
}
