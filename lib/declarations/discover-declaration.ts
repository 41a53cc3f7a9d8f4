/**
 * Finding a site's declared cookie table by itself, from a page of the site, best source first:
 *
 * 1. the consent platform's own declaration in the page: Cookiebot's dialog tables, OneTrust's
 *    domain data, Cookie Information's rendered cookie list;
 * 2. else the cookie table of the policy page the page links to (same site only, by default).
 *
 * The steps that touch a browser — reading the page, fetching a policy page — are passed in,
 * so the extension's worker and the command line run this one implementation. Everything the
 * page gives is validated here before a reader sees it.
 */
import { siteOf } from '../domain/site.ts';
import { cookiebotDeclarations, oneTrustDeclarations } from './cmp-declarations.ts';
import { cookieInformationDeclarations, hasCookieInformationMarkup } from './cookie-information.ts';
import type { DeclaredTable } from './declared.ts';
import type { PolicyFetchResult } from './fetch-policy-page.ts';
import { findPolicyLinks, type LinkCandidate } from './find-policy-links.ts';
import { HINT_READ_LIMITS } from './page-declaration-readers.ts';
import { parsePolicyHtml } from './parse-policy-html.ts';

/** What a discovery found for a site: the table (or null) and why not, when it found none. */
export interface DiscoveredDeclaration {
  table: DeclaredTable | null;
  /** Why no table was found, or what was passed over; null when there is nothing to say. */
  note: string | null;
  /** ISO time of the discovery. */
  checkedAt: string;
  /** The page it started from. */
  pageUrl: string;
  /** Policy pages fetched, in order. */
  tried: string[];
}

export interface DiscoveryIo {
  /** The page's consent platform objects (`readCmpDeclarationData` in the page's world). */
  readCmp(): Promise<unknown>;
  /** The page's links and Cookie Information markup (`readPageDeclarationHints`). */
  readHints(): Promise<unknown>;
  /** Fetches one policy page (`fetchPolicyPage`, or the command line's equivalent). */
  fetchPolicy(url: string): Promise<PolicyFetchResult>;
  /** The caller's clock, as an ISO time (lib/ reads none). */
  now(): string;
}

export interface DiscoveryOptions {
  /** Follow policy links to other sites too (default false). */
  otherSites?: boolean;
  /** Policy pages fetched at most (default 3). */
  maxPolicyPages?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hostSite(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? siteOf(u.hostname) : null;
  } catch {
    return null;
  }
}

/** True when data a page reported comes from a page of the same site as `pageUrl`. */
function fromSameSite(data: Record<string, unknown>, pageUrl: string): boolean {
  const site = hostSite(pageUrl);
  return site !== null && typeof data.url === 'string' && hostSite(data.url) === site;
}

/**
 * The consent platform's declaration in what `readCmpDeclarationData` reported, or null when
 * there is none with at least one cookie (or the page has moved to another site).
 */
export function cmpDeclarationFrom(
  raw: unknown,
  pageUrl: string,
  retrievedAt: string,
): DeclaredTable | null {
  if (!isRecord(raw) || !fromSameSite(raw, pageUrl)) return null;
  const options = { url: pageUrl, retrievedAt };
  if (raw.cookiebot !== null && raw.cookiebot !== undefined) {
    const table = cookiebotDeclarations(raw.cookiebot, options);
    if (table.cookies.length > 0) return table;
  }
  if (raw.onetrust !== null && raw.onetrust !== undefined) {
    const table = oneTrustDeclarations(raw.onetrust, options);
    if (table.cookies.length > 0) return table;
  }
  return null;
}

export interface ValidHints {
  links: LinkCandidate[];
  cookieInformation: string;
}

/** The links and markup `readPageDeclarationHints` reported, checked and bounded. */
export function validateHints(raw: unknown, pageUrl: string): ValidHints {
  const out: ValidHints = { links: [], cookieInformation: '' };
  if (!isRecord(raw) || !fromSameSite(raw, pageUrl)) return out;
  const limits = HINT_READ_LIMITS;
  if (Array.isArray(raw.links)) {
    for (const link of raw.links.slice(0, limits.maxLinks)) {
      if (!isRecord(link) || typeof link.href !== 'string' || link.href.length > limits.maxHref)
        continue;
      const text = typeof link.text === 'string' ? link.text.slice(0, limits.maxLinkText) : '';
      out.links.push({ href: link.href, text });
    }
  }
  if (Array.isArray(raw.cookieInformation)) {
    let left = limits.maxMarkup;
    const parts: string[] = [];
    for (const part of raw.cookieInformation.slice(0, limits.maxFragments)) {
      if (typeof part !== 'string' || part.length > left) continue;
      parts.push(part);
      left -= part.length;
    }
    out.cookieInformation = parts.join('\n');
  }
  return out;
}

