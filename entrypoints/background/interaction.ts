import { recordPageRecords } from '@/lib/observe/visit.ts';
import type { VisitStore } from './visit-store.ts';

/**
 * Records that the visitor — or the audit acting for the visitor — clicked on the tab's page at
 * `time`. Refused for a time in the future or more than a minute ago.
 */
export function recordInteraction(store: VisitStore, tabId: number, time: number): boolean {
  const visit = store.get(tabId);
  const now = Date.now();
  if (!visit || typeof time !== 'number' || time > now || time < now - 60_000) return false;
  recordPageRecords(visit, new URL(visit.url).origin, [
    { kind: 'interaction', interaction: 'click', time },
  ]);
  store.markDirty(visit.tabId);
  return true;
}
