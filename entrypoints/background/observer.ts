import { browser, type Browser } from 'wxt/browser';
import { isMessage, type Message, type Responses } from '@/lib/messaging/protocol.ts';
import { validatePageRecords } from '@/lib/observe/validate-page-records.ts';
import { consentCookieSource, decodeConsentCookies } from '@/lib/consent/platforms/index.ts';
import {
  acceptBatch,
  type BrowserCookie,
  recordStoredConsent,
  recordCookieChange,
  recordPageRecords,
  recordRequest,
  redirectVisit,
  retractExplainedElsewhere,
  startVisit,
  type Visit,
} from '@/lib/observe/visit.ts';
import { forgetBadge, updateBadges } from './badge.ts';
import { reportForVisit } from './report.ts';
import { loadKnowledge } from '@/lib/knowledge/load-knowledge.ts';
import { VisitStore } from './visit-store.ts';
import { LateCookieChanges } from '@/lib/observe/late-cookie-changes.ts';
import { settings, startSettings } from './settings.ts';
import { discoverOnRequest, startDeclarationDiscovery } from './declaration-discovery.ts';
import { auditStatus, cancelAudit, cutOffAudit, startAudit } from './audit-runner.ts';
import { recordInteraction } from './interaction.ts';
import { handleAutoconsentMessage } from './audit-autoconsent.ts';
import { SetCookieHeaders } from './set-cookie-headers.ts';
import { SpeculativeVisits } from './speculation.ts';
import { TabBudgets } from './tab-budgets.ts';

const URLS = { urls: ['<all_urls>'] };

/**
 * Wires the browser's events to the pure observation functions in lib/observe. Listeners take
 * the event time immediately and defer the work until the stored state is restored.
 */
export function startObserver(): { store: VisitStore; headers: SetCookieHeaders } {
  const store = new VisitStore(browser.storage.session, updateBadges, startSettings());
  // Firefox may report a cookie change before the webRequest events of the request behind it.
  const late = import.meta.env.FIREFOX ? new LateCookieChanges() : null;
  startDeclarationDiscovery(store);
  const headers = new SetCookieHeaders(store);
  void headers.restore();
  const speculation = new SpeculativeVisits();
  const budgets = new TabBudgets();

  const onRequest = (details: Browser.webRequest.OnBeforeRequestDetails): undefined => {
    if (details.tabId < 0) return;
    const time = Date.now();
    const event = {
      requestId: details.requestId,
      url: details.url,
      type: details.type,
      frameId: details.frameId,
      parentFrameId: details.parentFrameId,
      method: details.method,
      initiator: initiatorOf(details),
      time,
    };
    const prerendering = lifecycleOf(details) === 'prerender';
    store.whenReady(() => {
      const tabId = details.tabId;
      const speculative = speculation.get(tabId);
      // A page being prerendered is not what the tab shows: its requests go to its own visit.
      if (prerendering || (speculative && speculative.requestId === details.requestId)) {
        if (!speculative) return;
        if (details.type === 'main_frame') redirectVisit(speculative, details.url);
        recordRequest(speculative, event);
        return;
      }
      let visit = store.get(tabId);
      if (details.type === 'main_frame') {
        if (visit && visit.requestId === details.requestId) redirectVisit(visit, details.url);
        else {
          speculation.started(tabId, visit);
          budgets.forget(tabId);
          visit = startVisit(tabId, details.url, time, details.requestId, settings().sendGpc);
          store.set(visit);
          readStoredConsent(store, visit);
        }
      }
      if (!visit) return;
      recordRequest(visit, event);
      late?.offer(visit, details.url, Math.min(details.timeStamp, time), time);
      store.markDirty(visit.tabId);
    });
  };
  if (import.meta.env.FIREFOX) {
    // Firefox delivers non-blocking webRequest events late, sometimes after the new page's cookie
    // changes and script records: a blocking main_frame listener starts the visit before the
    // request may go on.
    browser.webRequest.onBeforeRequest.addListener(
      (details) => {
        onRequest(details);
        // Firefox waits for a returned promise, so a waking background restores its state first.
        return store.ready.then(() => ({})) as unknown as Browser.webRequest.BlockingResponse;
      },
      { ...URLS, types: ['main_frame'] },
      ['blocking'],
    );
    browser.webRequest.onBeforeRequest.addListener((details): undefined => {
      if (details.type !== 'main_frame') onRequest(details);
    }, URLS);
  } else browser.webRequest.onBeforeRequest.addListener(onRequest, URLS);

  // Only top-level requests: tells a load made ahead of time (speculation rules) from a real one.
  browser.webRequest.onSendHeaders.addListener(
    (details): undefined => {
      if (details.tabId < 0 || !isSpeculative(details.requestHeaders)) return;
      store.whenReady(() => {
        const visit = store.get(details.tabId);
        if (!visit || visit.requestId !== details.requestId) return;
        const previous = speculation.setAside(details.tabId, visit);
        if (previous) store.set(previous);
        else store.delete(details.tabId);
      });
    },
    { urls: ['<all_urls>'], types: ['main_frame'] },
    ['requestHeaders'],
  );

  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (typeof change.url !== 'string') return;
    const url = change.url;
    store.whenReady(() => {
      const shown = speculation.activated(tabId, url);
      if (shown) store.set(shown);
    });
  });

  browser.cookies.onChanged.addListener((change) => {
    const time = Date.now();
    const event = {
      cookie: change.cookie as BrowserCookie,
      removed: change.removed,
      cause: change.cause,
      time,
    };
    store.whenReady(() => {
      const options = { inferResponses: headers.inferring };
      const visits = late
        ? late.record(store.all(), event, options)
        : recordCookieChange(store.all(), event, options);
      for (const visit of visits) store.markDirty(visit.tabId);
    });
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    forgetBadge(tabId);
    speculation.forget(tabId);
    budgets.forget(tabId);
    store.whenReady(() => store.delete(tabId));
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!isMessage(message)) {
      console.warn('ConsentLens: rejected a message of unknown type');
      return undefined;
    }
    return store.ready.then(() =>
      handleMessage({ store, headers, speculation, budgets }, message, sender),
    );
  });
  return { store, headers };
}

