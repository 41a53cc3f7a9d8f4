/**
 * The picture of one phase's page load: a time axis in seconds from the start of the phase,
 * the consent events as vertical markers, and cookies, storage entries and tracker requests
 * as points in one lane per category. Colour and shape both encode the category, and fill
 * encodes the kind, so the picture reads without colour (and in grey on paper).
 */
import { CATEGORIES, type Category } from '../domain/category.ts';
import { escapeHtml, truncate } from './escape.ts';
import {
  categoryLabel,
  decisionLabel,
  formatDecimal,
  joinList,
  phaseLabel,
  reportStrings,
  type Language,
} from './i18n-report.ts';
import type { AuditReport, PhaseName } from './types.ts';

export type TimelinePointKind = 'cookie' | 'request' | 'storage';

/** A change of the consent state, drawn as a vertical marker. */
export interface TimelineConsentEvent {
  /** ms since epoch. */
  time: number;
  /** Shown beside the marker ("Rejected all"). */
  label: string;
  /** `none` | `reject` | `accept` | `custom` (other values are shown as they are). */
  decision: string;
  /** The visitor (or the audit) acted on the banner; absent means unknown. */
  interaction?: boolean;
  /**
   * The marker stands for the state at the end of the phase because the report has no
   * consent events: its time is not known, so it is drawn dashed at the end of the axis.
   */
  final?: boolean;
}

/** One cookie, storage entry or tracker request, at the moment it was first seen. */
export interface TimelinePoint {
  /** ms since epoch. */
  time: number;
  kind: TimelinePointKind;
  category: Category;
  label: string;
}

/** What the picture of one phase is drawn from. */
export interface TimelineData {
  /** ms since epoch; the axis starts here. */
  startedAt: number;
  /** ms since epoch; the axis ends here, or at the last point or event if later. */
  end: number;
  consentEvents: TimelineConsentEvent[];
  points: TimelinePoint[];
  /** The phase, for the picture's title. */
  phase?: string;
}

export interface TimelineOptions {
  /** Width in CSS pixels; the height follows from the content. */
  width: number;
  language: Language;
  /** Prefix for element ids, unique within the document that embeds the picture. */
  id?: string;
  /** Most points drawn (default 2,000); the caption says how many were left out. */
  maxPoints?: number;
  /** Draw the caption inside the picture (default true); false when the page shows it. */
  caption?: boolean;
}

/** Default cap on points drawn: enough for any real page, small enough to stay fast to render. */
export const MAX_TIMELINE_POINTS = 2000;
/** Consent markers drawn at most; a real page has a handful. */
const MAX_CONSENT_EVENTS = 50;
const MAX_LABEL = 160;

/** Colour-blind-safe colours (Okabe–Ito) and distinct shapes, one pair per category. */
const CATEGORY_STYLE: Readonly<Record<Category, { colour: string; shape: Shape }>> = {
  necessary: { colour: '#009E73', shape: 'circle' },
  preferences: { colour: '#CC79A7', shape: 'diamond' },
  statistics: { colour: '#0072B2', shape: 'square' },
  marketing: { colour: '#D55E00', shape: 'triangle-up' },
  unclassified: { colour: '#555555', shape: 'triangle-down' },
};

type Shape = 'circle' | 'diamond' | 'square' | 'triangle-up' | 'triangle-down';

/** Vertical place of each kind inside its lane, so that kinds at one moment do not overlap. */
const KIND_OFFSET: Readonly<Record<TimelinePointKind, number>> = {
  cookie: -8,
  storage: 0,
  request: 8,
};

/** Kinds in the order they are kept when the cap is reached: cookies are the evidence most read. */
const KIND_PRIORITY: Readonly<Record<TimelinePointKind, number>> = {
  cookie: 0,
  storage: 1,
  request: 2,
};

/**
 * The picture's data for one phase of `report`: the phase's cookies (at `firstSeenAt`), storage
 * entries (at `firstSeenAt`) and tracker requests (at `time`), and its consent events
 * (`phase.consentEvents`) or, when the report has none, one marker for the state at the end of
 * the phase. The axis ends where the next phase starts, or at `report.finishedAt`.
 * Returns null when the report has no such phase.
 */
