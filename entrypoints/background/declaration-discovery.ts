import { browser } from 'wxt/browser';
import type { Message, Responses } from '@/lib/messaging/protocol.ts';
import {
  discoverDeclaration,
  rereadPolicyPage,
  type DiscoveredDeclaration,
  type DiscoveryIo,
} from '@/lib/declarations/discover-declaration.ts';
import { fetchPolicyPage } from '@/lib/declarations/fetch-policy-page.ts';
import {
  CMP_READ_LIMITS,
  HINT_READ_LIMITS,
  readCmpDeclarationData,
  readPageDeclarationHints,
} from '@/lib/declarations/page-declaration-readers.ts';
import { discoveryDue } from '@/lib/storage/discovered-declarations.ts';
import {
  getDeclaration,
  getDiscoveredDeclaration,
  saveDiscoveredDeclaration,
} from '@/entrypoints/shared/store.ts';
import { updateBadges } from './badge.ts';
import { settings } from './settings.ts';
import type { VisitStore } from './visit-store.ts';

/** A consent platform loads its declaration after the page; give it this long. */
const AFTER_LOAD_MS = 2000;
/** A page whose main thread hangs must not hold a discovery forever. */
const SCRIPT_TIMEOUT_MS = 5000;

/** One discovery per site at a time; a second request joins the running one. */
const running = new Map<string, Promise<DiscoveredDeclaration | null>>();

/**
 * Finds the declaration of each visited site by itself when the auditor gave none: a moment
 * after a page has loaded, if the site's cached discovery is missing or due. The policy page
 * is fetched by this worker (tab -1, which the observer ignores), never by the page.
 */
export function startDeclarationDiscovery(store: VisitStore): void {
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status !== 'complete') return;
    setTimeout(() => {
      void store.ready.then(() => discoverIfDue(store, tabId)).catch(() => {});
    }, AFTER_LOAD_MS);
  });
}

async function discoverIfDue(store: VisitStore, tabId: number): Promise<void> {
  if (!settings().discoverDeclarations) return;
  const visit = store.get(tabId);
  if (!visit || !visit.site || !/^https?:/.test(visit.url)) return;
  // A declaration the auditor gave always wins; nothing is looked for beside it.
  if (await getDeclaration(visit.site).catch(() => null)) return;
  const cached = await getDiscoveredDeclaration(visit.site).catch(() => null);
  if (!discoveryDue(cached, Date.now())) return;
  await discoverForTab(store, tabId);
}

/** A discovery the popup, the options page or the command line asked for. */
export async function discoverOnRequest(
  store: VisitStore,
  message: Message<'discover-declaration'>,
): Promise<Responses['discover-declaration']> {
  if (typeof message.tabId === 'number') {
    const visit = store.get(message.tabId);
    if (!visit) return null;
    if (message.refresh !== true) {
      const cached = await getDiscoveredDeclaration(visit.site).catch(() => null);
      if (cached && !discoveryDue(cached, Date.now())) return cached;
    }
    return discoverForTab(store, message.tabId);
  }
  if (typeof message.site === 'string' && message.site.length <= 253)
    return discoverForSite(store, message.site);
  return null;
}

/** Looks for the declaration of the site open in `tabId` now; caches and answers it. */
export function discoverForTab(
  store: VisitStore,
  tabId: number,
): Promise<DiscoveredDeclaration | null> {
  const visit = store.get(tabId);
  if (!visit || !visit.site || !/^https?:/.test(visit.url)) return Promise.resolve(null);
  const site = visit.site;
  const pageUrl = visit.url;
  const io: DiscoveryIo = {
    readCmp: () => withTimeout(readCmpInPage(tabId)),
    readHints: () => withTimeout(readHintsInPage(tabId)),
    fetchPolicy: (url) => fetchPolicyPage((u, init) => fetch(u, init), url, pageUrl),
    now: () => new Date().toISOString(),
  };
  return once(store, site, () => discoverDeclaration(pageUrl, io));
}

/**
 * Looks again for the declaration of `site` without a page of it at hand: from the newest open
 * page of the site, else by reading the policy page found before. Null when neither exists.
 */
export function discoverForSite(
  store: VisitStore,
  site: string,
): Promise<DiscoveredDeclaration | null> {
  const open = [...store.all()]
    .filter((v) => v.site === site && /^https?:/.test(v.url))
    .sort((a, b) => b.startedAt - a.startedAt)[0];
  if (open) return discoverForTab(store, open.tabId);
  return getDiscoveredDeclaration(site).then((cached) => {
    const table = cached?.table;
    if (!cached || table?.source !== 'policy-page' || !table.url) return null;
    const policyUrl = table.url;
    return once(store, site, () =>
      rereadPolicyPage(policyUrl, cached.pageUrl, {
        fetchPolicy: (url) => fetchPolicyPage((u, init) => fetch(u, init), url, cached.pageUrl),
        now: () => new Date().toISOString(),
      }),
    );
  });
}

function once(
  store: VisitStore,
  site: string,
  run: () => Promise<DiscoveredDeclaration>,
): Promise<DiscoveredDeclaration | null> {
  const pending = running.get(site);
  if (pending) return pending;
  const next = run()
    .then(async (found) => {
      await saveDiscoveredDeclaration(site, found);
      // The badges of the site's open pages count against the new declaration.
      updateBadges([...store.all()].filter((v) => v.site === site));
      return found;
    })
    .catch((error: unknown) => {
      console.warn('ConsentLens: looking for the declaration failed:', error);
      return null;
    })
    .finally(() => running.delete(site));
  running.set(site, next);
  return next;
}

/** What a script in the page answered, or null when it failed or took longer than SCRIPT_TIMEOUT_MS. */
function withTimeout<T>(reading: Promise<T>): Promise<T | null> {
  return Promise.race([
    reading.catch(() => null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), SCRIPT_TIMEOUT_MS)),
  ]);
}

async function readCmpInPage(tabId: number): Promise<unknown> {
  const [frame] = await browser.scripting.executeScript({
    target: { tabId, frameIds: [0] },
    world: 'MAIN',
    func: readCmpDeclarationData,
    args: [CMP_READ_LIMITS],
  });
  return frame?.result ?? null;
}

async function readHintsInPage(tabId: number): Promise<unknown> {
  const [frame] = await browser.scripting.executeScript({
    target: { tabId, frameIds: [0] },
    world: 'ISOLATED',
    func: readPageDeclarationHints,
    args: [HINT_READ_LIMITS],
  });
  return frame?.result ?? null;
}
