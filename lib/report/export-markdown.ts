/**
 * The Markdown export, for tickets and pull requests: per site a summary, a table of
 * violations and a table of cookies. Report values are escaped so that they can neither break
 * a table nor become a link, an image, code or HTML.
 */
import {
  categoryLabel,
  formatInt,
  formatTime,
  partyLabel,
  phaseLabel,
  reportStrings,
  ruleTitle,
  severityLabel,
  verdictText,
  type Language,
} from './i18n-report.ts';
import { truncate } from './escape.ts';
import { SEVERITIES, type AuditReport, type Severity, type Violation } from './types.ts';

export interface MarkdownExportOptions {
  language: Language;
}

/** Rows per table; a ticket with more is unreadable, and the JSON report has them all. */
const MAX_ROWS = 500;
const MAX_CELL = 300;

/**
 * The reports as GitHub-flavoured Markdown in `language`. Each cell is escaped with
 * `escapeMarkdown`, and line breaks inside values become spaces so rows stay on one line.
 */
export function exportMarkdown(
  reports: readonly AuditReport[],
  options: MarkdownExportOptions,
): string {
  const language: Language = options.language === 'da' ? 'da' : 'en';
  const s = reportStrings(language);
  const out: string[] = [];
  reports.forEach((report, i) => {
    if (i > 0) out.push('', '---', '');
    out.push(...siteMarkdown(report, language));
  });
  if (reports.length === 0) out.push(`# ${escapeMarkdown(s.documentTitle)}`);
  return out.join('\n') + '\n';
}

function siteMarkdown(report: AuditReport, language: Language): string[] {
  const s = reportStrings(language);
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const v of report.violations) counts[severityOf(v)]++;
  const trackers = report.requests.filter((r) => r.tracker).length;
  const lines: string[] = [
    `# ${escapeMarkdown(s.documentTitle)}: ${cell(report.site)}`,
    '',
    `**${escapeMarkdown(verdictText(counts, language))}**`,
    '',
    `- ${escapeMarkdown(s.auditedUrl)}: ${codeMarkdown(report.url, 1000)}`,
    `- ${escapeMarkdown(s.started)}: ${cell(formatTime(report.startedAt))}`,
    `- ${escapeMarkdown(s.finished)}: ${cell(formatTime(report.finishedAt))}`,
    `- ${escapeMarkdown(s.phases)}: ${cell(report.phases.map((p) => phaseLabel(p.name, language)).join(', '))}`,
    `- ${escapeMarkdown(s.cookies)}: ${formatInt(report.cookies.length, language)} · ${escapeMarkdown(s.storage)}: ${formatInt(report.storage.length, language)} · ${escapeMarkdown(s.requests)}: ${cell(s.requestCount(report.requests.length, trackers))}`,
    `- ${escapeMarkdown(s.tool)}: ${cell(`${report.tool?.name ?? ''} ${report.tool?.version ?? ''}`)}`,
    '',
    `## ${escapeMarkdown(s.violations)}`,
    '',
  ];
  if (report.violations.length === 0) {
    lines.push(escapeMarkdown(s.noViolationsNote));
  } else {
    const sorted = [...report.violations].sort(
      (a, b) => SEVERITIES.indexOf(severityOf(a)) - SEVERITIES.indexOf(severityOf(b)),
    );
    lines.push(
      tableRow([s.severity, s.rule, s.phase, s.subject, s.message].map(escapeMarkdown)),
      tableRow(['---', '---', '---', '---', '---']),
    );
    for (const v of sorted.slice(0, MAX_ROWS)) {
      lines.push(
        tableRow([
          cell(severityLabel(String(v.severity), language)),
          `${codeMarkdown(v.rule)} ${cell(ruleTitle(String(v.rule), language))}`,
          cell(phaseLabel(String(v.phase), language)),
          subjectMarkdown(v, language),
          cell(v.message, 1000),
        ]),
      );
    }
    if (sorted.length > MAX_ROWS) {
      lines.push('', escapeMarkdown(s.cappedRows(MAX_ROWS, sorted.length)));
    }
  }
  lines.push('', `## ${escapeMarkdown(s.cookies)}`, '');
  if (report.cookies.length === 0) {
    lines.push(escapeMarkdown(s.noCookies));
  } else {
    lines.push(
      tableRow(
        [
          s.name,
          s.domain,
          s.party,
          s.category,
          s.vendor,
          s.lifetimeStored,
          s.phase,
          s.declaredEntry,
        ].map(escapeMarkdown),
      ),
      tableRow(Array.from({ length: 8 }, () => '---')),
    );
    const hasDeclaration = report.declared !== null && report.declared !== undefined;
    for (const c of report.cookies.slice(0, MAX_ROWS)) {
      const lifetime =
        (c.session || c.lifetimeDays === null ? s.sessionCookie : s.days(c.lifetimeDays)) +
        (c.removed ? ` (${s.deleted})` : '');
      const declared = c.declared
        ? `${c.declared.name}${c.declared.duration ? ` (${c.declared.duration.text})` : ''}`
        : hasDeclaration
          ? s.notDeclared
          : s.none;
      lines.push(
        tableRow([
          codeMarkdown(c.name),
          codeMarkdown(c.domain),
          cell(partyLabel(String(c.party), language)),
          cell(categoryLabel(String(c.category), language)),
          cell(c.vendor ?? s.none),
          cell(lifetime),
          cell(phaseLabel(String(c.phase), language)),
          cell(declared),
        ]),
      );
    }
    if (report.cookies.length > MAX_ROWS) {
      lines.push('', escapeMarkdown(s.cappedRows(MAX_ROWS, report.cookies.length)));
    }
  }
  return lines;
}

