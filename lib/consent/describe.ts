import type { ConsentCategory } from '../domain/category.ts';
import type { ConsentState } from './state.ts';

export type DescribeLocale = 'en' | 'da';

const WORDS: Readonly<
  Record<
    DescribeLocale,
    {
      none: string;
      accept: string;
      reject: string;
      custom: string;
      at: string;
      necessaryOnly: string;
      categories: Readonly<Record<Exclude<ConsentCategory, 'necessary'>, string>>;
    }
  >
> = {
  en: {
    none: 'No decision yet',
    accept: 'Accepted all',
    reject: 'Rejected all',
    custom: 'Custom:',
    at: 'at',
    necessaryOnly: 'necessary only',
    categories: { preferences: 'preferences', statistics: 'statistics', marketing: 'marketing' },
  },
  da: {
    none: 'Ingen beslutning endnu',
    accept: 'Accepteret alle',
    reject: 'Afvist alle',
    custom: 'Tilpasset:',
    at: 'kl.',
    necessaryOnly: 'kun nødvendige',
    categories: { preferences: 'præferencer', statistics: 'statistik', marketing: 'marketing' },
  },
};

export interface DescribeOptions {
  /** IANA time zone for the clock time; the runtime's own zone when absent. */
  timeZone?: string;
}

/** `HH:MM:SS` (24-hour) in the given zone; the locale's own separators are not used on purpose. */
function clock(time: number, timeZone: string | undefined): string {
  try {
    const parts = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      ...(timeZone !== undefined ? { timeZone } : {}),
    }).formatToParts(new Date(time));
    const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
    return `${part('hour')}:${part('minute')}:${part('second')}`;
  } catch {
    // An unknown time zone: fall back to UTC rather than fail a label.
    return new Date(time).toISOString().slice(11, 19);
  }
}

/**
 * A short human label for a consent state that took effect at `time` (ms since epoch):
 * "No decision yet", "Rejected all at 10:02:13", "Accepted all at …", "Custom: statistics at …";
 * in Danish "Ingen beslutning endnu", "Afvist alle kl. 10:02:13", ….
 */
export function describeConsent(
  state: ConsentState,
  time: number,
  locale: DescribeLocale,
  options: DescribeOptions = {},
): string {
  const words = WORDS[locale] ?? WORDS.en;
  if (state.decision === 'none') return words.none;
  const at = Number.isFinite(time) ? ` ${words.at} ${clock(time, options.timeZone)}` : '';
  if (state.decision === 'accept') return `${words.accept}${at}`;
  if (state.decision === 'reject') return `${words.reject}${at}`;
  const granted = (['preferences', 'statistics', 'marketing'] as const)
    .filter((c) => state.categories[c] === true)
    .map((c) => words.categories[c]);
  const list = granted.length > 0 ? granted.join(', ') : words.necessaryOnly;
  return `${words.custom} ${list}${at}`;
}
