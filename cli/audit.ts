import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findBrowser, launchWithExtension, tabIdOf, UsageError } from './browser.ts';
import { AUDIT_USAGE, failsAt, parseAuditArgs } from './args.ts';
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
  const demo = options.demo ? await startFixtureServer() : null;
  const urls = options.demo ? [DEMO_URL] : options.urls;
  const args = [
    ...options.browserArgs,
    ...(demo ? [demo.resolverRule, '--ignore-certificate-errors'] : []),
  ];
  const browser = await launchWithExtension({
    extensionPath: EXTENSION_DIR,
    browserPath: options.browserPath,
    extraArgs: args,
  }).catch(async (error: unknown) => {
    await demo?.close();
    throw error;
  });
  const reports: AuditReport[] = [];
  try {
    for (const url of urls) {
      const t0 = Date.now();
      const page = await browser.context.newPage();
      try {
        await page.goto(url, { waitUntil: 'load', timeout: 45_000 });
      } catch (error) {
        throw new UsageError(
          `Could not load ${url}: ${(error as Error).message.split('\n')[0]?.replace(/^page\.goto: /, '')}.`,
        );
      }
      // Idle is best effort: some pages never stop polling.
      const t1 = Date.now();
      await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
      if (process.env.CONSENTLENS_DEBUG)
        io.stderr.write(`load ${t1 - t0} ms, idle ${Date.now() - t1} ms\n`);
      await page.waitForTimeout(options.waitMs);
      const tabId = await tabIdOf(browser, page.url());
      const report = tabId === null ? null : await browser.send({ type: 'get-report', tabId });
      if (!report) throw new UsageError(`The extension recorded nothing for ${url}.`);
      report.environment = {
        ...report.environment,
        browser: browser.browserVersion,
        browserArgs: args,
        waitMs: options.waitMs,
        headless: true,
        ...(demo ? { demo: true } : {}),
      };
      reports.push(report);
      io.stderr.write(progressLine(report) + '\n');
      await page.close();
    }
  } finally {
    await browser.close();
    await demo?.close();
  }
  const text = JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n';
  if (options.out) writeFileSync(options.out, text);
  else io.stdout.write(text);
  return failsAt(
    reports.flatMap((r) => r.violations.map((v) => v.severity)),
    options.failOn,
  )
    ? 1
    : 0;
}

function progressLine(r: AuditReport): string {
  const thirdSites = new Set(r.requests.filter((q) => q.party === 'third').map((q) => q.site)).size;
  const trackers = r.requests.filter((q) => q.tracker).length;
  return `${r.url}: ${r.cookies.length} cookies (${r.cookies.filter((c) => c.party === 'third').length} third-party), ${r.storage.length} storage keys, ${r.requests.length} requests to ${thirdSites} third-party sites (${trackers} to trackers), ${r.violations.length} violations`;
}
