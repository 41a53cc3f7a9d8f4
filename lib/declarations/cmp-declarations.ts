/**
 * A consent platform's own cookie declaration → DeclaredTable.
 *
 * Cookiebot: `CookieConsentDialog.cookieTableNecessary` / `…Preference` / `…Statistics` /
 * `…Advertising` / `…Unclassified`, arrays of rows `[name, provider, purpose, expiry, type name,
 * type id, …]` as its cc.js ships them (read from the live object or from the script text).
 * OneTrust: the consent JSON's `DomainData.Groups[]`, each with `FirstPartyCookies[]` (or
 * `Cookies[]` at run time) and `Hosts[].Cookies[]` carrying `Name`, `Host`, `Length` (days),
 * `IsSession` and `description`; groups map to categories by `OptanonGroupId` (C0001…C0005).
 *
 * All input is untrusted: shapes are checked, text is stripped of markup, counts are capped.
 */
import type { Category } from '../domain/category.ts';
import type { Duration } from '../duration/duration.ts';
import { parseDuration } from '../duration/parse-duration.ts';
import { MAX_COOKIES } from './declared-collector.ts';
import type { DeclaredCookie, DeclaredTable } from './declared.ts';
import { fragmentToText } from './html-text.ts';
import { parseJsLiteral } from './js-literal.ts';
import { parseCategory } from './parse-category.ts';
import { cleanText } from './text.ts';

export interface CmpOptions {
  /** Where the declaration was read (the cc.js or consent JSON URL, or the audited page). */
  url?: string | null;
  language?: string | null;
  retrievedAt?: string;
}

const COOKIEBOT_TABLES: readonly (readonly [string, Category])[] = [
  ['cookieTableNecessary', 'necessary'],
  ['cookieTablePreference', 'preferences'],
  ['cookieTableStatistics', 'statistics'],
  ['cookieTableAdvertising', 'marketing'],
  ['cookieTableUnclassified', 'unclassified'],
];
const CATEGORY_TEXT: Readonly<Record<Category, string>> = {
  necessary: 'Necessary',
  preferences: 'Preferences',
  statistics: 'Statistics',
  marketing: 'Marketing',
  unclassified: 'Unclassified',
};
const DOMAIN_LIKE = /^\.?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i;

function text(value: unknown, limit = 2_000): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const clean = cleanText(fragmentToText(String(value), limit * 2), limit);
  return clean === '' ? null : clean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

function emptyTable(source: DeclaredTable['source'], options: CmpOptions): DeclaredTable {
  const table: DeclaredTable = {
    source,
    url: options.url ?? null,
    language: options.language ?? null,
    cookies: [],
    skipped: [],
  };
  if (options.retrievedAt) table.retrievedAt = options.retrievedAt;
  return table;
}

/** Cookiebot's rows for one category → cookies; malformed rows go to `skipped`. */
function cookiebotRows(rows: unknown, category: Category, table: DeclaredTable): void {
  if (!Array.isArray(rows)) return;
  for (const row of rows) {
    if (table.cookies.length >= MAX_COOKIES) {
      table.skipped?.push({ text: '', reason: `rows beyond the cap of ${MAX_COOKIES}` });
      return;
    }
    if (!Array.isArray(row)) {
      table.skipped?.push({
        text: cleanText(String(row).slice(0, 200), 200),
        reason: 'not a Cookiebot row',
      });
      continue;
    }
    const name = text(row[0], 256);
    if (!name) {
      table.skipped?.push({
        text: cleanText(JSON.stringify(row).slice(0, 300), 300),
        reason: 'no cookie name',
      });
      continue;
    }
    // The provider column holds domains separated by <br/> when several set the cookie.
    const providers =
      typeof row[1] === 'string'
        ? row[1]
            .split(/<br\s*\/?>/i)
            .map((p) => text(p, 200))
            .filter((p): p is string => p !== null)
        : [];
    const expiry = text(row[3], 300);
    const cookie: DeclaredCookie = {
      name,
      provider: providers.length > 0 ? providers.join(', ') : null,
      purpose: text(row[2]),
      category,
      categoryText: CATEGORY_TEXT[category],
      party: null,
      duration: expiry ? parseDuration(expiry) : null,
    };
    if (providers.length === 1 && DOMAIN_LIKE.test(providers[0] as string))
      cookie.domain = providers[0] as string;
    table.cookies.push(cookie);
  }
}

