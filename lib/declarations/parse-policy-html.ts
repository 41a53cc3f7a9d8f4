/**
 * A cookie or privacy policy page (HTML) → the site's declared cookie table: every cookie table
 * on the page (header row in any language and column order, one table per category under its
 * heading, vertical per-service tables), definition lists, "Label: value" blocks, and from the
 * prose the category words used and the stated consent period. Everything kept is plain text.
 */
import {
  DeclaredCollector,
  NO_SECTION,
  sectionFromHeading,
  type SectionContext,
} from './declared-collector.ts';
import type { DeclaredTable } from './declared.ts';
import { detectLanguage } from './detect-language.ts';
import { extractPolicyProse } from './extract-policy-prose.ts';
import { HTML_INPUT_LIMIT, parseHtmlTree, type HtmlElement } from './html-tree.ts';
import { BLOCK_TAGS, HEADING_TAGS, inlineTextOf } from './html-text.ts';
import {
  groupLabelLines,
  splitLabelValues,
  type LabelLine,
  type LabelPair,
} from './label-records.ts';
import { readCookieTable } from './read-cookie-table.ts';
import { readDefinitionList } from './read-definition-list.ts';
import { cleanText } from './text.ts';

export interface ParsePolicyOptions {
  /** ISO time to record as `retrievedAt` (the caller's clock; lib/ reads none). */
  retrievedAt?: string;
}

interface Line {
  text: string;
  section: SectionContext;
  /** "Label: value" pairs found on the line, filled in by readLabelBlocks. */
  pairs?: LabelPair[];
}

const MAX_LINES = 200_000;
const LINE_LIMIT = 4_000;
/** Short blocks that may name the category of what follows ("<p><strong>Statistik</strong></p>"). */
const LABEL_TAGS = new Set([
  'p',
  'div',
  'span',
  'summary',
  'button',
  'legend',
  'label',
  'strong',
  'b',
]);
const LABEL_TEXT_LIMIT = 60;

function hasBlockChild(el: HtmlElement): boolean {
  return el.children.some(
    (c) => typeof c !== 'string' && (BLOCK_TAGS.has(c.tag) || HEADING_TAGS.has(c.tag)),
  );
}

/** Walks the tree once in document order, reading tables and lists as it meets them. */
class PolicyWalker {
  section: SectionContext = NO_SECTION;
  readonly lines: Line[] = [];
  private buffer: string[] = [];
  private bufferLength = 0;

  constructor(private readonly out: DeclaredCollector) {}

  private flush(): void {
    if (this.buffer.length === 0) return;
    const text = cleanText(this.buffer.join(''), LINE_LIMIT);
    this.buffer = [];
    this.bufferLength = 0;
    if (text !== '' && this.lines.length < MAX_LINES)
      this.lines.push({ text, section: this.section });
  }

  private append(text: string): void {
    if (this.bufferLength > LINE_LIMIT) return;
    this.buffer.push(text);
    this.bufferLength += text.length;
  }

  private setSection(next: SectionContext): void {
    this.section = next;
    if (next.categoryText) this.out.mention(next.categoryText, next.category);
  }

  walk(el: HtmlElement): void {
    for (const child of el.children) {
      if (typeof child === 'string') {
        this.append(child);
        continue;
      }
      const tag = child.tag;
      if (tag === 'br') {
        this.flush();
        continue;
      }
      if (tag === 'table') {
        this.flush();
        const read = readCookieTable(child, this.section, this.out);
        if (read.isCookieTable) this.nestedTables(child);
        else this.walk(child);
        this.flush();
        continue;
      }
      if (tag === 'dl') {
        this.flush();
        if (!readDefinitionList(child, this.section, this.out)) this.walk(child);
        this.flush();
        continue;
      }
      if (HEADING_TAGS.has(tag)) {
        this.flush();
        const text = inlineTextOf(child, { limit: 500 });
        this.setSection(sectionFromHeading(text));
        // Headings also end label blocks and are part of the prose.
        if (text !== '' && this.lines.length < MAX_LINES)
          this.lines.push({ text, section: this.section });
        this.nestedTables(child);
        continue;
      }
      const block = BLOCK_TAGS.has(tag) || tag === 'td' || tag === 'th';
      if (block) this.flush();
      // Only small elements can be a label; this keeps the check cheap on long pages.
      if (LABEL_TAGS.has(tag) && child.children.length <= 3 && !hasBlockChild(child)) {
        const text = inlineTextOf(child, { limit: LABEL_TEXT_LIMIT * 2 });
        if (text.length > 0 && text.length <= LABEL_TEXT_LIMIT && !text.includes(':')) {
          const next = sectionFromHeading(text);
          if (next.category) this.setSection(next);
        }
      }
      this.walk(child);
      if (block) this.flush();
    }
  }

