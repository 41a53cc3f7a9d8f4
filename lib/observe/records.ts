import type { Category } from '../domain/category.ts';

/** first/third relative to the top-level page's site (see lib/domain/party.ts for the edge cases). */
export type Party = 'first' | 'third';

/** How a cookie came to be: a `Set-Cookie` header, a script (`document.cookie` / CookieStore), or unknown. */
export type CookieSetter = 'http' | 'script' | 'unknown';

export type SameSite = 'none' | 'lax' | 'strict' | 'unspecified';

/** One request the page caused, in any frame. */
export interface RequestRecord {
  url: string;
  host: string;
  /** Registrable domain (eTLD+1), or the host itself for IPs and hosts without one. */
  site: string;
  party: Party;
  /** The browser's resource type (`main_frame`, `script`, `xmlhttprequest`, `image`, …). */
  type: string;
  frameId: number;
  parentFrameId: number;
  method: string;
  /** Host of the document or script that caused it, when the browser says. */
  initiator: string | null;
  /** ms since epoch. */
  time: number;
}

/** One cookie write or deletion. */
export interface CookieRecord {
  name: string;
  /** The value's first bytes only (see VALUE_PREVIEW_LIMIT), enough to recognise an id. */
  valuePreview: string;
  valueLength: number;
  /** As the browser stores it: leading dot for domain cookies, bare host for host-only ones. */
  domain: string;
  path: string;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
  session: boolean;
  /** ms since epoch, as the browser stored it; null for a session cookie. */
  expiresAt: number | null;
  /** Days between `time` and `expiresAt` as stored (browsers cap at 400); null for session cookies. */
  lifetimeDays: number | null;
  /** Days the site asked for in its Set-Cookie / document.cookie write, before any browser cap. */
  requestedLifetimeDays: number | null;
  party: Party;
  setBy: CookieSetter;
  /** Host of the response or the script origin that set it, when known. */
  initiator: string | null;
  /**
   * `setBy: "http"` and `initiator` were inferred (no Set-Cookie header was read; no script
   * write was seen; a response from `initiator` was arriving), not seen.
   */
  setByInferred?: true;
  /** true for a deletion (expired write or `cookies.onChanged` removal). */
  removed: boolean;
  /** The partition's top-level site for partitioned (CHIPS / Firefox) cookies. */
  partitionKey: string | null;
  time: number;
}

export type StorageKind = 'localStorage' | 'sessionStorage' | 'indexedDB';

/** One write to web storage or one IndexedDB database opened, seen in some frame of the page. */
export interface StorageRecord {
  kind: StorageKind;
  /** The origin of the frame that wrote it (checked against the frame the message came from). */
  origin: string;
  /** The key written, or the IndexedDB database name. */
  key: string;
  valueLength: number;
  party: Party;
  /** true when the last operation on the key removed it (removeItem / clear). */
  removed: boolean;
  /** First write. Repeated writes of one key are one record: `writes` counts them. */
  time: number;
  lastTime: number;
  writes: number;
}

/** How many of each list were dropped because a per-visit cap was reached. */
export interface DroppedCounts {
  requests: number;
  cookies: number;
  storage: number;
  consentEvents: number;
}

/** What the knowledge base said about a subject, kept beside it. */
export interface ClassificationSummary {
  category: Category;
  vendor: string | null;
  classifiedBy: string;
}
