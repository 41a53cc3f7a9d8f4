/**
 * The two small functions that run inside a visited page to find its declaration: one in the
 * page's own JavaScript world (the consent platform's objects live there), one in an isolated
 * world (links and rendered markup, read with DOM functions the page cannot replace). The
 * extension injects them with `scripting.executeScript` (the command line asks the extension to),
 * which sends the function's source text; so each is self-contained: no imports, no module-level
 * functions, and inner functions written as object methods (a build that keeps function names,
 * as tsx does, would otherwise wrap named inner functions in a `__name` call the page cannot
 * resolve).
 *
 * What they return is untrusted, bounded plain data; `discover-declaration.ts` validates it.
 */

export interface CmpReadLimits {
  /** Characters of text copied in all. */
  maxChars: number;
  /** Values (objects, arrays, strings, numbers) copied in all. */
  maxNodes: number;
}

export const CMP_READ_LIMITS: CmpReadLimits = { maxChars: 2_000_000, maxNodes: 100_000 };

/** What the page's consent platform objects hold, as plain data. */
export interface CmpPageData {
  url: string;
  /** Cookiebot's dialog tables: `{ cookieTableNecessary: [...], … }`, or null. */
  cookiebot: unknown;
  /** `OneTrust.GetDomainData()`'s `Groups` and `Language`, or null. */
  onetrust: unknown;
  /** Some data did not fit the limits and was left out. */
  truncated: boolean;
}

export interface HintReadLimits {
  maxLinks: number;
  maxLinkText: number;
  maxHref: number;
  /** Characters of Cookie Information markup copied in all. */
  maxMarkup: number;
  maxFragments: number;
}

export const HINT_READ_LIMITS: HintReadLimits = {
  maxLinks: 2_000,
  maxLinkText: 200,
  maxHref: 2_000,
  maxMarkup: 2_000_000,
  maxFragments: 40,
};

/** What the page shows that leads to its declaration. */
export interface PageHints {
  url: string;
  /** `<a href>` (resolved by the browser) and `<link rel="privacy-policy">`, with their text. */
  links: { href: string; text: string }[];
  /** Outer HTML of the parts holding a Cookie Information cookie list. */
  cookieInformation: string[];
}

/**
 * Runs in the page's world: copies Cookiebot's declaration tables (`CookieConsentDialog` /
 * `Cookiebot.dialog`) and OneTrust's domain data (`OneTrust.GetDomainData()`) into plain data
 * within `limits`. Every read is guarded: the page owns these objects and may booby-trap them.
 */