export function timelineData(
  report: AuditReport,
  phaseName: PhaseName,
  language: Language = 'en',
): TimelineData | null {
  const index = report.phases.findIndex((p) => p.name === phaseName);
  const phase = report.phases[index];
  if (!phase) return null;
  const startedAt = parseTime(phase.startedAt) ?? parseTime(report.startedAt) ?? 0;
  const next = report.phases[index + 1];
  const end =
    (next ? parseTime(next.startedAt) : null) ?? parseTime(report.finishedAt) ?? startedAt;

  const points: TimelinePoint[] = [];
  for (const c of report.cookies) {
    if (c.phase !== phaseName) continue;
    const time = parseTime(c.firstSeenAt);
    if (time === null) continue;
    const vendor = c.vendor ? ` · ${c.vendor}` : '';
    points.push({
      time,
      kind: 'cookie',
      category: c.category,
      label: `${c.name} · ${c.domain}${vendor}`,
    });
  }
  for (const s of report.storage) {
    if (s.phase !== phaseName) continue;
    const time = parseTime(s.firstSeenAt);
    if (time === null) continue;
    const vendor = s.vendor ? ` · ${s.vendor}` : '';
    points.push({
      time,
      kind: 'storage',
      category: s.category,
      label: `${s.key} · ${s.origin}${vendor}`,
    });
  }
  for (const r of report.requests) {
    if (r.phase !== phaseName || !r.tracker) continue;
    const time = parseTime(r.time);
    if (time === null) continue;
    const vendor = r.tracker.vendor ? ` · ${r.tracker.vendor}` : '';
    points.push({
      time,
      kind: 'request',
      category: r.tracker.category,
      label: `${r.host}${vendor}`,
    });
  }
  points.sort((a, b) => a.time - b.time);

  const consentEvents: TimelineConsentEvent[] = [];
  for (const e of phase.consentEvents ?? []) {
    const time = parseTime(e.time);
    if (time === null) continue;
    consentEvents.push({
      time,
      decision: String(e.decision),
      label:
        typeof e.label === 'string' && e.label !== ''
          ? e.label
          : decisionLabel(String(e.decision), language),
      interaction: e.interaction === true,
    });
  }
  consentEvents.sort((a, b) => a.time - b.time);
  if (consentEvents.length === 0) {
    const decision = String(phase.consent.decision);
    consentEvents.push({
      time: Math.max(end, points.at(-1)?.time ?? end),
      decision,
      label: reportStrings(language).finalState(decisionLabel(decision, language)),
      interaction: phase.consent.interaction === true,
      final: true,
    });
  }
  return { startedAt, end, consentEvents, points, phase: phaseName };
}

/**
 * One sentence or two on what matters in the picture, e.g. "3 marketing cookies before the
 * visitor made a choice." Counts every point of the data, drawn or not; necessary items are
 * left out because they need no consent.
 */
export function timelineCaption(data: TimelineData, language: Language): string {
  const s = reportStrings(language);
  const relevant = data.points.filter((p) => p.category !== 'necessary');
  const choice = data.consentEvents.find(
    (e) => !e.final && e.interaction === true && isChoice(e.decision),
  );
  const final = data.consentEvents.find((e) => e.final);
  const list = (points: readonly TimelinePoint[]): string => countList(points, language);

  if (choice) {
    const before = relevant.filter((p) => p.time < choice.time);
    const after = relevant.filter((p) => p.time >= choice.time);
    const first = before.length > 0 ? s.beforeChoice(list(before)) : s.nothingBeforeChoice;
    return after.length > 0 ? `${first} ${s.afterChoice(list(after))}` : first;
  }
  // A final-state marker with a decision: a choice exists but its moment is not in the report.
  if (final && isChoice(final.decision) && final.interaction !== false) {
    return relevant.length > 0 ? s.choiceTimeUnknown(list(relevant)) : s.nothingObserved;
  }
  // No choice by the visitor in this phase (no decision, or one recorded without interaction).
  return relevant.length > 0 ? s.beforeChoice(list(relevant)) : s.nothingBeforeChoice;
}

