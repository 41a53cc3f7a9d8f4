/**
 * Declarations ConsentLens found by itself, cached per site (`local:discovered-declarations`):
 * their shape, guard, age rules and the options page's list. Kept apart from the declarations
 * the auditor imported or edited (`local:declarations`), which always win and which discovery
 * never writes. Pure, like declarations.ts.
 */
import type { DeclarationSource } from '../declarations/declared.ts';
import type { DiscoveredDeclaration } from '../declarations/discover-declaration.ts';
import { declaredTableProblem } from './declarations.ts';

export const DISCOVERED_VERSION = 1;

/** A found declaration is looked for again after this long. */
export const DISCOVERY_MAX_AGE_DAYS = 7;
/** A site where nothing was found is looked at again sooner: its policy may have been fixed. */
export const NOTHING_FOUND_MAX_AGE_DAYS = 1;
/** Sites kept; the least recently checked are dropped first. */
export const MAX_DISCOVERED_SITES = 200;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Registrable domain → what discovery found there. */
export type DiscoveredDeclarations = Record<string, DiscoveredDeclaration>;

/** One line of the options page's list of found declarations. */
export interface DiscoveredSummary {
  site: string;
  tableSource: DeclarationSource | null;
  url: string | null;
  checkedAt: string;
  rows: number;
  note: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one site's cached entry; returns why it is unreadable, or null. */
export function discoveredProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'entry is not an object';
  if (typeof value.checkedAt !== 'string' || !Number.isFinite(Date.parse(value.checkedAt)))
    return 'entry has no check time';
  if (typeof value.pageUrl !== 'string') return 'entry has no page address';
  if (value.note !== null && typeof value.note !== 'string') return 'entry note is not text';
  if (!Array.isArray(value.tried) || !value.tried.every((t) => typeof t === 'string'))
    return 'entry has no list of fetched pages';
  if (value.table !== null) {
    const problem = declaredTableProblem(value.table);
    if (problem) return problem;
  }
  return null;
}

/** Every readable entry of the stored value; unreadable ones are dropped (a cache is rebuilt). */
export function checkDiscovered(value: unknown): DiscoveredDeclarations {
  const out: DiscoveredDeclarations = {};
  if (!isRecord(value)) return out;
  for (const [site, entry] of Object.entries(value)) {
    if (discoveredProblem(entry) === null) out[site] = entry as DiscoveredDeclaration;
  }
  return out;
}

/** Should the site's declaration be looked for (again) at `now`? */
export function discoveryDue(entry: DiscoveredDeclaration | null, now: number): boolean {
  if (!entry) return true;
  const checked = Date.parse(entry.checkedAt);
  if (!Number.isFinite(checked) || checked > now) return true;
  const maxAge = entry.table ? DISCOVERY_MAX_AGE_DAYS : NOTHING_FOUND_MAX_AGE_DAYS;
  return now - checked >= maxAge * DAY_MS;
}

/** `all` with `site` set to `entry`, keeping the MAX_DISCOVERED_SITES most recently checked. */
export function withDiscovered(
  all: DiscoveredDeclarations,
  site: string,
  entry: DiscoveredDeclaration,
  max = MAX_DISCOVERED_SITES,
): DiscoveredDeclarations {
  const next: DiscoveredDeclarations = { ...all, [site]: entry };
  const sites = Object.keys(next);
  if (sites.length <= max) return next;
  const dropped = sites
    .filter((s) => s !== site)
    .sort((a, b) =>
      (next[a] as DiscoveredDeclaration).checkedAt.localeCompare(
        (next[b] as DiscoveredDeclaration).checkedAt,
      ),
    )
    .slice(0, sites.length - max);
  for (const s of dropped) delete next[s];
  return next;
}

/** The options page's list, most recently checked first. */
export function summariseDiscovered(all: DiscoveredDeclarations): DiscoveredSummary[] {
  return Object.entries(all)
    .map(([site, d]) => ({
      site,
      tableSource: d.table?.source ?? null,
      url: d.table?.url ?? null,
      checkedAt: d.checkedAt,
      rows: d.table?.cookies.length ?? 0,
      note: d.note,
    }))
    .sort((a, b) => b.checkedAt.localeCompare(a.checkedAt) || a.site.localeCompare(b.site));
}
