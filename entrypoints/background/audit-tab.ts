import { browser, type Browser } from 'wxt/browser';
import { cookieId, cookieUrl, isSiteCookie } from '@/lib/audit/site-data.ts';
import { normaliseHost } from '@/lib/domain/site.ts';
import type { Visit } from '@/lib/observe/visit.ts';
import { clearSessionStorage, pageLoaded } from './audit-page.ts';
import type { VisitStore } from './visit-store.ts';

/**
 * The audited tab's life during an audit: loading and reloading it, waiting until it is idle,
 * and clearing the audited site's data between phases — and only the audited site's: other
 * sites' cookies and storage, including the third parties the page contacts, are the
 * visitor's and stay.
 */

/** A step the audit could not take, in one sentence (English, technical). */
export class AuditStepError extends Error {}

/** The audited tab was closed. */
export class TabClosedError extends Error {}

const LOAD_TIMEOUT_MS = 45_000;
/** The page is idle once no request started for this long (as Playwright's `networkidle`). */
const IDLE_MS = 500;
const IDLE_TIMEOUT_MS = 10_000;

/** Waits `ms`, or rejects when the run is cancelled. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Loads `url` in the tab (or reloads it) and resolves once the load event fired. A navigation
 * that does not finish in 45 s, or ends on the browser's error page, fails the step.
 */
export function load(tabId: number, url: string | 'reload', signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let started = false;
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.tabs.onRemoved.removeListener(onRemoved);
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onUpdated = (id: number, info: Browser.tabs.OnUpdatedInfo) => {
      if (id !== tabId) return;
      if (info.status === 'loading') started = true;
      else if (info.status === 'complete' && started) finish();
    };
    const onRemoved = (id: number) => {
      if (id === tabId) finish(new TabClosedError('the audited tab was closed'));
    };
    const onAbort = () => finish(signal.reason);
    const timer = setTimeout(
      () => finish(new AuditStepError(`${describe(url)} did not finish loading within 45 s`)),
      LOAD_TIMEOUT_MS,
    );
    if (signal.aborted) return finish(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.tabs.onRemoved.addListener(onRemoved);
    const navigation =
      url === 'reload' ? browser.tabs.reload(tabId) : browser.tabs.update(tabId, { url });
    navigation.then(
      () => undefined,
      (error: unknown) => finish(new TabClosedError(messageOf(error))),
    );
  }).then(async () => {
    if (url !== 'about:blank' && !(await pageLoaded(tabId)))
      throw new AuditStepError(`${describe(url)} could not be loaded`);
  });
}

function describe(url: string): string {
  return url === 'reload' ? 'the reloaded page' : url.slice(0, 200);
}

/**
 * The tab's visit of the page load that began at or after `since`, once its requests have
 * paused for IDLE_MS (at most IDLE_TIMEOUT_MS: some pages never stop polling).
 */
export async function idleVisit(
  store: VisitStore,
  tabId: number,
  since: number,
  signal: AbortSignal,
): Promise<Visit> {
  const deadline = Date.now() + IDLE_TIMEOUT_MS;
  let count = -1;
  let quietSince = Date.now();
  for (;;) {
    const visit = store.get(tabId);
    const fresh = visit && visit.startedAt >= since ? visit : undefined;
    const now = Date.now();
    if (fresh) {
      if (fresh.requests.length !== count) {
        count = fresh.requests.length;
        quietSince = now;
      } else if (now - quietSince >= IDLE_MS) return fresh;
    }
    if (now >= deadline) {
      if (fresh) return fresh;
      throw new AuditStepError('the extension saw no page load in the audited tab');
    }
    await sleep(100, signal);
  }
}

/**
 * A copy of the tab's current visit (the store keeps changing the live one), which must have
 * begun at or after `since` and still be on the audited site.
 */
export function snapshot(store: VisitStore, tabId: number, since: number, site: string): Visit {
  const visit = store.get(tabId);
  if (!visit || visit.startedAt < since)
    throw new AuditStepError('the extension holds no visit of the audited page');
  if (visit.site !== site)
    throw new AuditStepError(`the tab left the audited site for ${visit.site.slice(0, 100)}`);
  return structuredClone(visit);
}

/**
 * Leaves the page and clears the audited site's data: sessionStorage of its frames (it lives as
 * long as the tab), then the tab goes to about:blank so no script of the site runs while its
 * data is cleared, then its cookies (every cookie of its registrable domain, and the
 * third-party cookies partitioned under it) and its origins' storage, cache and service workers.
 */
export async function clearSite(
  tabId: number,
  site: string,
  origins: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  await clearSessionStorage(tabId, [...origins]);
  await load(tabId, 'about:blank', signal);
  await clearSiteCookies(site);
  if (origins.length > 0) await clearOriginData(origins);
}

const MAX_COOKIES_CLEARED = 5000;

async function clearSiteCookies(site: string): Promise<void> {
  const own = (await browser.cookies.getAll({ domain: site })).filter((c) =>
    isSiteCookie(c.domain, site),
  );
  // Third parties' cookies kept in the site's partition (CHIPS) belong to the site's data too.
  const partitioned = await browser.cookies
    .getAll({ partitionKey: { topLevelSite: `https://${site}` } } as Browser.cookies.GetAllDetails)
    .catch(() => [] as Browser.cookies.Cookie[]);
  const seen = new Set<string>();
  for (const c of [...own, ...partitioned].slice(0, MAX_COOKIES_CLEARED)) {
    const partitionKey = (c as { partitionKey?: unknown }).partitionKey;
    const key = `${cookieId(c)}|${c.path}|${JSON.stringify(partitionKey ?? null)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await browser.cookies
      .remove({
        url: cookieUrl(c),
        name: c.name,
        storeId: c.storeId,
        ...(partitionKey ? { partitionKey } : {}),
      } as Browser.cookies.CookieDetails)
      .catch(() => undefined);
  }
}

/** Storage, cache and service workers of the site's origins (Chromium: `origins`; Firefox: `hostnames`). */
async function clearOriginData(origins: readonly string[]): Promise<void> {
  const types = {
    cache: true,
    cacheStorage: true,
    fileSystems: true,
    indexedDB: true,
    localStorage: true,
    serviceWorkers: true,
    webSQL: true,
  };
  try {
    await browser.browsingData.remove(
      { origins: [...origins] } as Browser.browsingData.RemovalOptions,
      types,
    );
  } catch {
    const hostnames = [...new Set(origins.map((o) => normaliseHost(new URL(o).hostname)))];
    await browser.browsingData
      .remove({ hostnames } as Browser.browsingData.RemovalOptions, {
        indexedDB: true,
        localStorage: true,
        serviceWorkers: true,
      })
      .catch(() => undefined);
  }
}

const MAX_DOMAINS_READ = 200;

/** Which of the given cookies the browser still holds (`name@domain`). */
export async function readableCookies(
  cookies: readonly { name: string; domain: string }[],
): Promise<Set<string>> {
  const domains = [...new Set(cookies.map((c) => normaliseHost(c.domain)))].slice(
    0,
    MAX_DOMAINS_READ,
  );
  const wanted = new Set(cookies.map(cookieId));
  const out = new Set<string>();
  for (const domain of domains) {
    const held = await browser.cookies.getAll({ domain }).catch(() => []);
    for (const c of held) {
      const id = cookieId(c);
      if (wanted.has(id)) out.add(id);
    }
  }
  return out;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
