/**
 * Which browser data belongs to the audited site. An audit in the visitor's own browser starts
 * every phase from clean data for the audited site only: its cookies (those of its registrable
 * domain) and the storage, cache and service workers of its origins. Everything else the browser
 * holds — other sites, the third parties the page contacts — is the visitor's and is left alone.
 */
import { hostOf, normaliseHost, siteOf } from '../domain/site.ts';

/** Most origins an audit clears: a page cannot make the list unbounded. */
export const MAX_SITE_ORIGINS = 200;

/** Is a cookie with this domain (leading dot or not) one of the site's? */
export function isSiteCookie(domain: string, site: string): boolean {
  const host = normaliseHost(domain);
  return host.length > 0 && siteOf(host) === site;
}

/**
 * The origins of `site` among `urls` (the audited address, every request of a phase), in order
 * of first appearance, without duplicates, at most `max`. Only http(s) origins are kept.
 */
export function siteOrigins(
  site: string,
  urls: Iterable<string>,
  known: readonly string[] = [],
  max = MAX_SITE_ORIGINS,
): string[] {
  const out = new Set(known.slice(0, max));
  for (const url of urls) {
    if (out.size >= max) break;
    const origin = httpOrigin(url);
    if (origin === null || out.has(origin)) continue;
    const host = hostOf(origin);
    if (host !== null && siteOf(host) === site) out.add(origin);
  }
  return [...out];
}

/** `https://shop.example.dk` for an http(s) URL; null for anything else. */
function httpOrigin(url: string): string | null {
  const host = hostOf(url);
  if (host === null || !/^https?:\/\//i.test(url)) return null;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The address the cookies API needs to remove a cookie: its scheme (secure cookies need https),
 * host and path.
 */
export function cookieUrl(cookie: { domain: string; path: string; secure: boolean }): string {
  const host = normaliseHost(cookie.domain);
  const path = cookie.path.startsWith('/') ? cookie.path : '/';
  return `${cookie.secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}${path}`;
}

/** The cookie identity the phases compare (`name@domain`, the domain as the browser stores it). */
export function cookieId(cookie: { name: string; domain: string }): string {
  return `${cookie.name}@${cookie.domain}`;
}
