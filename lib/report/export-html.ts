/**
 * The HTML report an auditor hands over: one self-contained file (inline CSS, no scripts, no
 * external resources) that reads on screen and prints to PDF with one site per page run.
 * Every value from the report is page-controlled and goes through `escapeHtml`; only http(s)
 * addresses of the audited page and of the declaration become links.
 */
import { CONSENT_CATEGORIES } from '../domain/category.ts';
import { RULES_BY_ID } from '../rules/index.ts';
import { escapeHtml, httpUrl, truncate } from './escape.ts';
import {
  categoryLabel,
  decisionLabel,
  formatInt,
  formatTime,
  partyLabel,
  phaseLabel,
  reportStrings,
  ruleTitle,
  severityLabel,
  verdictText,
  type Language,
  type ReportStrings,
} from './i18n-report.ts';
import { timelineCaption, timelineData, timelineSvg } from './timeline-svg.ts';
import {
  PHASE_NAMES,
  SEVERITIES,
  type AuditReport,
  type ReportCookie,
  type ReportRequest,
  type Severity,
  type Violation,
} from './types.ts';

export interface HtmlExportOptions {
  language: Language;
}

/** Longest value shown in a table cell; the JSON report keeps the whole value. */
const MAX_CELL = 300;
const MAX_URL = 200;
const MAX_PROSE = 2000;
/** Rows shown per table (cookies, storage, declared rows). */
const MAX_ROWS = 2000;
/** Requests shown per site, and in all. */
const MAX_REQUESTS_PER_SITE = 25;
const MAX_REQUEST_ROWS = 3000;
/** Violations shown in full per rule and site; more are counted. */
const MAX_VIOLATIONS_PER_RULE = 200;
/** Evidence bounds: nesting, keys per object, items per array, and values in all. */
const EVIDENCE_DEPTH = 4;
const EVIDENCE_KEYS = 40;
const EVIDENCE_ITEMS = 15;
const EVIDENCE_NODES = 400;
const EVIDENCE_STRING = 500;
const TIMELINE_WIDTH = 900;

/**
 * Renders one or more audit reports as one self-contained HTML document in `language`
 * ('en' or 'da'). Pure and deterministic: the same reports give the same bytes.
 */
