import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CategoryConsent, ConsentDecision } from '../../../lib/consent/state.ts';

/** One sample value of a platform's record and what decoding it must give. */
export interface FixtureCase {
  name: string;
  value: string;
  /** OneTrust only: the `OptanonAlertBoxClosed` value read with the consent cookie. */
  alertBoxClosed?: string | null;
  expect: {
    decision: ConsentDecision;
    categories: CategoryConsent;
    explicit?: boolean | null;
    recordedAt?: number;
  };
}

export interface FixtureFile {
  source: string;
  cookie?: string;
  storage?: string;
  notes: string;
  cases: FixtureCase[];
}

const DIR = fileURLToPath(new URL('../../fixtures/consent/', import.meta.url));

/** Reads `test/fixtures/consent/<name>.json`. */
export function loadFixture(name: string): FixtureFile {
  return JSON.parse(readFileSync(`${DIR}${name}.json`, 'utf8')) as FixtureFile;
}

/** Every fixture file's name (without `.json`). */
export function fixtureNames(): string[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}