/**
 * The picture as an inline SVG document fragment (valid as a standalone SVG file too). Every
 * text from the data is escaped; at most `maxPoints` points are drawn, cookies first, and the
 * caption says how many were left out.
 */
export function timelineSvg(data: TimelineData, options: TimelineOptions): string {
  const language = options.language;
  const s = reportStrings(language);
  const id = (options.id ?? 'timeline').replace(/[^A-Za-z0-9_-]/g, '-');
  const width = clamp(Math.round(Number.isFinite(options.width) ? options.width : 760), 320, 4000);
  const maxPoints = Math.max(0, Math.floor(options.maxPoints ?? MAX_TIMELINE_POINTS));

  const drawn = pickPoints(data.points, maxPoints);
  const omitted = data.points.length - drawn.length;
  const events = data.consentEvents.slice(0, MAX_CONSENT_EVENTS);

  // Horizontal scale: seconds from the phase start to the latest thing shown.
  const start = Number.isFinite(data.startedAt) ? data.startedAt : 0;
  const latest = Math.max(data.end, ...drawn.map((p) => p.time), ...events.map((e) => e.time));
  const spanMs = Math.max(1000, (Number.isFinite(latest) ? latest : start) - start);
  const left = 122;
  const right = 18;
  const plotWidth = width - left - right;
  const x = (time: number): number =>
    round(left + (clamp(time - start, 0, spanMs) / spanMs) * plotWidth);

  // Vertical layout, top to bottom: marker labels, lanes, axis, legend, caption.
  const labelRows = Math.min(3, Math.max(1, events.length));
  const top = 10 + labelRows * 14;
  const laneHeight = 30;
  const lanesBottom = top + CATEGORIES.length * laneHeight;
  const axisY = lanesBottom + 4;
  const legendY = axisY + 44;
  const captionText = [
    timelineCaption(data, language),
    omitted > 0 ? s.pointsOmitted(omitted, maxPoints) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const captionLines =
    options.caption === false ? [] : wrap(captionText, Math.floor((width - 20) / 6.6));
  const captionY = legendY + 64;
  const height = captionY + (captionLines.length > 0 ? captionLines.length * 16 : -8);

  const out: string[] = [];
  const phaseTitle = data.phase ? `${s.timeline}: ${phaseLabel(data.phase, language)}` : s.timeline;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="11">`,
    `<title id="${id}-title">${escapeHtml(phaseTitle)}</title>`,
    `<desc id="${id}-desc">${escapeHtml(captionText)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  );

  // Lanes, one per category, with the category's name and symbol on the left.
  CATEGORIES.forEach((category, i) => {
    const y = top + i * laneHeight;
    const style = CATEGORY_STYLE[category];
    out.push(
      `<g class="lane" data-category="${category}">`,
      `<rect x="${left}" y="${y}" width="${plotWidth}" height="${laneHeight}" fill="${i % 2 === 0 ? '#f4f5f7' : '#ffffff'}"/>`,
      shapePath(style.shape, 12, y + laneHeight / 2, 4.5, `fill="${style.colour}"`),
      `<text x="22" y="${y + laneHeight / 2 + 4}" fill="#1f2328">${escapeHtml(categoryLabel(category, language))}</text>`,
      `</g>`,
    );
  });

  // Time axis with "nice" ticks.
  const step = tickStep(spanMs / 1000);
  out.push(
    `<g class="axis">`,
    `<line x1="${left}" y1="${axisY}" x2="${left + plotWidth}" y2="${axisY}" stroke="#57606a"/>`,
  );
  for (let t = 0; t <= spanMs / 1000 + 1e-9; t += step) {
    const tx = x(start + t * 1000);
    out.push(
      `<line x1="${tx}" y1="${axisY}" x2="${tx}" y2="${axisY + 5}" stroke="#57606a"/>`,
      `<text x="${tx}" y="${axisY + 17}" text-anchor="middle" fill="#1f2328">${escapeHtml(formatDecimal(t, language))}</text>`,
    );
  }
  out.push(
    `<text x="${left + plotWidth / 2}" y="${axisY + 32}" text-anchor="middle" fill="#1f2328">${escapeHtml(s.timeAxis)}</text>`,
    `</g>`,
  );

  // Points.
  out.push(`<g class="points">`);
  for (const p of drawn) {
    const lane = CATEGORIES.indexOf(p.category);
    const style = CATEGORY_STYLE[p.category] ?? CATEGORY_STYLE.unclassified;
    const cy =
      top +
      (lane < 0 ? CATEGORIES.length - 1 : lane) * laneHeight +
      laneHeight / 2 +
      KIND_OFFSET[p.kind];
    const seconds = formatDecimal((p.time - start) / 1000, language, 2);
    const title = `${s.pointKind[p.kind]} · ${categoryLabel(p.category, language)} · ${cap(p.label)} · ${seconds} s`;
    out.push(
      shapePath(
        style.shape,
        x(p.time),
        cy,
        4.5,
        kindPaint(p.kind, style.colour),
        `point point-${p.kind}`,
        title,
      ),
    );
  }
  out.push(`</g>`);

  // Consent markers over the points, labels staggered in rows so that close events stay legible.
  out.push(`<g class="consent-events">`);
  events.forEach((e, i) => {
    const ex = x(e.time);
    const row = i % labelRows;
    const labelY = 10 + row * 14 + 9;
    const anchor = ex > left + plotWidth * 0.6 ? 'end' : 'start';
    const seconds = formatDecimal((e.time - start) / 1000, language, 2);
    const label = cap(e.label);
    const title = e.final ? label : `${label} · ${seconds} s`;
    out.push(
      `<g class="consent-event${e.final ? ' consent-final' : ''}" data-decision="${escapeHtml(e.decision)}">`,
      `<title>${escapeHtml(title)}</title>`,
      `<line x1="${ex}" y1="${labelY + 3}" x2="${ex}" y2="${axisY}" stroke="#1f2328" stroke-width="1.5"${e.final ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${anchor === 'end' ? ex - 3 : ex + 3}" y="${labelY}" text-anchor="${anchor}" fill="#1f2328" font-weight="600">${escapeHtml(label)}</text>`,
      `</g>`,
    );
  });
  out.push(`</g>`);

  // Legend: a title row, then the category symbols, then what the fill means.
  out.push(
    `<g class="legend">`,
    `<text x="4" y="${legendY}" fill="#1f2328" font-weight="600">${escapeHtml(s.legend)}</text>`,
  );
  let lx = 4;
  const categoryY = legendY + 18;
  for (const category of CATEGORIES) {
    const style = CATEGORY_STYLE[category];
    const text = categoryLabel(category, language);
    out.push(
      shapePath(style.shape, lx + 5, categoryY - 4, 4.5, `fill="${style.colour}"`),
      `<text x="${lx + 14}" y="${categoryY}" fill="#1f2328">${escapeHtml(text)}</text>`,
    );
    lx += 30 + text.length * 6.2;
  }
  lx = 4;
  const kindY = categoryY + 18;
  for (const kind of ['cookie', 'storage', 'request'] as const) {
    const text = s.pointKind[kind];
    out.push(
      shapePath('circle', lx + 5, kindY - 4, 4.5, kindPaint(kind, '#1f2328')),
      `<text x="${lx + 14}" y="${kindY}" fill="#1f2328">${escapeHtml(text)}</text>`,
    );
    lx += 30 + text.length * 6.2;
  }
  out.push(`</g>`);

  if (captionLines.length > 0) {
    out.push(`<text class="caption" x="4" y="${captionY}" fill="#1f2328" font-size="12">`);
    captionLines.forEach((line, i) => {
      out.push(`<tspan x="4" dy="${i === 0 ? 0 : 16}">${escapeHtml(line)}</tspan>`);
    });
    out.push(`</text>`);
  }
  out.push(`</svg>`);
  return out.join('');
}

/** Up to `max` points: cookies, then storage, then requests, each in time order; drawn in time order. */
function pickPoints(points: readonly TimelinePoint[], max: number): TimelinePoint[] {
  if (points.length <= max) return [...points];
  const kept = [...points]
    .sort((a, b) => KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind] || a.time - b.time)
    .slice(0, max);
  return kept.sort((a, b) => a.time - b.time);
}

