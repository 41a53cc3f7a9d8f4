/**
 * The popup's view-model: the report shaped for display in one language — violations grouped by
 * severity with their rule's explanation, legal footing and remediation; cookies, storage keys
 * and request groups each marked with the consent in force when they appeared and with the
 * violations they take part in; the declaration beside what was observed; and the timeline
 * picture as a data URL. Pure, so every label the popup shows is tested without a browser.
 * Words of the report's own vocabulary (categories, parties, phases, rule titles, durations)
 * come from i18n-report.ts, so the popup and the exported reports say the same thing.
 */
import { describeConsent } from '../consent/describe.ts';
import type { ConsentDecision, ConsentState } from '../consent/state.ts';
import type { Category } from '../domain/category.ts';
import { matchDeclared } from '../declarations/name-pattern.ts';
import type {
  DeclarationOrigin,
  DeclarationSource,
  DeclaredCookie,
  DeclaredTable,
} from '../declarations/declared.ts';
import type { Party } from '../observe/records.ts';
import { RULES_BY_ID } from '../rules/index.ts';
import {
  categoryLabel,
  formatDays,
  formatTime,
  partyLabel,
  phaseLabel,
  reportStrings,
  ruleTitle,
  type Language,
} from './i18n-report.ts';
import { popupView, type PopupView, type RequestGroup } from './popup-view.ts';
import { timelineCaption, timelineData, timelineSvg } from './timeline-svg.ts';
import {
  SEVERITIES,
  type AuditReport,
  type PhaseName,
  type ReportCookie,
  type ReportPhase,
  type ReportStorage,
  type RuleId,
  type Severity,
  type Violation,
  type ViolationSubject,
} from './types.ts';

/**
 * Rows a list renders before its "Show all" button: ten screens of a popup, and on a page of
 * 500 cookies the first frame comes about twice as fast as with 200 (test/bench/popup.bench.ts).
 */
export const ROWS_PER_PAGE = 100;
/** Verdict entries per severity before "Show all": a verdict is read from the top. */
export const VIOLATIONS_PER_PAGE = 50;

/** A violation a row takes part in, for its marker. */
export interface ViolationMark {
  /** The verdict item's id, so a marker can point at the full entry. */
  id: string;
  rule: string;
  severity: Severity;
  title: string;
}

/** The evidence object, bounded and flattened to text. Nothing in it is ever markup. */
export type EvidenceNode =
  | { kind: 'value'; text: string; missing?: boolean }
  | { kind: 'map'; entries: { key: string; value: EvidenceNode }[]; more: number }
  | { kind: 'list'; items: EvidenceNode[]; more: number };

export interface ViolationItem {
  /** Unique within the view: `v<index in report.violations>`. */
  id: string;
  rule: string;
  title: string;
  severity: Severity;
  phase: string;
  /** "Cookie: _ga · .example.dk" */
  subject: string;
  /** The report's sentence, in the language the report was made in. */
  message: string;
  evidence: EvidenceNode;
  /** Empty when the rule is unknown to this version. */
  explain: string;
  legal: string;
  remediation: string;
}

/** The violations of one severity (the popup's messages name the severities). */
export interface SeverityGroup {
  severity: Severity;
  items: ViolationItem[];
}

export interface DeclaredBeside {
  /** The declared name (may be a pattern such as `_ga_*`). */
  name: string;
  provider: string | null;
  /** As written ("1 dag"), or null when the declaration gives none. */
  duration: string | null;
  category: string | null;
  party: string | null;
}

export interface CookieRow {
  key: string;
  name: string;
  domain: string;
  party: Party;
  partyLabel: string;
  category: Category;
  categoryLabel: string;
  vendor: string | null;
  /** "400 days", "Session cookie", "deleted again". */
  lifetime: string;
  /** What the site asked for when the browser capped it ("730 days"), else null. */
  requested: string | null;
  setBy: string;
  firstSeen: string;
  phase: string;
  /** The consent in force when the cookie first appeared. */
  consent: string;
  marks: ViolationMark[];
  /** The matching declared entry, when a declaration is known. */
  declared: DeclaredBeside | null;
}

