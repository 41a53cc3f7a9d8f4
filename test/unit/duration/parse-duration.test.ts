import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DURATION_TEXT_LIMIT, parseDuration } from '../../../lib/duration/parse-duration.ts';
import { findDurations } from '../../../lib/duration/find-durations.ts';
import { DAYS_PER_UNIT } from '../../../lib/duration/duration-units.ts';
import { fuzzAssert } from '../fuzz/fuzz.ts';

const MONTH = 365 / 12;

describe('parseDuration: numbers with units', () => {
  test.each([
    // da
    ['2 år', 730],
    ['2 År', 730],
    ['1. år', 365],
    ['1. dag', 1],
    ['24 timer', 1],
    ['29 dage', 29],
    ['3 Måneder', 3 * MONTH],
    ['3 måneder', 3 * MONTH],
    ['12 mdr.', 365],
    ['1 uge', 7],
    ['30 minutter', 30 / 1440],
    // en
    ['13 months', 13 * MONTH],
    ['1 day', 1],
    ['30 minutes', 30 / 1440],
    ['2 years', 730],
    ['1 year', 365],
    ['24h', 1],
    ['30d', 30],
    ['2yrs', 730],
    ['400 days', 400],
    ['1 week', 7],
    ['10 seconds', 10 / 86400],
    // de
    ['1 Jahr', 365],
    ['2 Jahre', 730],
    ['6 Monate', 6 * MONTH],
    ['14 Tage', 14],
    ['1 Stunde', 1 / 24],
    ['1 Woche', 7],
    // sv / no
    ['1 vecka', 7],
    ['2 år', 730],
    ['13 månader', 13 * MONTH],
    ['30 dagar', 30],
    ['1 timme', 1 / 24],
    ['30 dager', 30],
    ['6 måneder', 6 * MONTH],
    // nl
    ['12 maanden', 365],
    ['1 jaar', 365],
    ['30 dagen', 30],
    ['1 uur', 1 / 24],
    // fr
    ['1 an', 365],
    ['13 mois', 13 * MONTH],
    ['2 ans', 730],
    ['30 jours', 30],
    ['1 heure', 1 / 24],
    // decimals and fractions
    ['1,5 år', 547.5],
    ['1.5 years', 547.5],
    ['1½ år', 547.5],
  ])('%s → %f days', (text, days) => {
    const d = parseDuration(text);
    expect(d.session).toBe(false);
    expect(d.days).toBeCloseTo(days, 5);
    expect(d.reason).toBeUndefined();
    expect(d.text).toBe(text);
  });

  test('a year is 365 days and twelve months are a year', () => {
    expect(parseDuration('2 år').days).toBe(730);
    expect(parseDuration('12 months').days).toBe(parseDuration('1 year').days);
    expect(parseDuration('13 months').days).toBeCloseTo(395.42, 2);
  });
});

describe('parseDuration: compounds and words', () => {
  test.each([
    ['1 year 1 month 4 days', 365 + MONTH + 4],
    ['11 months 29 days 23 hours 59 minutes', 11 * MONTH + 29 + 23 / 24 + 59 / 1440],
    ['1 year, 2 months and 3 days', 365 + 2 * MONTH + 3],
    ['1 år og 6 måneder', 547.5],
    ['i et år', 365],
    ['et år', 365],
    ['one year', 365],
    ['a day', 1],
    ['an hour', 1 / 24],
    ['ein Jahr', 365],
    ['einen Monat', MONTH],
    ['ett år', 365],
    ['een jaar', 365],
    ['un an', 365],
    ['to år', 730],
    ['tre måneder', 3 * MONTH],
    ['zwei Jahre', 730],
    ['et halvt år', 182.5],
    ['half a year', 182.5],
    ['halvandet år', 547.5],
  ])('%s → %f days', (text, days) => {
    const d = parseDuration(text);
    expect(d.session).toBe(false);
    expect(d.days).toBeCloseTo(days, 5);
  });
});

describe('parseDuration: sessions, persistent, unreadable', () => {
  test.each([
    'Session',
    'session',
    'Sitzung',
    'Ende der Browsersitzung',
    'Slettes når du forlader hjemmesiden',
    'End of session (browser)',
    'When the browser is closed',
    'sessie',
    'Sesjon',
    'Sessionscookie',
    'Udløber ved sessionens afslutning',
    'Fin de session',
    'Session cookie',
  ])('%s → session', (text) => {
    const d = parseDuration(text);
    expect(d.session).toBe(true);
    expect(d.days).toBeNull();
  });

  test('Persistent: not a session, no length, with a reason', () => {
    const d = parseDuration('Persistent');
    expect(d).toMatchObject({ session: false, days: null });
    expect(d.reason).toMatch(/persistent/);
  });

  test.each(['foo', 'HTTP', '—', 'Siehe Anbieter'])('%s → unknown with a reason', (text) => {
    const d = parseDuration(text);
    expect(d).toMatchObject({ session: null, days: null });
    expect(d.reason).toBeTruthy();
  });

  test('a number without a unit is not guessed', () => {
    const d = parseDuration('365');
    expect(d).toMatchObject({ session: null, days: null, reason: 'number without a unit' });
  });

  test('a number without a unit takes the column unit when given', () => {
    expect(parseDuration('365', { defaultUnit: 'day' }).days).toBe(365);
    expect(parseDuration('2', { defaultUnit: 'year' }).days).toBe(730);
  });

  test('an expiry date is not a length', () => {
    expect(parseDuration('2025-12-31')).toMatchObject({
      days: null,
      reason: 'a date, not a length',
    });
    expect(parseDuration('31.12.2025').days).toBeNull();
  });

  test('empty input', () => {
    expect(parseDuration('   ')).toEqual({ text: '', session: null, days: null, reason: 'empty' });
  });

  test('never expires is not a session', () => {
    expect(parseDuration('Never')).toMatchObject({ session: false, days: null });
  });
});

