import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
