/**
 * What a column header or a "Label:" in a cookie declaration names, in da/en/de/sv/no/nl/fr:
 * "Navn", "Cookie name", "Udbyder", "Coockie provider" (sic), "Formål", "Zweck", "Varighed",
 * "Udløb", "Speicherdauer", "Bewaartermijn", "Durée", "Domæne", "Part", "Type", "Kategori"…
 * Used by the HTML readers and the CSV importer alike.
 */
import type { DurationUnit } from '../duration/duration-units.ts';
import { fold, trimChars } from './text.ts';

export type ColumnKind =
  | 'name'
  /** A service or product name that is not the cookie's name ("Name" beside "Cookie Name"). */
  | 'service'
  | 'provider'
  | 'purpose'
  | 'category'
  /** "Type": party, technology, category or lifetime, decided from the values. */
  | 'type'
  | 'duration'
  | 'domain'
  | 'party';

export interface ColumnHeader {
  kind: ColumnKind;
  /** The header says "cookie" ("Cookie name", "Cookienavn"), not just "Name". */
  cookieSpecific: boolean;
  /** A unit the header gives its numbers ("Expiry (days)"). */
  unit?: DurationUnit;
}

/** Longest header or label text considered; longer text is content, not a header. */
export const HEADER_TEXT_LIMIT = 60;

// Word prefixes (folded), tried in this order so that "Third-party provider" is a provider and
// "Purpose category" a category.
const RULES: readonly (readonly [ColumnKind, readonly string[]])[] = [
  [
    'duration',
    [
      ...['varighed', 'varighet', 'udløb', 'udlob', 'lagringsperiode', 'lagringstid', 'opbevaring'],
      ...['levetid', 'expir', 'durat', 'retention', 'lifetime', 'lifespan', 'speicherdauer'],
      ...['ablauf', 'laufzeit', 'gultig', 'lebensdauer', 'speicherfrist', 'aufbewahr', 'varaktig'],
      ...['giltighet', 'utgang', 'utgar', 'utløp', 'utlop', 'bewaar', 'looptijd', 'vervaltijd'],
      ...['vervaldatum', 'geldigheid', 'duree', 'conservation', 'validite', 'durata', 'scadenza'],
      ...['duracion', 'caducidad', 'ttl', 'maxage', 'slettes', 'sletning', 'periode', 'period'],
      ...['speicherzeit', 'dauer', 'duur', 'lagring'],
    ],
  ],
  [
    'provider',
    [
      ...['udbyder', 'provider', 'anbieter', 'leverantor', 'leverandør', 'leverandor', 'aanbieder'],
      ...['fournisseur', 'proveedor', 'fornitore', 'vendor', 'owner', 'ejer', 'setby', 'placedby'],
      ...[
        'sataf',
        'gesetztvon',
        'placeretaf',
        'company',
        'unternehmen',
        'source',
        'kilde',
        'herkunft',
      ],
      ...['afsender', 'emetteur', 'editeur', 'bolag', 'selskap'],
    ],
  ],
  [
    'domain',
    ['domæne', 'domaene', 'domane', 'domain', 'domein', 'domene', 'doman', 'host', 'vært', 'vaert'],
  ],
  [
    'party',
    [
      ...['part', 'party', 'parti', 'partei', 'partij', 'tredjepart', 'forstepart', 'førstepart'],
      ...['drittanbieter', 'erstanbieter', 'firstparty', 'thirdparty'],
    ],
  ],
  [
    'category',
    [
      ...['kategori', 'category', 'categories', 'categorie', 'categoria', 'klassifi', 'classif'],
      ...['gruppe', 'grupp', 'groep', 'groupe', 'group'],
    ],
  ],
  [
    'purpose',
    [
      ...['formal', 'purpose', 'zweck', 'syfte', 'doel', 'finalite', 'finalidad', 'finalita'],
      ...['descrip', 'beskrivelse', 'beschreibung', 'beskrivning', 'omschrijving', 'beschrijving'],
      ...['funktion', 'function', 'usage', 'anvendelse', 'bruk', 'anvandning', 'verwendung'],
      ...['objet', 'objectif', 'utilisation', 'hensigt', 'forklaring', 'uitleg', 'explanation'],
      ...['usedfor', 'brugestil', 'whatitdoes', 'information', 'info', 'details', 'note'],
    ],
  ],
  ['type', ['type', 'typ', 'typer', 'art', 'slags', 'sort', 'kind', 'soort', 'tipo']],
  [
    'service',
    [
      ...['service', 'tjeneste', 'tjenste', 'dienst', 'tjanst', 'plugin', 'produkt', 'product'],
      ...[
        'tool',
        'værktøj',
        'vaerktoj',
        'werkzeug',
        'verktyg',
        'outil',
        'anwendung',
        'application',
      ],
    ],
  ],
  [
    'name',
    [
      ...['navn', 'name', 'nom', 'naam', 'namn', 'nombre', 'nome', 'cookie', 'kaka', 'kakan'],
      ...['informasjonskapsel', 'identifier', 'nøgle', 'nogle', 'schlussel', 'key', 'traceur'],
    ],
  ],
];
// Words that never decide a header by themselves.
const FILLER = new Set([
  'des',
  'der',
  'die',
  'das',
  'du',
  'de',
  'the',
  'of',
  'af',
  'av',
  'på',
  'pa',
  'van',
  'het',
  'le',
  'la',
  'les',
  'for',
  'til',
  'till',
  'von',
  'max',
  'maks',
  'maximum',
  'hvad',
  'what',
  'is',
  'it',
  'og',
  'and',
  'und',
  'och',
  'et',
  'en',
  'in',
  'i',
  'a',
  'an',
]);
const DAY_WORDS = new Set([
  'days',
  'day',
  'dage',
  'dag',
  'dagen',
  'dagar',
  'dager',
  'tage',
  'tagen',
  'jours',
]);
const MONTH_WORDS = new Set([
  'months',
  'maneder',
  'monate',
  'monaten',
  'manader',
  'maanden',
  'mois',
]);
const YEAR_WORDS = new Set(['years', 'ar', 'jahre', 'jaren', 'ans']);
// Compound headers written as one word ("Cookienavn", "Cookieudbyder", "Cookie-Laufzeit" is split anyway).
const COMPOUND_HEADS = ['cookies', 'cookie', 'coockies', 'coockie'];

