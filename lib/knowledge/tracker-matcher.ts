import { FiltersEngine, Request, type NetworkFilter, type RequestType } from '@ghostery/adblocker';

/** Answers "does the filter list call this request tracking?". */
export interface TrackerMatcher {
  /**
   * Which of the engine's small buckets a request to `host` could match at all (see
   * `HOST_MAY_MATCH_*`); callers compute it once per host and pass it to `matches`.
   */
  hostFlags(host: string): number;
  /**
   * `host` and `site` (registrable domain) of the request and of the top-level page are the
   * caller's, already computed: the engine then never parses a URL or a domain itself.
   */
  matches(
    url: string,
    host: string,
    site: string,
    type: string,
    pageHost: string,
    pageSite: string,
    hostFlags?: number,
  ): boolean;
}

/** A request to the host might match a `$important` filter. */
export const HOST_MAY_MATCH_IMPORTANT = 1;
/** A request to the host might match a `$redirect` filter. */
export const HOST_MAY_MATCH_REDIRECT = 2;
const HOST_MAY_MATCH_ALL = HOST_MAY_MATCH_IMPORTANT | HOST_MAY_MATCH_REDIRECT;

/** The resource types the engine knows; anything else is matched as `other`. */
const KNOWN_TYPES: ReadonlySet<string> = new Set([
  'beacon',
  'csp_report',
  'cspReport',
  'cspviolationreport',
  'document',
  'eventsource',
  'fedcm',
  'fetch',
  'font',
  'image',
  'imageset',
  'json',
  'mainFrame',
  'main_frame',
  'manifest',
  'media',
  'object',
  'object_subrequest',
  'other',
  'ping',
  'prefetch',
  'preflight',
  'script',
  'signedexchange',
  'speculative',
  'stylesheet',
  'subFrame',
  'sub_frame',
  'texttrack',
  'webSocket',
  'web_manifest',
  'websocket',
  'xhr',
  'xml_dtd',
  'xmlhttprequest',
  'xslt',
]);

/**
 * Restores a serialised `@ghostery/adblocker` engine (well under a millisecond: buckets are
 * decoded lazily, where parsing the list takes about half a second) and matches requests.
 *
 * `FiltersEngine.match` also computes redirects, `$removeparam` rewrites (building a
 * URLSearchParams for every unmatched URL with a query) and emits events; none of that says
 * whether a request tracks. This asks the engine's buckets directly, in the engine's own
 * order: `$important` filters win; otherwise a blocking or redirecting filter counts unless an
 * exception (`@@…`, or `$redirect=none` for a redirect) lifts it. A test checks the answer
 * equals `FiltersEngine.match(…).match` over a corpus of real requests.
 *
 * Each bucket lookup walks every token of the URL, so the two small buckets (a few dozen
 * `$important` and `$redirect` filters, all anchored to a hostname in EasyPrivacy) are only
 * asked about hosts that contain one of their filters' hostnames. That test is a necessary
 * condition of the engine's own hostname anchoring, so skipping never changes an answer.
 */
export function createTrackerMatcher(serialised: Uint8Array): TrackerMatcher {
  const engine = FiltersEngine.deserialize(serialised);
  const { importants, redirects, filters, exceptions } = engine;
  const importantHosts = anchoredHostnames(importants.getFilters());
  const redirectHosts = anchoredHostnames(redirects.getFilters());
  return {
    hostFlags(host) {
      return (
        (mayContain(importantHosts, host) ? HOST_MAY_MATCH_IMPORTANT : 0) |
        (mayContain(redirectHosts, host) ? HOST_MAY_MATCH_REDIRECT : 0)
      );
    },
    matches(url, host, site, type, pageHost, pageSite, hostFlags = HOST_MAY_MATCH_ALL) {
      return match(url, host, site, type, pageHost, pageSite, hostFlags);
    },
  };

  function match(
    url: string,
    host: string,
    site: string,
    type: string,
    pageHost: string,
    pageSite: string,
    hostFlags: number,
  ): boolean {
    const request = Request.fromRawDetails({
      url,
      hostname: host,
      // The engine wants a registrable domain; an IP address or a bare host has none.
      domain: site === host && isAddressLike(host) ? '' : site,
      sourceHostname: pageHost,
      sourceDomain: pageSite,
      type: (KNOWN_TYPES.has(type) ? type : 'other') as RequestType,
    });
    if (!request.isSupported) return false;
    if (hostFlags & HOST_MAY_MATCH_IMPORTANT && importants.match(request) !== undefined)
      return true;
    let redirected = false;
    let redirectNone = false;
    if (hostFlags & HOST_MAY_MATCH_REDIRECT) {
      for (const filter of redirects.matchAll(request)) {
        if (filter.getRedirectResource() === 'none') redirectNone = true;
        else if (!filter.isRedirectRule()) redirected = true;
      }
    }
    if (!redirected && filters.match(request) === undefined) return false;
    if (exceptions.match(request) !== undefined) return false;
    return !(redirected && redirectNone);
  }
}

/**
 * The hostnames a bucket's filters are anchored to, or null if any filter is not anchored to a
 * hostname (then every request must be checked against the bucket).
 */
function anchoredHostnames(list: readonly NetworkFilter[]): string[] | null {
  const hosts: string[] = [];
  for (const filter of list) {
    const hostname = filter.getHostname();
    if (!filter.isHostnameAnchor() || hostname === '') return null;
    hosts.push(hostname);
  }
  return hosts;
}

/** The engine anchors `||name` filters only where `name` occurs in the host. */
function mayContain(hostnames: readonly string[] | null, host: string): boolean {
  if (hostnames === null) return true;
  for (const name of hostnames) if (host.includes(name)) return true;
  return false;
}

/** IPv4 (no top-level domain ends in a digit) or IPv6 (has a colon). */
function isAddressLike(host: string): boolean {
  const last = host.charCodeAt(host.length - 1);
  return (last >= 48 && last <= 57) || host.includes(':');
}
