import { DomUtils, parseDocument } from 'htmlparser2';

type Document = ReturnType<typeof parseDocument>;
type Element = ReturnType<typeof DomUtils.findAll>[number];
export type { Document, Element };

/** The document as htmlparser2 reads it (entities decoded), for structural assertions. */
export function parseHtml(html: string, xmlMode = false): Document {
  return parseDocument(html, { xmlMode });
}

/** Every element in the tree, in document order. */
export function elements(root: Document | Element): Element[] {
  return DomUtils.findAll(() => true, root.children);
}

/** Elements with this tag name (and, optionally, this class). */
export function byTag(root: Document | Element, tag: string, className?: string): Element[] {
  return elements(root).filter(
    (e) => e.name === tag && (className === undefined || classes(e).includes(className)),
  );
}

export function classes(e: Element): string[] {
  return (e.attribs.class ?? '').split(/\s+/).filter(Boolean);
}

export function text(node: Document | Element): string {
  return DomUtils.textContent(node);
}

/** "tag" → count, for comparing the shape of two documents. */
export function tagCounts(root: Document): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of elements(root)) counts[e.name] = (counts[e.name] ?? 0) + 1;
  return counts;
}
