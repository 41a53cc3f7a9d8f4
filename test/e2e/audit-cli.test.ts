import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../lib/report/types.ts';
import { DEMO_SHOP_VIOLATIONS } from '../fixtures/demo-shop.ts';
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
    expect(violationKeys(report)).toEqual(DEMO_SHOP_VIOLATIONS);
  });

  test('records how it was made', () => {
    expect(report.environment).toMatchObject({
      headless: true,
      waitMs: 800,
      phases: ['initial', 'after-reject', 'after-accept'],
    });
    expect(report.audit).toEqual({
      status: 'complete',
      planned: ['initial', 'after-reject', 'after-accept'],
      completed: ['initial', 'after-reject', 'after-accept'],
      restarted: [],
      runner: 'command-line',
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

describe('following same-site links', () => {
  test('--links 1 opens the page the demo shop links to, and observes it in the phase', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consentlens-links-'));
    const out = join(dir, 'report.json');
    const r = await consentlens([
      'audit',
      '--demo',
      '--phases',
      'initial',
      '--wait',
      '300',
      '--links',
      '1',
      '--fail-on',
      'never',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as AuditReport;
    assertValidReport(report);
    expect(
      report.requests.filter((q) => q.type === 'main_frame').map((q) => [q.phase, q.url]),
    ).toEqual([
      ['initial', 'https://shop.example.dk/'],
      ['initial', 'https://shop.example.dk/privatlivspolitik'],
    ]);
    expect(report.environment?.followLinks).toBe(1);
  });
});
