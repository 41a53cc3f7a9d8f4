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
    '||stats.example^$third-party',
    '||.partial-host.example^',
    '/pixel.gif?',
    '/^https?:\\/\\/[a-z]+\\.cdn\\.example\\/collect-[0-9]+/',
    '$ping,3p',
  ];
  const data = compileFilterScreen(
    lines.map((line) => ({ filter: NetworkFilter.parse(line) as NetworkFilter, line })),
  );
  const allows = (filter: NetworkFilter, type: string, thirdParty: boolean) =>
    filter.isCptAllowed(type as 'ping') && (thirdParty ? filter.thirdParty() : filter.firstParty());
  const screen = createFilterScreen(data, allows);

  test('plain `||host^` lines are stored by hostname alone', () => {
    expect(data.anchored).toContain('tracker.example \n');
    expect(data.anchored).toContain('stats.example ||stats.example^$third-party\n');
    expect(data.loose).toEqual(['.partial-host.example']);
    expect(data.keys.sort()).toEqual(['.cdn.example/collect-', '/pixel.gif?']);
    expect(data.keyless).toEqual(['$ping,3p']);
  });

  test.each([
    ['tracker.example', ['||tracker.example^']],
    ['a.b.tracker.example', ['||tracker.example^']],
    ['stats.example.tracker.example', ['||stats.example^$3p', '||tracker.example^']],
    // Only at the start of a label: the engine's hostname anchoring rejects these.
    ['notracker.example', []],
    ['www.shop.dk', []],
  ])('%s is named by %j', (host, named) => {
    expect(screen.anchoredTo(host)?.map((f) => f.toString())).toEqual(named);
  });

  test('a partially named host leaves the answer to the engine', () => {
    expect(screen.anchoredTo('x.partial-host.example')).toBeNull();
  });

  test.each([
    ['https://shop.dk/img/pixel.gif?id=1', 'image', false, true],
    ['https://shop.dk/IMG/PIXEL.GIF?id=1', 'image', false, true],
    ['https://shop.dk/img/pixel.png', 'image', false, false],
    ['https://eu.cdn.example/collect-17', 'script', true, true],
    ['https://shop.dk/api', 'ping', true, true],
    ['https://shop.dk/api', 'ping', false, false],
  ])('%s (%s, third party %s) may match: %s', (url, type, thirdParty, expected) => {
    expect(screen.urlMayMatch(url, type, thirdParty)).toBe(expected);
  });
});
