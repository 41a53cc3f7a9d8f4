/**
 * First or third party, as declaration tables write it ("1. part", "3. Part", "Tredjepart",
 * "First party", "Drittanbieter", "derde partij", "tiers"), and what a "Type" column means.
 */
import type { Party } from '../observe/records.ts';
import { parseDuration } from '../duration/parse-duration.ts';
import { parseCategory } from './parse-category.ts';
import { fold } from './text.ts';

const PARTY_TEXT_LIMIT = 120;

// Applied to folded text with every run of non-letters/digits turned into one space, capped at
// PARTY_TEXT_LIMIT characters; alternations of literals only, so matching is linear.
const PARTY_NOUN =
  '(?:part|parts|party|partys|parti|partie|parte|partei|parteien|partij|anbieter|anbieters)';
const FIRST = new RegExp(
  `(?:^| )(?:(?:1|1st|first|forste|første|forsta|erste|erster|ersten|eerste|premiere|primera|prima) ?${PARTY_NOUN}` +
    '|(?:første|forste|forsta|erst|first|1st)(?:part|parts|party|partei|anbieter|partscookie|partscookies)\\w*' +
    '|own|egen|egne|eigene|eigen|intern|interne|internal|propre|proprietaire|proprietaires|1p)(?= |$)',
);
const THIRD = new RegExp(
  `(?:^| )(?:(?:3|3rd|third|tredje|dritte|dritter|dritten|derde|tierce|tercera|terza|terze) ?${PARTY_NOUN}` +
    '|(?:tredje|dritt|third|3rd)(?:part|parts|party|partei|anbieter|partscookie|partscookies)\\w*' +
    '|tiers|extern|externe|external|ekstern|eksterne|3p)(?= |$)',
);

// Ordinals alone, to see "1st/3rd party" and "Erst- und Drittanbieter" as both.
const FIRST_ORDINAL = /(?:^| )(?:1|1st|first|forste|første|forsta|erst|erste|eerste|premiere)(?= )/;
const THIRD_ORDINAL = /(?:^| )(?:3|3rd|third|tredje|dritt|dritte|derde|tierce)(?= )/;

/**
 * 'first' or 'third' from a party cell, null when the text says neither or both
 * ("1st/3rd party"). Case, diacritics and punctuation do not matter ("1. Part" = "1 part").
 */
export function parseParty(text: string): Party | null {
  const head = text.length > PARTY_TEXT_LIMIT ? text.slice(0, PARTY_TEXT_LIMIT) : text;
  const norm = fold(head)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (norm === '') return null;
  // A "Party" column sometimes holds the bare ordinal word.
  if (norm === 'first' || norm === '1st') return 'first';
  if (norm === 'third' || norm === '3rd') return 'third';
  const first = FIRST.test(norm);
  const third = THIRD.test(norm);
  if (first === third) return null;
  if ((first && THIRD_ORDINAL.test(norm)) || (third && FIRST_ORDINAL.test(norm))) return null;
  return first ? 'first' : 'third';
}

const TECHNOLOGY = new Set([
  'http',
  'https',
  'http cookie',
  'https cookie',
  'html',
  'html5',
  'cookie',
  'server cookie',
  'browser cookie',
  'pixel',
  'pixel tracker',
  'tracking pixel',
  'web beacon',
  'beacon',
  'localstorage',
  'local storage',
  'html local storage',
  'html localstorage',
  'sessionstorage',
  'session storage',
  'html session storage',
  'indexeddb',
  'indexed db',
  'html indexeddb',
  'browser storage',
  'script',
  'iframe',
  'tag',
]);

/** True for technology words a "Type" column uses: "HTTP", "HTML", "Pixel", "Local Storage". */
export function isTechnologyText(text: string): boolean {
  const norm = fold(text.slice(0, 60))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return TECHNOLOGY.has(norm);
}

/** What the values of an ambiguous "Type" column say. */
export type TypeColumnMeaning = 'party' | 'technology' | 'category' | 'lifetime' | 'unknown';

/**
 * Decides what a "Type" column means from its values: party ("1. part"), technology ("HTTP"),
 * category ("Statistik") or lifetime ("Session", "Persistent"). The meaning must hold for at
 * least half of the non-empty values (at most the first 200 are looked at), else 'unknown'.
 */
export function classifyTypeColumn(values: readonly string[]): TypeColumnMeaning {
  const votes = { party: 0, technology: 0, category: 0, lifetime: 0 };
  let seen = 0;
  for (const value of values.slice(0, 200)) {
    if (value.trim() === '') continue;
    seen++;
    if (parseParty(value)) votes.party++;
    else if (isTechnologyText(value)) votes.technology++;
    else if (parseCategory(value)) votes.category++;
    else {
      const d = parseDuration(value);
      if (d.session !== null || d.days !== null) votes.lifetime++;
    }
  }
  if (seen === 0) return 'unknown';
  let best: TypeColumnMeaning = 'unknown';
  let bestVotes = 0;
  for (const meaning of ['party', 'technology', 'category', 'lifetime'] as const) {
    if (votes[meaning] > bestVotes) {
      best = meaning;
      bestVotes = votes[meaning];
    }
  }
  return bestVotes * 2 >= seen ? best : 'unknown';
}
