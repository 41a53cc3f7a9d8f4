import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../cli/browser.ts';
import type { AuditReport } from '../../lib/report/types.ts';
import { startFixtureServer, type FixtureServer } from '../fixtures/server.ts';

export const CHROME_EXTENSION = resolve(import.meta.dirname, '../../.output/chrome-mv3');
export const OUTPUT = resolve(import.meta.dirname, '../output');

export interface Harness {
  server: FixtureServer;
  browser: ExtensionBrowser;
  close(): Promise<void>;
}

/**
 * The fixture web and Chromium with the built extension, pointed at it. `profileDir` keeps the
 * browser's profile, to start the same browser again after closing it.
 */
export async function startHarness(options: { profileDir?: string } = {}): Promise<Harness> {
  const server = await startFixtureServer();
  const browser = await launchWithExtension({
    extensionPath: CHROME_EXTENSION,
    extraArgs: [server.resolverRule, '--ignore-certificate-errors'],
    profileDir: options.profileDir,
  });
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Loads a page and waits until the network is idle and the page-world key scan has run. */
export async function visit(
  h: Harness,
  url: string,
  settleMs = 1500,
): Promise<{ page: Page; tabId: number }> {
  const page = await h.browser.context.newPage();
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(settleMs);
  const tabId = await tabIdOf(h.browser, page.url());
  if (tabId === null) throw new Error(`the extension recorded no visit for ${page.url()}`);
  return { page, tabId };
}

export async function reportOf(h: Harness, tabId: number): Promise<AuditReport> {
  const report = await h.browser.send({ type: 'get-report', tabId });
  if (!report) throw new Error(`no report for tab ${tabId}`);
  return report;
}
