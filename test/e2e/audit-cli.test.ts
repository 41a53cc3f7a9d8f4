import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../lib/report/types.ts';
import { startFixtureServer, type FixtureServer } from '../fixtures/server.ts';
import { assertValidReport } from '../support/validate-report.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Runs the command line as a user would, returning its exit code and output. */
async function consentlens(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const violationKeys = (r: AuditReport) =>
  [
    ...new Set(
      r.violations.map(
        (v) =>
          `${v.phase} ${v.rule} ${v.subject.name ?? v.subject.host ?? v.subject.key ?? v.subject.kind}`,
      ),
    ),
  ].sort();

describe('the command-line audit of the demo shop', () => {
  let server: FixtureServer;
  let report: AuditReport;
  let result: { code: number; stdout: string; stderr: string };
  const dir = mkdtempSync(join(tmpdir(), 'consentlens-cli-'));

  beforeAll(async () => {
    // As against any real site: the fixture web through host mapping, not the built-in demo switch.
    server = await startFixtureServer();
    result = await consentlens([
      'audit',
      'https://shop.example.dk/',
      `--browser-arg=${server.resolverRule}`,
      '--browser-arg=--ignore-certificate-errors',
      '--wait',
      '800',
      '--out',
      join(dir, 'report.json'),
    ]);
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as AuditReport;
  });
  afterAll(async () => server?.close());

  test('exits 1 (high-severity violations) and prints a progress line per site', () => {
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[1\/1\] https:\/\/shop\.example\.dk\/: \d+ cookies/);
  });

  test('writes a schema-valid report with the three phases in order', () => {
    assertValidReport(report);
    expect(report.phases.map((p) => [p.name, p.consent.decision, p.consent.source])).toEqual([
      ['initial', 'none', null],
      ['after-reject', 'reject', 'cookieinformation'],
      ['after-accept', 'accept', 'cookieinformation'],
    ]);
  });

  test('made each choice on the banner by its Danish words, and the platform recorded it', () => {
    expect(report.phases[1]?.choice).toMatchObject({
      choice: 'reject',
      method: 'heuristic',
      label: 'Afvis alle',
      clicked: true,
      applied: true,
    });
    expect(report.phases[2]?.choice).toMatchObject({
      choice: 'accept',
      method: 'heuristic',
      label: 'Accepter alle',
      clicked: true,
      applied: true,
    });
  });

  test('read the declared table from the privacy policy the page links to', () => {
    expect(report.declared).toMatchObject({
      source: 'policy-page',
      url: 'https://shop.example.dk/privatlivspolitik',
      language: 'da',
      consentLifetime: { days: 365 },
    });
    expect(report.cookies.find((c) => c.name === '_ga')?.declared).toMatchObject({
      name: '_ga',
      duration: { text: '2 år', days: 730 },
    });
  });

  test('finds exactly the violations the demo shop has planted', () => {
    const trackers = [
      'www.googletagmanager.com',
      'www.google-analytics.com',
      'connect.facebook.net',
      'www.facebook.com',
      'static.hotjar.com',
    ];
    const tracking = [
      '_fbp',
      '_ga',
      '_ga_DEMO123',
      '_gid',
      '_hjSessionUser_3141592',
      '_hjid',
      'chat_srv',
      'chat_uid',
      'fr',
    ];
    const undeclared = ['_hjSessionUser_3141592', 'cart_id', 'chat_srv', 'chat_uid', 'fr'];
    const phases = ['initial', 'after-reject', 'after-accept'];
    const expected = [
      ...tracking.map((c) => `initial cookie-before-consent ${c}`),
      ...trackers.map((h) => `initial tracker-before-consent ${h}`),
      'initial storage-before-consent _hjid',
      'initial storage-before-consent chat-session',
      ...tracking.map((c) => `after-reject cookie-after-reject ${c}`),
      ...trackers.map((h) => `after-reject tracker-after-reject ${h}`),
      ...phases.flatMap((p) => undeclared.map((c) => `${p} undeclared-cookie ${c}`)),
      ...phases.map((p) => `${p} category-mismatch _fbp`),
      ...phases.map((p) => `${p} retention-exceeds-declared _hjid`),
      'after-reject consent-lifetime-too-long CookieInformationConsent',
      'after-accept consent-lifetime-too-long CookieInformationConsent',
      'after-accept declared-not-observed _hjlncludeInSample',
    ].sort();
    expect(violationKeys(report)).toEqual(expected);
  });

  test('records how it was made', () => {
    expect(report.environment).toMatchObject({
      headless: true,
      waitMs: 800,
      phases: ['initial', 'after-reject', 'after-accept'],
    });
    expect((report.environment?.dataSources as unknown[]).length).toBe(3);
  });
});

describe('formats and errors', () => {
  test.each([
    [
      'html',
      (text: string) => {
        let tables = 0;
        new Parser({ onopentag: (name) => void (name === 'table' && tables++) }).end(text);
        expect(text).toMatch(/^<!doctype html>/i);
        expect(text).toContain('Overtrædelser');
        expect(tables).toBeGreaterThan(2);
      },
    ],
    [
      'sarif',
      (text: string) => {
        const sarif = JSON.parse(text);
        expect(sarif.version).toBe('2.1.0');
        expect(sarif.runs[0].results.length).toBeGreaterThan(0);
      },
    ],
    ['csv', (text: string) => expect(text.split('\n')[0]).toMatch(/record/)],
    ['md', (text: string) => expect(text).toMatch(/\| *(Alvorlighed|Severity)/)],
  ])('--format %s', async (format, check) => {
    const dir = mkdtempSync(join(tmpdir(), 'consentlens-fmt-'));
    const out = join(dir, `report.${format}`);
    const r = await consentlens([
      'audit',
      '--demo',
      '--phases',
      'initial',
      '--wait',
      '300',
      '--format',
      format,
      '--language',
      'da',
      '--out',
      out,
      '--fail-on',
      'never',
    ]);
    expect(r.code).toBe(0);
    check(readFileSync(out, 'utf8'));
  });

  test.each([
    [['audit', '--fail-on', 'sometimes'], /--fail-on takes/],
    [
      ['audit', 'https://nothing.invalid/', '--phases', 'initial', '--wait', '0'],
      /Could not load https:\/\/nothing\.invalid\//,
    ],
    [['audit', '--browser', '/no/such/browser'], /No browser at \/no\/such\/browser/],
    [['frobnicate'], /Unknown command/],
  ])('%j exits 2 with one sentence', async (args, message) => {
    const r = await consentlens(args);
    expect(r.code).toBe(2);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('consentlens:')),
    ).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