/**
 * Escapes text for a Markdown table cell or an inline run: HTML-significant characters become
 * entities (so no tag or entity from the data is interpreted), Markdown punctuation that could
 * start emphasis, code, links, images or a table cell is backslash-escaped, and line breaks
 * become spaces so that a value cannot end its row.
 */
export function escapeMarkdown(value: unknown): string {
  const text =
    typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  return (
    text
      .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // `|` is escaped even inside code spans by GFM's table parser; the rest keep their
      // literal meaning only when escaped.
      .replace(/[\\`*_[\]|~#]/g, (ch) => `\\${ch}`)
  );
}

/**
 * A value as a code span: shown literally, never linked (no auto-linked URL, mention or issue
 * reference from the data). The fence is one backtick longer than any run inside the value;
 * the padding spaces are removed by Markdown; `|` is still escaped because GFM splits table
 * cells before it reads code spans.
 */
export function codeMarkdown(value: unknown, max = MAX_CELL): string {
  const raw =
    typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  const cut = truncate(raw, max);
  const text = (cut.omitted > 0 ? `${cut.text}…` : cut.text)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/\|/g, '\\|');
  if (text === '') return '';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // Markdown strips one space from each end only when both ends have one; pad just when needed.
  const pad = /^`|`$/.test(text) || (text.startsWith(' ') && text.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** An escaped cell value, cut at `max` characters. */
function cell(value: unknown, max = MAX_CELL): string {
  const raw =
    typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  const cut = truncate(raw, max);
  return escapeMarkdown(cut.omitted > 0 ? `${cut.text}… (+${cut.omitted})` : cut.text);
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
}

/** "Cookie: `_ga` `.example.dk`": the kind in words, the identifying parts as code. */
function subjectMarkdown(v: Violation, language: Language): string {
  const subject = v.subject;
  if (!subject) return '';
  const kinds = reportStrings(language).subjectKind as Readonly<Record<string, string | undefined>>;
  const parts = [subject.name, subject.domain, subject.host, subject.key, subject.origin]
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .map((p) => codeMarkdown(p));
  const kind = cell(kinds[String(subject.kind)] ?? subject.kind);
  return parts.length ? `${kind}: ${parts.join(' ')}` : kind;
}

function severityOf(v: Violation): Severity {
  return (SEVERITIES as readonly string[]).includes(v.severity) ? v.severity : 'info';
}