/**
 * The declaration on a fetched policy page: Cookie Information's rendered list when the page
 * holds one, else every cookie table and the prose (`parsePolicyHtml`). The prose's consent
 * period and category words are kept either way.
 */
export function declarationFromPolicyHtml(
  html: string,
  url: string,
  retrievedAt: string,
): DeclaredTable {
  const policy = parsePolicyHtml(html, url, { retrievedAt });
  if (!hasCookieInformationMarkup(html)) return policy;
  const listed = cookieInformationDeclarations(html, { url, retrievedAt });
  if (listed.cookies.length === 0) return policy;
  return {
    ...listed,
    language: listed.language ?? policy.language,
    consentLifetime: policy.consentLifetime ?? null,
    retentionStatements: policy.retentionStatements ?? [],
  };
}

function hostOfUrl(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url.slice(0, 100);
  }
}

/** Finds the declaration of the site of `pageUrl`; see the module comment. Never throws. */
export async function discoverDeclaration(
  pageUrl: string,
  io: DiscoveryIo,
  options: DiscoveryOptions = {},
): Promise<DiscoveredDeclaration> {
  const checkedAt = io.now();
  const result: DiscoveredDeclaration = { table: null, note: null, checkedAt, pageUrl, tried: [] };
  if (hostSite(pageUrl) === null) {
    result.note = 'only web pages (http and https) have a declaration to find';
    return result;
  }

  const fromCmp = cmpDeclarationFrom(await io.readCmp().catch(() => null), pageUrl, checkedAt);
  if (fromCmp) return { ...result, table: fromCmp };

  const hints = validateHints(await io.readHints().catch(() => null), pageUrl);
  if (hints.cookieInformation !== '') {
    const listed = cookieInformationDeclarations(hints.cookieInformation, {
      url: pageUrl,
      retrievedAt: checkedAt,
    });
    if (listed.cookies.length > 0) return { ...result, table: listed };
  }

  const ranked = findPolicyLinks(hints.links, pageUrl, { limit: 10 });
  const allowed = ranked.filter((l) => options.otherSites === true || l.sameSite);
  const elsewhere = ranked.filter((l) => !l.sameSite);
  const notes: string[] = [];
  if (allowed.length === 0) {
    result.note =
      elsewhere.length > 0
        ? `the policy link points to another site (${hostOfUrl((elsewhere[0] as { url: string }).url)}), which is not fetched`
        : 'no link to a privacy or cookie policy was found on the page';
    return result;
  }
  for (const link of allowed.slice(0, options.maxPolicyPages ?? 3)) {
    result.tried.push(link.url);
    const fetched = await io
      .fetchPolicy(link.url)
      .catch((e: unknown): PolicyFetchResult => ({ ok: false, reason: String(e).slice(0, 200) }));
    if (!fetched.ok) {
      notes.push(fetched.reason);
      continue;
    }
    const table = declarationFromPolicyHtml(fetched.html, fetched.url, checkedAt);
    if (fetched.truncated) table.skipped?.push({ text: '', reason: 'page cut at the size cap' });
    if (table.cookies.length > 0 || table.consentLifetime) return { ...result, table };
    notes.push(`${fetched.url} holds no cookie table`);
  }
  result.note =
    notes.length > 0
      ? `the linked policy pages hold no declaration: ${notes.join('; ').slice(0, 600)}`
      : 'the linked policy pages hold no declaration';
  return result;
}

/**
 * Reads a policy page found earlier again (a refresh without an open page of the site): the
 * same fetch rules and readers as a discovery, on the one address.
 */
export async function rereadPolicyPage(
  policyUrl: string,
  pageUrl: string,
  io: Pick<DiscoveryIo, 'fetchPolicy' | 'now'>,
): Promise<DiscoveredDeclaration> {
  const checkedAt = io.now();
  const result: DiscoveredDeclaration = {
    table: null,
    note: null,
    checkedAt,
    pageUrl,
    tried: [policyUrl],
  };
  const fetched = await io
    .fetchPolicy(policyUrl)
    .catch((e: unknown): PolicyFetchResult => ({ ok: false, reason: String(e).slice(0, 200) }));
  if (!fetched.ok) return { ...result, note: fetched.reason };
  const table = declarationFromPolicyHtml(fetched.html, fetched.url, checkedAt);
  if (table.cookies.length > 0 || table.consentLifetime) return { ...result, table };
  return { ...result, note: `${fetched.url} holds no cookie table` };
}
