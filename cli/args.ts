import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from './browser.ts';
import { MAX_FOLLOWED_LINKS } from '../lib/audit/follow-links.ts';
import { isReportFormat, type ReportFormat } from '../lib/report/export.ts';
import { SEVERITIES, type PhaseName, type Severity } from '../lib/report/types.ts';

export type FailOn = Severity | 'never';

export interface AuditOptions {
  urls: string[];
  demo: boolean;
  out: string | null;
  format: ReportFormat;
  phases: PhaseName[];
  declared: string | null;
  waitMs: number;
  browserPath: string | undefined;
  browserArgs: string[];
  rejectSelector: string | undefined;
  acceptSelector: string | undefined;
  failOn: FailOn;
  concurrency: number;
  language: 'en' | 'da';
  gpc: boolean;
  /** Same-site pages each phase also opens after its page. */
  links: number;
}

export const AUDIT_USAGE = `Usage: consentlens audit [URL…] [options]

Audits each URL in headless Chromium with the ConsentLens extension: before consent, after
rejecting and after accepting on the banner, each from clean site data. Without a URL, or with
--demo, audits the bundled demo shop.

Options:
  --urls FILE             read URLs from FILE, one per line (# starts a comment)
  --out FILE              write the report to FILE (default: standard output; html needs --out)
  --format FORMAT         json | html | csv | md | sarif (default json)
  --phases LIST           initial,reject,accept in order (default all three)
  --declared FILE|URL     the declared cookie table: a JSON or CSV file, or a policy page to parse
                          (default: found from the audited page's privacy/cookie policy link)
  --wait MS               observe each phase this long after the page is idle (default 3000)
  --browser PATH          Chromium or Chrome to use (default: $CHROME_PATH or found on the system)
  --browser-arg ARG       extra browser argument, repeatable
  --reject-selector CSS   click this to reject instead of detecting the banner's button
  --accept-selector CSS   click this to accept instead of detecting the banner's button
  --fail-on LEVEL         high | medium | low | never: exit 1 at or above it (default high)
  --concurrency N         audit N sites at once, each in its own browser (default 1)
  --links N               also open N same-site pages linked from the page in each phase,
                          observed the same way (0 to 5, default 0)
  --language en|da        language of messages and of html/md reports (default en)
  --gpc                   send Global Privacy Control (Sec-GPC: 1, navigator.globalPrivacyControl)
  --demo                  audit the bundled demo site (served locally)
  -h, --help              show this help

Exit codes: 0 no violation at or above --fail-on; 1 there are; 2 usage or runtime error.`;

const PHASE_NAMES: Record<string, PhaseName> = {
  initial: 'initial',
  reject: 'after-reject',
  'after-reject': 'after-reject',
  accept: 'after-accept',
  'after-accept': 'after-accept',
};

const STRING_OPTIONS = new Set([
  '--out',
  '--format',
  '--wait',
  '--browser',
  '--browser-arg',
  '--fail-on',
  '--urls',
  '--phases',
  '--declared',
  '--reject-selector',
  '--accept-selector',
  '--concurrency',
  '--language',
  '--links',
]);

/** Parses the audit command's arguments; throws UsageError with one sentence on bad input. */
export function parseAuditArgs(argv: string[]): AuditOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        urls: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string', default: 'json' },
        phases: { type: 'string', default: 'initial,reject,accept' },
        declared: { type: 'string' },
        wait: { type: 'string', default: '3000' },
        browser: { type: 'string' },
        'browser-arg': { type: 'string', multiple: true, default: [] },
        'reject-selector': { type: 'string' },
        'accept-selector': { type: 'string' },
        'fail-on': { type: 'string', default: 'high' },
        concurrency: { type: 'string', default: '1' },
        links: { type: 'string', default: '0' },
        language: { type: 'string', default: 'en' },
        demo: { type: 'boolean', default: false },
        gpc: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help).`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (!isReportFormat(values.format))
    throw new UsageError(`Unknown --format "${values.format}": use json, html, csv, md or sarif.`);
  const waitMs = Number(values.wait);
  if (!Number.isInteger(waitMs) || waitMs < 0 || waitMs > 600_000)
    throw new UsageError(`--wait takes milliseconds from 0 to 600000, not "${values.wait}".`);
  const failOn = values['fail-on'];
  if (failOn !== 'never' && !(SEVERITIES as readonly string[]).includes(failOn))
    throw new UsageError(`--fail-on takes high, medium, low or never, not "${failOn}".`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)
    throw new UsageError(
      `--concurrency takes a whole number from 1 to 16, not "${values.concurrency}".`,
    );
  const links = Number(values.links);
  if (!Number.isInteger(links) || links < 0 || links > MAX_FOLLOWED_LINKS)
    throw new UsageError(
      `--links takes a whole number from 0 to ${MAX_FOLLOWED_LINKS}, not "${values.links}".`,
    );
  if (values.language !== 'en' && values.language !== 'da')
    throw new UsageError(`--language takes en or da, not "${values.language}".`);
  const phases: PhaseName[] = [];
  for (const p of values.phases
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const phase = PHASE_NAMES[p];
    if (!phase)
      throw new UsageError(`Unknown phase "${p}" in --phases: use initial, reject and accept.`);
    if (phases.includes(phase)) throw new UsageError(`Phase "${p}" appears twice in --phases.`);
    phases.push(phase);
  }
  if (phases.length === 0)
    throw new UsageError('--phases names no phase: use initial, reject and accept.');
  const urls = [...positionals];
  if (values.urls) {
    if (!existsSync(values.urls)) throw new UsageError(`No URL list at ${values.urls}.`);
    for (const line of readFileSync(values.urls, 'utf8').split(/\r?\n/).slice(0, 10_000)) {
      const url = line.replace(/#.*/, '').trim();
      if (url) urls.push(url);
    }
    if (urls.length === 0) throw new UsageError(`${values.urls} lists no URL.`);
  }
  for (const url of urls) checkUrl(url);
  if (values.format === 'html' && !values.out && urls.length !== 0) {
    // An HTML report is a file an auditor hands over; never spill it on a terminal.
    throw new UsageError('--format html needs --out FILE.');
  }
  return {
    urls,
    demo: values.demo || urls.length === 0,
    out: values.out ?? null,
    format: values.format,
    phases,
    declared: values.declared ?? null,
    waitMs,
    browserPath: values.browser,
    browserArgs: values['browser-arg'],
    rejectSelector: values['reject-selector'],
    acceptSelector: values['accept-selector'],
    failOn: failOn as FailOn,
    concurrency,
    language: values.language,
    gpc: values.gpc,
    links,
  };
}

function checkUrl(url: string): void {
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a URL (write it with http:// or https://).`);
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:')
    throw new UsageError(`"${url}" is not an http(s) URL.`);
}

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
