import type { ConsentCategory } from '../domain/category.ts';
import type { Duration } from '../duration/duration.ts';
import { CONSENT_PLATFORM_COOKIES, type ConsentPlatformCookie } from './consent-platforms.ts';
import { looksLikeIdentifier, NAME_FAMILIES, type NameFamily } from './cookie-heuristics.ts';
import type { HostRecord } from './host-table.ts';
import type { CookieBlockEntry, OcdEntry } from './knowledge-data.ts';
import { bareDomain } from './parent-domains.ts';
import { PrefixIndex } from './prefix-index.ts';
import type { CookieClassification, CookieContext } from './types.ts';

/**
 * Names this short that the data ties to a domain are matched on that domain only: `c`, `u`,
 * `ts` or `pid` on an unrelated site are some other cookie, while `_fbp` or `_clck` (listed
 * under facebook.com / clarity.ms but set first-party) are the vendor's wherever they appear.
 */
const DOMAIN_BOUND_MAX_LENGTH = 3;

/** Most labels walked in a cookie domain. */
const MAX_LABELS = 127;

export interface CookieClassifierDeps {
  ocd: readonly OcdEntry[];
  cookieblock: readonly CookieBlockEntry[];
  /** Vendor record for a host or cookie domain (walks parent domains), or null. */
  hostRecord: (host: string) => HostRecord | null;
  /** Parses the data's retention text. */
  parseRetention: (text: string) => Duration;
}

export interface CookieClassifier {
  classify(name: string, domain: string, context?: CookieContext): CookieClassification;
}

/** One knowledge entry a name can resolve to; its classification is built on first use. */
interface Candidate {
  build: () => CookieClassification;
  cached: CookieClassification | null;
}

/** Everything known under one exact name. */
interface NameSlot {
  /** Open Cookie Database rows tied to a domain: cookie domain (or a parent) → row. */
  ocdBySite: Map<string, Candidate> | null;
  /** The Open Cookie Database's answer when no tied row matches (null: it has none). */
  ocdFallback: Candidate | null;
  /** CookieBlock rows tied to a cookie domain. */
  cbBySite: Map<string, Candidate> | null;
  /** CookieBlock rows whose domain is a pattern. */
  cbByRegex: { re: RegExp; candidate: Candidate }[] | null;
  /** CookieBlock's row for the name anywhere. */
  cbAnywhere: Candidate | null;
  /**
   * When the Open Cookie Database lists the name for several vendors that disagree: an
   * unclassified answer with a hint, used only if nothing else (wildcards included) knows more.
   */
  ambiguous: Candidate | null;
}

interface WildcardCandidate {
  candidate: Candidate;
  sites: readonly string[];
  /** Only on one of `sites` (short prefix tied to a domain). */
  bound: boolean;
}

const UNCLASSIFIED: CookieClassification = Object.freeze({
  category: 'unclassified',
  vendor: null,
  classifiedBy: 'none',
  retention: null,
  entryId: null,
});

/**
 * Builds the cookie and storage-key classifier. Order of evidence, most specific first:
 * the consent platforms' own records; an Open Cookie Database row for the exact name tied to
 * the cookie's domain, then its row for the name anywhere; CookieBlock; the longest wildcard
 * prefix; a documented name family; the data's "several vendors disagree" answer; the cookie
 * domain's vendor; otherwise unclassified, with a hint when there is evidence (docs/knowledge.md).
 */
