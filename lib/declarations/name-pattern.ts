/**
 * Declared cookie names as patterns, and matching observed cookies against a declared table.
 *
 * Notations recognised as "any id here": Cookiebot's `#` (`_ga_#`, `AMCV_###`), `*`
 * (`_ga_*`), `<container-id>`, `{site_id}`, `[id]`, `%ID%`, `…`/`...`, and runs of x/X that
 * stand alone between separators (`_ga_XXXX`, `_gac_UA-xxxxx`, `_gat_UA-XXXXX-X`). A simple
 * anchored regular expression (`/^_ga_.*$/`, `^_pk_id\.\d+`) is translated to the same form;
 * no pattern from a page is ever compiled as a RegExp.
 *
 * Matching is exact by default. A near miss (`_hjlncludeInSample` declared, `_hjIncludedInSample`
 * observed) is only ever offered as a hint by nearMissDeclared, never counted as declared.
 */
import type { DeclaredCookie, DeclaredTable } from './declared.ts';
import { boundedEditDistance } from './edit-distance.ts';

/** Stands for one character of any kind. */
const ANY = 1;
/** Stands for any run of characters, including none. */
const STAR = 2;
type Atom = string | typeof ANY | typeof STAR;

/** A declared name compiled once: either a literal name or a glob of atoms. */
export type NamePattern =
  | { kind: 'exact'; name: string }
  | { kind: 'glob'; source: string; atoms: readonly Atom[]; prefix: string };

/** Longest declared name compiled; longer text is not a cookie name. */
const MAX_PATTERN_LENGTH = 256;

function isAlnum(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

function isX(ch: string | undefined): boolean {
  return ch === 'x' || ch === 'X';
}

/** Translates `^_ga_.*$`-style text to the placeholder notation; null if it uses more regex than that. */
function fromSimpleRegex(name: string): string | null {
  let body = name;
  if (body.startsWith('/')) {
    const end = body.lastIndexOf('/');
    if (end <= 0) return null;
    body = body.slice(1, end);
  }
  if (body.startsWith('^')) body = body.slice(1);
  if (body.endsWith('$')) body = body.slice(0, -1);
  // Classes and repetitions that mean "some id" become one wildcard.
  body = body.replace(/(?:\.|\\w|\\d|\[[^\]]{1,40}\])(?:\*|\+|\{\d{1,3}(?:,\d{0,3})?\})/g, '*');
  body = body.replace(/\\([._-])/g, '$1');
  if (/[()|?\\^$+[\]{}]/.test(body)) return null;
  return body;
}

/**
 * Compiles one declared name. Placeholders of one or more characters become "one character,
 * then anything"; `*` may also match nothing (`_ga*` declares `_ga` too).
 */
export function compileNamePattern(declared: string): NamePattern {
  let name = declared.trim().slice(0, MAX_PATTERN_LENGTH);
  const looksRegex =
    (name.startsWith('/') && /\/[gimsuy]*$/.test(name) && name.length > 2) || name.startsWith('^');
  if (looksRegex) {
    const translated = fromSimpleRegex(name.replace(/\/[gimsuy]*$/, '/'));
    if (translated !== null) name = translated;
  }

  // Runs of x/X count as placeholders only if one of them is at least three long, so that
  // "_gat_UA-XXXXX-X" has two placeholders but a name like "box_x" has none.
  let hasLongXRun = false;
  for (let i = 0; i < name.length;) {
    if (isX(name[i]) && !isAlnum(name[i - 1])) {
      let j = i;
      while (isX(name[j])) j++;
      if (j - i >= 3 && !isAlnum(name[j])) hasLongXRun = true;
      i = j;
    } else i++;
  }

  const atoms: Atom[] = [];
  let placeholders = 0;
  const placeholder = (): void => {
    // Adjacent placeholders collapse into one, which keeps matching linear in practice.
    if (atoms[atoms.length - 1] === STAR) return;
    atoms.push(ANY, STAR);
    placeholders++;
  };
  let i = 0;
  while (i < name.length) {
    const ch = name[i] as string;
    if (ch === '*') {
      while (name[i] === '*') i++;
      if (atoms[atoms.length - 1] !== STAR) atoms.push(STAR);
      placeholders++;
      continue;
    }
    if (ch === '#') {
      while (name[i] === '#') i++;
      placeholder();
      continue;
    }
    if (ch === '…') {
      i++;
      placeholder();
      continue;
    }
    if (ch === '.' && name.startsWith('...', i)) {
      i += 3;
      while (name[i] === '.') i++;
      placeholder();
      continue;
    }
    const close = ch === '<' ? '>' : ch === '{' ? '}' : ch === '[' ? ']' : ch === '%' ? '%' : null;
    if (close) {
      const end = name.indexOf(close, i + 1);
      if (end > i + 1 && end - i <= 40 && !name.slice(i + 1, end).includes(ch)) {
        i = end + 1;
        placeholder();
        continue;
      }
    }
    if (hasLongXRun && isX(ch) && !isAlnum(name[i - 1])) {
      let j = i;
      while (isX(name[j])) j++;
      if (!isAlnum(name[j])) {
        i = j;
        placeholder();
        continue;
      }
    }
    atoms.push(ch);
    i++;
  }
  if (placeholders === 0) return { kind: 'exact', name: declared.trim() };
  let prefix = '';
  for (const atom of atoms) {
    if (typeof atom !== 'string') break;
    prefix += atom;
  }
  return { kind: 'glob', source: declared.trim(), atoms, prefix };
}

