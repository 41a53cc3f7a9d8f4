/**
 * What a policy's running text says without a table: the cookie categories it names
 * ("Funktionelle cookies", "Analyse cookies") and how long things are kept — above all how long
 * the visitor's consent is kept ("Som standard gemmes dit cookie samtykke i et år",
 * "consent is stored for 12 months"), which the consent-lifetime rule compares with the
 * consent platform's own cookie.
 */
import type { Category } from '../domain/category.ts';
import type { Duration } from '../duration/duration.ts';
import { findDurations } from '../duration/find-durations.ts';
import { parseDuration } from '../duration/parse-duration.ts';
import { categoryOfWord } from './parse-category.ts';
import { cleanText, fold } from './text.ts';

export interface PolicyProse {
  categoriesMentioned: { text: string; category: Category | null }[];
  /** How long consent is kept; the longest when several statements differ. */
  consentLifetime: Duration | null;
  /** Other "kept for …" statements (analytics data, accounting records, …). */
  retentionStatements: { text: string; duration: Duration }[];
}

/** Characters of prose read. */
export const PROSE_TEXT_LIMIT = 2_000_000;
const MAX_SENTENCES = 40_000;
const MAX_STATEMENTS = 50;
const MAX_MENTIONS = 40;
const SENTENCE_KEPT = 300;

const CONSENT_STEMS = [
  'samtykke',
  'consent',
  'einwilligung',
  'zustimmung',
  'samtycke',
  'toestemming',
  'consentement',
  'cookie-valg',
  'cookievalg',
  'cookie-einstellung',
  'cookie-instellingen',
];
const CHOICE_PHRASES = [
  ' dit valg ',
  ' dine valg ',
  ' your choice ',
  ' your choices ',
  ' your preferences ',
  ' your cookie preferences ',
  ' ihre auswahl ',
  ' deine auswahl ',
  ' ihre entscheidung ',
  ' ditt val ',
  ' ditt valg ',
  ' dine valg ',
  ' uw keuze ',
  ' votre choix ',
  ' vos choix ',
];
// Verbs of keeping, in word-prefix form: "gemmes", "huskes", "stored", "gespeichert", "sparas", "bewaard", "conservé".
const KEEP_STEMS = [
  'gem',
  'husk',
  'opbevar',
  'lagr',
  'stor',
  'kept',
  'keep',
  'remember',
  'retain',
  'retention',
  'valid',
  'gyldig',
  'gultig',
  'giltig',
  'geldig',
  'speicher',
  'gespeichert',
  'aufbewahr',
  'spar',
  'bewaar',
  'bewaard',
  'onthoud',
  'onthouden',
  'conserv',
  'valable',
  'expir',
  'udløb',
  'udlob',
  'utløp',
  'utlop',
  'renew',
  'forny',
  'last',
  'saved',
  'save',
  'gilt',
  'slett',
  'delet',
  'geloscht',
  'loschen',
  'raderas',
  'verwijder',
  'supprim',
  'hold',
  'behold',
  'maksimalt',
  'maximal',
];
const COOKIE_WORDS = new Set([
  'cookie',
  'cookies',
  'kakor',
  'kakorna',
  'informasjonskapsler',
  'traceurs',
  'cookien',
  'cookiene',
  'cookiesene',
]);
// "Obligatoriske (1. parts) cookies": the party words between the category and "cookies".
const PARTY_FILLER = new Set([
  'part',
  'parts',
  'party',
  'partie',
  'partei',
  'partij',
  'st',
  'rd',
  'nd',
]);
const LINK_WORDS = new Set([
  'til',
  'for',
  'zu',
  'zur',
  'fur',
  'för',
  'pour',
  'voor',
  'of',
  'de',
  'til',
]);

function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    let start = 0;
    // A sentence ends at . ! ? followed by a space and a capital letter or a digit.
    for (const m of line.matchAll(/[.!?](?=\s+[\p{Lu}\d])/gu)) {
      const end = (m.index ?? 0) + 1;
      out.push(line.slice(start, end).trim());
      start = end;
      if (out.length >= MAX_SENTENCES) return out;
    }
    const rest = line.slice(start).trim();
    if (rest) out.push(rest);
    if (out.length >= MAX_SENTENCES) return out;
  }
  return out;
}

