import { getDomain } from 'tldts';
import type { Party } from '../observe/records.ts';

/**
 * tldts options for hosts we already extracted: skip hostname extraction and validation, and
 * honour the Public Suffix List's private section, as browsers do when they decide what a
 * "site" is (so `alice.github.io` and `bob.github.io` are different sites, like their cookies).
 */
const TLDTS_OPTIONS = {
  allowPrivateDomains: true,
  extractHostname: false,
  validateHostname: false,
  detectIp: true,
  mixedInputs: false,
} as const;

// As many hosts as the request classifier remembers (a busy browsing session sees thousands).
const CACHE_LIMIT = 16_384;
const siteCache = new Map<string, string>();

/**
 * The registrable domain (eTLD+1) of a host. Hosts without one — IP addresses, `localhost`,
 * single-label intranet names, a bare public suffix — are their own site, which is also how
 * browsers scope their cookies.
 */
export function siteOf(host: string): string {
  const cached = siteCache.get(host);
  if (cached !== undefined) return cached;
  const normalised = normaliseHost(host);
  const site = getDomain(normalised, TLDTS_OPTIONS) ?? normalised;
  // A bounded cache: hosts repeat heavily within a page, and a full clear is cheaper than LRU upkeep.
  if (siteCache.size >= CACHE_LIMIT) siteCache.clear();
  siteCache.set(host, site);
  return site;
}

/** Lower-cases and strips a trailing dot, IPv6 brackets and a cookie domain's leading dot. */
export function normaliseHost(host: string): string {
  let h = host.toLowerCase();
  if (h.startsWith('.')) h = h.slice(1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** First party when the subject's site is the top-level page's site; third party otherwise. */
export function partyOf(subjectHost: string, pageSite: string): Party {
  return siteOf(subjectHost) === pageSite ? 'first' : 'third';
}

/** The host of a URL, or null for URLs without one (data:, about:, malformed). */
export function hostOf(url: string): string | null {
  // Fast path for http(s): one pass over the scheme and the authority and one slice, on the
  // request hot path (no URL object, no intermediate strings).
  let schemeEnd = -1;
  for (let i = 0; i < 12 && i + 2 < url.length; i++) {
    if (url.charCodeAt(i) === 58 && url.charCodeAt(i + 1) === 47 && url.charCodeAt(i + 2) === 47) {
      schemeEnd = i;
      break;
    }
  }
  if (schemeEnd <= 0) return null;
  const start = schemeEnd + 3;
  let end = start;
  let hostStart = start;
  const len = url.length;
  while (end < len) {
    const c = url.charCodeAt(end);
    // '/', '?', '#' end the authority; the host follows the last '@' (user info).
    if (c === 47 || c === 63 || c === 35) break;
    if (c === 64) hostStart = end + 1;
    end++;
  }
  if (url.charCodeAt(hostStart) === 91) {
    // '[': an IPv6 literal.
    const close = url.indexOf(']', hostStart);
    return close > hostStart && close < end ? url.slice(hostStart + 1, close).toLowerCase() : null;
  }
  let hostEnd = hostStart;
  let upper = false;
  for (; hostEnd < end; hostEnd++) {
    const c = url.charCodeAt(hostEnd);
    if (c === 58) break; // ':' starts the port
    // Upper-case ASCII, or anything beyond ASCII, which toLowerCase may change.
    if ((c >= 65 && c <= 90) || c >= 128) upper = true;
  }
  if (hostEnd === hostStart) return null;
  const host = url.slice(hostStart, hostEnd);
  return upper ? host.toLowerCase() : host;
}

/** Does a cookie's domain attribute cover this host (RFC 6265 domain-match)? */
export function domainMatches(cookieDomain: string, host: string): boolean {
  const d = normaliseHost(cookieDomain);
  const h = normaliseHost(host);
  return h === d || h.endsWith('.' + d);
}