/**
 * Cookiebot's declaration from its dialog object (`CookieConsentDialog` / `Cookiebot.dialog`,
 * as a plain object with the cookieTable… arrays) or from the text of its cc.js.
 */
export function cookiebotDeclarations(input: unknown, options: CmpOptions = {}): DeclaredTable {
  const table = emptyTable('cookiebot', options);
  if (typeof input === 'string') {
    const script = input.length > 8_000_000 ? input.slice(0, 8_000_000) : input;
    for (const [key, category] of COOKIEBOT_TABLES) {
      const marker = `CookieConsentDialog.${key}`;
      let at = script.indexOf(marker);
      let found = false;
      // The key also appears as an empty default ("this.cookieTableNecessary=\"\""); find the array.
      for (
        let tries = 0;
        at !== -1 && tries < 20 && !found;
        tries++, at = script.indexOf(marker, at + 1)
      ) {
        let i = at + marker.length;
        while (i < script.length && /\s/.test(script[i] as string)) i++;
        if (script[i] !== '=' || script[i + 1] === '=') continue;
        i++;
        while (i < script.length && /\s/.test(script[i] as string)) i++;
        if (script[i] !== '[') continue;
        const parsed = parseJsLiteral(script, i);
        if (!parsed.ok) {
          table.skipped?.push({ text: marker, reason: `unreadable table: ${parsed.error}` });
          found = true;
          continue;
        }
        cookiebotRows(parsed.value, category, table);
        found = true;
      }
    }
    return table;
  }
  if (!isRecord(input)) {
    table.skipped?.push({ text: '', reason: 'not a Cookiebot dialog object' });
    return table;
  }
  for (const [key, category] of COOKIEBOT_TABLES) cookiebotRows(own(input, key), category, table);
  return table;
}

/** OneTrust's default group ids, old ("2") and current ("C0002"). */
const ONETRUST_GROUPS: ReadonlyMap<string, Category> = new Map<string, Category>([
  ['C0001', 'necessary'],
  ['1', 'necessary'],
  ['C0002', 'statistics'],
  ['2', 'statistics'],
  ['C0003', 'preferences'],
  ['3', 'preferences'],
  ['C0004', 'marketing'],
  ['4', 'marketing'],
  ['C0005', 'marketing'],
  ['5', 'marketing'],
]);
/** OneTrust lengths beyond this many days (≈ 30 years) are configuration noise, kept with a note. */
const IMPLAUSIBLE_DAYS = 11_000;

function oneTrustDuration(cookie: Record<string, unknown>): Duration | null {
  if (own(cookie, 'IsSession') === true) return { text: 'Session', session: true, days: null };
  const length = own(cookie, 'Length');
  const raw =
    typeof length === 'number' ? String(length) : typeof length === 'string' ? length.trim() : '';
  if (!/^\d{1,9}$/.test(raw)) return raw ? parseDuration(raw) : null;
  const days = Number(raw);
  const duration: Duration = { text: `${days} days`, session: false, days };
  if (days === 0) duration.reason = 'length 0: less than a day';
  else if (days > IMPLAUSIBLE_DAYS)
    duration.reason = 'implausibly long length in the consent platform data';
  return duration;
}

/**
 * OneTrust's declaration from its consent JSON (`{ DomainData: { Groups: […] } }`), the
 * DomainData object itself, or `OneTrust.GetDomainData()`'s result.
 */
