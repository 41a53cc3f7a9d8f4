/**
 * The data step: verifies the pinned open data files and compiles them into
 * lib/knowledge/generated/knowledge-data.ts (git-ignored). Runs before every build and test
 * (`npm run data`), so when nothing changed it only checks hashes and exits quietly.
 *
 * Inputs come from $CONSENTLENS_DATA_DIR when set; otherwise from .cache/data, downloading any
 * missing file from its pinned URL first. Every file's sha256 is checked against
 * scripts/data-sources.ts, always: a missing or altered file stops the build with one sentence,
 * never an empty knowledge base.
 *
 * Usage: tsx scripts/build-data.ts [--out FILE] [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CompileCounts } from '../lib/knowledge/compile-counts.ts';
import type { DataSourceInfo } from '../lib/knowledge/types.ts';
import { DATA_SOURCES, type PinnedSource } from './data-sources.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = join(ROOT, 'lib/knowledge/generated/knowledge-data.ts');
const CACHE_DIR = join(ROOT, '.cache/data');

/** Bump to force a rebuild when the output format changes in a way the files below do not show. */
const FORMAT_VERSION = 2;

/** The code the output depends on: a change in any of these recompiles. */
const COMPILER_FILES = [
  'scripts/build-data.ts',
  'scripts/data-sources.ts',
  'lib/knowledge/compile-counts.ts',
  'lib/knowledge/compile-ocd.ts',
  'lib/knowledge/compile-cookieblock.ts',
  'lib/knowledge/compile-easyprivacy.ts',
  'lib/knowledge/filter-screen.ts',
  'lib/knowledge/hostname-table.ts',
  'lib/knowledge/hostname-filters.ts',
  'lib/knowledge/base64.ts',
  'lib/knowledge/bounded-cache.ts',
  'lib/knowledge/csv.ts',
  'lib/knowledge/ocd-category.ts',
  'lib/knowledge/ocd-domains.ts',
  'lib/knowledge/vendor-names.ts',
  'lib/knowledge/knowledge-data.ts',
  'lib/domain/site.ts',
];

/** A failure of the data step, worded as the one sentence the user sees. */
export class DataStepError extends Error {
  override name = 'DataStepError';
}

export interface BuildDataOptions {
  /** Folder holding the pinned files; default $CONSENTLENS_DATA_DIR, then `cacheDir`. */
  dataDir?: string;
  /** Where downloaded files are kept when no data folder is named (default .cache/data). */
  cacheDir?: string;
  /** Environment to read CONSENTLENS_DATA_DIR from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Output module; default lib/knowledge/generated/knowledge-data.ts. */
  outFile?: string;
  /** Recompile even when the stamp matches. */
  force?: boolean;
  /** Where the one-line summary goes (default: stdout). */
  log?: (line: string) => void;
  /** Downloads a missing file (default: fetch); injectable for tests. */
  download?: (url: string) => Promise<Uint8Array>;
}

export interface BuildDataResult {
  outFile: string;
  /** false when the existing output was already up to date. */
  compiled: boolean;
  stamp: string;
  sources: DataSourceInfo[];
}

