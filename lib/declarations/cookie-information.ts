/**
 * Cookie Information's rendered cookie declaration → DeclaredTable.
 *
 * Cookie Information (cookieinformation.com) lists a site's cookies in the settings layer of its
 * banner (`#cookie-information-template-wrapper`, rendered by uc.js) and on the site's cookie
 * page (rendered by cid.js). Both use one markup: per category a container whose id names the
 * category (`description-container-cookie_cat_statistic`, `…-cookie_cat_marketing`), a heading
 * with the category's name, and per cookie a `…__cookie-details` block of rows:
 *
 *   <div class="coi-consent-banner__cookie-details">
 *     <div class="cookie-details__detail-container cookie-details__detail-container-data-processor-name">
 *       <span class="cookie-details__detail-title">Tjeneste:</span>
 *       <span class="cookie-details__detail-content">Google Analytics</span></div>
 *     <div class="… cookie-details__detail-container-purpose">…Formål:…</div>
 *     <div class="… cookie-details__detail-container-data-processor-privacy-policy">…</div>
 *     <div class="… cookie-details__detail-container-expiry">…Udløb: 2 år</div>
 *     <div class="… cookie-details__detail-container-name">…Navn: _ga</div>
 *     <div class="… cookie-details__detail-container-provider">…Udbyder: .example.dk</div>
 *   </div>
 *
 * A row's field comes from its class, else from its label in any language the column reader
 * knows (Navn, Name, Namn; Udbyder, Provider, Leverantör; Udløb, Expiry, Utgångstid; …).
 * "Udbyder" holds the domain the cookie lives on; "Tjeneste" the service that sets it. Input is
 * untrusted HTML and read as text only, bounded like every policy page.
 */
import type { Category } from '../domain/category.ts';
import type { CmpOptions } from './cmp-declarations.ts';
import { classifyHeader, type ColumnKind } from './cookie-columns.ts';
import { DeclaredCollector, sectionFromHeading } from './declared-collector.ts';
import type { RowFields } from './declared-row.ts';
import type { DeclaredTable } from './declared.ts';
import { detectLanguage } from './detect-language.ts';
import { HEADING_TAGS, inlineTextOf } from './html-text.ts';
import { parseHtmlTree, type HtmlElement } from './html-tree.ts';
import { parseCategory } from './parse-category.ts';
import { cleanText } from './text.ts';

/** Cookie Information's category ids (`cookie_cat_<id>`) and what they mean. */
const CATEGORY_IDS: Readonly<Record<string, Category>> = {
  necessary: 'necessary',
  functional: 'preferences',
  statistic: 'statistics',
  statistics: 'statistics',
  marketing: 'marketing',
  unclassified: 'unclassified',
};

/** Field names in the classes `cookie-details__detail-container-<field>`. */
const FIELD_CLASSES: Readonly<Record<string, ColumnKind | 'ignore'>> = {
  name: 'name',
  provider: 'provider',
  purpose: 'purpose',
  expiry: 'duration',
  'data-processor-name': 'service',
  type: 'type',
  category: 'category',
  'data-processor-privacy-policy': 'ignore',
  'privacy-policy': 'ignore',
};

const DOMAIN_LIKE = /^\.?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i;
const CATEGORY_ID = /cookie_cat_([a-z0-9_]{1,60})/i;
/** Characters of the labels and purposes sampled to tell the language. */
const LANGUAGE_SAMPLE = 4_000;

interface CategoryContext {
  category: Category | null;
  categoryText: string | null;
}

const NO_CATEGORY: CategoryContext = { category: null, categoryText: null };

function classTokens(el: HtmlElement): string[] {
  const value = el.attrs.class;
  return value ? value.split(/\s+/).filter((t) => t !== '') : [];
}

function hasClassEnding(el: HtmlElement, suffix: string): boolean {
  return classTokens(el).some((t) => t.endsWith(suffix));
}

function childElements(el: HtmlElement): HtmlElement[] {
  return el.children.filter((c): c is HtmlElement => typeof c !== 'string');
}

/** The first descendant (in document order, `el` included) that `test` accepts; bounded by `budget`. */
function findFirst(
  el: HtmlElement,
  test: (e: HtmlElement) => boolean,
  budget = { nodes: 2_000 },
): HtmlElement | null {
  if (--budget.nodes < 0) return null;
  if (test(el)) return el;
  for (const child of childElements(el)) {
    const found = findFirst(child, test, budget);
    if (found) return found;
  }
  return null;
}

/** Does this markup hold a Cookie Information cookie list? Cheap text test before any parsing. */
export function hasCookieInformationMarkup(html: string): boolean {
  return typeof html === 'string' && html.includes('__cookie-details');
}

/** The category a `cookie_cat_<id>` id names, with the heading text when there is one. */
function categoryFromId(id: string, heading: string | null): CategoryContext {
  const key = id.toLowerCase();
  const known = CATEGORY_IDS[key];
  const fromHeading = heading ? parseCategory(heading) : null;
  return {
    category: known ?? fromHeading,
    categoryText: heading ?? `cookie_cat_${key}`,
  };
}

/** A category's name as written, without the description some templates put inside the label. */
function labelText(el: HtmlElement): string | null {
  const heading = HEADING_TAGS.has(el.tag) ? el : findFirst(el, (e) => HEADING_TAGS.has(e.tag));
  const shown = heading ?? {
    ...el,
    children: el.children.filter(
      (c) => typeof c === 'string' || !hasClassEnding(c, '__category-description'),
    ),
  };
  return cleanText(inlineTextOf(shown, { limit: 200 }), 80) || null;
}