export function oneTrustDeclarations(input: unknown, options: CmpOptions = {}): DeclaredTable {
  const table = emptyTable('onetrust', options);
  const domainData =
    isRecord(input) && isRecord(own(input, 'DomainData')) ? own(input, 'DomainData') : input;
  if (!isRecord(domainData) || !Array.isArray(own(domainData, 'Groups'))) {
    table.skipped?.push({ text: '', reason: 'no DomainData.Groups array' });
    return table;
  }
  if (table.language === null) {
    const lang = own(domainData, 'Language');
    const culture = isRecord(lang) ? own(lang, 'Culture') : null;
    if (typeof culture === 'string' && /^[a-z]{2,3}(?:-[A-Za-z]{2})?$/.test(culture)) {
      table.language = culture
        .slice(0, culture.indexOf('-') === -1 ? undefined : culture.indexOf('-'))
        .toLowerCase();
    }
  }
  const groups = (own(domainData, 'Groups') as unknown[]).slice(0, 500).filter(isRecord);
  // Sub-groups name their parent by OptanonGroupId; they inherit its category when theirs is unknown.
  const byId = new Map<string, Category | null>();
  const groupCategory = (
    group: Record<string, unknown>,
  ): { category: Category | null; text: string | null } => {
    const id =
      text(own(group, 'OptanonGroupId'), 40) ?? text(own(group, 'CustomGroupId'), 40) ?? '';
    const name = text(own(group, 'GroupName'), 200);
    const category = ONETRUST_GROUPS.get(id) ?? (name ? parseCategory(name) : null);
    return { category, text: name };
  };
  for (const group of groups) {
    const id = text(own(group, 'OptanonGroupId'), 40);
    if (id) byId.set(id, groupCategory(group).category);
  }

  const add = (
    raw: unknown,
    party: 'first' | 'third',
    group: { category: Category | null; text: string | null },
    host: string | null,
  ): void => {
    if (!isRecord(raw)) return;
    if (table.cookies.length >= MAX_COOKIES) return;
    const name = text(own(raw, 'Name'), 256);
    if (!name) {
      table.skipped?.push({
        text: cleanText(JSON.stringify(raw).slice(0, 300), 300),
        reason: 'no cookie name',
      });
      return;
    }
    const domain = text(own(raw, 'Host'), 253) ?? host;
    const cookie: DeclaredCookie = {
      name,
      provider: host ?? domain,
      purpose: text(own(raw, 'description')) ?? text(own(raw, 'Description')),
      category: group.category,
      categoryText: group.text,
      party,
      duration: oneTrustDuration(raw),
    };
    if (domain && DOMAIN_LIKE.test(domain)) cookie.domain = domain;
    table.cookies.push(cookie);
  };

  for (const group of groups) {
    let info = groupCategory(group);
    const parent = text(own(group, 'Parent'), 40);
    if (info.category === null && parent && byId.get(parent))
      info = { ...info, category: byId.get(parent) ?? null };
    const firstParty = own(group, 'FirstPartyCookies') ?? own(group, 'Cookies');
    if (Array.isArray(firstParty))
      for (const c of firstParty.slice(0, MAX_COOKIES)) add(c, 'first', info, null);
    const hosts = own(group, 'Hosts');
    if (Array.isArray(hosts)) {
      for (const h of hosts.slice(0, 5_000)) {
        if (!isRecord(h)) continue;
        const hostName = text(own(h, 'HostName'), 253) ?? text(own(h, 'DisplayName'), 253);
        const cookies = own(h, 'Cookies');
        if (Array.isArray(cookies))
          for (const c of cookies.slice(0, MAX_COOKIES)) add(c, 'third', info, hostName);
      }
    }
  }
  if (table.cookies.length >= MAX_COOKIES) {
    table.skipped?.push({
      text: '',
      reason: `cookies beyond the cap of ${MAX_COOKIES} were not read`,
    });
  }
  return table;
}