export function createCookieClassifier(deps: CookieClassifierDeps): CookieClassifier {
  const { ocd, hostRecord, parseRetention } = deps;
  const retentionOf = (text: string): Duration | null => {
    if (text === '') return null;
    const d = parseRetention(text);
    return d.days === null && d.session === null ? null : d;
  };
  const lazy = (build: () => CookieClassification): Candidate => ({ build, cached: null });
  const ocdCandidates = ocd.map((entry) =>
    lazy(() =>
      Object.freeze({
        category: entry.category,
        vendor: entry.vendor,
        classifiedBy: 'open-cookie-database',
        retention: retentionOf(entry.retention),
        entryId: `open-cookie-database:${entry.id}`,
        ...(entry.wildcard &&
        entry.name.length <= DOMAIN_BOUND_MAX_LENGTH &&
        entry.sites.length === 0
          ? { hint: `matched only by the short wildcard prefix "${entry.name}"` }
          : {}),
      }),
    ),
  );
  const cbCandidate = (entry: CookieBlockEntry): Candidate =>
    lazy(() =>
      Object.freeze({
        category: entry.category,
        vendor: null,
        classifiedBy: 'cookieblock',
        retention: null,
        entryId: `cookieblock:${entry.scope}:${entry.match}:${entry.name}`,
      }),
    );

  // Exact names, and the wildcard rows' prefixes.
  const exact = new Map<
    string,
    { anywhere: number[] | null; tied: number[] | null; cb: CookieBlockEntry[] | null }
  >();
  const slotFor = (name: string) => {
    let s = exact.get(name);
    if (!s) exact.set(name, (s = { anywhere: null, tied: null, cb: null }));
    return s;
  };
  const wildcards: [string, WildcardCandidate][] = [];
  for (let i = 0; i < ocd.length; i++) {
    const entry = ocd[i] as OcdEntry;
    const candidate = ocdCandidates[i] as Candidate;
    if (entry.wildcard) {
      const bound = entry.sites.length > 0 && entry.name.length <= DOMAIN_BOUND_MAX_LENGTH;
      wildcards.push([entry.name, { candidate, sites: entry.sites, bound }]);
    } else if (entry.sites.length === 0) (slotFor(entry.name).anywhere ??= []).push(i);
    else (slotFor(entry.name).tied ??= []).push(i);
  }
  for (const entry of deps.cookieblock) (slotFor(entry.name).cb ??= []).push(entry);

  // Most names have one row that applies anywhere: those map straight to it, the rest to a slot.
  const slots = new Map<string, NameSlot | Candidate>();
  // CookieBlock repeats each domain pattern for every name under it: compile each once.
  const patterns = new Map<string, RegExp>();
  const patternFor = (source: string): RegExp => {
    let re = patterns.get(source);
    if (!re) patterns.set(source, (re = new RegExp(source)));
    return re;
  };
  for (const [name, { anywhere, tied, cb }] of exact) {
    if (tied === null && cb === null && anywhere?.length === 1) {
      slots.set(name, ocdCandidates[anywhere[0] as number] as Candidate);
      continue;
    }
    const slot: NameSlot = {
      ocdBySite: null,
      ocdFallback: null,
      cbBySite: null,
      cbByRegex: null,
      cbAnywhere: null,
      ambiguous: null,
    };
    for (const i of tied ?? []) {
      for (const site of (ocd[i] as OcdEntry).sites) {
        slot.ocdBySite ??= new Map();
        if (!slot.ocdBySite.has(site)) slot.ocdBySite.set(site, ocdCandidates[i] as Candidate);
      }
    }
    for (const entry of cb ?? []) {
      if (entry.scope === 'domain') {
        slot.cbBySite ??= new Map();
        if (!slot.cbBySite.has(entry.match)) slot.cbBySite.set(entry.match, cbCandidate(entry));
      } else if (entry.scope === 'regex') {
        (slot.cbByRegex ??= []).push({
          re: patternFor(entry.match),
          candidate: cbCandidate(entry),
        });
      } else slot.cbAnywhere ??= cbCandidate(entry);
    }
    // Rows that name no domain apply anywhere; rows tied to a domain stand in for them only
    // when the name is distinctive enough (see DOMAIN_BOUND_MAX_LENGTH).
    const fallback =
      pick(name, anywhere, ocd, ocdCandidates) ??
      (name.length > DOMAIN_BOUND_MAX_LENGTH ? pick(name, tied, ocd, ocdCandidates) : null);
    if (fallback?.decided) slot.ocdFallback = fallback.candidate;
    else if (fallback) slot.ambiguous = fallback.candidate;
    slots.set(name, slot);
  }
  const wildcardIndex = new PrefixIndex(wildcards);

  // Consent platforms: exact names and families; retention from the data when it lists the name.
  const cmpExact = new Map<string, Candidate>();
  const cmpFamilies: [string, Candidate][] = [];
  const cmpCandidate = (cmp: ConsentPlatformCookie): Candidate =>
    lazy(() => {
      const known = cmp.prefix
        ? wildcardIndex.find(cmp.name)?.candidate
        : exactCandidate(slots.get(cmp.name));
      const fromData = known ? resolve(known) : null;
      return Object.freeze({
        category: 'necessary',
        vendor: cmp.platform,
        classifiedBy: 'consent-platform',
        retention: fromData?.classifiedBy === 'open-cookie-database' ? fromData.retention : null,
        entryId: `consent-platform:${cmp.platform}:${cmp.name}${cmp.prefix ? '*' : ''}`,
      });
    });
  for (const cmp of CONSENT_PLATFORM_COOKIES) {
    if (cmp.prefix) cmpFamilies.push([cmp.name, cmpCandidate(cmp)]);
    else if (!cmpExact.has(cmp.name)) cmpExact.set(cmp.name, cmpCandidate(cmp));
  }
  const cmpIndex = new PrefixIndex(cmpFamilies);

  const familyCandidates: [string, Candidate][] = NAME_FAMILIES.map((f) => [
    f.prefix,
    lazy(() => familyClassification(f)),
  ]);
  const familyIndex = new PrefixIndex(familyCandidates);

  const vendorDomainResults = new Map<HostRecord, CookieClassification>();
  const hintResults = new Map<string, CookieClassification>();

  return {
    classify(name, domain, context) {
      const cmp = cmpExact.get(name) ?? cmpIndex.find(name);
      if (cmp) return resolve(cmp);

      const known = slots.get(name);
      const slot = known === undefined || isCandidate(known) ? null : known;
      const exactHit =
        known === undefined ? null : slot ? matchSlot(slot, domain) : (known as Candidate);
      if (exactHit) return resolve(exactHit);

      const wildcard = wildcardIndex.find(name, acceptWildcard, domain);
      if (wildcard) return resolve(wildcard.candidate);

      const family = familyIndex.find(name);
      if (family) return resolve(family);

      if (slot?.ambiguous) return resolve(slot.ambiguous);

      const bare = bareDomain(domain);
      const record = bare === '' ? null : hostRecord(bare);
      if (record && record.tracking && record.category !== null && !record.consentPlatform) {
        let result = vendorDomainResults.get(record);
        if (!result) {
          result = Object.freeze({
            category: record.category,
            vendor: record.vendor,
            classifiedBy: 'vendor-domain',
            retention: null,
            entryId: null,
            hint: `unknown name on a domain of ${record.vendor ?? 'a tracking vendor'}`,
          });
          vendorDomainResults.set(record, result);
        }
        return result;
      }
      return unknown(record, context);
    },
  };

  function unknown(
    record: HostRecord | null,
    context: CookieContext | undefined,
  ): CookieClassification {
    const setter = context?.initiator ? hostRecord(bareDomain(context.initiator)) : null;
    const tracker = setter?.tracking ? setter : record?.tracking ? record : null;
    const id = context?.value !== undefined && looksLikeIdentifier(context.value);
    let hint: string | null = null;
    if (tracker && id) {
      hint = `high-entropy identifier set by a host of ${tracker.vendor ?? 'a tracking vendor'}`;
    } else if (tracker) {
      hint = `set by a host of ${tracker.vendor ?? 'a tracking vendor'}`;
    } else if (record?.vendor) {
      hint = `unknown name on a domain of ${record.vendor}`;
    }
    if (hint === null) return UNCLASSIFIED;
    const vendor = record?.vendor ?? null;
    const key = `${vendor ?? ''}\u0000${hint}`;
    let result = hintResults.get(key);
    if (!result) {
      result = Object.freeze({ ...UNCLASSIFIED, vendor, hint });
      // Hints are a handful of strings per vendor; bound the map anyway.
      if (hintResults.size > 4096) hintResults.clear();
      hintResults.set(key, result);
    }
    return result;
  }
}

