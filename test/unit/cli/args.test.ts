import { describe, expect, test } from 'vitest';
import { failsAt, parseAuditArgs } from '../../../cli/args.ts';

describe('parseAuditArgs', () => {
  test('defaults: the demo site, json, 3 s, fail on high', () => {
    expect(parseAuditArgs([])).toMatchObject({
      urls: [],
      demo: true,
      format: 'json',
      waitMs: 3000,
      failOn: 'high',
      browserArgs: [],
    });
  });

  test('every option', () => {
    expect(
      parseAuditArgs([
        'https://a.example/',
        '--out',
        'r.json',
        '--wait',
        '500',
        '--browser',
        '/usr/bin/chromium',
        '--browser-arg=--x',
        '--browser-arg',
        '--y',
        '--fail-on',
        'medium',
      ]),
    ).toEqual({
      urls: ['https://a.example/'],
      demo: false,
      out: 'r.json',
      format: 'json',
      waitMs: 500,
      browserPath: '/usr/bin/chromium',
      browserArgs: ['--x', '--y'],
      failOn: 'medium',
    });
  });

  test.each([
    [['--bogus'], /Unknown option/],
    [['--wait', 'soon'], /--wait takes milliseconds/],
    [['--wait', '-5'], /--wait takes milliseconds/],
    [['--fail-on', 'critical'], /--fail-on takes/],
    [['--format', 'pdf'], /Unknown --format/],
    [['example.dk'], /is not a URL/],
    [['ftp://example.dk/'], /not an http\(s\) URL/],
  ])('%j is refused with one sentence', (argv, message) => {
    expect(() => parseAuditArgs(argv)).toThrow(message);
  });
});

describe('failsAt', () => {
  test.each([
    [['high'], 'high', true],
    [['medium'], 'high', false],
    [['medium'], 'medium', true],
    [['info'], 'low', false],
    [['low', 'info'], 'low', true],
    [['high'], 'never', false],
    [[], 'low', false],
  ] as const)('%j at --fail-on %s: %s', (severities, failOn, expected) => {
    expect(failsAt(severities, failOn)).toBe(expected);
  });
});
