import { browser } from 'wxt/browser';
import type { Visit } from '@/lib/observe/visit.ts';

/** Shows on each tab's toolbar icon how many third-party sites its page has contacted. */
export function updateBadges(visits: readonly Visit[]): void {
  for (const visit of visits) {
    const sites = new Set<string>();
    for (const r of visit.requests) if (r.party === 'third') sites.add(r.site);
    const text = sites.size > 0 ? String(sites.size) : '';
    void browser.action.setBadgeText({ tabId: visit.tabId, text }).catch(() => {});
    void browser.action.setBadgeBackgroundColor({ tabId: visit.tabId, color: '#5b6770' }).catch(() => {});
  }
}