function isCandidate(value: NameSlot | Candidate): value is Candidate {
  return (value as Candidate).build !== undefined;
}

/** The Open Cookie Database's answer for a name regardless of domain, if it has one. */
function exactCandidate(value: NameSlot | Candidate | undefined): Candidate | undefined {
  if (value === undefined) return undefined;
  return isCandidate(value) ? value : (value.ocdFallback ?? undefined);
}

function resolve(candidate: Candidate): CookieClassification {
  return (candidate.cached ??= candidate.build());
}

/**
 * The exact-name answer, most specific first: an Open Cookie Database row tied to the cookie's
 * domain, then its row for the name anywhere; CookieBlock (whose list records what sites need
 * to work, not what they need consent for) only for names the Open Cookie Database lacks.
 */
function matchSlot(slot: NameSlot, domain: string): Candidate | null {
  if (slot.ocdBySite) {
    const hit = walkParents(slot.ocdBySite, bareDomain(domain));
    if (hit) return hit;
  }
  if (slot.ocdFallback) return slot.ocdFallback;
  if (slot.cbBySite) {
    const hit = walkParents(slot.cbBySite, bareDomain(domain));
    if (hit) return hit;
  }
  if (slot.cbByRegex) {
    const uniform = bareDomain(domain).replace(/^www\d?\./, '');
    for (const { re, candidate } of slot.cbByRegex) if (re.test(uniform)) return candidate;
  }
  return slot.cbAnywhere;
}