describe('parseDuration: ranges and conditions use the upper bound', () => {
  test.each([
    ['30 seconds till 1 year', 365, /range/],
    ['1-2 years', 730, /range/],
    ['1 bis 2 Jahre', 730, /range/],
    ['6 months or 1 year', 365, /range/],
    ['Up to 2 years', 730, /upper bound/],
    ['Op til 2 år', 730, /upper bound/],
    ['maks. 13 måneder', 13 * MONTH, /upper bound/],
    ['bis zu 2 Jahre', 730, /upper bound/],
    ['1 year or until deleted', 365, /condition/],
    ['1 år eller indtil du sletter den', 365, /condition/],
    ['at least 1 year', 365, /lower bound/],
    ['ca. 1 år', 365, /approximate/],
  ])('%s → %f days', (text, days, reason) => {
    const d = parseDuration(text);
    expect(d.days).toBeCloseTo(days, 5);
    expect(d.reason).toMatch(reason);
  });

  test('a session end together with a length keeps the length, session unknown', () => {
    const d = parseDuration('Session / 30 minutes');
    expect(d.session).toBeNull();
    expect(d.days).toBeCloseTo(30 / 1440, 6);
    expect(d.reason).toMatch(/session/);
  });
});

describe('parseDuration: bounds', () => {
  test('reads only the first characters and says so', () => {
    const long = `${'x'.repeat(DURATION_TEXT_LIMIT)} 2 years`;
    const d = parseDuration(long);
    expect(d.days).toBeNull();
    expect(d.reason).toMatch(/first 200/);
    expect(d.text.length).toBeLessThanOrEqual(300);
  });

  test('a megabyte of digits and units returns quickly and bounded', () => {
    const d = parseDuration('9'.repeat(1_000_000) + ' years');
    expect(d.text.length).toBeLessThanOrEqual(300);
    expect(d.days === null || Number.isFinite(d.days)).toBe(true);
  });
});

const UNIT_SAMPLES = [
  'år',
  'years',
  'dage',
  'Monate',
  'timer',
  'minutes',
  'mois',
  'weken',
  'sekunder',
];

describe('parseDuration: properties', () => {
  test('never throws; text is a string; days are null or finite and ≥ 0', () => {
    fuzzAssert(
      'durations: arbitrary strings',
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const d = parseDuration(s);
        expect(typeof d.text).toBe('string');
        expect([true, false, null]).toContain(d.session);
        if (d.days !== null) {
          expect(Number.isFinite(d.days)).toBe(true);
          expect(d.days).toBeGreaterThanOrEqual(0);
        }
        if (d.days === null && d.session !== true) expect(d.reason).toBeTruthy();
      }),
      2000,
    );
  });

  test('never throws on strings built from duration vocabulary', () => {
    const pieces = fc.constantFrom(
      '1',
      '2',
      '.',
      ',',
      '-',
      ' ',
      'år',
      'year',
      'et',
      'en',
      'a',
      'an',
      'to',
      'half',
      'halvt',
      'session',
      'or',
      'until',
      'max',
      '½',
      '1.000',
      'bis',
      'og',
      'and',
    );
    fuzzAssert(
      'durations: vocabulary',
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const d = parseDuration(parts.join(' '));
        if (d.days !== null) expect(d.days).toBeGreaterThanOrEqual(0);
      }),
      100,
    );
  });

  test('monotonic in the number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom(...UNIT_SAMPLES),
        (a, b, unit) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const dLo = parseDuration(`${lo} ${unit}`).days;
          const dHi = parseDuration(`${hi} ${unit}`).days;
          expect(dLo).not.toBeNull();
          expect(dHi).not.toBeNull();
          expect(dLo as number).toBeLessThanOrEqual(dHi as number);
        },
      ),
    );
  });

  test('a compound is the sum of its parts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 30 }),
        (y, m, d) => {
          const days = parseDuration(`${y} years ${m} months ${d} days`).days;
          expect(days).toBeCloseTo(y * 365 + m * DAYS_PER_UNIT.month + d, 4);
        },
      ),
    );
  });

  test('a range takes its upper bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10 }), (d, y) => {
        const parsed = parseDuration(`${d} days till ${y} years`);
        expect(parsed.days).toBeCloseTo(Math.max(d, y * 365), 5);
      }),
    );
  });
});

describe('findDurations', () => {
  test('finds lengths in running text', () => {
    const spans = findDurations(
      'Som standard gemmes dit cookie samtykke i et år. Dit valg huskes i 12 mdr.',
    );
    expect(spans.map((s) => [s.text, s.days])).toEqual([
      ['et år', 365],
      ['12 mdr', 365],
    ]);
  });

  test('ignores numbers without units', () => {
    expect(findDurations('CVR-nr. 26097274, telefon 87 34 44 54')).toEqual([]);
  });
});
