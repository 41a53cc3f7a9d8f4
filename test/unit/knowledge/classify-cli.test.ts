import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { runClassify } from '../../../cli/classify.ts';
import { parseCsv } from '../../../lib/knowledge/csv.ts';

async function run(argv: string[], input = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runClassify(argv, { stdin: Readable.from([input]), stdout, stderr });
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'consentlens-classify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('consentlens classify', () => {
  test('JSON lines in, JSON lines out, same order, fields kept', async () => {
    const input = [
      '{"name":"_ga","domain":".example.dk","path":"/","secure":true,"lifetimeDays":400}',
      '',
      '{"name":"CookieConsent","domain":"www.example.dk","session":false}',
      '{"name":"zz_unknown","domain":".example.dk","category":"stale"}',
    ].join('\n');
    const { code, stdout, stderr } = await run(['-'], input);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        name: '_ga',
        domain: '.example.dk',
        path: '/',
        secure: true,
        lifetimeDays: 400,
        category: 'statistics',
        vendor: 'Google Analytics',
        classifiedBy: 'open-cookie-database',
      },
      {
        name: 'CookieConsent',
        domain: 'www.example.dk',
        session: false,
        category: 'necessary',
        vendor: 'Cookiebot',
        classifiedBy: 'consent-platform',
      },
      {
        name: 'zz_unknown',
        domain: '.example.dk',
        category: 'unclassified',
        vendor: null,
        classifiedBy: 'none',
      },
    ]);
  });

  test('a JSON array in, a JSON array out', async () => {
    const { code, stdout } = await run(
      [],
      JSON.stringify([
        { name: '_fbp', domain: '.example.dk' },
        { name: '_hjid', domain: 'example.dk' },
      ]),
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      {
        name: '_fbp',
        domain: '.example.dk',
        category: 'marketing',
        vendor: 'Meta',
        classifiedBy: 'open-cookie-database',
      },
      {
        name: '_hjid',
        domain: 'example.dk',
        category: 'statistics',
        vendor: 'Hotjar',
        classifiedBy: 'open-cookie-database',
      },
    ]);
  });

  test('CSV from a file in, CSV out, columns kept and quoting preserved', async () => {
    const file = join(dir, 'cookies.csv');
    writeFileSync(
      file,
      'Name,Domain,value,note\r\n_gid,.example.dk,GA1.2.3,"a, b"\r\n_ga_ABC123,.example.dk,x,"line\nbreak"\r\n',
    );
    const { code, stdout } = await run([file]);
    expect(code).toBe(0);
    expect(stdout).toContain('\r\n');
    expect(parseCsv(stdout)).toEqual([
      ['Name', 'Domain', 'value', 'note', 'category', 'vendor', 'classifiedBy'],
      [
        '_gid',
        '.example.dk',
        'GA1.2.3',
        'a, b',
        'statistics',
        'Google Analytics',
        'open-cookie-database',
      ],
      [
        '_ga_ABC123',
        '.example.dk',
        'x',
        'line\nbreak',
        'statistics',
        'Google Analytics',
        'open-cookie-database',
      ],
    ]);
  });

  test('an existing category column is overwritten in place', async () => {
    const { stdout } = await run(['-'], 'name,domain,category\n_ga,.example.dk,necessary\n');
    expect(parseCsv(stdout)).toEqual([
      ['name', 'domain', 'category', 'vendor', 'classifiedBy'],
      ['_ga', '.example.dk', 'statistics', 'Google Analytics', 'open-cookie-database'],
    ]);
  });

  test.each([
    [
      '--format csv turns JSON into CSV',
      ['--format', 'csv'],
      '[{"name":"_ga","domain":".x.dk","secure":true}]',
      'name,domain,secure,category,vendor,classifiedBy\n_ga,.x.dk,true,statistics,Google Analytics,open-cookie-database\n',
    ],
    [
      '--format=json turns CSV into a JSON array',
      ['--format=json'],
      'name,domain\n_ga,.x.dk\n',
      `${JSON.stringify([{ name: '_ga', domain: '.x.dk', category: 'statistics', vendor: 'Google Analytics', classifiedBy: 'open-cookie-database' }], null, 2)}\n`,
    ],
  ])('%s', async (_label, argv, input, expected) => {
    const { code, stdout } = await run(argv, input);
    expect(code).toBe(0);
    expect(stdout).toBe(expected);
  });

  test.each([
    ['empty input', [], '', /the input is empty/],
    ['bad JSON line', [], '{"name":"_ga","domain":"x"}\n{oops\n', /line 2 is not valid JSON/],
    ['bad JSON array', [], '[{"name":"_ga"', /not valid JSON/],
    ['record without domain', [], '[{"name":"_ga"}]', /record 1 has no "domain"/],
    ['record that is not an object', [], '[1]', /record 1 is not an object/],
    ['CSV without a name column', [], 'cookie,domain\n_ga,x\n', /no "name" column/],
    [
      'CSV row with too few fields',
      [],
      'name,domain\n_ga\n',
      /CSV record 1 has 1 fields but the header has 2/,
    ],
    ['CSV with an empty domain', [], 'name,domain\n_ga,\n', /CSV record 1 has an empty "domain"/],
    ['malformed CSV', [], 'name,domain\n"_ga,x\n', /CSV input is malformed: unterminated/],
    ['unknown format', ['--format', 'xml'], '', /--format takes json or csv/],
    ['unknown option', ['--fast'], '', /unknown option --fast/],
    ['two files', ['a.csv', 'b.csv'], '', /give one input file/],
    ['missing file', [join(dir, 'nope.csv')], '', /cannot read .*nope\.csv: no such file/],
  ])('%s → exit 2 with one sentence', async (_label, argv, input, message) => {
    const { code, stdout, stderr } = await run(argv, input);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