  /** Tables inside a table already read (or inside a heading) are read on their own. */
  private nestedTables(el: HtmlElement): void {
    for (const child of el.children) {
      if (typeof child === 'string') continue;
      if (child.tag === 'table') readCookieTable(child, this.section, this.out);
      this.nestedTables(child);
    }
  }

  end(): void {
    this.flush();
  }
}

/** Records of "Cookie: _ga / Provider: Google / Expiry: 2 years" lines outside tables and lists. */
function readLabelBlocks(lines: readonly Line[], out: DeclaredCollector): void {
  const labelLines = function* (): Generator<LabelLine<SectionContext>> {
    for (const line of lines) {
      line.pairs = line.text.includes(':') ? splitLabelValues(line.text) : [];
      yield { pairs: line.pairs, breaks: true, tag: line.section };
    }
  };
  for (const record of groupLabelLines(labelLines(), 20_000)) {
    const f = record.fields;
    if (f.name === undefined) continue;
    const details = [
      f.provider,
      f.purpose,
      f.duration,
      f.category,
      f.party,
      f.domain,
      f.type,
    ].filter((v) => v !== undefined).length;
    // "Navn: …" + "Formål: …" alone also describes processors and contacts; ask for more.
    const cookieEvidence =
      record.nameSpecific ||
      f.duration !== undefined ||
      f.party !== undefined ||
      f.type !== undefined;
    if (details === 0 || !cookieEvidence) continue;
    const section = record.tag ?? NO_SECTION;
    out.addRow(f, {
      category: section.category,
      categoryText: section.categoryText,
      party: section.party,
      partyText: section.partyText,
    });
  }
}

/**
 * Parses a policy page into a DeclaredTable (source 'policy-page'). Runs on htmlparser2, not
 * a browser DOM. Bounded: reads the first 5 MB, keeps at most 20,000 cookies and 5,000 rows per
 * table (the excess is counted in `skipped`), time linear in the input. Never throws on input.
 */
export function parsePolicyHtml(
  html: string,
  url: string | null,
  options: ParsePolicyOptions = {},
): DeclaredTable {
  const source = typeof html === 'string' ? html : '';
  const tree = parseHtmlTree(source);
  const out = new DeclaredCollector();
  const walker = new PolicyWalker(out);
  walker.walk(tree.root);
  walker.end();
  readLabelBlocks(walker.lines, out);

  // "Durée de conservation : 6 mois" describes a cookie, not how long the site keeps something.
  const proseText = walker.lines
    .filter((l) => !l.pairs?.some((p) => p.header.kind === 'duration'))
    .map((l) => l.text)
    .join('\n');
  const prose = extractPolicyProse(proseText);
  for (const m of prose.categoriesMentioned) out.mention(m.text, m.category);

  const skipped = out.finalSkipped();
  if (tree.truncated.input)
    skipped.push({ text: '', reason: `page cut at ${HTML_INPUT_LIMIT} characters` });
  if (tree.truncated.elements || tree.truncated.depth) {
    skipped.push({
      text: '',
      reason: 'page structure flattened beyond the element or nesting cap',
    });
  }

  const table: DeclaredTable = {
    source: 'policy-page',
    url,
    language: detectLanguage(tree.lang, proseText),
    cookies: out.cookies,
    consentLifetime: prose.consentLifetime,
    categoriesMentioned: out.categoriesMentioned,
    retentionStatements: prose.retentionStatements,
    skipped,
  };
  if (options.retrievedAt) table.retrievedAt = options.retrievedAt;
  return table;
}
