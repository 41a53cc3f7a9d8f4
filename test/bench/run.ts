import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './figures.ts';

/**
 * `npm run bench`: runs every `*.bench.ts` in this folder and prints its figures. Figures are
 * printed and saved (test/output/bench.json), never asserted: wall times depend on the machine.
 */
const here = import.meta.dirname;
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
const all: (Figure & { bench: string })[] = [];
for (const file of files) {
  const bench = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`running ${bench}…\n`);
  const mod = (await import(join(here, file))) as { default: () => Promise<Figure[]> };
  const figures = await mod.default();
  for (const f of figures) all.push({ bench, ...f });
  console.log(`\n## ${bench}`);
  for (const f of figures) {
    const value = typeof f.value === 'number' ? formatNumber(f.value) : f.value;
    console.log(
      `  ${f.name.padEnd(58)} ${String(value).padStart(12)} ${f.unit.padEnd(6)} ${f.note ?? ''}`,
    );
  }
}
mkdirSync(join(here, '../output'), { recursive: true });
writeFileSync(join(here, '../output/bench.json'), JSON.stringify(all, null, 2));

function formatNumber(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3);
}
