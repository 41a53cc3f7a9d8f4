/**
 * Property-based fuzzing of every parser and decoder that reads page-controlled input.
 *
 * Each target runs its property `fuzzRuns(default)` times: the modest default keeps `npm test`
 * fast; `CONSENTLENS_FUZZ_RUNS=<n>` runs every target n times (`npm run fuzz` does that and prints
 * the table of docs/fuzzing.md). When `CONSENTLENS_FUZZ_LOG=<file>` is set, every target appends
 * one JSON line to it: name, runs, seed, time, and the counterexample if it failed;
 * `CONSENTLENS_FUZZ_SEED=<seed>` repeats a run.
 *
 * Inputs are bounded (lengths, depths, list sizes), so a run that does not end is a finding, not
 * something a time limit may paper over; no target stops early on a clock.
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { vi } from 'vitest';

const requested = Number(process.env.CONSENTLENS_FUZZ_RUNS);
const override = Number.isInteger(requested) && requested > 0 ? requested : null;

const requestedSeed = Number(process.env.CONSENTLENS_FUZZ_SEED);
/** CONSENTLENS_FUZZ_SEED repeats a reported run (with the same runs and a `-t` filter for the target). */
const seed =
  process.env.CONSENTLENS_FUZZ_SEED && Number.isInteger(requestedSeed) ? requestedSeed : null;

/** The runs of a target: CONSENTLENS_FUZZ_RUNS when set, else its default. */
export function fuzzRuns(defaultRuns: number): number {
  return override ?? defaultRuns;
}

/**
 * The test time limit for a fuzz target: a minute for the default runs (the machine may be
 * shared), an hour for a requested large run (slow because it is large, not because it hangs).
 */
export const FUZZ_TIMEOUT = override === null ? 60_000 : 3_600_000;

// A large run also lifts the limit of the property tests that live beside their parser.
if (override !== null) vi.setConfig({ testTimeout: FUZZ_TIMEOUT });

export interface FuzzRecord {
  target: string;
  runs: number;
  failed: boolean;
  seed: number;
  ms: number;
  counterexample: string | null;
  error: string | null;
}

/**
 * Checks `property` as fuzz target `target` and records the run; throws fast-check's report
 * (with the seed and the shrunk counterexample) when the property fails.
 */
export function fuzzAssert<Ts extends [unknown, ...unknown[]]>(
  target: string,
  property: fc.IProperty<Ts>,
  defaultRuns: number,
  parameters: fc.Parameters<Ts> = {},
): void {
  const started = performance.now();
  const details = fc.check(property, {
    ...parameters,
    numRuns: fuzzRuns(defaultRuns),
    ...(seed !== null ? { seed } : {}),
  });
  const record: FuzzRecord = {
    target,
    runs: details.numRuns,
    failed: details.failed,
    seed: details.seed,
    ms: Math.round(performance.now() - started),
    counterexample: details.failed ? fc.stringify(details.counterexample).slice(0, 2000) : null,
    error: details.failed ? String(details.errorInstance).slice(0, 2000) : null,
  };
  const log = process.env.CONSENTLENS_FUZZ_LOG;
  if (log) appendFileSync(log, `${JSON.stringify(record)}\n`);
  if (details.failed || details.interrupted) throw new Error(fc.defaultReportMessage(details));
}

/** Any string a page could produce: text, lone surrogates, control characters. */
export function pageString(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({
      unit: fc.constantFrom(
        'a',
        '=',
        ';',
        ',',
        '"',
        '%',
        '\\',
        ' ',
        '\n',
        '\0',
        '<',
        '>',
        '&',
        '\u00e6',
        '\ud800',
      ),
      maxLength,
    }),
  );
}

/** JSON's size in characters (Infinity for what JSON cannot write): how outputs are bounded. */
export function jsonSize(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Infinity;
  }
}
