import type { Category } from '../domain/category.ts';
import type { Party } from '../observe/records.ts';
import type { AuditReport, ReportCookie, ReportStorage } from './types.ts';

export interface RequestGroup {
  site: string;
  party: Party;
  count: number;
  hosts: string[];
  /** Resource types with counts, most frequent first. */
  types: { type: string; count: number }[];
  vendor: string | null;
  /** The tracker category when any request of the group matched as a tracker. */
  trackerCategory: Category | null;
}

export interface PopupView {
  url: string;
  site: string;
  counts: {
    cookies: number;
    thirdPartyCookies: number;
    storage: number;
    requests: number;
    thirdPartySites: number;
    trackers: number;
  };
  cookies: ReportCookie[];
  storage: ReportStorage[];
  /** Third-party sites first (most requests first), then the first party. */
  requestGroups: RequestGroup[];
  dropped: number;
}

const MAX_HOSTS_PER_GROUP = 20;

/** Shapes a report for the popup: counts at a glance, cookies, storage and requests grouped by site. */
export function popupView(report: AuditReport): PopupView {
  const groups = new Map<string, RequestGroup & { typeCounts: Map<string, number> }>();
  let trackers = 0;
  for (const r of report.requests) {
    let g = groups.get(r.site);
    if (!g) {
      g = {
        site: r.site,
        party: r.party,
        count: 0,
        hosts: [],
        types: [],
        vendor: null,
        trackerCategory: null,
        typeCounts: new Map(),
      };
      groups.set(r.site, g);
    }
    g.count++;
    if (!g.hosts.includes(r.host) && g.hosts.length < MAX_HOSTS_PER_GROUP) g.hosts.push(r.host);
    g.typeCounts.set(r.type, (g.typeCounts.get(r.type) ?? 0) + 1);
    if (r.tracker) {
      trackers++;
      g.vendor ??= r.tracker.vendor;
      g.trackerCategory ??= r.tracker.category;
    }
  }
  const requestGroups = [...groups.values()]
    .map(({ typeCounts, ...g }) => ({
      ...g,
      types: [...typeCounts]
        .map(([type, count]) => ({ type, count }))
        .sort((a, b) => b.count - a.count),
    }))
    .sort((a, b) => (a.party === b.party ? b.count - a.count : a.party === 'third' ? -1 : 1));
  const cookies = [...report.cookies].sort(
    (a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt) || a.name.localeCompare(b.name),
  );
  const dropped = report.limits
    ? Object.values(report.limits.dropped).reduce((a, b) => a + b, 0)
    : 0;
  return {
    url: report.url,
    site: report.site,
    counts: {
      cookies: cookies.length,
      thirdPartyCookies: cookies.filter((c) => c.party === 'third').length,
      storage: report.storage.length,
      requests: report.requests.length,
      thirdPartySites: requestGroups.filter((g) => g.party === 'third').length,
      trackers,
    },
    cookies,
    storage: report.storage,
    requestGroups,
    dropped,
  };
}

/** "730 days", "400 days (asked 730)", "session", "30 min" — how a lifetime reads in a list. */
export function formatLifetime(
  c: Pick<ReportCookie, 'session' | 'lifetimeDays' | 'requestedLifetimeDays' | 'removed'>,
): string {
  if (c.removed) return 'deleted';
  if (c.session || c.lifetimeDays === null) return 'session';
  const stored = formatDays(c.lifetimeDays);
  const asked = c.requestedLifetimeDays;
  return asked !== null && Math.abs(asked - c.lifetimeDays) >= 1
    ? `${stored} (asked ${formatDays(asked)})`
    : stored;
}

function formatDays(days: number): string {
  if (days >= 1) return `${Math.round(days)} ${Math.round(days) === 1 ? 'day' : 'days'}`;
  const minutes = Math.round(days * 1440);
  return minutes >= 60 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
}