export interface StorageRow {
  key: string;
  storageKey: string;
  kind: string;
  origin: string;
  partyLabel: string;
  category: Category;
  categoryLabel: string;
  vendor: string | null;
  writes: number;
  removed: boolean;
  firstSeen: string;
  consent: string;
  marks: ViolationMark[];
}

export interface RequestGroupRow extends RequestGroup {
  key: string;
  partyLabel: string;
  categoryLabel: string | null;
  /** Time of the group's first request. */
  firstSeen: string;
  /** The consent in force at the group's first request. */
  consent: string;
  /** Of those requests, how many went to a tracking host. */
  trackerCount: number;
  marks: ViolationMark[];
}

export interface DeclaredRow {
  key: string;
  name: string;
  provider: string | null;
  purpose: string | null;
  category: string | null;
  party: string | null;
  duration: string | null;
  /** Observed cookies this entry covers. */
  observed: number;
  marks: ViolationMark[];
}

export interface DeclarationView {
  /** `report`: the audit compared against it; `saved`: saved in the options page, not in this report. */
  status: 'report' | 'saved';
  source: DeclarationSource;
  /** `user`: imported or edited by the auditor; `discovered`: found automatically; null: not said. */
  origin: DeclarationOrigin | null;
  /** The imported file's name, for a saved declaration. */
  file: string | null;
  url: string | null;
  /** When it was read or saved, "2026-11-20 10:00:09 UTC". */
  date: string | null;
  language: string | null;
  rows: DeclaredRow[];
  /** Observed cookies the declaration does not cover. */
  undeclared: number;
}

export interface TimelineView {
  phase: PhaseName;
  phaseLabel: string;
  /** `data:image/svg+xml;charset=utf-8,…`, for an `<img>`: an SVG there cannot run script. */
  src: string;
  /** What the picture shows, in one or two sentences; also its text alternative. */
  caption: string;
  /** "120 more points are not drawn …", or null when every point is drawn. */
  omitted: string | null;
}

/** The automated run that made the report, with phase names in the UI language. */
export interface AuditSummary {
  status: 'complete' | 'interrupted';
  planned: string[];
  completed: string[];
  restarted: string[];
  /** Why an interrupted run stopped (the report's sentence), else null. */
  reason: string | null;
}

export interface PopupVerdict {
  language: Language;
  url: string;
  site: string;
  /** The consent state in force at the end of the audit: "Rejected all at 10:02:13". */
  consent: string;
  counts: PopupView['counts'];
  total: number;
  /** Every severity, in order, including empty ones (for the counts). */
  groups: SeverityGroup[];
  cookies: CookieRow[];
  storage: StorageRow[];
  requestGroups: RequestGroupRow[];
  declaration: DeclarationView | null;
  dropped: number;
  /** null for a passive page view. */
  audit: AuditSummary | null;
}

export interface VerdictOptions {
  language: Language;
  /** IANA zone for clock times; the runtime's own when absent (tests pin it). */
  timeZone?: string;
  /** A declaration saved for this site in the options page, shown when the report has none. */
  saved?: { table: DeclaredTable; savedAt: string; source: string } | null;
}

const EVIDENCE = { depth: 4, keys: 30, items: 20, text: 300, nodes: 400 } as const;

/**
 * Points drawn in the popup's picture: at its width more cannot be told apart, and a smaller
 * picture decodes faster. The caption says how many were left out.
 */
export const POPUP_TIMELINE_POINTS = 600;

