import { FiltersEngine, Request, type NetworkFilter, type RequestType } from '@ghostery/adblocker';
import { createFilterScreen } from './filter-screen.ts';
import type { EasyPrivacyScreenData } from './knowledge-data.ts';

/** Answers "does the filter list call this request tracking?". */
export interface TrackerMatcher {
  /**
   * What the filter list could say about requests to `host` at all; callers compute it once
   * per host and pass it to `matches`.
   */
  screenHost(host: string): HostScreen;
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
    screen?: HostScreen,
  ): boolean;
}

/** Per host: which of the engine's buckets a request to it could match (opaque to callers). */
export interface HostScreen {
  /** Only the engine can tell (a partially named host, an exception naming it, or one below). */
  readonly engine: boolean;
  /** A `$important` filter might apply. */
  readonly important: boolean;
  /** A `$redirect` filter might apply. */
  readonly redirect: boolean;
  /** The blocking `||host` filters naming the host. */
  readonly anchored: readonly NetworkFilter[];
}

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
 * condition of the engine's own hostname anchoring, so skipping never changes an answer. The
 * big blocking bucket gets the same kind of screen (`filter-screen.ts`): a request whose host
 * no `||host` filter names and whose URL holds no other filter's literal never reaches the
 * engine, which is most of a page's own traffic.
 */
export function createTrackerMatcher(
  serialised: Uint8Array,
  screens: EasyPrivacyScreenData,
): TrackerMatcher {
  const engine = FiltersEngine.deserialize(serialised);
  const { importants, redirects, filters, exceptions } = engine;
  const importantHosts = anchoredHostnames(importants.getFilters());
  const redirectHosts = anchoredHostnames(redirects.getFilters());
  const allows = (filter: NetworkFilter, type: string, thirdParty: boolean) =>
    filter.isCptAllowed(type as RequestType) &&
    (thirdParty ? filter.thirdParty() : filter.firstParty());
  const filterScreen = createFilterScreen(screens.filters, allows);
  const exceptionScreen = createFilterScreen(screens.exceptions, allows);
  const screenHost = (host: string): HostScreen => {
    const anchored = filterScreen.anchoredTo(host);
    const exceptionsAnchored = exceptionScreen.anchoredTo(host);
    const important = mayContain(importantHosts, host);
    const redirect = mayContain(redirectHosts, host);
    return {
      engine:
        anchored === null ||
        exceptionsAnchored === null ||
        exceptionsAnchored.length > 0 ||
        important ||
        redirect,
      important,
      redirect,
      anchored: anchored ?? [],
    };
  };
  return {
    screenHost,
    matches(url, host, site, type, pageHost, pageSite, screen = screenHost(host)) {
      return match(url, host, site, type, pageHost, pageSite, screen);
    },
  };

  function match(
    url: string,
    host: string,
    site: string,
    type: string,
    pageHost: string,
    pageSite: string,
    screen: HostScreen,
  ): boolean {
    // The engine wants a registrable domain; an IP address or a bare host has none.
    const domain = site === host && isAddressLike(host) ? '' : site;
    // The engine treats every ws: / wss: URL as a websocket, whatever the caller says.
    const requestType =
      url.startsWith('ws:') || url.startsWith('wss:')
        ? 'websocket'
        : KNOWN_TYPES.has(type)
          ? type
          : 'other';
    const thirdParty = isThirdPartyAsTheEngineSees(host, domain, pageHost, pageSite, requestType);
    const generic = screen.engine || filterScreen.urlMayMatch(url, requestType, thirdParty);
    if (!generic && screen.anchored.length === 0) return false;

    const request = Request.fromRawDetails({
      url,
      hostname: host,
      domain,
      sourceHostname: pageHost,
      sourceDomain: pageSite,
      type: requestType as RequestType,
    });
    if (!request.isSupported) return false;
    if (!generic) {
      // Only the filters naming the host can match, and no exception names it: asking them
      // directly is the engine's own answer without its token walk.
      const blocking = screen.anchored.some((filter) => filter.match(request));
      if (!blocking) return false;
      return (
        !exceptionScreen.urlMayMatch(url, requestType, thirdParty) ||
        exceptions.match(request) === undefined
      );
    }
    if (screen.important && importants.match(request) !== undefined) return true;
    let redirected = false;
    let redirectNone = false;
    if (screen.redirect) {
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

/** The engine's own party test (`Request`'s `isThirdParty`), so the screen asks what it would. */
function isThirdPartyAsTheEngineSees(
  host: string,
  domain: string,
  pageHost: string,
  pageSite: string,
  type: string,
): boolean {
  if (type === 'main_frame' || type === 'mainFrame') return false;
  if (domain !== '' && pageSite !== '') return domain !== pageSite;
  if (domain !== '' && pageHost !== '') return domain !== pageHost;
  if (pageSite !== '' && host !== '') return host !== pageSite;
  return false;
}

/** IPv4 (no top-level domain ends in a digit) or IPv6 (has a colon). */
function isAddressLike(host: string): boolean {
  const last = host.charCodeAt(host.length - 1);
  return (last >= 48 && last <= 57) || host.includes(':');
}
