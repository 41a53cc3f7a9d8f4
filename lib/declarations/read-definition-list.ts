/**
 * Reads a `<dl>` as a cookie declaration, in either of the two ways sites write them:
 * `<dt>_ga</dt><dd>Provider: Google · Duration: 2 years</dd>` (name, then labelled details),
 * or `<dt>Cookie</dt><dd>_ga</dd><dt>Provider</dt><dd>Google</dd>` (label, then value).
 */
import { classifyHeader } from './cookie-columns.ts';
import {
  MAX_ROWS_PER_TABLE,
  type DeclaredCollector,
  type SectionContext,
} from './declared-collector.ts';
import type { RowFields } from './declared-row.ts';
import type { HtmlElement } from './html-tree.ts';
import { textOf } from './html-text.ts';
import { groupLabelLines, splitLabelValues, type LabelLine } from './label-records.ts';

interface Definition {
  term: string;
  details: string[];
}

const MAX_DEFINITIONS = MAX_ROWS_PER_TABLE;

function definitions(dl: HtmlElement): Definition[] {
  const list: Definition[] = [];
  const visit = (el: HtmlElement): void => {
    for (const child of el.children) {
      if (typeof child === 'string' || list.length >= MAX_DEFINITIONS) continue;
      if (child.tag === 'dt') list.push({ term: textOf(child, { limit: 2_000 }), details: [] });
      else if (child.tag === 'dd')
        list[list.length - 1]?.details.push(textOf(child, { skipLists: true, limit: 20_000 }));
      // HTML allows <div> groups inside <dl>; nested lists are their own.
      else if (child.tag !== 'dl') visit(child);
    }
  };
  visit(dl);
  return list;
}

/** Reads `dl` into `out` if it declares cookies; returns whether it did. */
export function readDefinitionList(
  dl: HtmlElement,
  section: SectionContext,
  out: DeclaredCollector,
): boolean {
  const defs = definitions(dl);
  if (defs.length === 0) return false;
  const context = {
    category: section.category,
    categoryText: section.categoryText,
    party: section.party,
    partyText: section.partyText,
  };

  // Label then value.
  const headers = defs.map((d) => classifyHeader(d.term.replace(/\s+/g, ' ')));
  const recognised = headers.filter((h) => h !== null);
  if (
    recognised.length >= 2 &&
    recognised.some((h) => h.kind === 'name') &&
    recognised.some((h) => h.kind !== 'name' && h.kind !== 'service') &&
    recognised.length * 2 >= defs.length
  ) {
    const lines: LabelLine[] = defs.map((d, i) => {
      const header = headers[i];
      return header
        ? { pairs: [{ label: d.term, header, value: d.details.join('\n') }], breaks: false }
        : { pairs: [], breaks: false };
    });
    for (const record of groupLabelLines(lines, MAX_DEFINITIONS)) {
      if (record.fields.name === undefined)
        out.skip(Object.values(record.fields).join(' | '), 'no cookie name');
      else out.addRow(record.fields, context);
    }
    return true;
  }

  // Name then labelled details.
  const rows: (RowFields | null)[] = defs.map((d) => {
    const fields: RowFields = {};
    let details = 0;
    for (const line of d.details.join('\n').split('\n')) {
      for (const pair of splitLabelValues(line)) {
        // "<dt>Google Analytics</dt><dd>Cookies: _ga, _gid</dd>": the term is the service.
        const kind =
          pair.header.kind === 'name' && !pair.header.cookieSpecific ? 'service' : pair.header.kind;
        if (fields[kind] === undefined) {
          fields[kind] = pair.value;
          if (kind !== 'service' && kind !== 'name') details++;
        }
      }
    }
    if (details === 0) return null;
    if (fields.name === undefined) fields.name = d.term;
    else fields.service ??= d.term;
    return fields;
  });
  const found = rows.filter((r) => r !== null).length;
  if (found === 0 || found * 2 < defs.length) return false;
  rows.forEach((fields, i) => {
    if (fields) out.addRow(fields, context);
    else
      out.skip(
        `${defs[i]?.term ?? ''} ${defs[i]?.details.join(' ') ?? ''}`,
        'definition without cookie details',
      );
  });
  return true;
}