/**
 * The choice a visitor made on an earlier page view lives in the consent platform's cookie, which
 * this page load may never write again: read it as the page load starts.
 */
function readStoredConsent(store: VisitStore, visit: Visit): void {
  const { startedAt, url } = visit;
  void browser.cookies
    .getAll({ url })
    .then((cookies) => {
      const known = cookies.filter((c) => consentCookieSource(c.name) !== null).slice(0, 50);
      if (known.length === 0 || store.get(visit.tabId) !== visit) return;
      recordStoredConsent(
        visit,
        decodeConsentCookies(known.map((c) => ({ name: c.name, value: c.value }))),
        startedAt,
      );
      store.markDirty(visit.tabId);
    })
    .catch(() => {});
}

interface Observer {
  store: VisitStore;
  headers: SetCookieHeaders;
  speculation: SpeculativeVisits;
  budgets: TabBudgets;
}

async function handleMessage(
  { store, headers, speculation, budgets }: Observer,
  message: Message,
  sender: Browser.runtime.MessageSender,
): Promise<Responses[keyof Responses] | undefined> {
  switch (message.type) {
    case 'page-records': {
      const tabId = sender.tab?.id;
      const origin = senderOrigin(sender);
      // Answered all the same: a content script sends a batch without an answer again.
      if (tabId === undefined || origin === null || sender.id !== browser.runtime.id)
        return { accepted: 0 };
      const prerendering = lifecycleOf(sender) === 'prerender';
      const visit = prerendering ? speculation.get(tabId) : store.get(tabId);
      if (!visit) return { accepted: 0 };
      const batch =
        typeof message.batch === 'string' && message.batch.length <= 64 ? message.batch : null;
      // A batch sent again because the worker stopped before answering is already recorded.
      if (!acceptBatch(visit, batch)) return { accepted: 0 };
      const now = Date.now();
      const { records } = validatePageRecords(message.records, now, 'content-script');
      const admitted = budgets.admit(tabId, records, now);
      const explained = recordPageRecords(visit, origin, admitted.records);
      visit.dropped.storage += admitted.droppedStorage;
      if (!prerendering) store.markDirty(tabId);
      for (const other of retractExplainedElsewhere(store.all(), visit, explained))
        store.markDirty(other.tabId);
      // Answer once stored: a content script whose batch got no answer sends it again.
      if (!prerendering) await store.written();
      return { accepted: admitted.records.length };
    }
    case 'set-cookie-headers': {
      if (!isExtensionPage(sender) || typeof message.read !== 'boolean') return undefined;
      return { reading: await headers.read(message.read) };
    }
    case 'record-interaction': {
      if (!isExtensionPage(sender)) return undefined;
      return { recorded: recordInteraction(store, message.tabId, message.time) };
    }
    case 'start-audit':
    case 'cancel-audit':
    case 'audit-status':
    case 'audit-cut-off':
      if (!isExtensionPage(sender) || !Number.isInteger(message.tabId)) return undefined;
      if (message.type === 'start-audit') return startAudit(message.tabId);
      if (message.type === 'cancel-audit') return cancelAudit(message.tabId);
      if (message.type === 'audit-cut-off') return cutOffAudit(message.tabId);
      return auditStatus(message.tabId);
    case 'autoconsent':
      // Only the extension's own content script, in a tab, speaks autoconsent.
      if (sender.id !== browser.runtime.id || sender.tab?.id === undefined) return undefined;
      return handleAutoconsentMessage(message.message, sender);
    case 'knowledge-sources':
      return isExtensionPage(sender) ? loadKnowledge().sources : undefined;
    case 'discover-declaration':
      return isExtensionPage(sender) ? discoverOnRequest(store, message) : undefined;
    case 'ready':
    case 'list-visits':
    case 'get-visit':
    case 'get-report': {
      // Only the extension's own pages may read observations.
      if (!isExtensionPage(sender)) return undefined;
      if (message.type === 'ready')
        return { ready: true, version: browser.runtime.getManifest().version };
      // The answer is taken in the same moment as the write that stores it, and sent once that
      // write is done: a stopped worker cannot take back what it has shown.
      if (message.type === 'list-visits') {
        const list = [...store.all()]
          .map((v) => ({ tabId: v.tabId, url: v.url, startedAt: v.startedAt }))
          .sort((a, b) => b.startedAt - a.startedAt);
        await store.persist();
        return list;
      }
      const live = typeof message.tabId === 'number' ? store.get(message.tabId) : undefined;
      const visit = live ? structuredClone(live) : null;
      await store.persist();
      if (message.type === 'get-visit') return visit;
      return visit ? await reportForVisit(visit, browser.runtime.getManifest().version) : null;
    }
  }
}

