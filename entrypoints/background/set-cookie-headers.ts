import { browser, type Browser } from 'wxt/browser';
import { recordSetCookieHeaders } from '@/lib/observe/visit.ts';
import type { VisitStore } from './visit-store.ts';

const SESSION_KEY = 'read-set-cookie-headers';

type HeadersDetails = Browser.webRequest.OnHeadersReceivedDetails;

/**
 * Reading `Set-Cookie` response headers. Chrome hides them unless the listener asks for
 * `extraHeaders`, and any such listener puts every request of every tab through an extra
 * round trip to the browser process: on a page with hundreds of requests that slows the load
 * measurably (`npm run bench`). So in Chrome the headers are read only when asked — the command
 * line does for its audits, and "Audit this site" while it runs — and otherwise each cookie change is attributed to the response it
 * most likely came from (see `CookieChangeOptions`). Firefox shows the headers without that
 * cost, so there they are always read.
 */
export class SetCookieHeaders {
  private reading = false;
  /** As last asked by the command line (kept for the browser session). */
  private asked = false;
  /** Whether "Audit this site" is running; its run turns this off when it ends. */
  private auditing = false;
  private readonly needsExtraHeaders = hasExtraHeadersOption();
  private readonly listener = (details: HeadersDetails): undefined => {
    if (details.tabId < 0 || !details.responseHeaders) return;
    const headers: string[] = [];
    for (const h of details.responseHeaders) {
      if (h.name.toLowerCase() === 'set-cookie' && typeof h.value === 'string')
        headers.push(h.value);
    }
    if (headers.length === 0) return;
    const time = Date.now();
    this.store.whenReady(() => {
      const visit = this.store.get(details.tabId);
      if (!visit) return;
      // Firefox reports the cookie change before the response's webRequest event.
      recordSetCookieHeaders(visit, details.url, headers, time, {
        headersMayFollowChanges: import.meta.env.FIREFOX,
      });
      this.store.markDirty(visit.tabId);
    });
  };

  constructor(private readonly store: VisitStore) {
    if (!this.needsExtraHeaders) this.listen(true);
  }

  /** Restores the choice made earlier in this browser session (a restarted worker forgets it). */
  async restore(): Promise<void> {
    if (!this.needsExtraHeaders) return;
    const stored = await browser.storage.session.get(SESSION_KEY).catch(() => ({}));
    this.asked = (stored as Record<string, unknown>)[SESSION_KEY] === true;
    this.listen(this.asked || this.auditing);
  }

  /** Whether headers are read: always where that is free, else as last asked. */
  async read(on: boolean): Promise<boolean> {
    if (!this.needsExtraHeaders) return true;
    await browser.storage.session.set({ [SESSION_KEY]: on }).catch(() => {});
    this.asked = on;
    this.listen(this.asked || this.auditing);
    return this.reading;
  }

  /**
   * Reads headers while an audit of the popup runs. Not stored: a restarted worker resumes the
   * run, which asks again before its phase starts over.
   */
  duringAudit(on: boolean): void {
    if (!this.needsExtraHeaders) return;
    this.auditing = on;
    this.listen(this.asked || this.auditing);
  }

  /** Whether a cookie change without a paired header must be attributed by inference. */
  get inferring(): boolean {
    return !this.reading;
  }

  private listen(on: boolean): void {
    if (on === this.reading) return;
    this.reading = on;
    const event = browser.webRequest.onHeadersReceived;
    if (on)
      event.addListener(
        this.listener,
        { urls: ['<all_urls>'] },
        this.needsExtraHeaders
          ? (['responseHeaders', 'extraHeaders'] as Browser.webRequest.OnHeadersReceivedOptions[])
          : (['responseHeaders'] as Browser.webRequest.OnHeadersReceivedOptions[]),
      );
    else event.removeListener(this.listener);
  }
}

/** Chrome hides Set-Cookie without 'extraHeaders'; Firefox rejects that value and needs none. */
function hasExtraHeadersOption(): boolean {
  const known = (
    browser.webRequest as unknown as { OnHeadersReceivedOptions?: Record<string, string> }
  ).OnHeadersReceivedOptions;
  return !!known && Object.values(known).includes('extraHeaders');
}
