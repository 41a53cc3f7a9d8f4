import type { RuleSettings } from './settings.ts';

/** Exact match, or prefix match when the entry ends in `*`. */
function matchesName(name: string, entries: readonly string[] | undefined): boolean {
  if (!entries) return false;
  for (const entry of entries) {
    if (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry) return true;
  }
  return false;
}

/** Whether `host` is an allow-listed host or one of its subdomains (a leading dot is ignored). */
function matchesHost(host: string, entries: readonly string[] | undefined): boolean {
  if (!entries) return false;
  const h = host.replace(/^\./, '').toLowerCase();
  for (const raw of entries) {
    const entry = raw.replace(/^\./, '').toLowerCase();
    if (entry && (h === entry || h.endsWith(`.${entry}`))) return true;
  }
  return false;
}

/** Whether the auditor allow-listed this cookie, by name or by its domain. */
export function isAllowedCookie(
  cookie: { name: string; domain: string },
  settings: RuleSettings,
): boolean {
  return (
    matchesName(cookie.name, settings.allowList.cookies) ||
    matchesHost(cookie.domain, settings.allowList.hosts)
  );
}

/** Whether the auditor allow-listed requests to this host. */
export function isAllowedHost(host: string, settings: RuleSettings): boolean {
  return matchesHost(host, settings.allowList.hosts);
}

/** Whether the auditor allow-listed this storage key, by key or by the origin's host. */
export function isAllowedStorage(
  item: { key: string; origin: string },
  settings: RuleSettings,
): boolean {
  if (matchesName(item.key, settings.allowList.storage)) return true;
  const host = item.origin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[:/].*$/, '');
  return matchesHost(host, settings.allowList.hosts);
}