function walkParents(table: ReadonlyMap<string, Candidate>, bare: string): Candidate | null {
  if (bare === '') return null;
  let from = 0;
  for (let n = 0; n < MAX_LABELS; n++) {
    const hit = table.get(from === 0 ? bare : bare.slice(from));
    if (hit) return hit;
    const dot = bare.indexOf('.', from);
    if (dot < 0) break;
    from = dot + 1;
  }
  return null;
}

/** A wildcard row applies anywhere, or, when bound, only on its own domains. */
function acceptWildcard(w: WildcardCandidate, domain: string): boolean {
  return !w.bound || onSites(bareDomain(domain), w.sites);
}

function onSites(bare: string, sites: readonly string[]): boolean {
  for (const site of sites) {
    if (
      bare === site ||
      (bare.endsWith(site) && bare.charCodeAt(bare.length - site.length - 1) === 46)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The one entry for a name (`decided`), or, when the data lists the name for several vendors,
 * an answer that says so: their shared category if they agree (`decided`), else unclassified
 * with a hint (not decided: a wildcard or a name family may still know better).
 */
function pick(
  name: string,
  indexes: readonly number[] | null,
  ocd: readonly OcdEntry[],
  candidates: readonly Candidate[],
): { candidate: Candidate; decided: boolean } | null {
  if (indexes === null || indexes.length === 0) return null;
  const first = indexes[0] as number;
  if (indexes.length === 1) return { candidate: candidates[first] as Candidate, decided: true };
  const entries = indexes.map((i) => ocd[i] as OcdEntry);
  const vendors = [...new Set(entries.map((e) => e.vendor ?? e.controller))];
  if (vendors.length === 1) return { candidate: candidates[first] as Candidate, decided: true };
  const categories = new Set<ConsentCategory>(entries.map((e) => e.category));
  const shared = categories.size === 1 ? (entries[0] as OcdEntry).category : null;
  const hint = `the Open Cookie Database lists "${name}" for ${vendors.length} vendors (${vendors.join(', ')})`;
  const candidate: Candidate = {
    cached: null,
    build: () =>
      Object.freeze({
        category: shared ?? 'unclassified',
        vendor: null,
        classifiedBy: shared ? 'open-cookie-database' : 'none',
        retention: null,
        entryId: null,
        hint,
      }),
  };
  return { candidate, decided: shared !== null };
}

function familyClassification(family: NameFamily): CookieClassification {
  return Object.freeze({
    category: family.category,
    vendor: family.vendor,
    classifiedBy: 'heuristic',
    retention: null,
    entryId: null,
    hint: `name in ${family.vendor}'s "${family.prefix}…" family`,
  });
}
