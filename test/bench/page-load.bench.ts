import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { findBrowser, launchWithExtension } from '../../cli/browser.ts';
import { startFixtureServer } from '../fixtures/server.ts';
import { CHROME_EXTENSION } from '../e2e/harness.ts';
import { percentiles, type Figure } from './figures.ts';

const RUNS = 15;
const PAGE = 'https://shop.example.dk/heavy-300.html';

/**
 * Load time of a page with 300 third-party requests, with and without the extension, measured
 * in one run: both browsers stay open and the loads alternate, so machine noise hits both alike.
 * Time is the page's own load event (navigation start → loadEventEnd).
 */
export default async function bench(): Promise<Figure[]> {
  const server = await startFixtureServer();
  const args = [server.resolverRule, '--ignore-certificate-errors'];
  const withExt = await launchWithExtension({ extensionPath: CHROME_EXTENSION, extraArgs: args });
  const profile = mkdtempSync(join(tmpdir(), 'consentlens-bench-'));
  const plain = await chromium.launchPersistentContext(profile, {
    executablePath: findBrowser(),
    headless: false,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...args,
    ],
  });
  try {
    const load = async (context: BrowserContext) => {
      const page = await context.newPage();
      await page.goto(PAGE, { waitUntil: 'load' });
      const ms = await page.evaluate(() => {
        const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        return nav ? nav.loadEventEnd - nav.startTime : NaN;
      });
      await page.close();
      return ms;
    };
    await load(plain);
    await load(withExt.context);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(await load(plain));
      b.push(await load(withExt.context));
    }
    const without = percentiles(a).median;
    const withExtension = percentiles(b).median;
    return [
      {
        name: `page with 300 third-party requests, without extension (median of ${RUNS})`,
        value: without,
        unit: 'ms',
      },
      { name: 'the same page with the extension (median)', value: withExtension, unit: 'ms' },
      {
        name: 'ratio with / without',
        value: withExtension / without,
        unit: '×',
        note: 'target ≤ 1.10',
      },
    ];
  } finally {
    await plain.close();
    rmSync(profile, { recursive: true, force: true });
    await withExt.close();
    await server.close();
  }
}
