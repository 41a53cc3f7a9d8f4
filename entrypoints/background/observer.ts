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
  recordSetCookieHeaders,
  redirectVisit,
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

const URLS = { urls: ['<all_urls>'] };

/**
 * Wires the browser's events to the pure observation functions in lib/observe. Listeners take
 * the event time immediately and defer the work until the stored state is restored.
 */
export function startObserver(): VisitStore {
  const store = new VisitStore(browser.storage.session, updateBadges, startSettings());
  // Firefox may report a cookie change before the webRequest events of the request behind it.
  const late = import.meta.env.FIREFOX ? new LateCookieChanges() : null;
  startDeclarationDiscovery(store);

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
    store.whenReady(() => {
      let visit = store.get(details.tabId);
      if (details.type === 'main_frame') {
        if (visit && visit.requestId === details.requestId) redirectVisit(visit, details.url);
        else {
          visit = startVisit(
            details.tabId,
            details.url,
            time,
            details.requestId,
            settings().sendGpc,
          );
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

  browser.webRequest.onHeadersReceived.addListener(
    (details): undefined => {
      if (details.tabId < 0 || !details.responseHeaders) return;
      const headers: string[] = [];
      for (const h of details.responseHeaders) {
        if (h.name.toLowerCase() === 'set-cookie' && typeof h.value === 'string')
          headers.push(h.value);
      }
      if (headers.length === 0) return;
      const time = Date.now();
      store.whenReady(() => {
        const visit = store.get(details.tabId);
        if (!visit) return;
        recordSetCookieHeaders(visit, details.url, headers, time, {
          headersMayFollowChanges: import.meta.env.FIREFOX,
        });
        store.markDirty(visit.tabId);
      });
    },
    URLS,
    headerOptions(),
  );

  browser.cookies.onChanged.addListener((change) => {
    const time = Date.now();
    const event = {
      cookie: change.cookie as BrowserCookie,
      removed: change.removed,
      cause: change.cause,
      time,
    };
    store.whenReady(() => {
      const visits = late
        ? late.record(store.all(), event)
        : recordCookieChange(store.all(), event);
      for (const visit of visits) store.markDirty(visit.tabId);
    });
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    forgetBadge(tabId);
    store.whenReady(() => store.delete(tabId));
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!isMessage(message)) {
      console.warn('ConsentLens: rejected a message of unknown type');
      return undefined;
    }
    return store.ready.then(() => handleMessage(store, message, sender));
  });
  return store;
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

async function handleMessage(
  store: VisitStore,
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
      const visit = store.get(tabId);
      if (!visit) return { accepted: 0 };
      const batch =
        typeof message.batch === 'string' && message.batch.length <= 64 ? message.batch : null;
      // A batch sent again because the worker stopped before answering is already recorded.
      if (!acceptBatch(visit, batch)) return { accepted: 0 };
      const { records } = validatePageRecords(message.records, Date.now(), 'content-script');
      recordPageRecords(visit, origin, records);
      store.markDirty(tabId);
      // Answer once stored: a content script whose batch got no answer sends it again.
      await store.written();
      return { accepted: records.length };
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

/** Chrome hides Set-Cookie without 'extraHeaders'; Firefox rejects that value, so ask only where it exists. */
function headerOptions(): Browser.webRequest.OnHeadersReceivedOptions[] {
  const options = ['responseHeaders'] as Browser.webRequest.OnHeadersReceivedOptions[];
  const known = (
    browser.webRequest as unknown as { OnHeadersReceivedOptions?: Record<string, string> }
  ).OnHeadersReceivedOptions;
  if (known && Object.values(known).includes('extraHeaders'))
    options.push('extraHeaders' as Browser.webRequest.OnHeadersReceivedOptions);
  return options;
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