/** Wildcard match with one back-tracking point: O(name × pattern) at worst, no RegExp. */
function globMatch(atoms: readonly Atom[], name: string, ignoreCase: boolean): boolean {
  const s = ignoreCase ? name.toLowerCase() : name;
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < s.length) {
    const atom = atoms[p];
    if (atom !== undefined && atom !== STAR) {
      const ok = atom === ANY || (ignoreCase ? (atom as string).toLowerCase() : atom) === s[i];
      if (ok) {
        p++;
        i++;
        continue;
      }
    } else if (atom === STAR) {
      starP = p;
      starI = i;
      p++;
      continue;
    }
    if (starP === -1) return false;
    p = starP + 1;
    starI++;
    i = starI;
  }
  while (atoms[p] === STAR) p++;
  return p === atoms.length;
}

/** True when a declared name (pattern or literal) covers `cookieName`. Compiles on each call: prefer compileDeclaredTable. */
export function nameMatches(declared: string, cookieName: string): boolean {
  const pattern = compileNamePattern(declared);
  return pattern.kind === 'exact'
    ? pattern.name === cookieName
    : globMatch(pattern.atoms, cookieName, false);
}

function normaliseDomain(domain: string | null | undefined): string | null {
  if (!domain) return null;
  const d = domain
    .trim()
    .toLowerCase()
    .replace(/^\*?\./, '')
    .replace(/\.$/, '');
  // Only host names count; "Google" or "Ditmer" in a domain column restricts nothing.
  return /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(d) ? d : null;
}

/** Domains match when equal or one is a parent of the other (".ditmer.dk" ~ "www.ditmer.dk"). */
function domainsMatch(declared: string | null, cookieDomain: string | null): boolean {
  if (declared === null || cookieDomain === null) return true;
  return (
    declared === cookieDomain ||
    cookieDomain.endsWith(`.${declared}`) ||
    declared.endsWith(`.${cookieDomain}`)
  );
}

/** Exact or pattern match of an observed cookie in a declared table. */
export interface DeclaredMatch {
  entry: DeclaredCookie;
  /** true: the declared name is the cookie's name letter for letter; false: a pattern covered it. */
  exact: boolean;
}

/** A declared entry that almost names the cookie: a hint for the auditor, never a match. */
export interface NearMiss {
  entry: DeclaredCookie;
  /** Edit distance between the names (0 when only case or the domain differs). */
  distance: number;
  reason: 'case' | 'spelling' | 'domain';
}

/** A declared table compiled for lookups: build once per table, query per cookie. */
export interface DeclaredMatcher {
  match(cookieName: string, cookieDomain: string | null): DeclaredMatch | null;
  nearMiss(cookieName: string, cookieDomain: string | null): NearMiss | null;
}

interface Compiled {
  entry: DeclaredCookie;
  pattern: NamePattern;
  domain: string | null;
}