export function exportHtml(reports: readonly AuditReport[], options: HtmlExportOptions): string {
  const language: Language = options.language === 'da' ? 'da' : 'en';
  const s = reportStrings(language);
  const first = reports[0];
  const title =
    reports.length === 1 && first ? `${s.documentTitle}: ${String(first.site)}` : s.documentTitle;
  const tool = first
    ? `${String(first.tool?.name ?? 'consentlens')} ${String(first.tool?.version ?? '')}`
    : 'consentlens';

  const body: string[] = [];
  body.push(
    `<header class="doc"><p class="kicker">ConsentLens</p><h1>${escapeHtml(title)}</h1>`,
    `<p class="muted">${escapeHtml(s.reportCount(reports.length))}</p></header>`,
    '<main>',
  );
  if (reports.length > 1) body.push(overview(reports, language));
  reports.forEach((report, i) => body.push(siteSection(report, i, language)));
  body.push(
    '</main>',
    `<footer><p>${escapeHtml(s.footer)}</p><p>${escapeHtml(s.generatedBy(tool.trim()))}</p></footer>`,
  );

  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    // Defence in depth: even if markup slipped through, nothing could run or load.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<meta name="generator" content="${escapeHtml(tool.trim())}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A table of every audited site with its verdict, linking to its section. */
function overview(reports: readonly AuditReport[], language: Language): string {
  const s = reportStrings(language);
  const rows = reports.map((r, i) => {
    const counts = countBySeverity(r.violations);
    const cells = SEVERITIES.map(
      (sev) => `<td class="num">${formatInt(counts[sev], language)}</td>`,
    ).join('');
    return `<tr><th scope="row"><a href="#site-${i + 1}">${text(r.site)}</a></th><td class="mono">${text(r.url, MAX_URL)}</td><td>${escapeHtml(verdictText(counts, language))}</td>${cells}</tr>`;
  });
  const sevHeads = SEVERITIES.map(
    (sev) => `<th scope="col" class="num">${escapeHtml(severityLabel(sev, language))}</th>`,
  ).join('');
  return (
    `<nav class="toc" aria-labelledby="overview-h"><h2 id="overview-h">${escapeHtml(s.overview)}</h2>` +
    `<table><caption>${escapeHtml(s.contents)}</caption><thead><tr><th scope="col">${escapeHtml(s.site)}</th><th scope="col">${escapeHtml(s.auditedUrl)}</th><th scope="col">${escapeHtml(s.summary)}</th>${sevHeads}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></nav>`
  );
}

/** Everything about one audited site. */
function siteSection(report: AuditReport, index: number, language: Language): string {
  const s = reportStrings(language);
  const id = `site-${index + 1}`;
  const parts: string[] = [];
  parts.push(
    `<article class="site" id="${id}" aria-labelledby="${id}-h">`,
    `<h2 id="${id}-h">${text(report.site || report.url)}</h2>`,
    summary(report, language),
    `<section aria-labelledby="${id}-violations"><h3 id="${id}-violations">${escapeHtml(s.violations)}</h3>${violations(report, id, language)}</section>`,
    `<section aria-labelledby="${id}-consent"><h3 id="${id}-consent">${escapeHtml(s.consentState)}</h3>${consentTable(report, language)}</section>`,
    `<section aria-labelledby="${id}-timeline"><h3 id="${id}-timeline">${escapeHtml(s.timeline)}</h3>${timelines(report, id, language)}</section>`,
    `<section aria-labelledby="${id}-cookies"><h3 id="${id}-cookies">${escapeHtml(s.cookies)}</h3>${cookieTable(report, language)}</section>`,
    `<section aria-labelledby="${id}-storage"><h3 id="${id}-storage">${escapeHtml(s.storage)}</h3>${storageTable(report, language)}</section>`,
    `<section aria-labelledby="${id}-requests"><h3 id="${id}-requests">${escapeHtml(s.requests)}</h3>${requestTable(report, language)}</section>`,
    `<section aria-labelledby="${id}-declared"><h3 id="${id}-declared">${escapeHtml(s.declaration)}</h3>${declaration(report, language)}</section>`,
    `<section aria-labelledby="${id}-repro"><h3 id="${id}-repro">${escapeHtml(s.reproducibility)}</h3>${reproducibility(report, language)}</section>`,
    '</article>',
  );
  return parts.join('\n');
}

function summary(report: AuditReport, language: Language): string {
  const s = reportStrings(language);
  const counts = countBySeverity(report.violations);
  const worst = SEVERITIES.find((sev) => counts[sev] > 0) ?? 'none';
  const verdict = verdictText(counts, language);
  const note = worst === 'none' ? `<p class="muted">${escapeHtml(s.noViolationsNote)}</p>` : '';
  const trackers = report.requests.filter((r) => r.tracker).length;
  const phases = report.phases.map((p) => phaseLabel(p.name, language)).join(', ');
  const facts: [string, string][] = [
    [s.site, text(report.site)],
    [s.auditedUrl, urlText(report.url)],
    [s.started, escapeHtml(formatTime(report.startedAt))],
    [s.finished, escapeHtml(formatTime(report.finishedAt))],
    [s.phases, escapeHtml(phases)],
    [s.cookies, escapeHtml(formatInt(report.cookies.length, language))],
    [s.storage, escapeHtml(formatInt(report.storage.length, language))],
    [s.requests, escapeHtml(s.requestCount(report.requests.length, trackers))],
  ];
  return (
    `<section class="summary"><p class="verdict sev-${worst}"><strong>${escapeHtml(verdict)}</strong></p>${note}` +
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>` +
    limitsNote(report, language) +
    '</section>'
  );
}

/** Says what a per-visit cap left out, so that a short list is never mistaken for a full one. */
function limitsNote(report: AuditReport, language: Language): string {
  const limits = report.limits;
  if (!limits) return '';
  const s = reportStrings(language);
  const items = (['requests', 'cookies', 'storage', 'consentEvents'] as const)
    .filter((k) => (limits.dropped?.[k] ?? 0) > 0)
    .map(
      (k) =>
        `<li>${escapeHtml(s.limitItem(s.limitKind[k], limits.dropped[k], limits.caps?.[k] ?? 0))}</li>`,
    );
  return items.length > 0
    ? `<div class="note"><p>${escapeHtml(s.limitsNote)}</p><ul>${items.join('')}</ul></div>`
    : '';
}

/** Violations by severity, then by rule: the rule's texts once, then each finding. */
function violations(report: AuditReport, siteId: string, language: Language): string {
  const s = reportStrings(language);
  if (report.violations.length === 0) return `<p>${escapeHtml(s.noViolations)}.</p>`;
  const out: string[] = [];
  for (const severity of SEVERITIES) {
    const group = report.violations.filter((v) => severityOf(v) === severity);
    if (group.length === 0) continue;
    out.push(
      `<h4 class="sev-heading"><span class="badge sev-${severity}">${escapeHtml(severityLabel(severity, language))}</span> ${escapeHtml(s.severityHeading[severity])} (${formatInt(group.length, language)})</h4>`,
    );
    const byRule = new Map<string, Violation[]>();
    for (const v of group) {
      const list = byRule.get(String(v.rule)) ?? [];
      list.push(v);
      byRule.set(String(v.rule), list);
    }
    for (const [rule, list] of byRule) {
      out.push(ruleBlock(rule, list, siteId, language));
    }
  }
  return out.join('\n');
}

function ruleBlock(
  rule: string,
  list: readonly Violation[],
  siteId: string,
  language: Language,
): string {
  const s = reportStrings(language);
  const known = (
    RULES_BY_ID as Readonly<
      Record<string, (typeof RULES_BY_ID)[keyof typeof RULES_BY_ID] | undefined>
    >
  )[rule];
  const texts = known
    ? `<dl class="rule-text"><dt>${escapeHtml(s.ruleExplain)}</dt><dd>${escapeHtml(known.explain[language])}</dd>` +
      `<dt>${escapeHtml(s.ruleLegal)}</dt><dd>${escapeHtml(known.legal[language])}</dd>` +
      `<dt>${escapeHtml(s.ruleRemediation)}</dt><dd>${escapeHtml(known.remediation[language])}</dd></dl>`
    : `<p class="muted">${escapeHtml(s.ruleUnknown)}</p>`;
  const shown = list.slice(0, MAX_VIOLATIONS_PER_RULE);
  const items = shown.map((v) => violationItem(v, language)).join('\n');
  const more =
    list.length > shown.length
      ? `<p class="cut">${escapeHtml(s.moreItems(list.length - shown.length))}</p>`
      : '';
  return (
    `<section class="rule" aria-label="${escapeHtml(rule)}"><h5>${escapeHtml(ruleTitle(rule, language))} <code>${text(rule, 80)}</code></h5>` +
    `${texts}<p class="muted">${escapeHtml(s.occurrences)}: ${formatInt(list.length, language)}</p>` +
    `<ol class="violations" data-site="${siteId}">${items}</ol>${more}</section>`
  );
}

function violationItem(v: Violation, language: Language): string {
  const s = reportStrings(language);
  return (
    `<li class="violation"><p class="message">${text(v.message, MAX_PROSE)}</p>` +
    `<dl class="facts"><dt>${escapeHtml(s.phase)}</dt><dd>${escapeHtml(phaseLabel(String(v.phase), language))}</dd>` +
    `<dt>${escapeHtml(s.subject)}</dt><dd>${subjectHtml(v.subject, language)}</dd>` +
    `<dt>${escapeHtml(s.evidence)}</dt><dd>${evidenceHtml(v.evidence)}</dd></dl></li>`
  );
}

/** "Cookie: _ga · .example.dk" with the identifying parts in monospace. */
function subjectHtml(subject: Violation['subject'] | undefined, language: Language): string {
  if (!subject || typeof subject !== 'object') return escapeHtml(reportStrings(language).none);
  const kinds = reportStrings(language).subjectKind as Readonly<Record<string, string | undefined>>;
  const kind = kinds[String(subject.kind)] ?? String(subject.kind);
  const ids = [subject.name, subject.domain, subject.host, subject.key, subject.origin]
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .map((p) => `<span class="mono">${text(p)}</span>`);
  return `${escapeHtml(kind)}${ids.length ? ': ' + ids.join(' · ') : ''}`;
}

/** The evidence object as nested definition lists, bounded in depth, breadth, length and size. */
export function evidenceHtml(value: unknown): string {
  const budget = { nodes: EVIDENCE_NODES };
  return renderValue(value, 0, budget);
}

function renderValue(value: unknown, depth: number, budget: { nodes: number }): string {
  budget.nodes--;
  if (budget.nodes < 0) return '<span class="cut">…</span>';
  if (value === null || value === undefined) return '<span class="muted">null</span>';
  if (typeof value === 'string') return `<span class="val">${text(value, EVIDENCE_STRING)}</span>`;
  if (typeof value === 'number' || typeof value === 'boolean')
    return `<span class="val">${escapeHtml(String(value))}</span>`;
  if (typeof value !== 'object')
    return `<span class="val">${text(String(value), EVIDENCE_STRING)}</span>`;
  if (depth >= EVIDENCE_DEPTH) {
    let json = '';
    try {
      json = JSON.stringify(value) ?? '';
    } catch {
      json = '';
    }
    return `<span class="mono">${text(json, EVIDENCE_STRING)}</span>`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '<span class="muted">[]</span>';
    const shown = value.slice(0, EVIDENCE_ITEMS);
    const items = shown.map((item) => `<li>${renderValue(item, depth + 1, budget)}</li>`).join('');
    const more =
      value.length > shown.length ? `<li class="cut">… +${value.length - shown.length}</li>` : '';
    return `<ul class="ev-list">${items}${more}</ul>`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '<span class="muted">{}</span>';
  const shown = entries.slice(0, EVIDENCE_KEYS);
  const rows = shown
    .map(([k, v]) => `<dt>${text(k, 80)}</dt><dd>${renderValue(v, depth + 1, budget)}</dd>`)
    .join('');
  const more =
    entries.length > shown.length
      ? `<dt class="cut">…</dt><dd class="cut">+${entries.length - shown.length}</dd>`
      : '';
  return `<dl class="evidence">${rows}${more}</dl>`;
}

function consentTable(report: AuditReport, language: Language): string {
  const s = reportStrings(language);
  const value = (v: boolean | null | undefined): string =>
    v === true
      ? `<span class="granted">${escapeHtml(s.granted)}</span>`
      : v === false
        ? `<span class="denied">${escapeHtml(s.denied)}</span>`
        : `<span class="muted">${escapeHtml(s.unknown)}</span>`;
  const heads = CONSENT_CATEGORIES.map(
    (c) => `<th scope="col">${escapeHtml(categoryLabel(c, language))}</th>`,
  ).join('');
  const rows = report.phases.map((p) => {
    const c = p.consent;
    const cats = CONSENT_CATEGORIES.map((cat) => `<td>${value(c?.categories?.[cat])}</td>`).join(
      '',
    );
    return (
      `<tr><th scope="row">${escapeHtml(phaseLabel(p.name, language))}</th>` +
      `<td>${c?.source ? text(c.source) : escapeHtml(s.noneFound)}</td>` +
      `<td>${escapeHtml(decisionLabel(String(c?.decision ?? 'none'), language))}</td>${cats}` +
      `<td>${escapeHtml(c?.interaction ? s.yes : s.no)}</td></tr>`
    );
  });
  return (
    `<table class="consent"><caption>${escapeHtml(s.consentState)}</caption><thead><tr><th scope="col">${escapeHtml(s.phase)}</th>` +
    `<th scope="col">${escapeHtml(s.consentSource)}</th><th scope="col">${escapeHtml(s.consentDecision)}</th>${heads}` +
    `<th scope="col">${escapeHtml(s.consentInteraction)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** One figure per phase: the SVG picture with its caption below. */
function timelines(report: AuditReport, siteId: string, language: Language): string {
  return report.phases
    .map((p, i) => {
      const data = timelineData(report, p.name, language);
      if (!data) return '';
      const svg = timelineSvg(data, {
        width: TIMELINE_WIDTH,
        language,
        id: `${siteId}-tl-${i + 1}`,
        caption: false,
      });
      return (
        `<figure class="timeline"><h4>${escapeHtml(phaseLabel(p.name, language))}</h4>${svg}` +
        `<figcaption>${escapeHtml(timelineCaption(data, language))}</figcaption></figure>`
      );
    })
    .join('\n');
}

function cookieTable(report: AuditReport, language: Language): string {
  const s = reportStrings(language);
  if (report.cookies.length === 0) return `<p>${escapeHtml(s.noCookies)}</p>`;
  const cookies = [...report.cookies].sort(
    (a, b) =>
      phaseIndex(a.phase) - phaseIndex(b.phase) ||
      String(a.firstSeenAt).localeCompare(String(b.firstSeenAt)) ||
      String(a.name).localeCompare(String(b.name)),
  );
  const shown = cookies.slice(0, MAX_ROWS);
  const heads = [
    s.name,
    s.domain,
    s.party,
    s.category,
    s.vendor,
    s.lifetime,
    `${s.setBy} / ${s.initiator}`,
    s.phase,
    s.declaredEntry,
    s.declaredDuration,
  ];
  const rows = shown.map((c) =>
    cookieRow(c, report.declared !== null && report.declared !== undefined, language),
  );
  return table(
    `${s.cookies} (${formatInt(cookies.length, language)})`,
    heads,
    rows,
    'cookies',
    cookies.length,
    language,
  );
}

function cookieRow(c: ReportCookie, hasDeclaration: boolean, language: Language): string {
  const s = reportStrings(language);
  const stored =
    c.session || c.lifetimeDays === null ? s.sessionCookie : s.expiresAfter(c.lifetimeDays);
  // What the site asked for, when the browser capped it (Chromium keeps at most 400 days).
  const requested =
    typeof c.requestedLifetimeDays === 'number' && c.requestedLifetimeDays !== c.lifetimeDays
      ? `<br><span class="muted">${escapeHtml(s.requestedLifetime(s.days(c.requestedLifetimeDays)))}</span>`
      : '';
  const setByNames = s.setByValue as Readonly<Record<string, string | undefined>>;
  const setBy = setByNames[String(c.setBy)] ?? String(c.setBy);
  const declared = c.declared
    ? `<span class="mono">${text(c.declared.name)}</span>${c.declared.category ? ` · ${escapeHtml(categoryLabel(c.declared.category, language))}` : ''}${c.declared.provider ? ` · ${text(c.declared.provider)}` : ''}`
    : escapeHtml(hasDeclaration ? s.notDeclared : s.none);
  const duration = c.declared?.duration
    ? `${text(c.declared.duration.text)}${typeof c.declared.duration.days === 'number' ? ` <span class="muted">(${escapeHtml(s.days(c.declared.duration.days))})</span>` : ''}`
    : escapeHtml(s.none);
  return (
    `<tr><th scope="row" class="mono">${text(c.name)}</th><td class="mono">${text(c.domain)}</td>` +
    `<td>${escapeHtml(partyLabel(String(c.party), language))}</td><td>${escapeHtml(categoryLabel(String(c.category), language))}</td>` +
    `<td>${c.vendor ? text(c.vendor) : escapeHtml(s.none)}</td>` +
    `<td>${escapeHtml(stored)}${c.removed ? ` <span class="muted">(${escapeHtml(s.deleted)})</span>` : ''}${requested}</td>` +
    `<td class="wide">${escapeHtml(setBy)}${c.initiator ? `<br><span class="mono">${text(c.initiator)}</span>` : ''}</td>` +
    `<td>${escapeHtml(phaseLabel(String(c.phase), language))}</td><td>${declared}</td><td>${duration}</td></tr>`
  );
}

function storageTable(report: AuditReport, language: Language): string {
  const s = reportStrings(language);
  if (report.storage.length === 0) return `<p>${escapeHtml(s.noStorage)}</p>`;
  const shown = report.storage.slice(0, MAX_ROWS);
  const heads = [s.key, s.storageKind, s.origin, s.party, s.category, s.vendor, s.phase, s.writes];
  const rows = shown.map(
    (e) =>
      `<tr><th scope="row" class="mono">${text(e.key)}</th><td>${text(e.kind)}</td><td class="mono">${text(e.origin)}</td>` +
      `<td>${escapeHtml(partyLabel(String(e.party), language))}</td><td>${escapeHtml(categoryLabel(String(e.category), language))}</td>` +
      `<td>${e.vendor ? text(e.vendor) : escapeHtml(s.none)}</td><td>${escapeHtml(phaseLabel(String(e.phase), language))}</td>` +
      `<td class="num">${typeof e.writes === 'number' ? escapeHtml(formatInt(e.writes, language)) : escapeHtml(s.none)}</td></tr>`,
  );
  return table(
    `${s.storage} (${formatInt(report.storage.length, language)})`,
    heads,
    rows,
    'storage',
    report.storage.length,
    language,
  );
}

/** Requests grouped by site (third parties and trackers first), URLs as plain text. */
function requestTable(report: AuditReport, language: Language): string {
  const s = reportStrings(language);
  if (report.requests.length === 0) return `<p>${escapeHtml(s.noRequests)}</p>`;
  const groups = new Map<string, ReportRequest[]>();
  for (const r of report.requests) {
    const key = String(r.site);
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const ordered = [...groups.entries()].sort(([, a], [, b]) => {
    const trackerA = a.some((r) => r.tracker) ? 0 : 1;
    const trackerB = b.some((r) => r.tracker) ? 0 : 1;
    const thirdA = a[0]?.party === 'third' ? 0 : 1;
    const thirdB = b[0]?.party === 'third' ? 0 : 1;
    return trackerA - trackerB || thirdA - thirdB || b.length - a.length;
  });
  const heads = [s.phase, s.requestType, s.host, s.url, s.tracker];
  const bodies: string[] = [];
  let budget = MAX_REQUEST_ROWS;
  let shownTotal = 0;
  for (const [site, list] of ordered) {
    if (budget <= 0) break;
    const trackers = list.filter((r) => r.tracker);
    const vendors = [
      ...new Set(trackers.map((r) => r.tracker?.vendor).filter((v): v is string => !!v)),
    ];
    const head =
      `<tr class="group"><th scope="rowgroup" colspan="5">${text(site)} · ${escapeHtml(partyLabel(String(list[0]?.party), language))} · ` +
      `${escapeHtml(s.requestCount(list.length, trackers.length))}` +
      `${trackers.length ? ` <span class="badge tracker">${escapeHtml(s.trackerMark)}</span>` : ''}` +
      `${vendors.length ? ` · ${text(vendors.slice(0, 5).join(', '))}` : ''}</th></tr>`;
    const shown = list.slice(0, Math.min(MAX_REQUESTS_PER_SITE, budget));
    budget -= shown.length;
    shownTotal += shown.length;
    const rows = shown.map(
      (r) =>
        `<tr${r.tracker ? ' class="is-tracker"' : ''}><td>${escapeHtml(phaseLabel(String(r.phase), language))}</td><td>${text(r.type, 40)}</td>` +
        `<td class="mono">${text(r.host)}</td><td class="mono url">${text(r.url, MAX_URL)}</td>` +
        `<td>${r.tracker ? `<span class="badge tracker">${escapeHtml(s.trackerMark)}</span> ${escapeHtml(categoryLabel(String(r.tracker.category), language))}${r.tracker.vendor ? ` · ${text(r.tracker.vendor)}` : ''}` : escapeHtml(s.none)}</td></tr>`,
    );
    const more =
      list.length > shown.length
        ? `<tr><td colspan="5" class="cut">${escapeHtml(s.moreItems(list.length - shown.length))}</td></tr>`
        : '';
    bodies.push(`<tbody>${head}${rows.join('')}${more}</tbody>`);
  }
  const note =
    shownTotal < report.requests.length
      ? `<p class="cut">${escapeHtml(s.cappedRows(shownTotal, report.requests.length))}</p>`
      : '';
  return (
    `<table class="requests"><caption>${escapeHtml(s.requestsBySite)} (${formatInt(report.requests.length, language)})</caption>` +
    `<thead><tr>${heads.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>${bodies.join('')}</table>${note}`
  );
}

function declaration(report: AuditReport, language: Language): string {
  const s = reportStrings(language);
  const d = report.declared;
  if (!d) return `<p>${escapeHtml(s.noDeclaration)}</p>`;
  const facts: [string, string][] = [
    [s.declarationSource, text(d.source)],
    [s.declarationUrl, d.url ? urlText(d.url) : escapeHtml(s.none)],
    [s.declarationLanguage, d.language ? text(d.language) : escapeHtml(s.none)],
  ];
  if (d.retrievedAt) facts.push([s.declarationRetrieved, escapeHtml(formatTime(d.retrievedAt))]);
  if (d.consentLifetime) {
    const days =
      typeof d.consentLifetime.days === 'number'
        ? ` (${escapeHtml(s.days(d.consentLifetime.days))})`
        : '';
    facts.push([s.declarationConsentLifetime, `${text(d.consentLifetime.text)}${days}`]);
  }
  const cookies = Array.isArray(d.cookies) ? d.cookies : [];
  const heads = [s.name, s.provider, s.purpose, s.category, s.party, s.duration];
  const rows = cookies.slice(0, MAX_ROWS).map((c) => {
    const category = c.category ? categoryLabel(c.category, language) : null;
    const categoryCell = c.categoryText
      ? `${text(c.categoryText)}${category ? ` <span class="muted">(${escapeHtml(category)})</span>` : ''}`
      : escapeHtml(category ?? s.none);
    const party = c.party ? partyLabel(c.party, language) : null;
    const partyCell = c.partyText ? text(c.partyText) : escapeHtml(party ?? s.none);
    const duration = c.duration
      ? `${text(c.duration.text)}${typeof c.duration.days === 'number' ? ` <span class="muted">(${escapeHtml(s.days(c.duration.days))})</span>` : ''}`
      : escapeHtml(s.none);
    return (
      `<tr><th scope="row" class="mono">${text(c.name)}</th><td>${c.provider ? text(c.provider) : escapeHtml(s.none)}</td>` +
      `<td>${c.purpose ? text(c.purpose, 600) : escapeHtml(s.none)}</td><td>${categoryCell}</td><td>${partyCell}</td><td>${duration}</td></tr>`
    );
  });
  const skipped =
    Array.isArray(d.skipped) && d.skipped.length > 0
      ? `<p>${escapeHtml(s.declarationSkipped)}: ${formatInt(d.skipped.length, language)}</p><ul>${d.skipped
          .slice(0, 20)
          .map(
            (k) =>
              `<li>${text(k.text, 200)} <span class="muted">(${text(k.reason, 200)})</span></li>`,
          )
          .join(
            '',
          )}${d.skipped.length > 20 ? `<li class="cut">${escapeHtml(s.moreItems(d.skipped.length - 20))}</li>` : ''}</ul>`
      : '';
  return (
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>` +
    (cookies.length > 0
      ? table(
          `${s.declaration} (${formatInt(cookies.length, language)})`,
          heads,
          rows,
          'declared',
          cookies.length,
          language,
        )
      : '') +
    skipped
  );
}

/** Known environment keys, shown first under a readable label; the rest follow as they are. */
const ENVIRONMENT_KEYS: readonly {
  keys: readonly string[];
  label: (s: ReportStrings) => string;
}[] = [
  { keys: ['browser', 'browserVersion'], label: (s) => s.browser },
  { keys: ['browserArgs', 'browserFlags', 'flags'], label: (s) => s.browserFlags },
  {
    keys: ['data', 'dataVersions', 'knowledge', 'knowledgeVersions'],
    label: (s) => s.dataVersions,
  },
  { keys: ['waitMs', 'settleMs', 'settle', 'settleTimes'], label: (s) => s.settleTime },
];

function reproducibility(report: AuditReport, language: Language): string {
  const s = reportStrings(language);
  const facts: [string, string][] = [
    [s.toolVersion, `${text(report.tool?.name)} ${text(report.tool?.version)}`],
    [s.schemaVersion, text(report.schemaVersion)],
    [s.auditedUrl, `<span class="mono">${text(report.url, MAX_URL)}</span>`],
    [s.started, escapeHtml(formatTime(report.startedAt))],
    [s.finished, escapeHtml(formatTime(report.finishedAt))],
  ];
  const env = report.environment;
  let rest = '';
  if (env && typeof env === 'object' && !Array.isArray(env)) {
    const used = new Set<string>();
    for (const { keys, label } of ENVIRONMENT_KEYS) {
      for (const key of keys) {
        if (!(key in env)) continue;
        used.add(key);
        const value = env[key];
        const suffix = key.endsWith('Ms') && typeof value === 'number' ? ' ms' : '';
        facts.push([`${label(s)} (${key})`, `${evidenceHtml(value)}${suffix}`]);
      }
    }
    const others = Object.fromEntries(Object.entries(env).filter(([k]) => !used.has(k)));
    if (Object.keys(others).length > 0) {
      facts.push([s.environmentOther, evidenceHtml(others)]);
    }
  } else {
    rest = `<p class="muted">${escapeHtml(s.noEnvironment)}</p>`;
  }
  return `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>${rest}`;
}

/** A table with a caption, column headers and a note when rows were left out. */
function table(
  caption: string,
  heads: readonly string[],
  rows: readonly string[],
  className: string,
  total: number,
  language: Language,
): string {
  const s = reportStrings(language);
  const note =
    total > rows.length ? `<p class="cut">${escapeHtml(s.cappedRows(rows.length, total))}</p>` : '';
  return (
    `<table class="${className}"><caption>${escapeHtml(caption)}</caption><thead><tr>` +
    heads.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('') +
    `</tr></thead><tbody>${rows.join('')}</tbody></table>${note}`
  );
}

/** Escaped text, cut at `max` characters with a note of how much was cut. */
function text(value: unknown, max = MAX_CELL): string {
  const raw =
    typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  const cut = truncate(raw, max);
  if (cut.omitted === 0) return escapeHtml(cut.text);
  return `${escapeHtml(cut.text)}<span class="cut">${escapeHtml(`… (+${cut.omitted})`)}</span>`;
}

/** A link when the address is http(s), plain text otherwise; the visible text is always the report's. */
function urlText(url: unknown): string {
  const href = httpUrl(url);
  const label = `<span class="mono">${text(url, MAX_URL)}</span>`;
  return href
    ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${label}</a>`
    : label;
}

function countBySeverity(list: readonly Violation[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const v of list) counts[severityOf(v)]++;
  return counts;
}

/** A severity this version does not know is shown with the least severe group rather than lost. */
function severityOf(v: Violation): Severity {
  return (SEVERITIES as readonly string[]).includes(v.severity) ? v.severity : 'info';
}

function phaseIndex(phase: string): number {
  const i = (PHASE_NAMES as readonly string[]).indexOf(phase);
  return i < 0 ? PHASE_NAMES.length : i;
}

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff}
header.doc,main,footer{max-width:76rem;margin:0 auto;padding:0 1.5rem}
header.doc{padding-top:1.5rem}
.kicker{margin:0;font-size:.8rem;letter-spacing:.08em;text-transform:uppercase;color:#57606a}
h1{font-size:1.9rem;line-height:1.2;margin:.25rem 0}
h2{font-size:1.5rem;line-height:1.25;margin:2.5rem 0 1rem;padding-bottom:.3rem;border-bottom:2px solid #d0d7de;overflow-wrap:anywhere}
h3{font-size:1.2rem;margin:2rem 0 .6rem}
h4{font-size:1.05rem;margin:1.4rem 0 .5rem}
h5{font-size:1rem;margin:1rem 0 .4rem}
p{margin:.4rem 0}
a{color:#0550ae}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.88em;overflow-wrap:anywhere}
.muted{color:#57606a}
.cut{color:#57606a;font-style:italic}
.verdict{margin:.5rem 0;padding:.7rem 1rem;border-left:6px solid #57606a;border-radius:4px;font-size:1.1rem;background:#f6f8fa}
.verdict.sev-high{border-color:#b42318;background:#fef3f2;color:#7a271a}
.verdict.sev-medium{border-color:#b54708;background:#fffaeb;color:#7a2e0e}
.verdict.sev-low{border-color:#175cd3;background:#eff8ff;color:#194185}
.verdict.sev-info,.verdict.sev-none{border-color:#3b7d23;background:#f3fee7;color:#2b5a1a}
.badge{display:inline-block;padding:0 .4rem;border:1px solid currentColor;border-radius:3px;font-size:.78rem;font-weight:600;line-height:1.5;vertical-align:.08em}
.badge.sev-high,.badge.tracker{color:#912018;background:#fef3f2}
.badge.sev-medium{color:#93370d;background:#fffaeb}
.badge.sev-low{color:#1849a9;background:#eff8ff}
.badge.sev-info{color:#344054;background:#f2f4f7}
dl.facts{display:grid;grid-template-columns:minmax(8rem,max-content) minmax(0,1fr);gap:.2rem 1rem;margin:.5rem 0}
dl.facts>dt{font-weight:600;max-width:18rem;overflow-wrap:anywhere}
dl.facts>dd{margin:0;min-width:0;overflow-wrap:anywhere}
dl.rule-text{margin:.3rem 0 .6rem}
dl.rule-text>dt{font-weight:600;margin-top:.35rem}
dl.rule-text>dd{margin:0 0 0 1rem}
dl.evidence{display:grid;grid-template-columns:minmax(6rem,max-content) minmax(0,1fr);gap:.1rem .8rem;margin:0;font-size:.85rem}
dl.evidence>dt{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#57606a;overflow-wrap:anywhere;max-width:14rem}
dl.evidence>dd{margin:0;min-width:0;overflow-wrap:anywhere}
dl.evidence dl.evidence{grid-template-columns:minmax(2rem,max-content) minmax(0,1fr)}
ul.ev-list{margin:0;padding-left:1.1rem}
.rule{margin:.8rem 0 1.4rem}
ol.violations{padding-left:1.4rem}
.violation{margin:.5rem 0;padding:.5rem .8rem;border:1px solid #d0d7de;border-radius:6px}
.violation .message{font-weight:600;overflow-wrap:anywhere}
.note{margin:.6rem 0;padding:.5rem .8rem;border:1px solid #d4a72c;background:#fff8c5;border-radius:4px}
table{width:100%;border-collapse:collapse;margin:.5rem 0 1.2rem;font-size:.84rem}
caption{caption-side:top;text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .45rem;text-align:left;vertical-align:top;overflow-wrap:break-word;hyphens:auto}
th.mono,td.mono{overflow-wrap:anywhere;hyphens:none}
th.mono,td.mono,td.wide{min-width:7.5em}
td.url{min-width:16em}
thead th{background:#f6f8fa}
tbody th{font-weight:600}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}
th.num{white-space:nowrap}
tr.group th{background:#eef1f4}
tr.is-tracker td{background:#fff6f5}
.granted{color:#1a7f37;font-weight:600}
.denied{color:#a40e26;font-weight:600}
figure.timeline{margin:1rem 0 1.6rem}
figure.timeline svg{display:block;max-width:100%;height:auto;border:1px solid #d0d7de}
figcaption{margin-top:.35rem;font-style:italic}
footer{margin-top:3rem;padding-bottom:2rem;color:#57606a;font-size:.85rem;border-top:1px solid #d0d7de}
@page{size:A4;margin:14mm 12mm}
@media print{
body{font-size:10pt;line-height:1.4}
header.doc,main,footer{max-width:none;padding:0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
article.site+article.site{break-before:page}
nav.toc{break-after:page}
h2,h3,h4,h5{break-after:avoid}
table{font-size:7.5pt}
th,td{padding:.2rem .3rem}
th.mono,td.mono,td.wide{min-width:5em}
td.url{min-width:12em}
thead{display:table-header-group}
tr,.violation,figure.timeline,dl.rule-text{break-inside:avoid}
a{color:inherit;text-decoration:none}
}
`;