function initiatorOf(details: { initiator?: string; originUrl?: string }): string | null {
  return details.initiator ?? details.originUrl ?? null;
}

/** Chrome's `documentLifecycle` of a request's document or a message's sender (Firefox has none). */
function lifecycleOf(details: object): string | undefined {
  const lifecycle = (details as { documentLifecycle?: unknown }).documentLifecycle;
  return typeof lifecycle === 'string' ? lifecycle : undefined;
}

/** `Sec-Purpose: prefetch` (or `prefetch;prerender`): the browser loads the page ahead of time. */
function isSpeculative(headers: Browser.webRequest.HttpHeader[] | undefined): boolean {
  return (headers ?? []).some(
    (h) => h.name.toLowerCase() === 'sec-purpose' && /prefetch/i.test(h.value ?? ''),
  );
}

/** The sending frame's origin as the browser reports it (Chrome: `origin`; Firefox: from `url`). */
function senderOrigin(sender: Browser.runtime.MessageSender): string | null {
  const origin = (sender as { origin?: string }).origin;
  if (typeof origin === 'string' && origin !== 'null') return origin;
  if (!sender.url) return null;
  try {
    const o = new URL(sender.url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

function isExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  return (
    sender.id === browser.runtime.id &&
    !sender.tab?.url?.startsWith('http') &&
    (sender.url ?? '').startsWith(browser.runtime.getURL('/'))
  );
}
