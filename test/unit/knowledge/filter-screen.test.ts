import { NetworkFilter } from '@ghostery/adblocker';
import { describe, expect, test } from 'vitest';
import {
  compileFilterScreen,
  createFilterScreen,
  longestRegexLiteral,
} from '../../../lib/knowledge/filter-screen.ts';

describe('longestRegexLiteral', () => {
  test.each([
    // source, the literal every match contains ('' when none is safe)
    ['\\/akam\\/.*\\/pixel_', '/pixel_'],
    ['^https?:\\/\\/tmx\\.(td|tdbank)\\.com\\/[a-z0-9]{14,18}\\.js', '://tmx.'],
    ['\\/analytics\\..*\\/event\\?', '/analytics.'],
    // `s?`, `x*` and `{0,}` make the atom before them optional: it cannot be in the literal.
    ['trackings?\\/v1', 'tracking'],
    ['abcx*defgh', 'defgh'],
    ['abcdex{0,3}fg', 'abcde'],
    // A quantifier's digits are not literal characters.
    ['[a-z]{12,40}\\.js', '.js'],
    // Top-level alternation: no literal is in every match.
    ['beacon|pixel', ''],
    // Alternation inside a group is fine; the group is skipped.
    ['\\/(beacon|pixel)\\/collect', '/collect'],
    ['\\d+\\.gif', '.gif'],
    ['[\\]x]abc', 'abc'],
  ])('%s → %s', (source, literal) => {
    expect(longestRegexLiteral(source)).toBe(literal);
    if (literal !== '') expect(new RegExp(source).source.length).toBeGreaterThan(0);
  });

  test('the literal is in every string the expression matches', () => {
    const cases: [string, string[]][] = [
      [
        '^https?:\\/\\/tmx\\.(td|tdbank)\\.com\\/[a-z0-9]{14,18}\\.js',
        ['http://tmx.td.com/abcdefghijklmn.js'],
      ],
      ['trackings?\\/v1', ['tracking/v1', 'trackings/v1']],
    ];
    for (const [source, inputs] of cases) {
      for (const input of inputs) {
        expect(new RegExp(source).test(input)).toBe(true);
        expect(input.includes(longestRegexLiteral(source))).toBe(true);
      }
    }
  });
});

describe('the compiled screen', () => {
  const lines = [
    '||tracker.example^',
    '||.partial-host.example^',
    '/pixel.gif?',
    '/^https?:\\/\\/[a-z]+\\.cdn\\.example\\/collect-[0-9]+/',
    '$ping,3p',
    '/Beacon.JS',
    ...Array.from({ length: 12 }, (_, i) => `/track-${i}.js`),
  ];
  const data = compileFilterScreen(
    lines.map((line) => ({ filter: NetworkFilter.parse(line) as NetworkFilter, line })),
  );
  const allows = (filter: NetworkFilter, type: string, thirdParty: boolean) =>
    filter.isCptAllowed(type as 'ping') && (thirdParty ? filter.thirdParty() : filter.firstParty());
  const screen = createFilterScreen(data, allows);

  test('leaves the filters anchored to a whole hostname to the hostname tables', () => {
    expect(data.loose).toEqual(['.partial-host.example']);
    expect(data.keys).not.toContain('tracker.example');
    expect(data.keys).toHaveLength(15);
    expect(data.keyless).toEqual(['$ping,3p']);
  });

  test('stores the keys ordered by the hash of their gram, each with its gram', () => {
    expect(data.keyBits).toEqual([...data.keyBits].sort((a, b) => a - b));
    expect(data.keyGrams).toHaveLength(data.keys.length);
    data.keys.forEach((key, i) => {
      expect(data.keyGrams[i]! + 4).toBeLessThanOrEqual(key.length);
    });
  });

  test.each([
    ['x.partial-host.example', true],
    ['partial-host.example', false],
    ['tracker.example', false],
  ])('a filter with a partial hostname may apply to %s: %s', (host, expected) => {
    expect(screen.looselyAnchoredTo(host)).toBe(expected);
  });

  test.each([
    ['https://shop.dk/img/pixel.gif?id=1', 'image', false, true],
    ['https://shop.dk/IMG/PIXEL.GIF?id=1', 'image', false, true],
    ['https://shop.dk/img/pixel.png', 'image', false, false],
    ['https://eu.cdn.example/collect-17', 'script', true, true],
    ['https://shop.dk/api', 'ping', true, true],
    ['https://shop.dk/api', 'ping', false, false],
    ['https://shop.dk/js/beacon.js', 'script', false, true],
    ['https://shop.dk/track-11.js', 'script', false, true],
    ['https://shop.dk/track-12.js', 'script', false, false],
    // Beyond ASCII, lower-casing may change the number of characters: still found.
    ['https://shöp.dk/İ/track-3.js', 'script', false, true],
    ['https://shöp.dk/İ/TRACK-3.JS', 'script', false, true],
    ['https://shöp.dk/İ/track-3.gs', 'script', false, false],
  ])('%s (%s, third party %s) may match: %s', (url, type, thirdParty, expected) => {
    expect(screen.urlMayMatch(url, type, thirdParty)).toBe(expected);
  });

  test('a screen whose keys are out of the order of their hashes is refused', () => {
    const shuffled = { ...data, keyBits: [...data.keyBits].reverse() };
    expect(() => createFilterScreen(shuffled, allows)).toThrow(/order/);
    expect(() => createFilterScreen({ ...data, keyGrams: [] }, allows)).toThrow(/grams/);
  });

  test('a bucket with a handful of keys searches for them', () => {
    const few = compileFilterScreen(
      ['@@/consent.js', '@@||tracker.example^$script'].map((line) => ({
        filter: NetworkFilter.parse(line) as NetworkFilter,
        line,
      })),
    );
    const fewScreen = createFilterScreen(few, allows);
    expect(fewScreen.urlMayMatch('https://a.dk/CONSENT.js', 'script', true)).toBe(true);
    expect(fewScreen.urlMayMatch('https://a.dk/consent.json', 'script', true)).toBe(true);
    expect(fewScreen.urlMayMatch('https://tracker.example/x.js', 'script', true)).toBe(false);
    const none = createFilterScreen(compileFilterScreen([]), allows);
    expect(none.urlMayMatch('https://a.dk/consent.js', 'script', true)).toBe(false);
    expect(none.looselyAnchoredTo('a.dk')).toBe(false);
  });
});
