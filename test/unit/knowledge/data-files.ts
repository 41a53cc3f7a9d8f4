import { Config, FiltersEngine } from '@ghostery/adblocker';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EASYPRIVACY_ENGINE_OPTIONS } from '../../../lib/knowledge/compile-easyprivacy.ts';

/**
 * The folder holding the pinned data files, as the data step finds it: $CONSENTLENS_DATA_DIR,
 * then the repository's .cache/data, then the shared folder CI uses.
 */
export function dataDir(): string {
  const candidates = [
    process.env['CONSENTLENS_DATA_DIR'] ? resolve(process.env['CONSENTLENS_DATA_DIR']) : null,
    resolve('.cache/data'),
    '/work/shared/data',
  ];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'open-cookie-database.csv'))) return dir;
  }
  throw new Error('no data folder with the pinned files: set CONSENTLENS_DATA_DIR');
}

/** One pinned data file's text. */
export function readDataFile(file: string): string {
  return readFileSync(join(dataDir(), file), 'utf8');
}

let wholeEasyPrivacy: FiltersEngine | undefined;

/**
 * The reference the request classifier is checked against: `@ghostery/adblocker`'s own engine
 * parsed from the whole pinned EasyPrivacy list, with every filter (the shipped engine leaves
 * out those the hostname table holds). Built once per test file.
 */
export function wholeEasyPrivacyEngine(): FiltersEngine {
  wholeEasyPrivacy ??= FiltersEngine.parse(
    readDataFile('easyprivacy.txt'),
    new Config(EASYPRIVACY_ENGINE_OPTIONS),
  );
  return wholeEasyPrivacy;
}