/** Shapes `report` for the popup in `options.language`. */
export function popupVerdict(report: AuditReport, options: VerdictOptions): PopupVerdict {
  const language = options.language;
  const base = popupView(report);
  const clock = clockFormatter(options.timeZone);
  const consentAt = consentLookup(report.phases, language, options.timeZone);

  const items = report.violations.map((v, i) => violationItem(v, `v${i}`, language));
  const marks = markIndex(report, items);

  const groups: SeverityGroup[] = SEVERITIES.map((severity) => ({
    severity,
    items: items.filter((item) => item.severity === severity),
  }));

  const declaredTable = report.declared ?? options.saved?.table ?? null;
  const matchSaved = report.declared === null && declaredTable !== null;
  const cookies = base.cookies.map((c, i) =>
    cookieRow(c, i, language, clock, consentAt, marks, matchSaved ? declaredTable : null),
  );

  return {
    language,
    url: report.url,
    site: report.site,
    consent: finalConsent(report.phases, language, options.timeZone),
    counts: base.counts,
    total: items.length,
    groups,
    cookies,
    storage: base.storage.map((s, i) => storageRow(s, i, language, clock, consentAt, marks)),
    requestGroups: requestRows(report, base.requestGroups, language, clock, consentAt, marks),
    declaration: declarationView(report, options.saved ?? null, cookies, marks, language),
    dropped: base.dropped,
    audit: auditSummary(report, language),
  };
}

