/**
 * The vocabulary durations are written in: units and number words in da/en/de/sv/no/nl/fr
 * (plus a few es/it/pt forms that cost nothing). Every key is lowercased and folded (NFD with
 * combining marks removed), so "år" is looked up as "ar" and "Jahr" as "jahr"; ø, æ and ß do
 * not decompose and are kept as they are.
 */

/** The units a duration can be written in. */
export type DurationUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/**
 * Days per unit. A year is 365 days and a month is a twelfth of it (30.4167 days), so
 * "12 måneder" and "1 år" are the same length: policies state consent periods both ways and
 * the consent-lifetime rule must not see a difference between them. "13 months" is 395.4 days.
 */
export const DAYS_PER_UNIT: Readonly<Record<DurationUnit, number>> = {
  second: 1 / 86_400,
  minute: 1 / 1_440,
  hour: 1 / 24,
  day: 1,
  week: 7,
  month: 365 / 12,
  year: 365,
};

const UNIT_WORDS: Readonly<Record<DurationUnit, readonly string[]>> = {
  year: [
    ...['y', 'yr', 'yrs', 'year', 'years', 'ar', 'aar', 'aret', 'arene'],
    ...['jahr', 'jahre', 'jahren', 'jahres', 'jaar', 'jaren', 'an', 'ans', 'annee', 'annees'],
    ...['ano', 'anos', 'anno', 'anni'],
  ],
  month: [
    ...['mo', 'mos', 'mth', 'mths', 'mnth', 'month', 'months', 'maned', 'maneder', 'manedr'],
    ...['mdr', 'md', 'mnd', 'mndr', 'maaned', 'maaneder', 'man', 'manad', 'manader', 'manaden'],
    ...['monat', 'monate', 'monaten', 'monats', 'mon', 'maand', 'maanden', 'mois', 'mes', 'meses'],
    ...['mese', 'mesi'],
  ],
  week: [
    ...['w', 'wk', 'wks', 'week', 'weeks', 'uge', 'uger', 'woche', 'wochen', 'vecka', 'veckor'],
    ...['uke', 'uker', 'weken', 'semaine', 'semaines', 'semana', 'semanas', 'settimana'],
    'settimane',
  ],
  day: [
    ...['d', 'day', 'days', 'dag', 'dage', 'dagen', 'dagar', 'dager', 'døgn', 'dygn', 'tag'],
    ...['tage', 'tagen', 'tg', 'jour', 'jours', 'j', 'dia', 'dias', 'giorno', 'giorni'],
  ],
  hour: [
    ...['h', 'hr', 'hrs', 'hour', 'hours', 'time', 'timer', 'timen', 'std', 'stunde', 'stunden'],
    ...['timme', 'timmar', 'tim', 'uur', 'uren', 'heure', 'heures', 'hora', 'horas', 'ora', 'ore'],
  ],
  minute: [
    ...['min', 'mins', 'minute', 'minutes', 'minut', 'minutter', 'minuten', 'minuter', 'minutt'],
    ...['minuut', 'minuto', 'minuti', 'minutos'],
  ],
  second: [
    ...['s', 'sec', 'secs', 'second', 'seconds', 'sek', 'sekund', 'sekunder', 'sekunde'],
    ...['sekunden', 'seconde', 'secondes', 'seconden', 'secondi', 'segundo', 'segundos'],
  ],
};

/** Folded unit word → unit. */
export const UNIT_BY_WORD: ReadonlyMap<string, DurationUnit> = new Map(
  (Object.keys(UNIT_WORDS) as DurationUnit[]).flatMap((unit) =>
    UNIT_WORDS[unit].map((word) => [word, unit] as const),
  ),
);

/**
 * Number words, folded. Words that are also ordinary words elsewhere ("to", "et", "a", "an",
 * "ni", "en") count as numbers only when a unit follows them; the parser checks that.
 */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map<string, number>([
  ...['en', 'et', 'ett', 'ein', 'eine', 'einem', 'einen', 'einer', 'eins', 'one', 'a', 'an'].map(
    (w) => [w, 1] as [string, number],
  ),
  ...['un', 'une', 'een', 'uno', 'una', 'single'].map((w) => [w, 1] as [string, number]),
  ...['to', 'two', 'zwei', 'tva', 'twee', 'deux', 'due', 'dos'].map(
    (w) => [w, 2] as [string, number],
  ),
  ...['tre', 'three', 'drei', 'drie', 'trois'].map((w) => [w, 3] as [string, number]),
  ...['fire', 'four', 'vier', 'fyra', 'quatre'].map((w) => [w, 4] as [string, number]),
  ...['fem', 'five', 'funf', 'vijf', 'cinq'].map((w) => [w, 5] as [string, number]),
  ...['seks', 'six', 'sechs', 'sex', 'zes'].map((w) => [w, 6] as [string, number]),
  ...['syv', 'sju', 'seven', 'sieben', 'zeven', 'sept'].map((w) => [w, 7] as [string, number]),
  ...['otte', 'atte', 'atta', 'eight', 'acht', 'huit'].map((w) => [w, 8] as [string, number]),
  ...['ni', 'nio', 'nine', 'neun', 'negen', 'neuf'].map((w) => [w, 9] as [string, number]),
  ...['ti', 'tio', 'ten', 'zehn', 'tien', 'dix'].map((w) => [w, 10] as [string, number]),
  ...['elleve', 'elva', 'eleven', 'elf', 'onze'].map((w) => [w, 11] as [string, number]),
  ...['tolv', 'twelve', 'zwolf', 'twaalf', 'douze'].map((w) => [w, 12] as [string, number]),
  ...['tretten', 'tretton', 'thirteen', 'dreizehn', 'dertien', 'treize'].map(
    (w) => [w, 13] as [string, number],
  ),
  ...['fjorten', 'fjorton', 'fourteen', 'vierzehn', 'veertien', 'quatorze'].map(
    (w) => [w, 14] as [string, number],
  ),
  ...['atten', 'arton', 'eighteen', 'achtzehn', 'achttien'].map((w) => [w, 18] as [string, number]),
  ...['tyve', 'tjue', 'tjugo', 'twenty', 'zwanzig', 'twintig', 'vingt'].map(
    (w) => [w, 20] as [string, number],
  ),
  ...['tredive', 'tretti', 'trettio', 'thirty', 'dreissig', 'dreißig', 'dertig', 'trente'].map(
    (w) => [w, 30] as [string, number],
  ),
  // One and a half, written as one word.
  ...['halvandet', 'halvannet', 'halvannan', 'anderthalb', 'eineinhalb', 'anderhalf'].map(
    (w) => [w, 1.5] as [string, number],
  ),
]);

/** Words meaning "half": "et halvt år", "half a year", "ein halbes Jahr", "une demi-année". */
export const HALF_WORDS: ReadonlySet<string> = new Set([
  'halvt',
  'halv',
  'half',
  'halbes',
  'halbe',
  'halb',
  'halve',
  'demi',
  'demie',
  'mezzo',
  'medio',
]);