/**
 * The column a header or label names, or null. Header text longer than HEADER_TEXT_LIMIT
 * characters or of more than six words is content, not a header.
 */
export function classifyHeader(text: string): ColumnHeader | null {
  // Long text is content; checking first keeps the work below small.
  if (text.length > HEADER_TEXT_LIMIT * 4) return null;
  const trimmed = trimChars(text, ':：');
  if (trimmed === '' || trimmed.length > HEADER_TEXT_LIMIT) return null;
  const folded = fold(trimmed);
  const rawWords = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (rawWords.length === 0 || rawWords.length > 6) return null;
  let cookieSpecific = false;
  const words: string[] = [];
  for (const w of rawWords) {
    let word = w;
    for (const head of COMPOUND_HEADS) {
      if (word.startsWith(head)) {
        cookieSpecific = true;
        if (word.length > head.length) word = word.slice(head.length);
        break;
      }
    }
    if (
      word === 'kaka' ||
      word === 'kakan' ||
      word === 'informasjonskapsel' ||
      word === 'traceur'
    ) {
      cookieSpecific = true;
    }
    if (!FILLER.has(word)) words.push(word);
  }
  // Joined forms catch "set by" / "Sat af" / "used for" written in two words.
  const joined = words.join('');
  const candidates = [...words, joined];
  let unit: DurationUnit | undefined;
  for (const w of rawWords) {
    if (DAY_WORDS.has(w)) unit = 'day';
    else if (MONTH_WORDS.has(w)) unit = 'month';
    else if (YEAR_WORDS.has(w)) unit = 'year';
  }
  // "1./3. part", "1st/3rd party": the party column.
  if (/(?:^|\D)[13]\s*(?:\.|st|rd)?\s*\/\s*[13]/.test(folded))
    return { kind: 'party', cookieSpecific };
  for (const [kind, prefixes] of RULES) {
    for (const candidate of candidates) {
      for (const prefix of prefixes) {
        if (
          kind === 'party'
            ? candidate === prefix || candidate.startsWith(`${prefix}s`)
            : candidate.startsWith(prefix)
        ) {
          const header: ColumnHeader = { kind, cookieSpecific };
          if (kind === 'duration' && unit) header.unit = unit;
          return header;
        }
      }
    }
  }
  // "Cookie" alone, or a one-word compound like "Cookies".
  if (cookieSpecific && words.length === 0) return { kind: 'name', cookieSpecific: true };
  return null;
}
