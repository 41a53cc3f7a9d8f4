import { FiltersEngine, Request, type NetworkFilter, type RequestType } from '@ghostery/adblocker';
import { createFilterScreen } from './filter-screen.ts';
import { HostnameFilters } from './hostname-filters.ts';
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

/** Per host: what the list could say about requests to it (opaque to callers). */
export interface HostScreen {
  /** The blocking filters anchored to a hostname in the host (the engine does not hold them). */
  readonly blocking: readonly NetworkFilter[];
  /** The literal each of them needs in the URL (see `HostnameScreen.needles`). */
  readonly needles: readonly string[];
  /** A blocking filter of the engine anchored to a partial hostname may apply. */
  readonly looseBlocking: boolean;
  /** An exception anchored to a hostname (whole or partial) may apply. */
  readonly exception: boolean;
  /** A `$important` filter anchored to a hostname (whole or partial) may apply. */
  readonly important: boolean;
  /** A `$redirect` filter anchored to a hostname (whole or partial) may apply. */
  readonly redirect: boolean;
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
 * Restores a serialised `@ghostery/adblocker` engine and matches requests with it and with the
 * screens compiled beside it.
 *
 * Nine in ten of EasyPrivacy's blocking filters are anchored to a whole hostname
 * (`||hostname^`). The data step takes those out of the engine and stores them in hostname
 * tables instead (`hostname-filters.ts`), which find the few naming a request's host in one
 * walk over it; the engine keeps every other filter (about 3,400 blocking filters, every
 * exception, `$important` and `$redirect` filter), so it is a tenth of the size and restores in
 * about a millisecond. A bucket's answer is whether any of its filters matches, so the
 * blocking answer is the host's filters from the tables (asked with the engine's own
 * `filter.match`) or the engine's remaining bucket.
 *
 * `FiltersEngine.match` also computes redirects, `$removeparam` rewrites (building a
 * URLSearchParams for every unmatched URL with a query) and emits events; none of that says
 * whether a request tracks. This asks the buckets directly, in the engine's own order:
 * `$important` filters win; otherwise a blocking or redirecting filter counts unless an
 * exception (`@@…`, or `$redirect=none` for a redirect) lifts it. Tests check the answer equals
 * `FiltersEngine.match(…).match` of an engine holding the whole list, over realistic and
 * adversarial corpora.
 *
 * Each bucket lookup walks every token of the URL, so a bucket is asked only when its screen
 * says one of its filters could match: the hostname tables' marks and the filter screens
 * (`filter-screen.ts`) for partial hostnames, URL literals and resource types. Those are
 * necessary conditions of the engine's own matching, so skipping never changes an answer, and
 * most of a page's own traffic never reaches the engine.
 */
export function createTrackerMatcher(
  serialised: Uint8Array,
  screens: EasyPrivacyScreenData,
): TrackerMatcher {
  const engine = FiltersEngine.deserialize(serialised);
  const { importants, redirects, filters, exceptions } = engine;
  const allows = (filter: NetworkFilter, type: string, thirdParty: boolean) =>
    filter.isCptAllowed(type as RequestType) &&
    (thirdParty ? filter.thirdParty() : filter.firstParty());
  const hostnames = new HostnameFilters(screens.hostnames);
  const filterScreen = createFilterScreen(screens.filters, allows);
  const exceptionScreen = createFilterScreen(screens.exceptions, allows);
  const importantScreen = createFilterScreen(screens.importants, allows);
  const redirectScreen = createFilterScreen(screens.redirects, allows);
  const screenHost = (host: string): HostScreen => {
    const named = hostnames.screen(host);
    return {
      blocking: named.blocking,
      needles: named.needles,
      looseBlocking: filterScreen.looselyAnchoredTo(host),
      exception: named.exception || exceptionScreen.looselyAnchoredTo(host),
      important: named.important || importantScreen.looselyAnchoredTo(host),
      redirect: named.redirect || redirectScreen.looselyAnchoredTo(host),
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
    const lower = url.toLowerCase();
    const engineBlocking =
      screen.looseBlocking || filterScreen.urlMayMatch(url, requestType, thirdParty, lower);
    const important =
      screen.important || importantScreen.urlMayMatch(url, requestType, thirdParty, lower);
    const redirect =
      screen.redirect || redirectScreen.urlMayMatch(url, requestType, thirdParty, lower);
    // The host's own filters whose literal the URL holds: usually one or none, where a host
    // under a big site (googleapis.com) has fifty.
    const { blocking, needles } = screen;
    let tableBlocking = false;
    for (let i = 0; i < needles.length && !tableBlocking; i++) {
      tableBlocking = needles[i] === '' || lower.includes(needles[i]!);
    }
    if (!engineBlocking && !important && !redirect && !tableBlocking) return false;

    const request = Request.fromRawDetails({
      url,
      hostname: host,
      domain,
      sourceHostname: pageHost,
      sourceDomain: pageSite,
      type: requestType as RequestType,
    });
    if (!request.isSupported) return false;
    if (important && importants.match(request) !== undefined) return true;
    let redirected = false;
    let redirectNone = false;
    if (redirect) {
      for (const filter of redirects.matchAll(request)) {
        if (filter.getRedirectResource() === 'none') redirectNone = true;
        else if (!filter.isRedirectRule()) redirected = true;
      }
    }
    let blocked = redirected;
    for (let i = 0; i < blocking.length && tableBlocking && !blocked; i++) {
      blocked = (needles[i] === '' || lower.includes(needles[i]!)) && blocking[i]!.match(request);
    }
    blocked ||= engineBlocking && filters.match(request) !== undefined;
    if (!blocked) return false;
    const excepted =
      (screen.exception || exceptionScreen.urlMayMatch(url, requestType, thirdParty, lower)) &&
      exceptions.match(request) !== undefined;
    return !excepted && !(redirected && redirectNone);
  }
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
