/**
 * Category words in da/en/de/sv/no/nl/fr (and a few es/it forms) → the four consent
 * categories plus `unclassified`. Judgement calls, also in docs/declarations.md:
 * - "Functional"/"Funktionelle"/"Functionele" → preferences (as OneTrust's C0003 and
 *   Cookiebot's "Preferences"), even though some Dutch sites and Complianz use "functional" for
 *   the always-on cookies; "technically necessary" wording still maps to necessary.
 * - "Performance" and "Measurement" → statistics (OneTrust's C0002).
 * - "Targeting", "Tracking", "Social media", "External media" (Borlabs) → marketing: these
 *   cookies follow the visitor for a third party, which is what the marketing switch governs.
 * - Several categories in one cell ("Statistik og marketing") → the first one written.
 */
import type { Category } from '../domain/category.ts';
import { fold, foldedWords } from './text.ts';

const CATEGORY_TEXT_LIMIT = 200;

// Folded word prefixes, checked in this order within each word.
const PREFIXES: readonly (readonly [Category, readonly string[]])[] = [
  [
    'necessary',
    [
      ...['nødvendig', 'nodvendig', 'nodvandig', 'necessar', 'necessai', 'necesari', 'essential'],
      ...['essenziell', 'essentiell', 'essentiel', 'essenzial', 'esencial', 'obligatori'],
      ...['obligatoi', 'required', 'erforderlich', 'notwendig', 'noodzakelijk', 'strictly'],
      ...['strengt', 'strikt', 'technisch', 'technical', 'teknisk', 'technique', 'tecnic'],
      ...['pakræv', 'unerlasslich', 'indispensabl', 'basisfunkti'],
    ],
  ],
  [
    'preferences',
    [
      ...['præferen', 'praferen', 'preferen', 'preferan', 'funktionel', 'funksjonel', 'functional'],
      ...['functionele', 'functioneel', 'fonctionnel', 'fonctionnalit', 'funzional', 'funcional'],
      ...['funktional', 'funktions', 'komfort', 'comfort', 'personalis', 'personaliz'],
      ...['personnalis', 'indstilling', 'einstellung', 'installning', 'innstilling', 'voorkeur'],
    ],
  ],
  [
    'statistics',
    [
      ...['statisti', 'statestik', 'analy', 'performance', 'leistung', 'ydeevne', 'prestanda'],
      ...['ytelse', 'prestatie', 'mesure', 'measurement', 'maling', 'messung', 'besucherzahl'],
    ],
  ],
  [
    'marketing',
    [
      ...['marketing', 'markedsfø', 'markedsfor', 'marknadsfor', 'reklam', 'annonc', 'annons'],
      ...['advertis', 'advertenti', 'werbung', 'werbe', 'anzeige', 'targeting', 'targeted'],
      ...['malret', 'sporing', 'tracking', 'social', 'sozial', 'publicit', 'ciblage'],
      ...['retarget', 'remarketing'],
    ],
  ],
];
// Words that are categories only as a whole word (prefixes would catch too much).
const EXACT: ReadonlyMap<string, Category> = new Map<string, Category>([
  ['ads', 'marketing'],
  ['ad', 'marketing'],
  ['pub', 'marketing'],
  ['stats', 'statistics'],
  ['tracker', 'marketing'],
]);
const UNCLASSIFIED_PHRASES = [
  'unclassified',
  'uklassificer',
  'unklassifiziert',
  'nicht klassifiziert',
  'oklassificer',
  'uklassifiser',
  'ikke klassificer',
  'ikke klassifiser',
  'inte klassificer',
  'niet geclassificeerd',
  'ongeclassificeerd',
  'non classe',
  'not classified',
  'uncategori',
  'unkategorisiert',
  'nicht kategorisiert',
  'non categoris',
];
// "Other cookies" means the site did not classify them.
const OTHER_WORDS = new Set([
  'other',
  'others',
  'andre',
  'ovrige',
  'øvrige',
  'sonstige',
  'andere',
  'ovriga',
  'overige',
  'autres',
]);
const FILLER = new Set(['cookie', 'cookies', 'kakor', 'informasjonskapsler', 'de', 'the']);

/** The category of one folded word, or null; used by the prose reader too. */
export function categoryOfWord(word: string): Category | null {
  const exact = EXACT.get(word);
  if (exact) return exact;
  for (const [category, prefixes] of PREFIXES) {
    for (const prefix of prefixes) if (word.startsWith(prefix)) return category;
  }
  return null;
}

const MEDIA_WORDS = new Set(['medien', 'media', 'medier', 'medias']);
const EXTERNAL_WORDS = new Set(['externe', 'external', 'eksterne', 'externa', 'externes']);

/**
 * The category a declaration's category text names, or null. The first category word in the
 * text decides ("Nødvendige", "Strictly necessary", "Statistiken", "Reklame", "Targeting
 * Cookies"); "Unclassified"/"Uklassificerede"/"Other" map to `unclassified`.
 */
export function parseCategory(text: string): Category | null {
  const head = text.length > CATEGORY_TEXT_LIMIT ? text.slice(0, CATEGORY_TEXT_LIMIT) : text;
  const folded = fold(head);
  for (const phrase of UNCLASSIFIED_PHRASES) if (folded.includes(phrase)) return 'unclassified';
  const words = foldedWords(head, 40);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    // "Externe Medien", "External media", "Sociale medier": embedded third-party content.
    if (EXTERNAL_WORDS.has(word) && MEDIA_WORDS.has(words[i + 1] ?? '')) return 'marketing';
    const category = categoryOfWord(word);
    if (category) return category;
  }
  const meaningful = words.filter((w) => !FILLER.has(w));
  if (meaningful.length === 1 && OTHER_WORDS.has(meaningful[0] as string)) return 'unclassified';
  return null;
}