function mentionsConsent(folded: string): boolean {
  if (CONSENT_STEMS.some((s) => folded.includes(s))) return true;
  const padded = ` ${folded.replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return CHOICE_PHRASES.some((p) => padded.includes(p));
}

// Word starts, case-insensitive, in folded and written form; one literal alternation per sentence.
const KEEP_SEARCH = new RegExp(
  `(?:^|[^\\p{L}\\p{N}])(?:${[...KEEP_STEMS, 'gelöscht', 'löschen', 'conservé', 'giltig', 'gültig'].join('|')})`,
  'iu',
);

/** The duration a sentence states, with what precedes it ("maksimalt", "up to") in view. */
function sentenceDuration(sentence: string): Duration | null {
  const spans = findDurations(sentence);
  if (spans.length === 0) return null;
  let best: Duration | null = null;
  for (const span of spans) {
    const window = sentence.slice(Math.max(0, span.start - 40), span.end);
    const parsed = parseDuration(window);
    const days = parsed.days ?? span.days;
    if (best === null || (best.days ?? 0) < days) {
      const d: Duration = { text: cleanText(sentence, SENTENCE_KEPT), session: false, days };
      const reasons = parsed.reason ? [parsed.reason] : [];
      if (spans.length > 1) reasons.push('several lengths in one sentence: the longest is used');
      if (reasons.length > 0) d.reason = reasons.join('; ');
      best = d;
    }
  }
  return best;
}

// Where "cookie" (or a translation) occurs; only the words around it are looked at.
const COOKIE_WORD_SEARCH = /cookie|kakor|informasjonskapsler|traceurs/gi;
const MAX_COOKIE_WORDS = 20_000;

/** Category words written next to "cookies": "Funktionelle cookies", "Obligatoriske (1. parts) cookies", "Marketing-Cookies". */
function categoryMentions(text: string, add: (text: string, category: Category) => void): void {
  let seen = 0;
  let lastEnd = 0;
  for (const m of text.matchAll(COOKIE_WORD_SEARCH)) {
    if (++seen > MAX_COOKIE_WORDS) break;
    const at = m.index ?? 0;
    if (at < lastEnd) continue;
    // A window of a few words either side, cut at word boundaries.
    let from = Math.max(lastEnd, at - 80);
    while (from > lastEnd && /[\p{L}\p{N}-]/u.test(text[from - 1] as string)) from--;
    let to = Math.min(text.length, at + 60);
    while (to < text.length && /[\p{L}\p{N}-]/u.test(text[to] as string)) to++;
    mentionsIn(text.slice(from, to), add);
    lastEnd = to;
  }
}

function mentionsIn(text: string, add: (text: string, category: Category) => void): void {
  const words: { raw: string; folded: string }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu))
    words.push({ raw: m[0], folded: fold(m[0]) });
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as { raw: string; folded: string };
    const head = [...COOKIE_WORDS].find((c) => w.folded.endsWith(c) && w.folded !== c);
    if (head) {
      // "Statistikcookies", "Marketing-Cookies".
      const stem = w.folded.slice(0, -head.length).replace(/-$/, '');
      const category = stem ? categoryOfWord(stem) : null;
      if (category) add(w.raw.slice(0, stem.length), category);
      continue;
    }
    if (!COOKIE_WORDS.has(w.folded)) continue;
    // Up to three words back, skipping "1. parts" and similar party words.
    for (let k = i - 1; k >= Math.max(0, i - 4); k--) {
      const prev = words[k] as { raw: string; folded: string };
      if (/^\d+$/.test(prev.folded) || PARTY_FILLER.has(prev.folded)) continue;
      const category = categoryOfWord(prev.folded.replace(/-/g, ''));
      if (category) add(prev.raw, category);
      break;
    }
    // "cookies til statistik", "cookies for marketing".
    const link = words[i + 1];
    const target = words[i + 2];
    if (link && target && LINK_WORDS.has(link.folded)) {
      const category = categoryOfWord(target.folded);
      if (category) add(target.raw, category);
    }
  }
}

/**
 * Reads the categories named and the retention statements of a policy's plain text. Only the
 * first PROSE_TEXT_LIMIT characters are read. Consent statements are sentences that speak of
 * consent (or "your choice"), of keeping it, and state a length.
 */
export function extractPolicyProse(text: string): PolicyProse {
  const source = text.length > PROSE_TEXT_LIMIT ? text.slice(0, PROSE_TEXT_LIMIT) : text;
  const mentions = new Map<string, { text: string; category: Category | null }>();
  categoryMentions(source, (raw, category) => {
    const key = fold(raw);
    if (!mentions.has(key) && mentions.size < MAX_MENTIONS)
      mentions.set(key, { text: raw, category });
  });

  const consent: Duration[] = [];
  const retention: { text: string; duration: Duration }[] = [];
  for (const sentence of sentences(source)) {
    if (sentence.length > 2_000 || !/\d|[\p{L}]/u.test(sentence)) continue;
    // The cheap check first, on the sentence as written: a verb of keeping.
    if (!KEEP_SEARCH.test(sentence)) continue;
    const folded = fold(sentence);
    const duration = sentenceDuration(sentence);
    if (!duration) continue;
    if (mentionsConsent(folded)) consent.push(duration);
    else if (retention.length < MAX_STATEMENTS) retention.push({ text: duration.text, duration });
  }

  let consentLifetime: Duration | null = null;
  for (const d of consent) {
    if (consentLifetime === null || (d.days ?? 0) > (consentLifetime.days ?? 0))
      consentLifetime = d;
  }
  if (consentLifetime && new Set(consent.map((d) => d.days)).size > 1) {
    const note = 'several consent periods stated: the longest is used';
    consentLifetime = {
      ...consentLifetime,
      reason: consentLifetime.reason ? `${consentLifetime.reason}; ${note}` : note,
    };
  }
  return {
    categoriesMentioned: [...mentions.values()],
    consentLifetime,
    retentionStatements: retention,
  };
}