function auditSummary(report: AuditReport, language: Language): AuditSummary | null {
  const audit = report.audit;
  if (!audit) return null;
  const names = (phases: readonly string[]) => phases.map((p) => phaseLabel(p, language));
  return {
    status: audit.status,
    planned: names(audit.planned),
    completed: names(audit.completed),
    restarted: names(audit.restarted),
    reason: audit.status === 'interrupted' ? (audit.reason ?? null) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Violations

function violationItem(v: Violation, id: string, language: Language): ViolationItem {
  const rule = (RULES_BY_ID as Readonly<Record<string, (typeof RULES_BY_ID)[RuleId] | undefined>>)[
    v.rule
  ];
  return {
    id,
    rule: String(v.rule),
    title: ruleTitle(String(v.rule), language),
    severity: SEVERITIES.includes(v.severity) ? v.severity : 'info',
    phase: phaseLabel(String(v.phase), language),
    subject: subjectText(v.subject, language),
    message: typeof v.message === 'string' ? v.message : '',
    evidence: evidenceTree(v.evidence),
    explain: rule?.explain[language] ?? '',
    legal: rule?.legal[language] ?? '',
    remediation: rule?.remediation[language] ?? '',
  };
}

/** "Cookie: _ga · .example.dk" */
export function subjectText(subject: ViolationSubject | undefined, language: Language): string {
  if (!subject || typeof subject !== 'object') return '';
  const kinds = reportStrings(language).subjectKind as Readonly<Record<string, string | undefined>>;
  const kind = kinds[String(subject.kind)] ?? String(subject.kind);
  const parts = [subject.name, subject.domain, subject.host, subject.key, subject.origin].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  return parts.length > 0 ? `${kind}: ${parts.join(' · ')}` : kind;
}

/**
 * The evidence as a tree of texts, bounded in depth, breadth, text length and total size so
 * that a hostile or huge value cannot stall the popup. Deeper levels are shown as JSON text.
 */
export function evidenceTree(value: unknown): EvidenceNode {
  const budget = { nodes: EVIDENCE.nodes };
  return node(value, 0, budget);
}

function clip(text: string): string {
  return text.length > EVIDENCE.text ? `${text.slice(0, EVIDENCE.text)}…` : text;
}

function node(value: unknown, depth: number, budget: { nodes: number }): EvidenceNode {
  budget.nodes--;
  if (budget.nodes < 0) return { kind: 'value', text: '…', missing: true };
  if (value === null || value === undefined) return { kind: 'value', text: '—', missing: true };
  if (typeof value === 'string') return { kind: 'value', text: clip(value) };
  if (typeof value !== 'object') return { kind: 'value', text: clip(String(value)) };
  if (depth >= EVIDENCE.depth) {
    let json = '';
    try {
      json = JSON.stringify(value) ?? '';
    } catch {
      json = '…';
    }
    return { kind: 'value', text: clip(json) };
  }
  if (Array.isArray(value)) {
    const items: EvidenceNode[] = [];
    for (const item of value.slice(0, EVIDENCE.items)) {
      if (budget.nodes <= 0) break;
      items.push(node(item, depth + 1, budget));
    }
    return { kind: 'list', items, more: value.length - items.length };
  }
  const all = Object.entries(value as Record<string, unknown>);
  const entries: { key: string; value: EvidenceNode }[] = [];
  for (const [key, v] of all.slice(0, EVIDENCE.keys)) {
    if (budget.nodes <= 0) break;
    entries.push({ key: clip(key), value: node(v, depth + 1, budget) });
  }
  return { kind: 'map', entries, more: all.length - entries.length };
}

interface MarkIndex {
  cookie(name: string, domain: string): ViolationMark[];
  declared(name: string): ViolationMark[];
  storage(key: string, origin: string): ViolationMark[];
  site(site: string): ViolationMark[];
}

const NONE: readonly ViolationMark[] = Object.freeze([]);

function bare(domain: string | undefined): string {
  return (domain ?? '').replace(/^\./, '').toLowerCase();
}

/** Which violations each row takes part in, by the violation's subject. */
function markIndex(report: AuditReport, items: readonly ViolationItem[]): MarkIndex {
  const byCookie = new Map<string, ViolationMark[]>();
  const byCookieName = new Map<string, ViolationMark[]>();
  const byStorage = new Map<string, ViolationMark[]>();
  const byStorageKey = new Map<string, ViolationMark[]>();
  const bySite = new Map<string, ViolationMark[]>();
  const siteOfHost = new Map<string, string>();
  for (const r of report.requests) siteOfHost.set(r.host, r.site);
  const add = (map: Map<string, ViolationMark[]>, key: string, mark: ViolationMark): void => {
    const list = map.get(key);
    if (list) {
      if (!list.some((m) => m.id === mark.id)) list.push(mark);
    } else map.set(key, [mark]);
  };
  report.violations.forEach((v, i) => {
    const item = items[i];
    const s = v.subject;
    if (!item || !s || typeof s !== 'object') return;
    const mark: ViolationMark = {
      id: item.id,
      rule: item.rule,
      severity: item.severity,
      title: item.title,
    };
    if (s.kind === 'cookie' && typeof s.name === 'string') {
      if (typeof s.domain === 'string') add(byCookie, `${s.name}\u0000${bare(s.domain)}`, mark);
      else add(byCookieName, s.name, mark);
    } else if (s.kind === 'storage' && typeof s.key === 'string') {
      if (typeof s.origin === 'string') add(byStorage, `${s.key}\u0000${s.origin}`, mark);
      else add(byStorageKey, s.key, mark);
    } else if (s.kind === 'request' && typeof s.host === 'string') {
      add(bySite, siteOfHost.get(s.host) ?? bare(s.host), mark);
    }
  });
  const join = (a: ViolationMark[] | undefined, b: ViolationMark[] | undefined): ViolationMark[] =>
    a && b ? [...a, ...b.filter((m) => !a.some((x) => x.id === m.id))] : (a ?? b ?? [...NONE]);
  return {
    cookie: (name, domain) =>
      join(byCookie.get(`${name}\u0000${bare(domain)}`), byCookieName.get(name)),
    declared: (name) => byCookieName.get(name) ?? [...NONE],
    storage: (key, origin) => join(byStorage.get(`${key}\u0000${origin}`), byStorageKey.get(key)),
    site: (site) => bySite.get(site) ?? [...NONE],
  };
}

// ---------------------------------------------------------------------------------------------
// Consent in force

type Clock = (iso: string) => string;

/**
 * `HH:MM:SS` (24-hour) of an ISO time: in the runtime's zone, in UTC, or in another named zone;
 * "" for what is not a time. The first two avoid Intl, which costs microseconds per call and
 * runs once per row.
 */
function clockFormatter(timeZone: string | undefined): Clock {
  const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
  if (timeZone === undefined || timeZone === 'UTC') {
    const utc = timeZone === 'UTC';
    return (iso) => {
      const ms = Date.parse(iso);
      if (!Number.isFinite(ms)) return '';
      const d = new Date(ms);
      return utc
        ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
        : `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    };
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
  } catch {
    // An unknown zone: UTC rather than no time at all.
    return clockFormatter('UTC');
  }
  return (iso) => {
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? format.format(ms) : '';
  };
}

const DECISIONS: readonly ConsentDecision[] = ['none', 'reject', 'accept', 'custom'];

interface TimedState {
  time: number;
  state: ConsentState;
}

/** A phase's consent events as states in time order. */
function phaseStates(phase: ReportPhase): TimedState[] {
  const out: TimedState[] = [];
  for (const e of phase.consentEvents ?? []) {
    const time = Date.parse(e.time);
    if (!Number.isFinite(time)) continue;
    const decision = (DECISIONS as readonly string[]).includes(e.decision)
      ? (e.decision as ConsentDecision)
      : 'custom';
    out.push({
      time,
      state: {
        source: e.source ?? phase.consent.source,
        decision,
        categories: e.categories ?? phase.consent.categories,
        interaction: e.interaction,
      },
    });
  }
  return out.sort((a, b) => a.time - b.time);
}

type ConsentAt = (phase: string, iso: string) => string;

/**
 * The label of the consent in force in `phase` at an ISO time: the last consent event at or
 * before it, "No decision yet" before the first. A phase without events shows its end state
 * when that is "no decision" (nothing changed), and says it is the end state otherwise.
 */
function consentLookup(
  phases: readonly ReportPhase[],
  language: Language,
  timeZone: string | undefined,
): ConsentAt {
  const describe = (state: ConsentState, time: number): string =>
    describeConsent(state, time, language, timeZone !== undefined ? { timeZone } : {});
  const byPhase = new Map<string, { phase: ReportPhase; states: TimedState[] }>();
  for (const phase of phases) byPhase.set(phase.name, { phase, states: phaseStates(phase) });
  const none = describe({ ...endState(phases), decision: 'none' }, Number.NaN);
  const cache = new Map<string, string>();
  return (phaseName, iso) => {
    const entry = byPhase.get(phaseName);
    if (!entry) return none;
    const time = Date.parse(iso);
    if (entry.states.length === 0) {
      const end = entry.phase.consent;
      return end.decision === 'none'
        ? none
        : reportStrings(language).finalState(describe(end, Number.NaN));
    }
    let current: TimedState | null = null;
    for (const s of entry.states) {
      if (Number.isFinite(time) && s.time > time) break;
      current = s;
    }
    if (!current) return none;
    const key = `${phaseName}\u0000${current.time}`;
    let label = cache.get(key);
    if (label === undefined) {
      label = describe(current.state, current.time);
      cache.set(key, label);
    }
    return label;
  };
}

function endState(phases: readonly ReportPhase[]): ConsentState {
  const last = phases[phases.length - 1];
  return (
    last?.consent ?? {
      source: null,
      decision: 'none',
      categories: { necessary: true, preferences: null, statistics: null, marketing: null },
      interaction: false,
    }
  );
}

/** The consent in force at the end of the audit, with the time it took effect when known. */
function finalConsent(
  phases: readonly ReportPhase[],
  language: Language,
  timeZone: string | undefined,
): string {
  const state = endState(phases);
  const last = phases[phases.length - 1];
  const events = last ? phaseStates(last) : [];
  const since = [...events].reverse().find((e) => e.state.decision === state.decision);
  return describeConsent(
    state,
    since?.time ?? Number.NaN,
    language,
    timeZone !== undefined ? { timeZone } : {},
  );
}

// ---------------------------------------------------------------------------------------------
// Rows

function lifetimeText(
  c: Pick<ReportCookie, 'session' | 'lifetimeDays' | 'requestedLifetimeDays' | 'removed'>,
  language: Language,
): { lifetime: string; requested: string | null } {
  const s = reportStrings(language);
  if (c.removed) return { lifetime: s.deleted, requested: null };
  if (c.session || c.lifetimeDays === null) return { lifetime: s.sessionCookie, requested: null };
  const asked = c.requestedLifetimeDays;
  return {
    lifetime: formatDays(c.lifetimeDays, language),
    requested:
      asked !== null && Math.abs(asked - c.lifetimeDays) >= 1 ? formatDays(asked, language) : null,
  };
}

function declaredBeside(entry: DeclaredCookie | null, language: Language): DeclaredBeside | null {
  if (!entry) return null;
  return {
    name: entry.name,
    provider: entry.provider,
    duration: durationText(entry, language),
    category: entry.category
      ? categoryLabel(entry.category, language)
      : (entry.categoryText ?? null),
    party: entry.party ? partyLabel(entry.party, language) : (entry.partyText ?? null),
  };
}

function durationText(entry: DeclaredCookie, language: Language): string | null {
  const d = entry.duration;
  if (!d) return null;
  if (d.text.trim() !== '') return d.text;
  if (d.session === true) return reportStrings(language).sessionCookie;
  return d.days !== null ? formatDays(d.days, language) : null;
}

function cookieRow(
  c: ReportCookie,
  index: number,
  language: Language,
  clock: Clock,
  consentAt: ConsentAt,
  marks: MarkIndex,
  savedTable: DeclaredTable | null,
): CookieRow {
  const s = reportStrings(language);
  const setBy = s.setByValue[c.setBy] ?? c.setBy;
  const declared = savedTable
    ? (matchDeclared(savedTable, c.name, c.domain)?.entry ?? null)
    : c.declared;
  return {
    key: `c${index}`,
    name: c.name,
    domain: c.domain,
    party: c.party,
    partyLabel: partyLabel(c.party, language),
    category: c.category,
    categoryLabel: categoryLabel(c.category, language),
    vendor: c.vendor,
    ...lifetimeText(c, language),
    setBy: c.initiator ? `${setBy} · ${c.initiator}` : setBy,
    firstSeen: clock(c.firstSeenAt),
    phase: phaseLabel(c.phase, language),
    consent: consentAt(c.phase, c.firstSeenAt),
    marks: marks.cookie(c.name, c.domain),
    declared: declaredBeside(declared ?? null, language),
  };
}

function storageRow(
  s: ReportStorage,
  index: number,
  language: Language,
  clock: Clock,
  consentAt: ConsentAt,
  marks: MarkIndex,
): StorageRow {
  return {
    key: `s${index}`,
    storageKey: s.key,
    kind: s.kind,
    origin: s.origin,
    partyLabel: partyLabel(s.party, language),
    category: s.category,
    categoryLabel: categoryLabel(s.category, language),
    vendor: s.vendor,
    writes: s.writes,
    removed: s.removed,
    firstSeen: clock(s.firstSeenAt),
    consent: consentAt(s.phase, s.firstSeenAt),
    marks: marks.storage(s.key, s.origin),
  };
}

function requestRows(
  report: AuditReport,
  groups: readonly RequestGroup[],
  language: Language,
  clock: Clock,
  consentAt: ConsentAt,
  marks: MarkIndex,
): RequestGroupRow[] {
  // The first request and the tracker count of each site, in one pass.
  const first = new Map<string, { time: string; phase: PhaseName }>();
  const trackers = new Map<string, number>();
  for (const r of report.requests) {
    const seen = first.get(r.site);
    if (!seen || r.time < seen.time) first.set(r.site, { time: r.time, phase: r.phase });
    if (r.tracker) trackers.set(r.site, (trackers.get(r.site) ?? 0) + 1);
  }
  return groups.map((g, i) => {
    const f = first.get(g.site);
    return {
      ...g,
      key: `r${i}`,
      partyLabel: partyLabel(g.party, language),
      categoryLabel: g.trackerCategory ? categoryLabel(g.trackerCategory, language) : null,
      firstSeen: f ? clock(f.time) : '',
      consent: f ? consentAt(f.phase, f.time) : '',
      trackerCount: trackers.get(g.site) ?? 0,
      marks: marks.site(g.site),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Declaration

function declarationView(
  report: AuditReport,
  saved: VerdictOptions['saved'],
  cookies: readonly CookieRow[],
  marks: MarkIndex,
  language: Language,
): DeclarationView | null {
  const table = report.declared ?? saved?.table ?? null;
  if (!table) return null;
  const fromReport = report.declared !== null;
  // How many observed cookies each declared name covers.
  const covered = new Map<string, number>();
  let undeclared = 0;
  for (const c of cookies) {
    if (c.declared) covered.set(c.declared.name, (covered.get(c.declared.name) ?? 0) + 1);
    else undeclared++;
  }
  const rows: DeclaredRow[] = table.cookies.map((entry, i) => {
    const beside = declaredBeside(entry, language);
    return {
      key: `d${i}`,
      name: entry.name,
      provider: entry.provider,
      purpose: entry.purpose,
      category: beside?.category ?? null,
      party: beside?.party ?? null,
      duration: beside?.duration ?? null,
      observed: covered.get(entry.name) ?? 0,
      marks: marks.declared(entry.name),
    };
  });
  // A declaration the auditor saved names its file and time in the report's environment.
  const env = report.environment ?? {};
  const envText = (key: string): string | null =>
    typeof env[key] === 'string' ? (env[key] as string) : null;
  const date = fromReport
    ? (table.retrievedAt ?? envText('declarationSavedAt'))
    : (saved?.savedAt ?? null);
  const origin: DeclarationOrigin | null = fromReport
    ? (table.origin ?? (envText('declarationFrom') !== null ? 'user' : null))
    : 'user';
  return {
    status: fromReport ? 'report' : 'saved',
    source: table.source,
    origin,
    file: fromReport ? envText('declarationFrom') : (saved?.source ?? null),
    url: table.url,
    date: date ? formatTime(date) : null,
    language: table.language,
    rows,
    undeclared,
  };
}

// ---------------------------------------------------------------------------------------------
// Timeline

/**
 * The page-load picture of every phase. Separate from `popupVerdict` because drawing a heavy
 * page takes longer than everything else together: the popup shows the verdict first and
 * draws the picture a frame later.
 */
export function popupTimelines(
  report: AuditReport,
  options: { language: Language; width?: number },
): TimelineView[] {
  const { language } = options;
  const out: TimelineView[] = [];
  for (const phase of report.phases) {
    const data = timelineData(report, phase.name, language);
    if (!data) continue;
    const svg = timelineSvg(data, {
      width: options.width ?? 720,
      language,
      id: `timeline-${phase.name}`,
      caption: false,
      maxPoints: POPUP_TIMELINE_POINTS,
    });
    const omitted = Math.max(0, data.points.length - POPUP_TIMELINE_POINTS);
    out.push({
      phase: phase.name,
      phaseLabel: phaseLabel(phase.name, language),
      src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
      caption: timelineCaption(data, language),
      omitted:
        omitted > 0 ? reportStrings(language).pointsOmitted(omitted, POPUP_TIMELINE_POINTS) : null,
    });
  }
  return out;
}