/** "3 marketing cookies, 1 statistics cookie and 2 tracker requests", most serious first. */
function countList(points: readonly TimelinePoint[], language: Language): string {
  const s = reportStrings(language);
  const order: readonly Category[] = [
    'marketing',
    'statistics',
    'preferences',
    'unclassified',
    'necessary',
  ];
  const parts: string[] = [];
  for (const kind of ['cookie', 'storage'] as const) {
    for (const category of order) {
      const n = points.filter((p) => p.kind === kind && p.category === category).length;
      if (n > 0) parts.push(s.categoryCount(category, kind, n));
    }
  }
  const requests = points.filter((p) => p.kind === 'request').length;
  if (requests > 0) parts.push(s.categoryCount('unclassified', 'request', requests));
  return joinList(parts, language);
}

function isChoice(decision: string): boolean {
  return decision === 'reject' || decision === 'accept' || decision === 'custom';
}

/** Filled for cookies, light for storage, hollow for requests: readable in grey as well. */
function kindPaint(kind: TimelinePointKind, colour: string): string {
  if (kind === 'cookie') return `fill="${colour}" stroke="${colour}" stroke-width="1"`;
  if (kind === 'storage')
    return `fill="${colour}" fill-opacity="0.35" stroke="${colour}" stroke-width="1.5"`;
  return `fill="#ffffff" stroke="${colour}" stroke-width="1.6"`;
}

