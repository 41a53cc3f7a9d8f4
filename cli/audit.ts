import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  findBrowser,
  launchWithExtension,
  setAutomaticDiscovery,
  setGpc,
  UsageError,
  type ExtensionBrowser,
} from './browser.ts';
import { AUDIT_USAGE, failsAt, parseAuditArgs, type AuditOptions } from './args.ts';
import { AuditInterruptedError, auditSite, LoadError } from './audit-run.ts';
import type { DeclaredTable } from '../lib/declarations/declared.ts';
import { importDeclarations } from '../lib/declarations/import-export.ts';
import { parsePolicyHtml } from '../lib/declarations/parse-policy-html.ts';
import { loadKnowledge } from '../lib/knowledge/load-knowledge.ts';
import { exportReport } from '../lib/report/export.ts';
import type { AuditReport } from '../lib/report/types.ts';
import { startFixtureServer } from '../test/fixtures/server.ts';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../.output/chrome-mv3');
export const DEMO_URL = 'https://shop.example.dk/';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** `consentlens audit`: returns the exit code (0 pass, 1 violations at --fail-on, 2 error). */
export async function runAudit(argv: string[], io: Io): Promise<number> {
  const options = parseAuditArgs(argv);
  if (options === 'help') {
    io.stdout.write(AUDIT_USAGE + '\n');
    return 0;
  }
  if (!existsSync(resolve(EXTENSION_DIR, 'manifest.json'))) {
    throw new UsageError(
      `The extension is not built at ${EXTENSION_DIR}: run \`npm run build\` first.`,
    );
  }
  findBrowser(options.browserPath);
  const fileDeclaration =
    options.declared && !/^https?:\/\//.test(options.declared)
      ? readDeclarationFile(options.declared)
      : null;
  const demo = options.demo ? await startFixtureServer() : null;
  const urls = options.demo ? [DEMO_URL] : options.urls;
  const args = [
    ...options.browserArgs,
    ...(demo ? [demo.resolverRule, '--ignore-certificate-errors'] : []),
  ];
  const knowledge = loadKnowledge();
  const reports: AuditReport[] = new Array(urls.length);
  let next = 0;
  let failure: Error | null = null;

  // Each worker is one browser (its own profile, its own extension) auditing sites one by one.
  const worker = async () => {
    let browser: ExtensionBrowser | null = null;
    let index = -1;
    try {
      while (next < urls.length && failure === null) {
        index = next++;
        const url = urls[index] as string;
        if (!browser) {
          browser = await launchWithExtension({
            extensionPath: EXTENSION_DIR,
            browserPath: options.browserPath,
            extraArgs: args,
          });
          if (options.gpc) await setGpc(browser, true);
          // The audit asks for the declaration itself, at its own moment in each initial phase.
          await setAutomaticDiscovery(browser, false);
          // An audit wants every Set-Cookie header as evidence, whatever it costs the page load.
          await browser.send({ type: 'set-cookie-headers', read: true });
        }
        const started = Date.now();
        io.stderr.write(
          `[${index + 1}/${urls.length}] ${url}: auditing (${options.phases.join(', ')})…\n`,
        );
        const given =
          fileDeclaration ??
          (options.declared ? await readDeclarationPage(browser, options.declared) : null);
        const declared = given ? { ...given, origin: 'user' as const } : null;
        const report = await auditSite(browser, url, {
          phases: options.phases,
          waitMs: options.waitMs,
          rejectSelector: options.rejectSelector,
          acceptSelector: options.acceptSelector,
          followLinks: options.links,
          declared,
          language: options.language,
          knowledge,
          environment: environmentOf(browser, options, args, knowledge.sources, demo !== null),
        });
        reports[index] = report;
        io.stderr.write(
          `[${index + 1}/${urls.length}] ${progressLine(report)} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
        );
      }
    } catch (error) {
      if (error instanceof AuditInterruptedError)
        io.stderr.write(`[${index + 1}/${urls.length}] ${urls[index]}: interrupted\n`);
      failure ??=
        error instanceof LoadError ? new UsageError(error.message + '.') : (error as Error);
    } finally {
      await browser?.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, urls.length) }, worker));
  } finally {
    await demo?.close();
  }
  if (failure) throw failure;
  const text = exportReport(reports, options.format, { language: options.language });
  if (options.out) writeFileSync(options.out, text);
  else io.stdout.write(text);
  return failsAt(
    reports.flatMap((r) => r.violations.map((v) => v.severity)),
    options.failOn,
  )
    ? 1
    : 0;
}

function readDeclarationFile(path: string): DeclaredTable {
  if (!existsSync(path)) throw new UsageError(`No declaration file at ${path}.`);
  const result = importDeclarations(readFileSync(path, 'utf8'), { url: null });
  if (!result.ok) throw new UsageError(`${path} is not a declaration: ${result.error}`);
  return result.table;
}

/** Reads a policy page through the audit browser (so host mapping and certificates apply). */
async function readDeclarationPage(browser: ExtensionBrowser, url: string): Promise<DeclaredTable> {
  const page = await browser.context.newPage();
  try {
    const response = await page
      .goto(url, { waitUntil: 'load', timeout: 45_000 })
      .catch((e: Error) => {
        throw new UsageError(`Could not load the policy page ${url}: ${e.message.split('\n')[0]}.`);
      });
    if (!response?.ok())
      throw new UsageError(`The policy page ${url} answered ${response?.status() ?? 'nothing'}.`);
    return parsePolicyHtml(await page.content(), url, { retrievedAt: new Date().toISOString() });
  } finally {
    await page.close();
  }
}

function environmentOf(
  browser: ExtensionBrowser,
  options: AuditOptions,
  args: string[],
  sources: readonly { id: string; version: string; sha256: string }[],
  demo: boolean,
): Record<string, unknown> {
  return {
    extensionVersion: JSON.parse(readFileSync(resolve(EXTENSION_DIR, 'manifest.json'), 'utf8'))
      .version as string,
    browser: browser.browserVersion,
    browserArgs: args,
    headless: true,
    gpc: options.gpc,
    thirdPartyCookies: 'allowed',
    waitMs: options.waitMs,
    storeDelayMs: 1500,
    followLinks: options.links,
    dataSources: sources.map((s) => ({ id: s.id, version: s.version, sha256: s.sha256 })),
    node: process.version,
    ...(demo ? { demo: true } : {}),
  };
}

function progressLine(r: AuditReport): string {
  const bySeverity = (s: string) => r.violations.filter((v) => v.severity === s).length;
  const choices = r.phases
    .map((p) =>
      p.choice
        ? `${p.choice.choice} by ${p.choice.method}${p.choice.clicked ? '' : ' (failed)'}`
        : null,
    )
    .filter(Boolean)
    .join(', ');
  return `${r.url}: ${r.cookies.length} cookies, ${r.storage.length} storage keys, ${r.requests.length} requests; violations: ${bySeverity('high')} high, ${bySeverity('medium')} medium, ${bySeverity('low')} low, ${bySeverity('info')} info${choices ? `; ${choices}` : ''}`;
}
