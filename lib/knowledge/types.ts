import type { Category } from '../domain/category.ts';
import type { Duration } from '../duration/duration.ts';

/** Which knowledge source or rule decided a classification. */
export type ClassifiedBy =
  | 'consent-platform'
  | 'open-cookie-database'
  | 'cookieblock'
  | 'vendor-domain'
  | 'heuristic'
  | 'none';

/** The knowledge base's answer for one cookie or storage key. */
export interface CookieClassification {
  category: Category;
  vendor: string | null;
  classifiedBy: ClassifiedBy;
  /** The typical retention the source states, parsed, when it states one. */
  retention: Duration | null;
  /** The knowledge entry used, for evidence (e.g. the Open Cookie Database row id). */
  entryId: string | null;
  /** A hint when nothing is known for certain (e.g. "high-entropy id set by a tracker host"). */
  hint?: string;
}

/** The report contract's `requests[].tracker`. */
export interface TrackerInfo {
  vendor: string | null;
  category: Category;
  /** `easyprivacy` when the filter list matched; `vendor-domain` when only the domain is known. */
  source: 'easyprivacy' | 'vendor-domain';
}

/** What the knowledge base says about a request. */
export interface RequestClassification {
  /** null when the request is not tracking (or is a consent platform's own). */
  tracker: TrackerInfo | null;
  /** The vendor behind the host, even when not a tracker (e.g. a CDN or the CMP itself). */
  vendor: string | null;
  /** true for consent platforms' own hosts (consent.cookiebot.com, cdn.cookielaw.org, …). */
  consentPlatform: boolean;
  /**
   * Where `tracker.category` came from: the curated vendor-domain table, the Open Cookie
   * Database's entries for the host's domain or vendor, or the list default (a request matched
   * by EasyPrivacy whose vendor nothing names counts as `statistics`). null without a tracker.
   */
  categoryBy?: 'vendor-domain' | 'open-cookie-database' | 'list-default' | null;
}

/** What else is known about a cookie or storage key, for heuristics (all optional). */
export interface CookieContext {
  /** The value, or its first bytes. */
  value?: string;
  /** Host of the response or script that set it, when known. */
  initiator?: string | null;
}

/** Input for request classification; hosts/sites already computed by the caller. */
export interface RequestInput {
  url: string;
  host: string;
  site: string;
  /** The browser's resource type. */
  type: string;
  /** The top-level page's site and host, for first/third-party filter options. */
  pageHost: string;
  pageSite: string;
}

export interface Knowledge {
  /**
   * Classifies a cookie by name and domain (as the browser stores it, leading dot or not).
   * The optional context lets heuristics add a hint for names nothing knows.
   */
  classifyCookie(name: string, domain: string, context?: CookieContext): CookieClassification;
  /** Classifies a localStorage / sessionStorage key or IndexedDB name written by `origin`. */
  classifyStorageKey(key: string, origin: string, context?: CookieContext): CookieClassification;
  classifyRequest(input: RequestInput): RequestClassification;
  /** Versions and licences of the data it was built from, for the report and the About page. */
  readonly sources: readonly DataSourceInfo[];
}

export interface DataSourceInfo {
  id: 'open-cookie-database' | 'easyprivacy' | 'cookieblock';
  name: string;
  version: string;
  licence: string;
  url: string;
  sha256: string;
  /** Rows/lines loaded and skipped (with reasons), for the build log and the tests. */
  loaded: number;
  skipped: Record<string, number>;
  /** Rows loaded after a repair (e.g. a `*` in a name turned into a wildcard), by kind. */
  repaired?: Record<string, number>;
}