/** What a category container says: its id (`…cookie_cat_statistic`) and its heading. */
function containerCategory(el: HtmlElement): CategoryContext | null {
  const named = findFirst(el, (e) => CATEGORY_ID.test(e.attrs.id ?? ''));
  const nameEl = findFirst(
    el,
    (e) => hasClassEnding(e, '__category-name') || HEADING_TAGS.has(e.tag),
  );
  const heading = nameEl ? labelText(nameEl) : null;
  const match = named ? CATEGORY_ID.exec(named.attrs.id ?? '') : null;
  if (match) return categoryFromId(match[1] as string, heading);
  if (heading) {
    const category = parseCategory(heading);
    if (category) return { category, categoryText: heading };
  }
  return null;
}

/** One `…__cookie-details` block → its fields by kind. */
function readDetails(el: HtmlElement): RowFields {
  const fields: RowFields = {};
  const rows: HtmlElement[] = [];
  const collect = (e: HtmlElement, depth: number): void => {
    if (depth > 6 || rows.length >= 30) return;
    for (const child of childElements(e)) {
      if (classTokens(child).includes('cookie-details__detail-container')) rows.push(child);
      else collect(child, depth + 1);
    }
  };
  collect(el, 0);
  for (const row of rows) {
    let kind: ColumnKind | 'ignore' | null = null;
    for (const token of classTokens(row)) {
      const prefix = 'cookie-details__detail-container-';
      if (token.startsWith(prefix)) kind = FIELD_CLASSES[token.slice(prefix.length)] ?? kind;
    }
    const title = findFirst(row, (e) => hasClassEnding(e, '__detail-title'));
    const content = findFirst(row, (e) => hasClassEnding(e, '__detail-content'));
    if (kind === null && title)
      kind = classifyHeader(inlineTextOf(title, { limit: 120 }))?.kind ?? null;
    if (kind === null || kind === 'ignore') continue;
    const value = cleanText(inlineTextOf(content ?? row, { limit: 4_000 }));
    if (value === '' || fields[kind] !== undefined) continue;
    fields[kind] = value;
  }
  // "Udbyder" is the domain the cookie is stored on; the service ("Tjeneste") names who sets it.
  if (fields.provider !== undefined && DOMAIN_LIKE.test(fields.provider)) {
    fields.domain = fields.provider;
    if (fields.service !== undefined) fields.provider = fields.service;
  } else if (fields.provider === undefined && fields.service !== undefined) {
    fields.provider = fields.service;
  }
  delete fields.service;
  return fields;
}

/**
 * Cookie Information's declaration from its rendered markup (the banner's settings layer or
 * the cookie page rendered by cid.js, or fragments of either). Every `…__cookie-details`
 * block becomes a row; its category comes from the enclosing container's `cookie_cat_…` id or
 * heading, else the nearest heading before it. Rows without a name go to `skipped`.
 */
export function cookieInformationDeclarations(
  html: string,
  options: CmpOptions = {},
): DeclaredTable {
  const table: DeclaredTable = {
    source: 'cookieinformation',
    url: options.url ?? null,
    language: options.language ?? null,
    cookies: [],
    skipped: [],
  };
  if (options.retrievedAt) table.retrievedAt = options.retrievedAt;
  if (!hasCookieInformationMarkup(html)) return table;

  const tree = parseHtmlTree(html);
  const out = new DeclaredCollector();
  const sample: string[] = [];
  let sampled = 0;
  let section: CategoryContext = NO_CATEGORY;
  // The banner's dialog says its language (`lang="DA"`) when the page's <html> is not in the markup.
  let markupLang: string | null = null;

  const walk = (el: HtmlElement, context: CategoryContext | null): void => {
    for (const child of childElements(el)) {
      if (out.full) return;
      markupLang ??= child.attrs.lang ?? null;
      if (hasClassEnding(child, '__cookie-details')) {
        const fields = readDetails(child);
        const where = context ?? section;
        out.addRow(fields, { category: where.category, categoryText: where.categoryText });
        if (sampled < LANGUAGE_SAMPLE) {
          const text = inlineTextOf(child, { limit: 600 });
          sample.push(text);
          sampled += text.length;
        }
        continue;
      }
      if (HEADING_TAGS.has(child.tag) && context === null) {
        const heading = sectionFromHeading(inlineTextOf(child, { limit: 200 }));
        section = { category: heading.category, categoryText: heading.categoryText };
        if (heading.categoryText) out.mention(heading.categoryText, heading.category);
      }
      let next = context;
      if (hasClassEnding(child, '__category-container')) {
        next = containerCategory(child) ?? context;
      } else {
        const match = CATEGORY_ID.exec(child.attrs.id ?? '');
        if (match) next = categoryFromId(match[1] as string, context?.categoryText ?? null);
      }
      if (next && next !== context && next.categoryText)
        out.mention(next.categoryText, next.category);
      walk(child, next);
    }
  };
  walk(tree.root, null);

  table.cookies = out.cookies;
  table.skipped = out.finalSkipped();
  table.categoriesMentioned = out.categoriesMentioned;
  if (table.language === null)
    table.language = detectLanguage(tree.lang ?? markupLang, sample.join('\n'));
  if (tree.truncated.input) table.skipped.push({ text: '', reason: 'markup cut at the size cap' });
  return table;
}
