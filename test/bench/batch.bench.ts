import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONSENT_SITES } from '../fixtures/consent-sites.ts';
import { startFixtureServer } from '../fixtures/server.ts';
import type { Figure } from './figures.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Resident memory of a process and all its descendants (browsers, renderers), in bytes. */
function treeRss(root: number): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(pid, Number(fields[1]));
      rss.set(pid, Number(fields[21]) * 4096);
    } catch {
      /* the process ended */
    }
  }
  let total = 0;
  for (const [pid, bytes] of rss) {
    for (
      let p: number | undefined = pid, depth = 0;
      p !== undefined && depth < 50;
      p = parent.get(p), depth++
    ) {
      if (p === root) {
        total += bytes;
        break;
      }
    }
  }
  return total;
}

/**
 * A batch audit of every consent fixture site (three phases each) with `--concurrency 2`, as
 * an auditor would run it: wall time, and peak memory of the command and the browsers it starts.
 */
export default async function bench(): Promise<Figure[]> {
  const server = await startFixtureServer();
  const dir = mkdtempSync(join(tmpdir(), 'consentlens-batch-bench-'));
  writeFileSync(join(dir, 'urls.txt'), CONSENT_SITES.map((s) => s.url).join('\n'));
  const started = Date.now();
  let peak = 0;
  try {
    await new Promise<void>((done, fail) => {
      const child = execFile(
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
          join(dir, 'r.json'),
          `--browser-arg=${server.resolverRule}`,
          '--browser-arg=--ignore-certificate-errors',
        ],
        { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
        (error) => (error ? fail(error) : done()),
      );
      const timer = setInterval(() => {
        if (child.pid) peak = Math.max(peak, treeRss(child.pid));
      }, 250);
      child.on('exit', () => clearInterval(timer));
    });
  } finally {
    await server.close();
  }
  const wall = (Date.now() - started) / 1000;
  return [
    {
      name: `batch audit of ${CONSENT_SITES.length} sites × 3 phases, --concurrency 2: wall time`,
      value: wall,
      unit: 's',
    },
    { name: 'per site (wall / sites)', value: wall / CONSENT_SITES.length, unit: 's' },
    {
      name: 'peak memory of the command and its browsers (RSS, summed)',
      value: peak / 1024 / 1024,
      unit: 'MB',
    },
  ];
}
