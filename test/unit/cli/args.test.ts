import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { failsAt, parseAuditArgs } from '../../../cli/args.ts';

describe('parseAuditArgs', () => {
  test('defaults: the demo site, json, three phases, 3 s, fail on high', () => {
    expect(parseAuditArgs([])).toMatchObject({
      urls: [],
      demo: true,
      format: 'json',
      phases: ['initial', 'after-reject', 'after-accept'],
      waitMs: 3000,
      failOn: 'high',
      browserArgs: [],
      concurrency: 1,
      language: 'en',
      declared: null,
      links: 0,
    });
  });

  test('every option', () => {
    expect(
      parseAuditArgs([
        'https://a.example/',
        '--out',
        'r.html',
        '--format',
        'html',
        '--phases',
        'reject,initial',
        '--declared',
        'table.csv',
        '--wait',
        '500',
        '--browser',
        '/usr/bin/chromium',
        '--browser-arg=--x',
        '--browser-arg',
        '--y',
        '--reject-selector',
        '#no',
        '--accept-selector',
        '#yes',
        '--fail-on',
        'medium',
        '--concurrency',
        '2',
        '--language',
        'da',
        '--gpc',
        '--links',
        '2',
      ]),
    ).toEqual({
      urls: ['https://a.example/'],
      demo: false,
      out: 'r.html',
      format: 'html',
      phases: ['after-reject', 'initial'],
      declared: 'table.csv',
      waitMs: 500,
      browserPath: '/usr/bin/chromium',
      browserArgs: ['--x', '--y'],
      rejectSelector: '#no',
      acceptSelector: '#yes',
      failOn: 'medium',
      concurrency: 2,
      language: 'da',
      gpc: true,
      links: 2,
    });
  });

  test('--urls reads one URL per line, skipping blanks and comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consentlens-args-'));
    const file = join(dir, 'urls.txt');
    writeFileSync(file, '# clients\nhttps://a.example/\n\n  https://b.example/x  # shop\r\n');
    expect(parseAuditArgs(['--urls', file, 'https://c.example/'])).toMatchObject({
      urls: ['https://c.example/', 'https://a.example/', 'https://b.example/x'],
      demo: false,
    });
  });

  test.each([
    [['--bogus'], /Unknown option/],
    [['--wait', 'soon'], /--wait takes milliseconds/],
    [['--wait', '-5'], /--wait takes milliseconds/],
    [['--fail-on', 'critical'], /--fail-on takes/],
    [['--format', 'pdf'], /Unknown --format/],
    [['--phases', 'initial,later'], /Unknown phase "later"/],
    [['--phases', 'reject,reject'], /appears twice/],
    [['--concurrency', '0'], /--concurrency takes/],
    [['--language', 'sv'], /--language takes en or da/],
    [['--links', '6'], /--links takes a whole number from 0 to 5/],
    [['--links', '1.5'], /--links takes/],
    [['--urls', '/nonexistent/urls.txt'], /No URL list/],
    [['https://a.example/', '--format', 'html'], /--format html needs --out/],
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
