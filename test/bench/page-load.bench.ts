import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { findBrowser } from '../../cli/browser.ts';
import { startFixtureServer } from '../fixtures/server.ts';
import { CHROME_EXTENSION } from '../e2e/harness.ts';
import { percentiles, type Figure } from './figures.ts';

const RUNS = Number(process.env.PAGE_LOAD_RUNS ?? 15);
const PAGE = 'https://shop.example.dk/heavy-300.html';
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Variant {
  name: string;
  /** Load ConsentLens (else: the browser without any extension). */
  consentLens: boolean;
  /** Ask ConsentLens to read every Set-Cookie header, as the command line's audits do. */
  readSetCookies?: boolean;
  /** One webRequest listener in a second, minimal extension: a design that was weighed. */
  listener?: string;
}

/**
 * Ways to observe `Set-Cookie` that were weighed. The cost of a webRequest listener is the
 * browser's, per request, whichever extension registers it, so each is measured as one listener
 * in a small second extension beside ConsentLens as shipped (which reads no header in Chrome).
 */
const VARIANTS: Variant[] = [
  { name: 'without extension', consentLens: false },
  { name: 'ConsentLens as shipped (Set-Cookie inferred)', consentLens: true },
  {
    name: 'ConsentLens reading Set-Cookie (extraHeaders, audits)',
    consentLens: true,
    readSetCookies: true,
  },
  {
    name: 'no ConsentLens, one onBeforeRequest listener (the floor)',
    consentLens: false,
    listener: `chrome.webRequest.onBeforeRequest.addListener(() => {}, { urls: ['<all_urls>'] });`,
  },
  {
    name: '+ onHeadersReceived, no extraHeaders (Set-Cookie hidden)',
    consentLens: true,
    listener: `chrome.webRequest.onHeadersReceived.addListener(() => {}, { urls: ['<all_urls>'] }, ['responseHeaders']);`,
  },
  {
    name: '+ onResponseStarted with extraHeaders',
    consentLens: true,
    listener: `chrome.webRequest.onResponseStarted.addListener(() => {}, { urls: ['<all_urls>'] }, ['responseHeaders', 'extraHeaders']);`,
  },
  {
    name: '+ onHeadersReceived, extraHeaders, documents/scripts/XHR',
    consentLens: true,
    listener: `chrome.webRequest.onHeadersReceived.addListener(() => {}, { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame', 'script', 'xmlhttprequest'] }, ['responseHeaders', 'extraHeaders']);`,
  },
];

/**
 * Load time of a page with 300 third-party requests without the extension and with it, in one
 * run: every browser stays open and the loads alternate, so machine noise hits all alike. Time
 * is the page's own load event (navigation start → loadEventEnd), median of RUNS loads each.
 * Beside it, the CPU time all of the browser's processes spent on each load (Linux /proc), which
 * a machine shared with other work disturbs far less than wall time.
 *
 * Besides ConsentLens as shipped it measures ConsentLens reading every Set-Cookie header and
 * the other listener designs that were considered; README ("Set-Cookie headers") has the choice.
 */
export default async function bench(): Promise<Figure[]> {
  const server = await startFixtureServer();
  const args = [server.resolverRule, '--ignore-certificate-errors'];
  const launched: Launched[] = [];
  try {
    for (const variant of VARIANTS) launched.push(await launch(variant, args));
    const load = async (browser: Launched) => {
      const cpuBefore = cpuSeconds(browser.pid);
      const page = await browser.context.newPage();
      await page.goto(PAGE, { waitUntil: 'load' });
      const ms = await page.evaluate(() => {
        const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        return nav ? nav.loadEventEnd - nav.startTime : NaN;
      });
      // The work the page caused after its load event (the extension's bookkeeping) counts too.
      await page.waitForTimeout(1000);
      const cpu = cpuSeconds(browser.pid) - cpuBefore;
      await page.close();
      return { ms, cpu };
    };
    for (const browser of launched) await load(browser);
    const times = launched.map(() => [] as number[]);
    const cpus = launched.map(() => [] as number[]);
    for (let run = 0; run < RUNS; run++) {
      // A different variant goes first each round, so none always loads after the same one.
      for (let j = 0; j < launched.length; j++) {
        const i = (run + j) % launched.length;
        const { ms, cpu } = await load(launched[i] as Launched);
        times[i]?.push(ms);
        cpus[i]?.push(cpu);
      }
    }
    const ms = times.map((s) => percentiles(s).median);
    const cpu = cpus.map((s) => percentiles(s).median);
    const without = ms[0] ?? NaN;
    const figures: Figure[] = [
      {
        name: `page with 300 third-party requests, without extension (median of ${RUNS})`,
        value: without,
        unit: 'ms',
      },
      { name: 'the same page with the extension (median)', value: ms[1] ?? NaN, unit: 'ms' },
      {
        name: 'ratio with / without',
        value: (ms[1] ?? NaN) / without,
        unit: '×',
        note: 'target ≤ 1.10',
      },
    ];
    for (let i = 2; i < VARIANTS.length; i++)
      figures.push({
        name: `ratio: ${VARIANTS[i]?.name}`,
        value: (ms[i] ?? NaN) / without,
        unit: '×',
        note: `median ${Math.round(ms[i] ?? NaN)} ms`,
      });
    if (Number.isFinite(cpu[0]))
      for (let i = 1; i < VARIANTS.length; i++)
        figures.push({
          name: `CPU time ratio: ${VARIANTS[i]?.name}`,
          value: (cpu[i] ?? NaN) / (cpu[0] ?? NaN),
          unit: '×',
          note: `${Math.round((cpu[i] ?? NaN) * 1000)} ms vs ${Math.round((cpu[0] ?? NaN) * 1000)} ms without`,
        });
    return figures;
  } finally {
    for (const browser of launched.reverse()) await browser.close().catch(() => {});
    await server.close();
  }
}

