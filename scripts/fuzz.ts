/**
 * A long fuzz run: every fuzz target (each `fuzzAssert` in test/unit, see
 * test/unit/fuzz/fuzz.ts) run N times, then one table of target, runs, failures, seed and time
 * printed and written to .cache/fuzz/<time>.md (the runs as JSON lines beside it). The table in
 * docs/fuzzing.md comes from such a run.
 *
 * Usage: npm run fuzz [-- --runs 20000] [-- test/unit/fuzz/consent.test.ts …]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FuzzRecord } from '../test/unit/fuzz/fuzz.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run fuzz [-- --runs N] [-- FILE.test.ts …]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let runs = 20_000;
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? '';
  if (arg === '--runs') {
    runs = Number(args[++i]);
    if (!Number.isInteger(runs) || runs < 1) usage('--runs takes a whole number above 0.');
  } else if (arg.endsWith('.test.ts')) files.push(arg);
  else usage(`Unknown argument ${arg}.`);
}

/** Test files with at least one fuzz target. */
function fuzzFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => readFileSync(f, 'utf8').includes('fuzzAssert('))
    .map((f) => relative(ROOT, f))
    .sort();
}

const targets = files.length > 0 ? files : fuzzFiles(join(ROOT, 'test/unit'));
const outDir = join(ROOT, '.cache/fuzz');
mkdirSync(outDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const log = join(outDir, `${stamp}.jsonl`);

console.error(
  `Fuzzing ${targets.length} files, ${runs} runs per target; log ${relative(ROOT, log)}`,
);
const started = Date.now();
const vitest = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'unit', ...targets],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CONSENTLENS_FUZZ_RUNS: String(runs), CONSENTLENS_FUZZ_LOG: log },
  },
);

const records: FuzzRecord[] = existsSync(log)
  ? readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as FuzzRecord)
  : [];
records.sort((a, b) => a.target.localeCompare(b.target));
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const table = [
  '| target | runs | failed | seed | time (s) |',
  '|---|---:|---:|---:|---:|',
  ...records.map(
    (r) => `| ${r.target} | ${r.runs} | ${r.failed ? 1 : 0} | ${r.seed} | ${seconds(r.ms)} |`,
  ),
].join('\n');
const failures = records
  .filter((r) => r.failed)
  .map((r) => `- ${r.target}: ${r.counterexample}\n  ${r.error}`)
  .join('\n');
const summary = `${records.length} targets, ${records.reduce((n, r) => n + r.runs, 0)} runs in ${seconds(Date.now() - started)} s (vitest exit ${vitest.status})`;
const report = `${table}\n\n${summary}\n${failures ? `\nFailures:\n${failures}\n` : ''}`;
writeFileSync(join(outDir, `${stamp}.md`), report);
console.log(`\n${report}`);
process.exit(vitest.status ?? 1);
