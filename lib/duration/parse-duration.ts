/**
 * Reads a cookie lifetime as sites write it ("2 år", "1. år", "13 months", "Sitzung",
 * "Slettes når du forlader hjemmesiden", "1 year 1 month 4 days", "Up to 2 years") into a
 * Duration. Conventions: a year is 365 days, a month a twelfth of a year (see DAYS_PER_UNIT).
 */
import type { Duration } from './duration.ts';
import { readQuantities } from './duration-quantities.ts';
import { tokenizeDuration, type DurationToken } from './duration-tokens.ts';
import { DAYS_PER_UNIT, type DurationUnit } from './duration-units.ts';

/** Characters of the input that are read; a duration cell longer than this is prose. */
export const DURATION_TEXT_LIMIT = 200;
/** Characters of the input kept in `Duration.text`. */
const KEPT_TEXT_LIMIT = 300;

export interface ParseDurationOptions {
  /** Unit for a number written alone, when the column says it ("Expiry (days)"). */
  defaultUnit?: DurationUnit;
}

// Phrases are matched on the folded words joined by single spaces, with a space on each side,
// so "session" also finds "sessionen" only where listed as a stem (see SESSION_STEMS).
const SESSION_STEMS = ['session', 'sitzung', 'sessie', 'sesjon', 'sesion', 'sessao', 'sessione'];
const SESSION_WORDS = new Set(['økt', 'økten', 'okt']);
const BROWSER_CLOSE_PHRASES = [
  ' browser is closed ',
  ' browser closes ',
  ' browser close ',
  ' browser closing ',
  ' close the browser ',
  ' close your browser ',
  ' closing the browser ',
  ' closing your browser ',
  ' browser is shut ',
  ' end of browsing ',
  ' leave the site ',
  ' leave the website ',
  ' leave our website ',
  ' leave the page ',
  ' forlader ',
  ' lukker browseren ',
  ' lukker din browser ',
  ' browseren lukkes ',
  ' browseren er lukket ',
  ' schliessen des browsers ',
  ' schließen des browsers ',
  ' browser geschlossen ',
  ' browsers geschlossen ',
  ' beenden des browsers ',
  ' webblasaren stangs ',
  ' stanger webblasaren ',
  ' lamnar webbplatsen ',
  ' nettleseren lukkes ',
  ' lukker nettleseren ',
  ' forlater nettstedet ',
  ' browser wordt gesloten ',
  ' sluiten van de browser ',
  ' sluit ',
  ' fermeture du navigateur ',
  ' fermez votre navigateur ',
  ' quittez le site ',
];
const PERSISTENT_WORDS = new Set([
  'persistent',
  'persistant',
  'persistente',
  'persistently',
  'vedvarende',
  'permanent',
  'permanente',
  'dauerhaft',
  'bestandig',
  'varaktig',
  'blijvend',
]);
const NEVER_PHRASES = [
  ' never ',
  ' aldrig ',
  ' aldri ',
  ' nie ',
  ' niemals ',
  ' nooit ',
  ' jamais ',
  ' unlimited ',
  ' unbegrenzt ',
  ' ubegrænset ',
  ' ubegrenset ',
  ' obegransad ',
  ' onbeperkt ',
  ' illimite ',
  ' forever ',
  ' for altid ',
  ' no expiry ',
  ' no expiration ',
];
const UPPER_PHRASES = [
  ' up to ',
  ' upto ',
  ' max ',
  ' maks ',
  ' maximum ',
  ' maksimum ',
  ' maksimalt ',
  ' maximal ',
  ' maximalt ',
  ' maximaal ',
  ' højst ',
  ' op til ',
  ' bis zu ',
  ' hochstens ',
  ' upp till ',
  ' hogst ',
  ' opptil ',
  ' inntil ',
  ' hooguit ',
  ' jusqu ',
  ' au plus ',
  ' less than ',
  ' no more than ',
  ' not more than ',
  ' no longer than ',
  ' within ',
  ' under ',
];
const LOWER_PHRASES = [
  ' at least ',
  ' minimum ',
  ' mindst ',
  ' mindestens ',
  ' minst ',
  ' ten minste ',
  ' au moins ',
  ' more than ',
  ' over ',
];
const CONDITION_PHRASES = [
  ' until ',
  ' unless ',
  ' indtil ',
  ' medmindre ',
  ' bis ',
  ' tills ',
  ' till ',
  ' totdat ',
  ' tot ',
  ' deleted ',
  ' removed ',
  ' cleared ',
  ' slettes ',
  ' slettet ',
  ' geloscht ',
  ' raderas ',
  ' verwijderd ',
  ' supprime ',
  ' logout ',
  ' log out ',
  ' logger ud ',
];
const APPROX_PHRASES = [
  ' approx ',
  ' approximately ',
  ' about ',
  ' around ',
  ' circa ',
  ' ca ',
  ' cirka ',
  ' ungefahr ',
  ' etwa ',
  ' omkring ',
  ' ongeveer ',
  ' environ ',
  ' rund ',
];

function hasAny(haystack: string, phrases: readonly string[]): boolean {
  for (const phrase of phrases) if (haystack.includes(phrase)) return true;
  return false;
}