export function readCmpDeclarationData(
  limits: CmpReadLimits,
  win: unknown = globalThis,
): CmpPageData {
  const budget = { nodes: limits.maxNodes, chars: limits.maxChars, truncated: false };
  const h = {
    get(target: unknown, key: string): unknown {
      if ((typeof target !== 'object' && typeof target !== 'function') || target === null)
        return undefined;
      try {
        return (target as Record<string, unknown>)[key];
      } catch {
        return undefined;
      }
    },
    call(target: unknown, key: string): unknown {
      const fn = h.get(target, key);
      if (typeof fn !== 'function') return undefined;
      try {
        return (fn as () => unknown).call(target);
      } catch {
        return undefined;
      }
    },
    spent(): boolean {
      if (budget.nodes > 0 && budget.chars > 0) return false;
      budget.truncated = true;
      return true;
    },
    copy(value: unknown, depth: number): unknown {
      if (h.spent()) return undefined;
      budget.nodes--;
      if (typeof value === 'string') {
        const text = value.length > budget.chars ? value.slice(0, budget.chars) : value;
        budget.chars -= text.length;
        return text;
      }
      if (typeof value === 'number') return Number.isFinite(value) ? value : null;
      if (typeof value === 'boolean') return value;
      if (typeof value !== 'object' || value === null || depth <= 0) return null;
      try {
        if (Array.isArray(value)) {
          const length = h.get(value, 'length');
          const n = typeof length === 'number' ? Math.min(length, 100_000) : 0;
          const out: unknown[] = [];
          for (let i = 0; i < n; i++) {
            if (h.spent()) break;
            out.push(h.copy(h.get(value, String(i)), depth - 1));
          }
          return out;
        }
        const out: Record<string, unknown> = {};
        let keys = 0;
        for (const key in value) {
          if (++keys > 2_000 || h.spent()) break;
          if (key === '__proto__' || !Object.prototype.hasOwnProperty.call(value, key)) continue;
          const item = h.copy(h.get(value, key), depth - 1);
          if (item !== undefined) out[key] = item;
        }
        return out;
      } catch {
        return null;
      }
    },
  };

  let cookiebot: unknown = null;
  const dialog = h.get(win, 'CookieConsentDialog') ?? h.get(h.get(win, 'Cookiebot'), 'dialog');
  if (typeof dialog === 'object' && dialog !== null) {
    const tables: Record<string, unknown> = {};
    for (const key of [
      'cookieTableNecessary',
      'cookieTablePreference',
      'cookieTableStatistics',
      'cookieTableAdvertising',
      'cookieTableUnclassified',
    ]) {
      const rows = h.get(dialog, key);
      if (Array.isArray(rows)) tables[key] = h.copy(rows, 3);
    }
    if (Object.keys(tables).length > 0) cookiebot = tables;
  }

  let onetrust: unknown = null;
  const domainData = h.call(h.get(win, 'OneTrust'), 'GetDomainData');
  if (typeof domainData === 'object' && domainData !== null) {
    const groups = h.get(domainData, 'Groups');
    if (Array.isArray(groups)) {
      onetrust = { Groups: h.copy(groups, 7), Language: h.copy(h.get(domainData, 'Language'), 2) };
    }
  }

  const href = h.get(h.get(win, 'location'), 'href');
  return {
    url: typeof href === 'string' ? href.slice(0, 2_000) : '',
    cookiebot,
    onetrust,
    truncated: budget.truncated,
  };
}

/**
 * Runs in an isolated world of the page (the content-script world, whose DOM functions the page
 * cannot replace): the page's links with their text, and the outer HTML of the parts that hold
 * a Cookie Information cookie list (`…__found-cookies` / `…__cookie-details`), within `limits`.
 */
export function readPageDeclarationHints(
  limits: HintReadLimits,
  win: unknown = globalThis,
): PageHints {
  const doc = (win as { document?: Document }).document;
  const href = (win as { location?: Location }).location?.href;
  const hints: PageHints = {
    url: typeof href === 'string' ? href.slice(0, 2_000) : '',
    links: [],
    cookieInformation: [],
  };
  if (!doc) return hints;

  const anchors = doc.querySelectorAll('a[href], area[href], link[rel~="privacy-policy"][href]');
  for (let i = 0; i < anchors.length && hints.links.length < limits.maxLinks; i++) {
    const el = anchors[i] as HTMLAnchorElement;
    // SVG links carry an object, not a string, in `href`.
    const target = typeof el.href === 'string' ? el.href : null;
    if (!target || target.length > limits.maxHref) continue;
    const text =
      el.tagName.toLowerCase() === 'link'
        ? 'privacy policy'
        : (el.textContent ?? '').trim() ||
          el.getAttribute('aria-label') ||
          el.getAttribute('title') ||
          '';
    hints.links.push({ href: target, text: text.slice(0, limits.maxLinkText) });
  }

  const roots: Element[] = [];
  const lists = doc.querySelectorAll('[class*="__found-cookies"], [class*="__cookie-details"]');
  let left = limits.maxMarkup;
  for (let i = 0; i < lists.length && roots.length < limits.maxFragments && left > 0; i++) {
    const list = lists[i] as Element;
    if (roots.some((r) => r.contains(list))) continue;
    const root =
      list.closest('#cookie-information-template-wrapper, [class*="__categories-wrapper"]') ??
      list.closest('[class*="__category-container"]') ??
      list.parentElement ??
      list;
    // A root found later may hold earlier ones; keep the larger.
    for (let j = roots.length - 1; j >= 0; j--)
      if (root.contains(roots[j] as Element)) roots.splice(j, 1);
    roots.push(root);
  }
  for (const root of roots) {
    const markup = root.outerHTML;
    if (markup.length > left) break;
    hints.cookieInformation.push(markup);
    left -= markup.length;
  }
  return hints;
}