/** A symbol centred at (cx, cy) with radius r, as one path (with a hover title when given). */
function shapePath(
  shape: Shape,
  cx: number,
  cy: number,
  r: number,
  paint: string,
  className?: string,
  title?: string,
): string {
  const p = (dx: number, dy: number): string => `${round(cx + dx)} ${round(cy + dy)}`;
  let d: string;
  switch (shape) {
    case 'circle':
      d = `M${p(-r, 0)}A${r} ${r} 0 1 0 ${p(r, 0)}A${r} ${r} 0 1 0 ${p(-r, 0)}Z`;
      break;
    case 'diamond':
      d = `M${p(0, -r - 1)}L${p(r + 1, 0)}L${p(0, r + 1)}L${p(-r - 1, 0)}Z`;
      break;
    case 'square':
      d = `M${p(-r + 0.5, -r + 0.5)}L${p(r - 0.5, -r + 0.5)}L${p(r - 0.5, r - 0.5)}L${p(-r + 0.5, r - 0.5)}Z`;
      break;
    case 'triangle-up':
      d = `M${p(0, -r - 1)}L${p(r + 0.5, r)}L${p(-r - 0.5, r)}Z`;
      break;
    case 'triangle-down':
      d = `M${p(0, r + 1)}L${p(r + 0.5, -r)}L${p(-r - 0.5, -r)}Z`;
      break;
  }
  const cls = className ? ` class="${className}" data-shape="${shape}"` : '';
  if (title === undefined) return `<path${cls} d="${d}" ${paint}/>`;
  return `<path${cls} d="${d}" ${paint}><title>${escapeHtml(title)}</title></path>`;
}

/** The smallest "nice" step (in seconds) that gives at most ten ticks. */
function tickStep(spanSeconds: number): number {
  const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
  for (const step of steps) if (spanSeconds / step <= 10) return step;
  return Math.ceil(spanSeconds / 10 / 3600) * 3600;
}

/** Greedy word wrap to lines of at most `width` characters (long words are cut). */
function wrap(text: string, width: number): string[] {
  const max = Math.max(20, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const piece = word.length > max ? `${word.slice(0, max - 1)}…` : word;
    if (line === '') line = piece;
    else if (line.length + 1 + piece.length <= max) line += ` ${piece}`;
    else {
      lines.push(line);
      line = piece;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function cap(label: string): string {
  const t = truncate(String(label), MAX_LABEL);
  return t.omitted > 0 ? `${t.text}…` : t.text;
}

function parseTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
