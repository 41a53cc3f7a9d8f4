import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../fixtures/server.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** The process ids whose parent is `pid`, read from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the parent id follows it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while it was read.
    }
  }
  return out;
}

/** The browser process the command line started: a descendant without a `--type=` (not a renderer or helper). */
function browserProcessOf(pid: number): number | null {
  const queue = childrenOf(pid);
  while (queue.length > 0) {
    const next = queue.shift() as number;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${next}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes('--user-data-dir=') && !cmdline.includes('--type=')) return next;
    queue.push(...childrenOf(next));
  }
  return null;
}

describe('the command line when the browser dies mid-audit', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => server?.close());

  test('the site is reported as interrupted: one sentence, exit 2, no report', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'consentlens-crash-')), 'report.json');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'cli/main.ts',
        'audit',
        'https://shop.example.dk/',
        `--browser-arg=${server.resolverRule}`,
        '--browser-arg=--ignore-certificate-errors',
        '--wait',
        '3000',
        '--out',
        out,
      ],
      { cwd: ROOT },
    );
    let stderr = '';
    const auditing = new Promise<void>((resolveAuditing) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/: auditing \(/.test(stderr)) resolveAuditing();
      });
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await auditing;
    // Well inside the first phase: the page is loaded and observed for three seconds.
    await new Promise((r) => setTimeout(r, 1500));
    const browserPid = browserProcessOf(child.pid as number);
    expect(browserPid).not.toBeNull();
    process.kill(browserPid as number, 'SIGKILL');
    const code = await exited;

    expect(code).toBe(2);
    const sentences = stderr.split('\n').filter((l) => l.startsWith('consentlens:'));
    expect(sentences).toHaveLength(1);
    expect(sentences[0]).toMatch(
      /^consentlens: The audit of https:\/\/shop\.example\.dk\/ was interrupted in phase [123] of 3 \((initial|after-reject|after-accept)\): the browser closed or crashed, so no report was made for it\.$/,
    );
    expect(stderr).toMatch(/^\[1\/1\] https:\/\/shop\.example\.dk\/: interrupted$/m);
    expect(stderr).not.toMatch(/Unexpected error/);
    expect(existsSync(out)).toBe(false);
  });
});
