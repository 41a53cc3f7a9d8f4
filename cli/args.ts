import { parseArgs } from 'node:util';
import { UsageError } from './browser.ts';
import { SEVERITIES, type Severity } from '../lib/report/types.ts';

export type FailOn = Severity | 'never';

export interface AuditOptions {
  urls: string[];
  demo: boolean;
  out: string | null;
  format: 'json';
  waitMs: number;
  browserPath: string | undefined;
  browserArgs: string[];
  failOn: FailOn;
}

export const AUDIT_USAGE = `Usage: consentlens audit [URL…] [options]

Audits each URL in headless Chromium with the ConsentLens extension and writes the report
(schema v1). Without a URL, or with --demo, audits the bundled demo shop.

Options:
  --out FILE            write the report to FILE (default: standard output)
  --format json         report format (default json)
  --wait MS             observe each page this long after it is idle (default 3000)
  --browser PATH        Chromium or Chrome to use (default: $CHROME_PATH or found on the system)
  --browser-arg ARG     extra browser argument, repeatable
  --fail-on LEVEL       high|medium|low|never: exit 1 if a violation is at or above it (default high)
  --demo                audit the bundled demo site (served locally)
  -h, --help            show this help

Exit codes: 0 no violation at or above --fail-on; 1 there are; 2 usage or runtime error.`;

/** Parses the audit command's arguments; throws UsageError with one sentence on bad input. */
export function parseAuditArgs(argv: string[]): AuditOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        format: { type: 'string', default: 'json' },
        wait: { type: 'string', default: '3000' },
        browser: { type: 'string' },
        'browser-arg': { type: 'string', multiple: true, default: [] },
        'fail-on': { type: 'string', default: 'high' },
        demo: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help).`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.format !== 'json')
    throw new UsageError(`Unknown --format "${values.format}": use json.`);
  const waitMs = Number(values.wait);
  if (!Number.isInteger(waitMs) || waitMs < 0 || waitMs > 600_000)
    throw new UsageError(`--wait takes milliseconds from 0 to 600000, not "${values.wait}".`);
  const failOn = values['fail-on'];
  if (failOn !== 'never' && !(SEVERITIES as readonly string[]).includes(failOn))
    throw new UsageError(`--fail-on takes high, medium, low or never, not "${failOn}".`);
  for (const url of positionals) {
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(url);
    } catch {
      throw new UsageError(`"${url}" is not a URL (write it with http:// or https://).`);
    }
    if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:')
      throw new UsageError(`"${url}" is not an http(s) URL.`);
  }
  return {
    urls: positionals,
    demo: values.demo || positionals.length === 0,
    out: values.out ?? null,
    format: 'json',
    waitMs,
    browserPath: values.browser,
    browserArgs: values['browser-arg'],
    failOn: failOn as FailOn,
  };
}

const STRING_OPTIONS = new Set([
  '--out',
  '--format',
  '--wait',
  '--browser',
  '--browser-arg',
  '--fail-on',
]);

/**
 * `--browser-arg --x` is what users type, but a value starting with `-` looks like an option to
 * a strict parser: join each string option with its value first (`--browser-arg=--x`).
 */
function joinValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (STRING_OPTIONS.has(a) && i + 1 < argv.length) out.push(`${a}=${argv[++i]}`);
    else out.push(a);
  }
  return out;
}

/** Does any violation reach the --fail-on level? */
export function failsAt(severities: readonly Severity[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const limit = SEVERITIES.indexOf(failOn);
  return severities.some((s) => SEVERITIES.indexOf(s) <= limit);
}
