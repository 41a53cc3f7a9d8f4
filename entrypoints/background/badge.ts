import { browser } from 'wxt/browser';
import type { Visit } from '@/lib/observe/visit.ts';
import { badgeFor } from '@/lib/report/badge.ts';
import { reportForVisit } from './report.ts';

/**
 * A busy page changes every few milliseconds, and each badge builds the whole report: the badge
 * waits until the page has been quiet for a moment (so a loading page is not slowed down by
 * it), and while changes keep coming it is still updated every few seconds.
 */
const QUIET_MS = 600;
const MAX_WAIT_MS = 4000;
const pending = new Map<number, { timer: ReturnType<typeof setTimeout>; since: number }>();

/**
 * Shows on each tab's toolbar icon how many high-severity violations its page has, coloured by
 * the worst severity; a calm check mark when there are none.
 */
export function updateBadges(visits: readonly Visit[]): void {
  const now = Date.now();
  for (const visit of visits) {
    const waiting = pending.get(visit.tabId);
    if (waiting) clearTimeout(waiting.timer);
    const since = waiting?.since ?? now;
    const wait = Math.min(QUIET_MS, Math.max(0, since + MAX_WAIT_MS - now));
    pending.set(visit.tabId, {
      since,
      timer: setTimeout(() => {
        pending.delete(visit.tabId);
        void reportForVisit(visit, browser.runtime.getManifest().version).then((report) => {
          const badge = badgeFor(report.violations);
          void browser.action
            .setBadgeText({ tabId: visit.tabId, text: badge.text })
            .catch(() => {});
          void browser.action
            .setBadgeBackgroundColor({ tabId: visit.tabId, color: badge.color })
            .catch(() => {});
          void browser.action.setTitle({ tabId: visit.tabId, title: badge.title }).catch(() => {});
        });
      }, wait),
    });
  }
}

/** Forgets a closed tab. */
export function forgetBadge(tabId: number): void {
  const waiting = pending.get(tabId);
  if (waiting) clearTimeout(waiting.timer);
  pending.delete(tabId);
}
