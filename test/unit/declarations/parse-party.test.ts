import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  classifyTypeColumn,
  isTechnologyText,
  parseParty,
} from '../../../lib/declarations/parse-party.ts';
import { fuzzAssert } from '../fuzz/fuzz.ts';

describe('parseParty', () => {
  test.each([
    ['1. part', 'first'],
    ['1. Part', 'first'],
    ['1 part', 'first'],
    ['1. parts cookie', 'first'],
    ['Førstepart', 'first'],
    ['Førstepartscookie', 'first'],
    ['første part', 'first'],
    ['First party', 'first'],
    ['First-party', 'first'],
    ['1st party', 'first'],
    ['Erstanbieter', 'first'],
    ['Förstapartscookie', 'first'],
    ['eerste partij', 'first'],
    ['Première partie', 'first'],
    ['3. part', 'third'],
    ['3. Part', 'third'],
    ['Tredjepart', 'third'],
    ['tredje part', 'third'],
    ['Tredjepartscookie', 'third'],
    ['Third party', 'third'],
    ['third-party', 'third'],
    ['3rd party', 'third'],
    ['Drittanbieter', 'third'],
    ['Dritter Anbieter', 'third'],
    ['derde partij', 'third'],
    ['tiers', 'third'],
    ['Tierce partie', 'third'],
    ['Third', 'third'],
  ])('%s → %s', (text, party) => {
    expect(parseParty(text)).toBe(party);
  });

  test.each([
    '',
    'HTTP',
    'Ditmer',
    'Google',
    '1st/3rd party',
    'Erst- und Drittanbieter',
    'party',
    '1',
    'Statistik',
    'Partner',
  ])('%s → null', (text) => {
    expect(parseParty(text)).toBeNull();
  });

  test('never throws and returns only first, third or null', () => {
    fuzzAssert(
      'party words: arbitrary strings',
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect([null, 'first', 'third']).toContain(parseParty(s));
      }),
      2000,
    );
  });

  test('case and surrounding punctuation do not matter', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1. part', 'Tredjepart', 'Third party', 'Drittanbieter'),
        fc.boolean(),
        (word, upper) => {
          const expected = parseParty(word);
          expect(parseParty(` (${upper ? word.toUpperCase() : word.toLowerCase()}) `)).toBe(
            expected,
          );
        },
      ),
    );
  });
});

describe('what a Type column means', () => {
  test.each([
    [['1. part', '3. Part', '1. Part'], 'party'],
    [['HTTP', 'HTML', 'Pixel', 'HTTP Cookie'], 'technology'],
    [['HTTP Cookie', 'Pixel Tracker', 'HTML Local Storage'], 'technology'],
    [['Statistik', 'Marketing', 'Nødvendige'], 'category'],
    [['Session', 'Persistent', 'Session'], 'lifetime'],
    [['xyz', 'abc', 'HTTP'], 'unknown'],
    [[], 'unknown'],
  ] as const)('%j → %s', (values, meaning) => {
    expect(classifyTypeColumn(values)).toBe(meaning);
  });

  test('technology words', () => {
    expect(isTechnologyText('HTTP')).toBe(true);
    expect(isTechnologyText('html local storage')).toBe(true);
    expect(isTechnologyText('Hotjar')).toBe(false);
  });
});
