import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../lib/report/types.ts';
import { CONSENT_SITES } from '../fixtures/consent-sites.ts';
import { startFixtureServer, type FixtureServer } from '../fixtures/server.ts';
import { assertValidReport } from '../support/validate-report.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** `phase rule subject`, with the subject named as the fixture manifest names it. */
function keysOf(report: AuditReport): string[] {
  const keys = report.violations.map((v) => {
    const phase = report.phases.find((p) => p.name === v.phase);
    const subject =
      v.rule === 'implicit-consent'
        ? phase?.consent.source
        : (v.subject.name ?? v.subject.host ?? v.subject.key ?? v.subject.kind);
    return `${v.phase} ${v.rule} ${subject}`;
  });
  return [...new Set(keys)].sort();
}

describe('a batch audit of every consent fixture site, two at a time', () => {
  let server: FixtureServer;
  let reports: AuditReport[];
  let stderr: string;

  beforeAll(async () => {
    server = await startFixtureServer();
    const dir = mkdtempSync(join(tmpdir(), 'consentlens-batch-'));
    writeFileSync(join(dir, 'urls.txt'), CONSENT_SITES.map((s) => s.url).join('\n') + '\n');
    const out = join(dir, 'reports.json');
    const run = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'cli/main.ts',
        'audit',
        '--urls',
        join(dir, 'urls.txt'),
        '--concurrency',
        '2',
        '--wait',
        '800',
        '--fail-on',
        'never',
        '--out',
        out,
        `--browser-arg=${server.resolverRule}`,
        '--browser-arg=--ignore-certificate-errors',
      ],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    stderr = run.stderr;
    reports = JSON.parse(readFileSync(out, 'utf8')) as AuditReport[];
  }, 600_000);
  afterAll(async () => server?.close());

  test('one schema-valid report per site, in the order given, with a progress line each', () => {
    expect(reports.map((r) => new URL(r.url).host)).toEqual(CONSENT_SITES.map((s) => s.host));
    for (const r of reports) assertValidReport(r);
    expect(stderr.match(/^\[\d+\/10\] https:\/\/[^ ]+: \d+ cookies/gm)).toHaveLength(
      CONSENT_SITES.length,
    );
  });

  test.each(CONSENT_SITES.map((s) => [s.host, s] as const))(
    '%s: both choices were made and recorded',
    (host, site) => {
      const r = reports.find((x) => new URL(x.url).host === host) as AuditReport;
      const reject = r.phases.find((p) => p.name === 'after-reject')?.choice;
      const accept = r.phases.find((p) => p.name === 'after-accept')?.choice;
      expect(accept).toMatchObject({ clicked: true });
      expect(accept?.applied).not.toBe(false);
      // A banner without a first-layer reject is itself the finding; elsewhere reject must work.
      if (site.rejectSelector) expect(reject).toMatchObject({ clicked: true, applied: true });
    },
  );

  test.each(CONSENT_SITES.map((s) => [s.host, s] as const))(
    '%s: exactly its planted violations',
    (host, site) => {
      const r = reports.find((x) => new URL(x.url).host === host) as AuditReport;
      expect(keysOf(r)).toEqual(
        [...new Set(site.planted.map((p) => `${p.phase} ${p.rule} ${p.subject}`))].sort(),
      );
    },
  );
});
