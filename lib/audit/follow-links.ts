/**
 * Following a few same-site links after a phase's page: many trackers start only on a
 * visitor's second page. The followed pages' observations join the phase they were made in.
 */
import { hostOf, siteOf } from '../domain/site.ts';
import type { ObservedPhase } from './assemble-report.ts';
import { mergeConsentEvents, type PhaseVisit } from './choice-phase.ts';

/** Most links an audit follows per phase (the setting's and `--links`' upper bound). */
export const MAX_FOLLOWED_LINKS = 5;

/** Addresses that are files, not pages: following them observes nothing a visitor lives with. */
const NOT_A_PAGE = /\.(?:pdf|zip|gz|jpe?g|png|gif|webp|svg|mp4|mp3|docx?|xlsx?|pptx?|ics)$/i;

/**
 * The first `count` distinct same-site pages the page links to, in page order: http(s) links
 * whose site is the audited site, other than the page itself (fragments ignored) and files.
 */
export function sameSiteLinks(
  links: readonly { href: string }[],
  pageUrl: string,
  site: string,
  count: number,
): string[] {
  const limit = Math.max(0, Math.min(Math.floor(count), MAX_FOLLOWED_LINKS));
  const out: string[] = [];
  const seen = new Set([withoutFragment(pageUrl)]);
  for (const { href } of links.slice(0, 2000)) {
    if (out.length >= limit) break;
    if (typeof href !== 'string' || href.length > 2048 || !/^https?:\/\//i.test(href)) continue;
    const url = withoutFragment(href);
    if (url === null || seen.has(url)) continue;
    const host = hostOf(url);
    if (host === null) continue;
    seen.add(url);
    if (siteOf(host) !== site) continue;
    if (NOT_A_PAGE.test(new URL(url).pathname)) continue;
    out.push(url);
  }
  return out;
}

function withoutFragment(url: string): string | null {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/**
 * The phase with the followed pages' observations added: their requests, cookies and storage,
 * and their consent readings (a page repeating the choice in force adds no event).
 */
export function withFollowedPages(
  phase: ObservedPhase,
  pages: readonly PhaseVisit[],
  endedAt: number,
): ObservedPhase {
  if (pages.length === 0) return phase;
  const visit = phase.visit;
  const all = [visit, ...pages];
  return {
    ...phase,
    endedAt,
    visit: {
      ...visit,
      requests: all.flatMap((v) => v.requests),
      cookies: all.flatMap((v) => v.cookies),
      storage: all.flatMap((v) => v.storage),
      consent: {
        ...visit.consent,
        events: pages.reduce(
          (events, page) => mergeConsentEvents(events, page.consent),
          [...visit.consent.events],
        ),
      },
      dropped: {
        requests: sum(all, (v) => v.dropped.requests),
        cookies: sum(all, (v) => v.dropped.cookies),
        storage: sum(all, (v) => v.dropped.storage),
        consentEvents: sum(all, (v) => v.dropped.consentEvents),
      },
    },
  };
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}
