/**
 * Plain text of HtmlTree elements, with line breaks where the page breaks lines (block
 * elements and `<br>`), so "one name per line" cells and "Label: value" lines survive.
 */
import { parseHtmlTree, type HtmlElement, type HtmlNode } from './html-tree.ts';

export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'tr',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'nav',
  'aside',
  'blockquote',
  'pre',
  'hr',
  'caption',
  'figure',
  'figcaption',
  'form',
  'fieldset',
  'details',
  'summary',
  'address',
  'legend',
  'center',
]);
const SOURCE_BREAKS = /[\r\n\t\f]+/g;
export const HEADING_TAGS: ReadonlySet<string> = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

export interface TextOptions {
  /** Leave out nested tables (a cell's own text). */
  skipTables?: boolean;
  /** Leave out definition lists. */
  skipLists?: boolean;
  /** Stop after this many characters. */
  limit?: number;
}

/**
 * Text of `node` and its descendants. Lines are separated by "\n"; table cells by a tab.
 * Recursion is bounded by the tree's MAX_DEPTH.
 */
export function textOf(node: HtmlNode, options: TextOptions = {}): string {
  const parts: string[] = [];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  // Counts the line and cell breaks too: a page of empty blocks must not outgrow the limit.
  let length = 0;
  const push = (text: string): void => {
    parts.push(text);
    length += text.length;
  };
  let inPre = 0;
  const visit = (n: HtmlNode): void => {
    if (length >= limit) return;
    if (typeof n === 'string') {
      // Line breaks in the source are spaces on the page; only blocks and <br> break lines.
      push(inPre > 0 ? n : n.replace(SOURCE_BREAKS, ' '));
      return;
    }
    if (n.tag === 'br') {
      push('\n');
      return;
    }
    if (options.skipTables && n.tag === 'table') return;
    if (options.skipLists && n.tag === 'dl') return;
    const block = BLOCK_TAGS.has(n.tag);
    if (block) push('\n');
    if (n.tag === 'td' || n.tag === 'th') push('\t');
    if (n.tag === 'pre') inPre++;
    for (const child of n.children) {
      if (length >= limit) break;
      visit(child);
    }
    if (n.tag === 'pre') inPre--;
    if (block) push('\n');
    if (n.tag === 'td' || n.tag === 'th') push('\t');
  };
  for (const child of typeof node === 'string' ? [node] : node.children) {
    if (length >= limit) break;
    visit(child);
  }
  const text = parts.join('');
  return length > limit ? text.slice(0, limit) : text;
}

/** Text of the element on one line, whitespace collapsed. */
export function inlineTextOf(node: HtmlNode, options: TextOptions = {}): string {
  return textOf(node, options).replace(/\s+/g, ' ').trim();
}

/** True when every piece of text in the cell sits inside `<strong>`/`<b>` (a bold header cell). */
export function isAllBold(element: HtmlElement): boolean {
  let bold = false;
  let plain = false;
  const visit = (n: HtmlNode, inBold: boolean): void => {
    if (plain) return;
    if (typeof n === 'string') {
      if (n.trim() === '') return;
      if (inBold) bold = true;
      else plain = true;
      return;
    }
    const b = inBold || n.tag === 'strong' || n.tag === 'b' || HEADING_TAGS.has(n.tag);
    for (const child of n.children) visit(child, b);
  };
  visit(element, false);
  return bold && !plain;
}

/**
 * Plain text of an HTML fragment from an untrusted source (a consent platform's purpose text
 * with `<br/>` and links): tags dropped, entities decoded, lines kept. Text without markup is
 * returned as it is.
 */
export function fragmentToText(fragment: string, limit = 20_000): string {
  const head = fragment.length > limit * 2 ? fragment.slice(0, limit * 2) : fragment;
  if (!head.includes('<') && !head.includes('&')) return head.slice(0, limit);
  return textOf(parseHtmlTree(head).root, { limit });
}
