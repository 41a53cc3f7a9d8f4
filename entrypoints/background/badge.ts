import { browser } from 'wxt/browser';
import type { Visit } from '@/lib/observe/visit.ts';
import { badgeFor } from '@/lib/report/badge.ts';
import { reportForVisit } from './report.ts';

/** A busy page changes every few milliseconds; its badge needs no more than one update a second. */
const MIN_INTERVAL_MS = 1000;
const lastUpdate = new Map<number, number>();
const pending = new Map<number, ReturnType<typeof setTimeout>>();

/**
 * Shows on each tab's toolbar icon how many high-severity violations its page has, coloured by
 * the worst severity; a calm check mark when there are none.
 */
export function updateBadges(visits: readonly Visit[]): void {
  for (const visit of visits) {
    if (pending.has(visit.tabId)) continue;
    const wait = Math.max(0, (lastUpdate.get(visit.tabId) ?? 0) + MIN_INTERVAL_MS - Date.now());
    pending.set(
      visit.tabId,
      setTimeout(() => {
        pending.delete(visit.tabId);
        lastUpdate.set(visit.tabId, Date.now());
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
    );
  }
}

/** Forgets a closed tab. */
export function forgetBadge(tabId: number): void {
  lastUpdate.delete(tabId);
  const timer = pending.get(tabId);
  if (timer) clearTimeout(timer);
  pending.delete(tabId);
}