/** Verifies the inputs and compiles them unless the output is already current. */
export async function buildData(options: BuildDataOptions = {}): Promise<BuildDataResult> {
  const outFile = resolve(options.outFile ?? DEFAULT_OUT);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const envDir = (options.env ?? process.env)['CONSENTLENS_DATA_DIR'];
  const explicitDir = options.dataDir ?? (envDir ? resolve(envDir) : undefined);
  const dataDir = explicitDir ?? resolve(options.cacheDir ?? CACHE_DIR);

  const inputs = new Map<PinnedSource['id'], Buffer>();
  for (const source of DATA_SOURCES) {
    const path = join(dataDir, source.file);
    if (!existsSync(path)) {
      if (explicitDir !== undefined) {
        throw new DataStepError(
          `${source.file} is missing from ${dataDir} (the folder named by CONSENTLENS_DATA_DIR must hold the pinned data files listed in scripts/data-sources.ts).`,
        );
      }
      await downloadPinned(source, path, options.download ?? fetchBytes);
    }
    const bytes = await readFile(path);
    const actual = sha256(bytes);
    if (actual !== source.sha256) {
      throw new DataStepError(
        `${source.file} in ${dataDir} is corrupt or not the pinned version (sha256 ${actual}, expected ${source.sha256}).`,
      );
    }
    inputs.set(source.id, bytes);
  }

  const stamp = sha256(
    [
      `format ${FORMAT_VERSION}`,
      // The serialised engine's format belongs to the library version that wrote it.
      `adblocker ${await adblockerVersion()}`,
      ...DATA_SOURCES.map((s) => `${s.id} ${s.sha256}`),
      ...(await Promise.all(
        COMPILER_FILES.map(async (f) => `${f} ${sha256(await readFile(join(ROOT, f)))}`),
      )),
    ].join('\n'),
  );
  if (!options.force && (await readStamp(outFile)) === stamp) {
    return { outFile, compiled: false, stamp, sources: [] };
  }

  // The compilers (and the filter engine they load) are imported only when there is work to do,
  // so the up-to-date path that runs before every build stays fast.
  const { compileOcd } = await import('../lib/knowledge/compile-ocd.ts');
  const { compileCookieBlock } = await import('../lib/knowledge/compile-cookieblock.ts');
  const { compileEasyPrivacy } = await import('../lib/knowledge/compile-easyprivacy.ts');
  const text = (id: PinnedSource['id']) => (inputs.get(id) as Buffer).toString('utf8');
  const ocd = compileOcd(text('open-cookie-database'));
  const cookieblock = compileCookieBlock(text('cookieblock'));
  const easyprivacy = compileEasyPrivacy(text('easyprivacy'));
  for (const [id, counts] of [
    ['open-cookie-database', ocd],
    ['cookieblock', cookieblock],
    ['easyprivacy', easyprivacy],
  ] as const) {
    assertAccounted(id, counts);
  }

  const info = (
    id: PinnedSource['id'],
    counts: CompileCounts,
    version?: string,
  ): DataSourceInfo => {
    const pin = DATA_SOURCES.find((s) => s.id === id) as PinnedSource;
    return {
      id,
      name: pin.name,
      version: version ?? pin.version,
      licence: pin.licence,
      url: pin.url,
      sha256: pin.sha256,
      loaded: counts.loaded,
      skipped: counts.skipped,
      repaired: counts.repaired,
    };
  };
  const sources = [
    info('open-cookie-database', ocd),
    info('cookieblock', cookieblock),
    info('easyprivacy', easyprivacy, easyprivacy.version ?? undefined),
  ];
  const tables = { ocd: ocd.entries, cookieblock: cookieblock.entries };
  const module = [
    '// Generated by scripts/build-data.ts from the pinned open data in scripts/data-sources.ts.',
    '// Do not edit: run `npm run data`. Licences and attribution: DATA-LICENSES.',
    `// stamp: ${stamp}`,
    "import type { DataSourceInfo } from '../types.ts';",
    "import type { EasyPrivacyScreenData } from '../knowledge-data.ts';",
    '',
    `export const KNOWLEDGE_STAMP = '${stamp}';`,
    '',
    `export const KNOWLEDGE_SOURCES: DataSourceInfo[] = ${JSON.stringify(sources, null, 2)};`,
    '',
    '/** Open Cookie Database and CookieBlock rows, as JSON (parsed once at load). */',
    `export const KNOWLEDGE_TABLES_JSON: string = ${JSON.stringify(JSON.stringify(tables))};`,
    '',
    '/** The EasyPrivacy engine serialised by @ghostery/adblocker (less what the tables hold), base64. */',
    `export const EASYPRIVACY_ENGINE_BASE64: string = '${Buffer.from(easyprivacy.engine).toString('base64')}';`,
    '',
    '/** The hostname tables and filter screens beside the engine (hostname-filters.ts, filter-screen.ts). */',
    // An object literal, not JSON text: the long strings inside then need no second escaping,
    // which keeps the background script under the 5 MB that Firefox's add-on linter parses.
    `export const EASYPRIVACY_SCREEN: EasyPrivacyScreenData = ${JSON.stringify(easyprivacy.screen)};`,
    '',
  ].join('\n');
  await mkdir(dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  await writeFile(tmp, module);
  await rename(tmp, outFile);
  log(
    `knowledge: ${ocd.loaded} Open Cookie Database rows, ${cookieblock.loaded} CookieBlock rows, ` +
      `${easyprivacy.loaded} EasyPrivacy filters → ${relative(process.cwd(), outFile)} ` +
      `(${(module.length / 1e6).toFixed(1)} MB)`,
  );
  return { outFile, compiled: true, stamp, sources };
}

/** Every row must be loaded or skipped with a reason; anything else is a compiler bug. */
function assertAccounted(id: string, counts: CompileCounts): void {
  const skipped = Object.values(counts.skipped).reduce((a, b) => a + b, 0);
  if (counts.loaded + skipped !== counts.rows) {
    throw new DataStepError(
      `${id}: ${counts.rows} rows but ${counts.loaded} loaded and ${skipped} skipped, so some rows were lost.`,
    );
  }
  if (counts.loaded === 0) throw new DataStepError(`${id} compiled to nothing.`);
}

async function downloadPinned(
  source: PinnedSource,
  path: string,
  download: (url: string) => Promise<Uint8Array>,
): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await download(source.url);
  } catch (error) {
    throw new DataStepError(
      `${source.file} is not in ${dirname(path)} and downloading it from ${source.url} failed (${(error as Error).message}); set CONSENTLENS_DATA_DIR to a folder holding the pinned files.`,
    );
  }
  const actual = sha256(bytes);
  if (actual !== source.sha256) {
    throw new DataStepError(
      `${source.file} downloaded from ${source.url} is not the pinned version (sha256 ${actual}, expected ${source.sha256}).`,
    );
  }
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The stamp line of an existing output, read from its first bytes only. */
async function readStamp(file: string): Promise<string | null> {
  if (!existsSync(file)) return null;
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    return /\/\/ stamp: ([0-9a-f]{64})/.exec(buffer.toString('utf8', 0, bytesRead))?.[1] ?? null;
  } finally {
    await handle.close();
  }
}

async function adblockerVersion(): Promise<string> {
  const path = createRequire(import.meta.url).resolve('@ghostery/adblocker/package.json');
  return (JSON.parse(await readFile(path, 'utf8')) as { version: string }).version;
}

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function main(argv: string[]): Promise<number> {
  const outAt = argv.indexOf('--out');
  try {
    await buildData({
      outFile: outAt >= 0 ? argv[outAt + 1] : undefined,
      force: argv.includes('--force'),
    });
    return 0;
  } catch (error) {
    const message =
      error instanceof DataStepError
        ? error.message
        : `The data step failed: ${(error as Error).message ?? String(error)}.`;
    process.stderr.write(`${message}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