interface Launched {
  context: BrowserContext;
  /** The browser's main process (NaN where /proc is not available). */
  pid: number;
  close(): Promise<void>;
}

/** Chromium for one variant, in a fresh profile; every variant is launched the same way. */
async function launch(variant: Variant, args: string[]): Promise<Launched> {
  const dir = mkdtempSync(join(tmpdir(), 'consentlens-bench-'));
  const profile = join(dir, 'profile');
  mkdirSync(join(profile, 'Default'), { recursive: true });
  writeFileSync(
    join(profile, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  );
  const extensions: string[] = [];
  if (variant.consentLens) extensions.push(CHROME_EXTENSION);
  if (variant.listener) {
    const extension = join(dir, 'listener');
    mkdirSync(extension);
    writeFileSync(
      join(extension, 'manifest.json'),
      JSON.stringify({
        manifest_version: 3,
        name: 'listener variant',
        version: '1.0',
        permissions: ['webRequest'],
        host_permissions: ['<all_urls>'],
        background: { service_worker: 'background.js' },
      }),
    );
    writeFileSync(join(extension, 'background.js'), variant.listener);
    extensions.push(extension);
  }
  const list = extensions.join(',');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findBrowser(),
    headless: false,
    ...(extensions.length > 0 ? { ignoreDefaultArgs: ['--disable-extensions'] } : {}),
    args: [
      ...FLAGS,
      ...(extensions.length > 0
        ? [`--disable-extensions-except=${list}`, `--load-extension=${list}`]
        : []),
      ...args,
    ],
  });
  for (let i = 0; i < 100 && context.serviceWorkers().length < extensions.length; i++)
    await new Promise((r) => setTimeout(r, 100));
  if (variant.readSetCookies) {
    const worker = context.serviceWorkers().find((w) => w.url().includes('/background.js'));
    const id = worker ? new URL(worker.url()).host : '';
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/popup.html?tabId=-1`);
    const answer = await page.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
        }
      ).chrome.runtime.sendMessage({ type: 'set-cookie-headers', read: true }),
    );
    if ((answer as { reading?: boolean } | undefined)?.reading !== true)
      throw new Error('ConsentLens did not start reading Set-Cookie headers');
    await page.close();
  }
  return {
    context,
    pid: mainProcessOf(profile),
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The browser process started with this profile (Linux); NaN elsewhere. */
function mainProcessOf(profile: string): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const isBrowser = cmdline.includes(`--user-data-dir=${profile}`);
      if (isBrowser && !cmdline.some((a) => a.startsWith('--type='))) return Number(entry);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return NaN;
}

/** CPU seconds used by a process and all its descendants, living and reaped. */
function cpuSeconds(root: number): number {
  if (!Number.isFinite(root)) return NaN;
  const children = new Map<number, number[]>();
  const stats = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid … utime stime cutime cstime.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const ticks =
        Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      stats.set(Number(entry), ticks);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* the process ended meanwhile */
    }
  }
  let ticks = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop() as number;
    ticks += stats.get(pid) ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  // Linux reports in clock ticks of 1/100 s (USER_HZ) on every common configuration.
  return ticks / 100;
}
