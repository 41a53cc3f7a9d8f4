import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch, type Browser, type Page } from 'puppeteer-core';
import type { MessageType, Requests, Responses } from '../../lib/messaging/protocol.ts';
import type { AuditReport } from '../../lib/report/types.ts';
import { defaultSettings, SETTINGS_VERSION } from '../../lib/storage/settings.ts';
import { startFixtureServer, type FixtureServer } from '../fixtures/server.ts';

export const FIREFOX_EXTENSION = resolve(import.meta.dirname, '../../.output/firefox-mv3');
/** Debian's Firefox ESR (`apt-get install firefox-esr`), or `$FIREFOX_PATH`. */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * The moz-extension UUID is random per profile unless the profile names it; naming it lets the
 * harness open the extension's own pages.
 */
const EXTENSION_UUID = '3f0c6f55-8d1e-4c61-9d55-c0e5e0a1f7a8';

export interface FirefoxHarness {
  server: FixtureServer;
  browser: Browser;
  /** The popup page in a tab of its own, used to talk to the background. */
  extensionPage: Page;
  /** Sends one protocol message from the extension page and returns the answer. */
  send<T extends MessageType>(message: { type: T } & Requests[T]): Promise<Responses[T]>;
  /** Opens one of the extension's own pages in `page`. */
  openExtensionPage(page: Page, path: string): Promise<void>;
  close(): Promise<void>;
}

/** Why Firefox cannot run here, or null when it can. */
export function firefoxUnavailable(): string | null {
  return existsSync(FIREFOX_PATH)
    ? null
    : `no Firefox at ${FIREFOX_PATH} (install it with \`apt-get install firefox-esr\` or set $FIREFOX_PATH)`;
}

/**
 * The fixture web and headless Firefox with the built extension, driven over WebDriver BiDi.
 *
 * - Firefox has no host resolver rules: every host name resolves to 127.0.0.1
 *   (`network.dns.forceResolve`) and port 443 goes to the fixture server's port
 *   (`network.socket.forcePort`), so pages keep their real host names.
 * - The extension is installed as a temporary add-on (BiDi `webExtension.install`).
 * - BiDi refuses to navigate to `moz-extension:` URLs unless Firefox runs with
 *   `--remote-allow-system-access`.
 */
export async function startFirefoxHarness(
  options: {
    /** Firefox suspends an idle MV3 background page after this long (its default: 30 s). */
    backgroundIdleMs?: number;
  } = {},
): Promise<FirefoxHarness> {
  const manifest = resolve(FIREFOX_EXTENSION, 'manifest.json');
  if (!existsSync(manifest))
    throw new Error(`no Firefox build at ${FIREFOX_EXTENSION}: run \`npm run build:firefox\``);
  const { browser_specific_settings } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  const server = await startFixtureServer();
  let firefox: Browser | null = null;
  try {
    firefox = await launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      acceptInsecureCerts: true,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'network.dns.forceResolve': '127.0.0.1',
        'network.socket.forcePort': `443=${server.port}`,
        'extensions.webextensions.uuids': JSON.stringify({
          [browser_specific_settings.gecko.id]: EXTENSION_UUID,
        }),
        ...(options.backgroundIdleMs === undefined
          ? {}
          : { 'extensions.background.idle.timeout': options.backgroundIdleMs }),
      },
    });
    await firefox.installExtension(FIREFOX_EXTENSION);
    const extensionPage = await firefox.newPage();
    const openExtensionPage = async (page: Page, path: string) => {
      const url = `moz-extension://${EXTENSION_UUID}/${path}`;
      // Page.goto waits for load events that BiDi does not report for extension documents;
      // the navigate command itself returns once the document is interactive.
      const frame = page.mainFrame() as unknown as {
        browsingContext?: { navigate(url: string, wait: 'interactive'): Promise<unknown> };
      };
      if (!frame.browsingContext)
        throw new Error('this puppeteer-core version does not expose the BiDi browsing context');
      await frame.browsingContext.navigate(url, 'interactive');
      const landed = await page.evaluate(() => location.href);
      if (landed !== url) throw new Error(`opening ${url} landed on ${landed}`);
    };
    await openExtensionPage(extensionPage, 'popup.html?tabId=-1');
    // The answer crosses as JSON text: WebDriver BiDi serialises an object met twice (a report's
    // cookie and its declared entry share one) as a reference puppeteer does not resolve.
    const send = async <T extends MessageType>(
      message: { type: T } & Requests[T],
    ): Promise<Responses[T]> =>
      JSON.parse(
        await extensionPage.evaluate(
          async (m) =>
            JSON.stringify(
              (await (globalThis as unknown as ExtensionPageGlobals).browser.runtime.sendMessage(
                m,
              )) ?? null,
            ),
          message as unknown,
        ),
      ) as Responses[T];
    // The background restores its state before answering: after this, no first request is missed.
    await send({ type: 'ready' });
    const started = firefox;
    return {
      server,
      browser: started,
      extensionPage,
      send,
      openExtensionPage,
      close: async () => {
        await started.close().catch(() => {});
        await server.close();
      },
    };
  } catch (error) {
    await firefox?.close().catch(() => {});
    await server.close();
    throw error;
  }
}

