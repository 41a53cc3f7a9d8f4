import type { ConsentCategory } from '../domain/category.ts';
import { countInto as count, type CompileCounts } from './compile-counts.ts';
import type { CookieBlockEntry } from './knowledge-data.ts';

export interface CookieBlockCompileResult extends CompileCounts {
  entries: CookieBlockEntry[];
}

/** CookieBlock's labels, in its own order. */
const LABELS: readonly ConsentCategory[] = ['necessary', 'preferences', 'statistics', 'marketing'];

const SECTIONS = {
  name_match: 'name',
  domain_match: 'domain',
  domain_regex: 'regex',
} as const;

/**
 * Compiles CookieBlock's `known_cookies.json`: `name_match` (name → label, anywhere),
 * `domain_match` (cookie domain → name → label) and `domain_regex` (pattern over the cookie
 * domain → name → label). Each leaf is one row: loaded, or skipped with a counted reason.
 * Throws when the file is not the expected JSON object at all.
 */
export function compileCookieBlock(jsonText: string): CookieBlockCompileResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch {
    throw new Error('the CookieBlock file is not valid JSON');
  }
  if (!isRecord(parsed)) throw new Error('the CookieBlock file is not a JSON object');
  const entries: CookieBlockEntry[] = [];
  const skipped: Record<string, number> = {};
  const repaired: Record<string, number> = {};
  let rows = 0;

  const addLeaf = (
    scope: CookieBlockEntry['scope'],
    match: string,
    name: string,
    label: unknown,
  ) => {
    rows++;
    if (name.trim() === '') return count(skipped, 'empty name');
    if (typeof label !== 'number' || !Number.isInteger(label) || !LABELS[label]) {
      return count(skipped, 'label outside 0–3');
    }
    entries.push({ name, category: LABELS[label] as ConsentCategory, scope, match });
  };

  for (const [section, value] of Object.entries(parsed)) {
    const scope = SECTIONS[section as keyof typeof SECTIONS];
    if (!scope || !isRecord(value)) {
      // An unknown or malformed section: count what it holds so nothing vanishes silently.
      const leaves = isRecord(value) ? Object.keys(value).length : 1;
      rows += leaves;
      skipped['unknown section'] = (skipped['unknown section'] ?? 0) + leaves;
      continue;
    }
    if (scope === 'name') {
      for (const [name, label] of Object.entries(value)) addLeaf('name', '', name, label);
      continue;
    }
    for (const [rawMatch, names] of Object.entries(value)) {
      if (!isRecord(names)) {
        rows++;
        count(skipped, 'malformed domain entry');
        continue;
      }
      let match = rawMatch.trim();
      if (scope === 'domain') {
        const uniform = uniformDomain(match);
        if (uniform !== match) count(repaired, 'domain normalised');
        match = uniform;
      } else if (!isValidRegex(match)) {
        rows += Object.keys(names).length;
        skipped['invalid regular expression'] =
          (skipped['invalid regular expression'] ?? 0) + Object.keys(names).length;
        continue;
      }
      for (const [name, label] of Object.entries(names)) addLeaf(scope, match, name, label);
    }
  }
  return { rows, loaded: entries.length, skipped, repaired, entries };
}

/** CookieBlock's own domain form: lower case, no leading dot, no `www.`. */
export function uniformDomain(domain: string): string {
  return domain
    .trim()
    .toLowerCase()
    .replace(/^\.+/, '')
    .replace(/^www\d?\./, '');
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
