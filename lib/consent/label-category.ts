import type { ConsentCategory } from '../domain/category.ts';

/**
 * Category names that platforms let sites choose freely (Klaro purposes, vanilla-cookieconsent
 * categories, Didomi custom purposes, Usercentrics category slugs, CookieYes custom slugs).
 * A label is split into words (`marketingCookies`, `analytics-NGqxWbmn`, `external_media`)
 * and each word is compared with these stems; the first category with a matching word wins,
 * in the order below, so `functional` is never read as necessary.
 */
const STEMS: readonly (readonly [ConsentCategory, readonly string[]])[] = [
  [
    'necessary',
    [
      'necessary',
      'essential',
      'required',
      'strictly',
      'technical',
      'security',
      'nodvendig',
      'nødvendig',
      'notwendig',
      'essenziell',
      'technisch',
      'mandatory',
    ],
  ],
  [
    'statistics',
    [
      'statistic',
      'statistik',
      'analytic',
      'analytik',
      'analyse',
      'analysis',
      'performance',
      'measure',
      'mesure',
      'audience',
      'insight',
    ],
  ],
  [
    'marketing',
    [
      'marketing',
      'advertis',
      'targeting',
      'retarget',
      'remarketing',
      'social',
      'publicit',
      'werbung',
      'reklame',
      'display',
      'tracking',
    ],
  ],
  [
    'preferences',
    [
      'preference',
      'praferenz',
      'präferenz',
      'præference',
      'functional',
      'functionality',
      'funktion',
      'fonctionn',
      'personali',
      'comfort',
      'komfort',
      'external',
      'video',
      'embed',
    ],
  ],
];

/** Whole words too short to use as stems (`ads` must not match `address`). */
const WORDS: Readonly<Record<ConsentCategory, readonly string[]>> = {
  necessary: [],
  statistics: ['stats'],
  marketing: ['ad', 'ads', 'adv'],
  preferences: ['media'],
};

const MAX_LABEL = 120;
const MAX_WORDS = 12;

/** Splits `marketingCookies`, `analytics-NGqxWbmn`, `cookie_cat_statistic` into lower-case words. */
function wordsOf(label: string): string[] {
  const spaced = label.slice(0, MAX_LABEL).replace(/([a-zæøå])([A-ZÆØÅ])/g, '$1 $2');
  return spaced
    .toLowerCase()
    .split(/[^a-z0-9æøåäöüé]+/)
    .filter((w) => w.length > 0)
    .slice(0, MAX_WORDS);
}

/**
 * Guesses the category a free-form category, purpose or service label stands for, or null when
 * no word of it is recognised. Only for labels; known platform ids have explicit tables.
 */
export function categoryOfLabel(label: string): ConsentCategory | null {
  if (typeof label !== 'string') return null;
  const words = wordsOf(label);
  for (const [category, stems] of STEMS) {
    for (const word of words) {
      if (WORDS[category].includes(word)) return category;
      if (stems.some((stem) => word.startsWith(stem))) return category;
    }
  }
  return null;
}