/** Loads a page and waits until the network is idle and the page-world key scan has run. */
export async function visitInFirefox(
  h: FirefoxHarness,
  url: string,
  settleMs = 1500,
): Promise<{ page: Page; tabId: number }> {
  const page = await h.browser.newPage();
  await page.goto(url, { waitUntil: 'networkidle0' });
  await new Promise((ok) => setTimeout(ok, settleMs));
  const visits = await h.send({ type: 'list-visits' });
  const tabId = visits.find((v) => v.url === page.url())?.tabId;
  if (tabId === undefined) throw new Error(`the extension recorded no visit for ${page.url()}`);
  return { page, tabId };
}

export async function firefoxReportOf(h: FirefoxHarness, tabId: number): Promise<AuditReport> {
  const report = await h.send({ type: 'get-report', tabId });
  if (!report) throw new Error(`no report for tab ${tabId}`);
  return report;
}

/** What an extension page's own JavaScript world has that a test calls. */
interface ExtensionPageGlobals {
  browser: {
    runtime: { sendMessage(message: unknown): Promise<unknown> };
    extension: { getViews(): Window[] };
    storage: {
      local: {
        get(key: string): Promise<unknown>;
        set(items: Record<string, unknown>): Promise<void>;
      };
    };
    declarativeNetRequest: { getDynamicRules(): Promise<{ id: number }[]> };
  };
}

/** Whether the extension's background page is running (Firefox suspends it when idle). */
export async function backgroundRunning(h: FirefoxHarness): Promise<boolean> {
  // Listing the extension's views does not wake the background page, unlike a message.
  return h.extensionPage.evaluate(() =>
    (globalThis as unknown as ExtensionPageGlobals).browser.extension
      .getViews()
      .some((view) => view.location.pathname === '/_generated_background_page.html'),
  );
}

/**
 * Turns "Send Global Privacy Control" on or off as the options page would, and waits until the
 * background has applied it (its header rule exists or is gone).
 */
export async function setGpcInFirefox(h: FirefoxHarness, on: boolean): Promise<void> {
  await h.extensionPage.evaluate(
    async (on, defaults, version) => {
      const { storage, declarativeNetRequest } = (globalThis as unknown as ExtensionPageGlobals)
        .browser;
      const stored = (await storage.local.get('settings')) as {
        settings?: Record<string, unknown>;
      };
      await storage.local.set({
        settings: { ...(stored.settings ?? defaults), sendGpc: on },
        settings$: { v: version },
      });
      for (let i = 0; i < 50; i++) {
        const rules = await declarativeNetRequest.getDynamicRules();
        if (rules.some((r) => r.id === 1) === on) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the extension did not apply the Global Privacy Control setting');
    },
    on,
    defaultSettings() as unknown as Record<string, unknown>,
    SETTINGS_VERSION,
  );
}
