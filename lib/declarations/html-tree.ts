/**
 * A light, bounded element tree built with htmlparser2's streaming parser: only the tags and
 * the few attributes the declaration readers use, text already entity-decoded, and nothing
 * from scripts, styles or other non-text content. No browser DOM is involved, so the same code
 * runs in the service worker and on the command line.
 */
import { Parser } from 'htmlparser2';

export interface HtmlElement {
  tag: string;
  /** Only lang, class, id, colspan, rowspan, href, title, aria-label are kept. */
  attrs: Readonly<Record<string, string>>;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | string;

export interface HtmlTree {
  root: HtmlElement;
  /** `<html lang>` (or `xml:lang`), as written. */
  lang: string | null;
  /** `<base href>`, as written. */
  baseHref: string | null;
  /** What was cut to keep the tree bounded. */
  truncated: { input: boolean; elements: boolean; depth: boolean };
}

/** Characters of HTML read; a policy page is far smaller. */
export const HTML_INPUT_LIMIT = 5 * 1024 * 1024;
/** Elements kept; beyond this, text is still kept but attached to the current element. */
export const MAX_ELEMENTS = 400_000;
/** Nesting kept; deeper elements are flattened into their ancestor at this depth. */
export const MAX_DEPTH = 200;

const KEPT_ATTRIBUTES = new Set([
  'lang',
  'xml:lang',
  'class',
  'id',
  'colspan',
  'rowspan',
  'href',
  'title',
  'aria-label',
]);
// Content that is never text a visitor reads as the policy.
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'select',
  'textarea',
  'title',
  'head',
]);

/** Parses `html` (its first HTML_INPUT_LIMIT characters) into an HtmlTree. Never throws on input. */
export function parseHtmlTree(html: string): HtmlTree {
  const input = html.length > HTML_INPUT_LIMIT ? html.slice(0, HTML_INPUT_LIMIT) : html;
  const root: HtmlElement = { tag: '#root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  // For each open element: kept in the tree, flattened into its ancestor, or skipped with its content.
  const opened: ('kept' | 'flat' | 'skip')[] = [];
  let skipping = 0;
  let elements = 0;
  let lang: string | null = null;
  let baseHref: string | null = null;
  const truncated = { input: input.length < html.length, elements: false, depth: false };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'html' && lang === null) lang = attribs.lang ?? attribs['xml:lang'] ?? null;
        if (name === 'base' && baseHref === null && attribs.href) baseHref = attribs.href;
        if (skipping > 0 || SKIPPED.has(name)) {
          skipping++;
          opened.push('skip');
          return;
        }
        if (stack.length > MAX_DEPTH || elements >= MAX_ELEMENTS) {
          if (stack.length > MAX_DEPTH) truncated.depth = true;
          else truncated.elements = true;
          opened.push('flat');
          // Keep line structure even when flattened.
          if (name === 'br' || name === 'p' || name === 'div' || name === 'tr' || name === 'li') {
            (stack[stack.length - 1] as HtmlElement).children.push('\n');
          }
          return;
        }
        const attrs: Record<string, string> = {};
        for (const key of Object.keys(attribs)) {
          if (KEPT_ATTRIBUTES.has(key)) attrs[key] = (attribs[key] as string).slice(0, 2_000);
        }
        const element: HtmlElement = { tag: name, attrs, children: [] };
        (stack[stack.length - 1] as HtmlElement).children.push(element);
        stack.push(element);
        opened.push('kept');
        elements++;
      },
      ontext(text) {
        if (skipping > 0) return;
        const parent = stack[stack.length - 1] as HtmlElement;
        const last = parent.children.length - 1;
        // htmlparser2 delivers text in pieces (around entities); join them.
        if (last >= 0 && typeof parent.children[last] === 'string') {
          parent.children[last] = (parent.children[last] as string) + text;
        } else {
          parent.children.push(text);
        }
      },
      onclosetag() {
        const kind = opened.pop();
        if (kind === 'skip') {
          skipping--;
          return;
        }
        if (kind === 'flat') return;
        if (stack.length > 1) stack.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  try {
    parser.write(input);
    parser.end();
  } catch {
    // htmlparser2 is forgiving and does not throw on markup; this guards against the unexpected.
  }
  return { root, lang, baseHref, truncated };
}
