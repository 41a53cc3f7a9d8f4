import type { DeclaredCookie } from '../declarations/declared.ts';
import type { Category } from '../domain/category.ts';
import type { ConsentInForce, CookieObservation, RequestObservation } from './input.ts';
import { timeSpan } from './time.ts';

/** Longest list of examples (URLs, names) copied into one violation's evidence. */
export const MAX_EVIDENCE_ITEMS = 10;

/** The stored attributes of one cookie write, as evidence. */
export function cookieAttributes(cookie: CookieObservation): Record<string, unknown> {
  return {
    path: cookie.path,
    hostOnly: cookie.hostOnly,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite,
    session: cookie.session,
    expiresAt: cookie.expiresAt,
    lifetimeDays: cookie.lifetimeDays,
    requestedLifetimeDays: cookie.requestedLifetimeDays,
    party: cookie.party,
    setBy: cookie.setBy,
    initiator: cookie.initiator,
    removed: cookie.removed,
  };
}

/** The knowledge entry a classification came from, as evidence. */
export function knowledgeEvidence(item: {
  category: Category;
  vendor: string | null;
  classifiedBy?: string | undefined;
}): Record<string, unknown> {
  return { category: item.category, vendor: item.vendor, classifiedBy: item.classifiedBy ?? null };
}

/** A copy of the declared row, so evidence never aliases the input. */
export function declaredEvidence(entry: DeclaredCookie | null): Record<string, unknown> | null {
  if (!entry) return null;
  return {
    name: entry.name,
    provider: entry.provider,
    purpose: entry.purpose,
    category: entry.category,
    party: entry.party,
    duration: entry.duration ? { ...entry.duration } : null,
  };
}

/** How often a subject was seen and over which span, for deduplicated violations. */
export function occurrences(times: readonly number[]): Record<string, unknown> {
  const span = timeSpan(times);
  return { count: times.length, firstAt: span.first, lastAt: span.last };
}

/** Up to MAX_EVIDENCE_ITEMS distinct values, in first-seen order, and how many were left out. */
export function sample(values: readonly string[]): { items: string[]; omitted: number } {
  const distinct = [...new Set(values)];
  return {
    items: distinct.slice(0, MAX_EVIDENCE_ITEMS),
    omitted: Math.max(0, distinct.length - MAX_EVIDENCE_ITEMS),
  };
}

/** Longest URL copied into evidence; tracking URLs carry long query strings. */
const MAX_URL_LENGTH = 300;

/** What proves that requests to one host were tracking: the knowledge entry, URLs, counts. */
export function requestEvidence(group: readonly RequestObservation[]): Record<string, unknown> {
  const first = group[0];
  const urls = sample(
    group.map((r) =>
      r.url.length > MAX_URL_LENGTH ? `${r.url.slice(0, MAX_URL_LENGTH)}…` : r.url,
    ),
  );
  return {
    requests: occurrences(group.map((r) => r.time)),
    urls: urls.items,
    urlsOmitted: urls.omitted,
    types: sample(group.map((r) => r.type)).items,
    site: first?.site ?? null,
    party: first?.party ?? null,
    tracker: first?.tracker ? { ...first.tracker } : null,
  };
}

/** The TCF side of an observation attributed to an IAB vendor, or an empty object when it is not. */
export function tcfEvidence(
  vendorId: number | null | undefined,
  state: ConsentInForce,
): Record<string, unknown> {
  if (typeof vendorId !== 'number') return {};
  const tcf = state.detail?.tcf;
  return {
    tcfVendorId: vendorId,
    tcfVendorConsented: tcf ? tcf.vendorConsents.includes(vendorId) : null,
  };
}