/** Largest edit distance offered as a near miss, by the shorter name's length. */
function nearMissCap(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

/**
 * Compiles every declared name of `table` once: literal names into a map, patterns into
 * atom lists indexed by their first literal character.
 */
export function compileDeclaredTable(table: DeclaredTable): DeclaredMatcher {
  const exact = new Map<string, Compiled[]>();
  const byLength = new Map<number, Compiled[]>();
  const globsByFirst = new Map<string, Compiled[]>();
  const globsAnyStart: Compiled[] = [];
  const all: Compiled[] = [];
  for (const entry of table.cookies) {
    if (typeof entry?.name !== 'string' || entry.name.trim() === '') continue;
    const c: Compiled = {
      entry,
      pattern: compileNamePattern(entry.name),
      domain: normaliseDomain(entry.domain),
    };
    all.push(c);
    if (c.pattern.kind === 'exact') {
      const list = exact.get(c.pattern.name) ?? [];
      list.push(c);
      exact.set(c.pattern.name, list);
      const len = c.pattern.name.length;
      const sameLength = byLength.get(len) ?? [];
      sameLength.push(c);
      byLength.set(len, sameLength);
    } else if (c.pattern.prefix !== '') {
      const key = c.pattern.prefix[0] as string;
      const list = globsByFirst.get(key) ?? [];
      list.push(c);
      globsByFirst.set(key, list);
    } else {
      globsAnyStart.push(c);
    }
  }

  const candidates = (cookieName: string): { literal: Compiled[]; globs: Compiled[] } => {
    const literal = exact.get(cookieName) ?? [];
    const globs: Compiled[] = [];
    const first = cookieName[0];
    for (const list of [first !== undefined ? globsByFirst.get(first) : undefined, globsAnyStart]) {
      if (!list) continue;
      for (const c of list) {
        if (
          c.pattern.kind === 'glob' &&
          cookieName.startsWith(c.pattern.prefix) &&
          globMatch(c.pattern.atoms, cookieName, false)
        ) {
          globs.push(c);
        }
      }
    }
    return { literal, globs };
  };

  const match = (cookieName: string, cookieDomain: string | null): DeclaredMatch | null => {
    {
      const domain = normaliseDomain(cookieDomain);
      const { literal, globs } = candidates(cookieName);
      // A literal name beats a pattern; a named domain that matches beats no domain.
      const pick = (list: Compiled[]): Compiled | undefined =>
        list.find((c) => c.domain !== null && domainsMatch(c.domain, domain)) ??
        list.find((c) => domainsMatch(c.domain, domain));
      const lit = pick(literal);
      if (lit) return { entry: lit.entry, exact: true };
      const glob = pick(globs);
      if (glob) return { entry: glob.entry, exact: false };
      return null;
    }
  };

  const nearMiss = (cookieName: string, cookieDomain: string | null): NearMiss | null => {
    {
      if (match(cookieName, cookieDomain)) return null;
      const domain = normaliseDomain(cookieDomain);
      const { literal, globs } = candidates(cookieName);
      const sameName = literal[0] ?? globs[0];
      if (sameName) return { entry: sameName.entry, distance: 0, reason: 'domain' };

      let best: NearMiss | null = null;
      const lower = cookieName.toLowerCase();
      for (let len = cookieName.length - 2; len <= cookieName.length + 2; len++) {
        for (const c of byLength.get(len) ?? []) {
          if (c.pattern.kind !== 'exact' || !domainsMatch(c.domain, domain)) continue;
          const declared = c.pattern.name;
          if (declared.toLowerCase() === lower)
            return { entry: c.entry, distance: 0, reason: 'case' };
          const cap = nearMissCap(Math.min(declared.length, cookieName.length));
          if (cap === 0) continue;
          const d = boundedEditDistance(declared, cookieName, cap);
          if (d <= cap && (best === null || d < best.distance))
            best = { entry: c.entry, distance: d, reason: 'spelling' };
        }
      }
      if (best) return best;
      for (const c of all) {
        if (
          c.pattern.kind === 'glob' &&
          globMatch(c.pattern.atoms, cookieName, true) &&
          domainsMatch(c.domain, domain)
        ) {
          return { entry: c.entry, distance: 0, reason: 'case' };
        }
      }
      return null;
    }
  };

  return { match, nearMiss };
}

// Tables are compiled once and remembered for as long as the table object lives.
const compiledTables = new WeakMap<DeclaredTable, DeclaredMatcher>();

function matcherFor(table: DeclaredTable): DeclaredMatcher {
  let matcher = compiledTables.get(table);
  if (!matcher) {
    matcher = compileDeclaredTable(table);
    compiledTables.set(table, matcher);
  }
  return matcher;
}

/**
 * The declared entry that covers an observed cookie, or null. Exact by default: the name must
 * equal a declared name, or fit a declared pattern (`exact: false` then). When the entry names
 * a domain it must match the cookie's (parent domains count). The table is compiled on first
 * use and cached; do not mutate it afterwards (or call compileDeclaredTable again).
 */
export function matchDeclared(
  table: DeclaredTable,
  cookieName: string,
  cookieDomain: string,
): { entry: DeclaredCookie; exact: boolean } | null {
  return matcherFor(table).match(cookieName, cookieDomain);
}

/**
 * A declared entry that almost names an undeclared cookie — a different case, one or two
 * letters off (for names of 8+ characters; one for 4–7; none below), or the right name on
 * another domain — as a hint for the report. Null when the cookie is declared or nothing is close.
 */
export function nearMissDeclared(
  table: DeclaredTable,
  cookieName: string,
  cookieDomain: string,
): NearMiss | null {
  return matcherFor(table).nearMiss(cookieName, cookieDomain);
}
