import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { MessageType, Requests, Responses } from '../lib/messaging/protocol.ts';
import { defaultSettings, SETTINGS_VERSION } from '../lib/storage/settings.ts';

/** Where Chromium or Chrome usually lives on Linux, macOS and Windows. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** The browser to use: the given path, `$CHROME_PATH`, or the first one found on the system. */
export function findBrowser(explicit?: string): string {
  const path = explicit ?? process.env.CHROME_PATH;
  if (path) {
    if (!existsSync(path)) throw new UsageError(`No browser at ${path}.`);
    return path;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found)
    throw new UsageError(
      'No Chromium or Chrome found: install one (e.g. `apt-get install chromium`) or pass --browser PATH.',
    );
  return found;
}

/** An error whose message is one clear sentence for the user; the command line exits 2. */
export class UsageError extends Error {}

export interface LaunchOptions {
  extensionPath: string;
  browserPath?: string;
  extraArgs?: string[];
  /** Allow third-party cookies as a default Chrome profile did before 2025 (default true). */
  thirdPartyCookies?: boolean;
  /** A profile folder to use and keep (to start the same browser again); default: a fresh temporary one, removed on close. */
  profileDir?: string;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  browserVersion: string;
  /** Sends one protocol message from an extension page and returns the answer. */
  send<T extends MessageType>(message: { type: T } & Requests[T]): Promise<Responses[T]>;
  /** The extension page used to talk to the background (kept open). */
  extensionPage: Page;
  /**
   * Has the browser closed or crashed? Waits up to `graceMs` for the news: after a failed call
   * the browser's disconnection may arrive a moment later than the error.
   */
  closed(graceMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Launches Chromium headless with the built extension and waits until its worker answers. */
export async function launchWithExtension(options: LaunchOptions): Promise<ExtensionBrowser> {
  const executablePath = findBrowser(options.browserPath);
  const kept = options.profileDir !== undefined;
  const profile = options.profileDir ?? mkdtempSync(join(tmpdir(), 'consentlens-profile-'));
  mkdirSync(join(profile, 'Default'), { recursive: true });
  // Chromium 156 blocks third-party cookies unless the profile allows them; an audit wants to see them.
  const cookieControlsMode = options.thirdPartyCookies === false ? 1 : 0;
  if (!existsSync(join(profile, 'Default', 'Preferences')))
    writeFileSync(
      join(profile, 'Default', 'Preferences'),
      JSON.stringify({ profile: { cookie_controls_mode: cookieControlsMode } }),
    );
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: false,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        '--headless=new',
        `--disable-extensions-except=${options.extensionPath}`,
        `--load-extension=${options.extensionPath}`,
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        ...(options.extraArgs ?? []),
      ],
    });
  } catch (error) {
    if (!kept) rmSync(profile, { recursive: true, force: true });
    throw new UsageError(`Could not start the browser at ${executablePath}: ${firstLine(error)}.`);
  }
  let isClosed = false;
  context.on('close', () => {
    isClosed = true;
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  const extensionPage = await context.newPage();
  await extensionPage.goto(`chrome-extension://${extensionId}/popup.html?tabId=-1`);
  const send = async <T extends MessageType>(
    message: { type: T } & Requests[T],
  ): Promise<Responses[T]> => {
    try {
      return (await extensionPage.evaluate(
        (m) => chrome.runtime.sendMessage(m),
        message as unknown,
      )) as Responses[T];
    } catch {
      // The page's context can be torn down while the worker restarts: reload it once and retry.
      await extensionPage.reload();
      return (await extensionPage.evaluate(
        (m) => chrome.runtime.sendMessage(m),
        message as unknown,
      )) as Responses[T];
    }
  };
  // The worker restores its state before answering: after this, no first request is missed.
  await send({ type: 'ready' });
  const browserVersion =
    context.browser()?.version() ?? (await worker.evaluate(() => navigator.userAgent));
  return {
    context,
    extensionId,
    worker,
    browserVersion,
    send,
    extensionPage,
    closed: async (graceMs = 0) => {
      const deadline = Date.now() + graceMs;
      while (!isClosed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return isClosed;
    },
    close: async () => {
      await context.close().catch(() => {});
      if (!kept) removeProfile(profile);
    },
  };
}

/**
 * Turns the extension's "Send Global Privacy Control" setting on or off, as the options page
 * would, and waits until the background has applied it (its header rule exists or is gone).
 */
export async function setGpc(browser: ExtensionBrowser, on: boolean): Promise<void> {
  await browser.extensionPage.evaluate(
    async ({ on, defaults, version }) => {
      const stored = (await chrome.storage.local.get('settings')) as {
        settings?: Record<string, unknown>;
      };
      await chrome.storage.local.set({
        settings: { ...(stored.settings ?? defaults), sendGpc: on },
        settings$: { v: version },
      });
      for (let i = 0; i < 50; i++) {
        const rules = await chrome.declarativeNetRequest.getDynamicRules();
        if (rules.some((r) => r.id === 1) === on) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the extension did not apply the Global Privacy Control setting');
    },
    {
      on,
      defaults: defaultSettings() as unknown as Record<string, unknown>,
      version: SETTINGS_VERSION,
    },
  );
}

/**
 * Turns the extension's automatic discovery of declarations on or off, as the options page
 * would; requests for a discovery (`discover-declaration`) are answered either way.
 */
export async function setAutomaticDiscovery(browser: ExtensionBrowser, on: boolean): Promise<void> {
  await browser.extensionPage.evaluate(
    async ({ on, defaults, version }) => {
      const stored = (await chrome.storage.local.get('settings')) as {
        settings?: Record<string, unknown>;
      };
      await chrome.storage.local.set({
        settings: { ...(stored.settings ?? defaults), discoverDeclarations: on },
        settings$: { v: version },
      });
    },
    {
      on,
      defaults: defaultSettings() as unknown as Record<string, unknown>,
      version: SETTINGS_VERSION,
    },
  );
}

/** The tab id of the visit whose URL is `url` (the newest one, after redirects). */
export async function tabIdOf(browser: ExtensionBrowser, url: string): Promise<number | null> {
  const visits = await browser.send({ type: 'list-visits' });
  const exact = visits.find((v) => v.url === url);
  return (exact ?? null)?.tabId ?? null;
}

/**
 * Removes the temporary profile. A crashed browser's helper processes may still be writing to
 * it for a moment: retry, and leave the folder behind rather than replace the real error.
 */
function removeProfile(profile: string): void {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch {
    // A leftover folder in the temporary directory; the system cleans it up.
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: {
    local: {
      get(key: string): Promise<unknown>;
      set(items: Record<string, unknown>): Promise<void>;
    };
  };
  declarativeNetRequest: { getDynamicRules(): Promise<{ id: number }[]> };
};