function collapse(text: string, limit: number): string {
  const head = text.length > limit * 4 ? text.slice(0, limit * 4) : text;
  const collapsed = head.replace(/\s+/g, ' ').trim();
  return collapsed.length > limit ? `${collapsed.slice(0, limit - 1)}…` : collapsed;
}

/** Rounds to a millionth of a day (under 0.1 s) so sums like 12 × 365/12 print as 365. */
function roundDays(days: number): number {
  return Math.round(days * 1e6) / 1e6;
}

// ISO dates and d.m.yyyy / d/m/yyyy: an expiry date, not a length. Fixed-width, no nesting.
const DATE_PATTERN = /\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b/;

/**
 * Parses a lifetime as written in a cookie declaration.
 *
 * Never throws. `days` is ≥ 0 or null; for a range, alternatives or a condition it is the upper
 * bound and `reason` says so; `session` is true only when the text says the cookie ends with the
 * browser session, false when it states a length or says "persistent", null otherwise. Only the
 * first DURATION_TEXT_LIMIT characters are read.
 */
export function parseDuration(text: string, options: ParseDurationOptions = {}): Duration {
  const source = typeof text === 'string' ? text : '';
  const kept = collapse(source, KEPT_TEXT_LIMIT);
  if (kept === '') return { text: '', session: null, days: null, reason: 'empty' };

  const examined =
    source.length > DURATION_TEXT_LIMIT ? source.slice(0, DURATION_TEXT_LIMIT) : source;
  const reasons: string[] = [];
  if (source.length > DURATION_TEXT_LIMIT) {
    reasons.push(`only the first ${DURATION_TEXT_LIMIT} characters were read`);
  }

  const tokens = tokenizeDuration(examined);
  const words = tokens.filter((t): t is DurationToken & { kind: 'word' } => t.kind === 'word');
  const phrase = ` ${words.map((w) => w.value).join(' ')} `;
  const said = {
    session:
      words.some(
        (w) => SESSION_WORDS.has(w.value) || SESSION_STEMS.some((s) => w.value.includes(s)),
      ) || hasAny(phrase, BROWSER_CLOSE_PHRASES),
    persistent: words.some((w) => PERSISTENT_WORDS.has(w.value)),
    never: hasAny(phrase, NEVER_PHRASES),
  };

  const reading = readQuantities(tokens);
  const done = (result: Omit<Duration, 'text' | 'reason'>): Duration =>
    reasons.length > 0
      ? { text: kept, ...result, reason: reasons.join('; ') }
      : { text: kept, ...result };

  if (reading.terms.length === 0) {
    if (said.session) return done({ session: true, days: null });
    if (DATE_PATTERN.test(examined)) {
      reasons.push('a date, not a length');
      return done({ session: said.persistent ? false : null, days: null });
    }
    if (reading.bareNumbers > 0 && options.defaultUnit) {
      return withDefaultUnit(tokens, options.defaultUnit, done, reasons);
    }
    if (said.persistent) {
      reasons.push('persistent: no length stated');
      return done({ session: false, days: null });
    }
    if (said.never) {
      reasons.push('no end stated');
      return done({ session: false, days: null });
    }
    reasons.push(reading.bareNumbers > 0 ? 'number without a unit' : 'no length or session stated');
    return done({ session: null, days: null });
  }

  let days = 0;
  for (const term of reading.terms) days = Math.max(days, term.days);
  if (!Number.isFinite(days)) {
    reasons.push('number too large');
    return done({ session: null, days: null });
  }

  if (reading.terms.length > 1) reasons.push('range or alternatives: upper bound used');
  else if (hasAny(phrase, UPPER_PHRASES)) reasons.push('upper bound stated');
  if (hasAny(phrase, CONDITION_PHRASES) && reading.terms.length === 1) {
    reasons.push('condition stated: the length is an upper bound');
  }
  if (hasAny(phrase, LOWER_PHRASES)) reasons.push('lower bound stated: may last longer');
  if (hasAny(phrase, APPROX_PHRASES)) reasons.push('approximate');
  if (reading.bareNumbers > 0) reasons.push('numbers without a unit were ignored');

  if (said.session) {
    reasons.push('both a session end and a length are stated; the length is the upper bound');
    return done({ session: null, days: roundDays(days) });
  }
  return done({ session: false, days: roundDays(days) });
}

/** "365" under a header that says "(days)": every bare number in that unit, the largest wins. */
function withDefaultUnit(
  tokens: readonly DurationToken[],
  unit: DurationUnit,
  done: (result: Omit<Duration, 'text' | 'reason'>) => Duration,
  reasons: string[],
): Duration {
  let max = 0;
  let count = 0;
  for (const t of tokens) {
    if (t.kind === 'num') {
      max = Math.max(max, t.value);
      count++;
    }
  }
  const days = max * DAYS_PER_UNIT[unit];
  if (!Number.isFinite(days)) {
    reasons.push('number too large');
    return done({ session: null, days: null });
  }
  if (count > 1) reasons.push('range or alternatives: upper bound used');
  reasons.push(`unit taken from the column: ${unit}`);
  return done({ session: false, days: roundDays(days) });
}
