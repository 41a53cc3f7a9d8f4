/**
 * The state of one automated audit run in the extension: which phase and step it is in, how it
 * ended, and what a restarted background does with it. Plain data, kept in `storage.session` at
 * every step, so an MV3 service worker that is stopped mid-run finds it again.
 *
 * A stopped worker loses the page work in flight (the click, the waits), never what finished
 * phases observed. Each phase starts from clean site data and a fresh load, so the phase that
 * was running is started again from its beginning: nothing of the lost attempt is kept, and the
 * report names the phases that were restarted. A run restarted too often, or whose tab is gone,
 * ends `interrupted` and its report says so — never a pass made of the phases that did finish.
 *
 * Pure: the background executes the steps, these functions only decide what comes next.
 */
import { PHASE_NAMES, type PhaseName, type ReportAudit } from '../report/types.ts';
import { CHOICE_OF } from './choice-phase.ts';
import { MAX_SITE_ORIGINS, siteOrigins } from './site-data.ts';

/** Bump when the stored shape changes: a run of another version is read as interrupted. */
export const RUN_VERSION = 1;

/**
 * `clearing` site data, `loading` the page fresh, `choosing` on the banner (click and the
 * platform's time to store it), `reloading` after the choice, `observing` for the settle time,
 * then `assembling` the report once every phase is done.
 */
export type AuditStep =
  'clearing' | 'loading' | 'choosing' | 'reloading' | 'observing' | 'assembling';

export type AuditStatus = 'running' | 'done' | 'cancelled' | 'interrupted' | 'failed';

/** Why a run ended before its last phase. */
export type AuditStopReason =
  /** The background was stopped more often than a run may restart a phase. */
  | 'worker-stopped'
  /** The audited tab was closed. */
  | 'tab-closed'
  /** The visitor cancelled. */
  | 'cancelled'
  /** The page could not be loaded, or left the audited site. */
  | 'error';

export interface AuditRun {
  version: typeof RUN_VERSION;
  id: string;
  tabId: number;
  /** The address audited: the tab's page when the run started. */
  url: string;
  /** Its registrable domain: only this site's data is ever cleared. */
  site: string;
  phases: PhaseName[];
  /** Index into `phases` of the phase in progress; `phases.length` once all are done. */
  phaseIndex: number;
  step: AuditStep;
  status: AuditStatus;
  startedAt: number;
  /** When the current phase (or its restart) began: the popup counts its seconds from here. */
  phaseStartedAt: number;
  finishedAt: number | null;
  /** Phases started again from their beginning after the background was stopped, in order. */
  restarted: PhaseName[];
  /** Origins of the audited site seen so far; their storage is cleared before each phase. */
  origins: string[];
  reason: AuditStopReason | null;
  /** One sentence on what stopped the run (technical, English), or null. */
  detail: string | null;
  /** How long each phase observes after the page is idle. */
  settleMs: number;
  /** Same-site pages to follow after each phase's main page (0: none). */
  followLinks: number;
}

/** How often a run may start a phase again after the background was stopped. */
export const MAX_RESTARTS = 2;
const MAX_URL = 4096;
const MAX_DETAIL = 300;

/** The steps of one phase, in order. */
export function stepsOf(phase: PhaseName): readonly AuditStep[] {
  return CHOICE_OF[phase] === null
    ? ['clearing', 'loading', 'observing']
    : ['clearing', 'loading', 'choosing', 'reloading', 'observing'];
}

export interface StartInput {
  id: string;
  tabId: number;
  url: string;
  site: string;
  phases: readonly PhaseName[];
  settleMs: number;
  followLinks?: number;
  /** Addresses the tab's page already contacted: those of the site are cleared from the start. */
  seen?: readonly string[];
  now: number;
}

/** A new run at the first step of its first phase; the audited page's origin is cleared first. */
export function startRun(input: StartInput): AuditRun {
  const phases = PHASE_NAMES.filter((p) => input.phases.includes(p));
  if (phases.length === 0) throw new Error('an audit needs at least one phase');
  return {
    version: RUN_VERSION,
    id: input.id,
    tabId: input.tabId,
    url: input.url,
    site: input.site,
    phases,
    phaseIndex: 0,
    step: 'clearing',
    status: 'running',
    startedAt: input.now,
    phaseStartedAt: input.now,
    finishedAt: null,
    restarted: [],
    origins: siteOrigins(input.site, [input.url, ...(input.seen ?? [])]),
    reason: null,
    detail: null,
    settleMs: input.settleMs,
    followLinks: input.followLinks ?? 0,
  };
}

/** The phase in progress, or null once every phase is done. */
export function currentPhase(run: AuditRun): PhaseName | null {
  return run.phases[run.phaseIndex] ?? null;
}

/** The phases that finished, in order. */
export function completedPhases(run: AuditRun): PhaseName[] {
  return run.phases.slice(0, run.phaseIndex);
}

/**
 * The next step: within the phase, or the first step of the next phase, or `assembling` after
 * the last. Only a running run moves; a finished one is returned unchanged.
 */
export function nextStep(run: AuditRun, now: number): AuditRun {
  const phase = currentPhase(run);
  if (run.status !== 'running' || phase === null) return run;
  const steps = stepsOf(phase);
  const at = steps.indexOf(run.step);
  if (at >= 0 && at < steps.length - 1) return { ...run, step: steps[at + 1] as AuditStep };
  const phaseIndex = run.phaseIndex + 1;
  if (phaseIndex >= run.phases.length)
    return { ...run, phaseIndex, step: 'assembling', phaseStartedAt: now };
  return { ...run, phaseIndex, step: 'clearing', phaseStartedAt: now };
}

/** The report is assembled: the run is done. */
export function finishRun(run: AuditRun, now: number): AuditRun {
  if (run.status !== 'running' || run.step !== 'assembling') return run;
  return { ...run, status: 'done', finishedAt: now };
}

/** Ends a running run early; a run that already ended keeps its ending. */
export function stopRun(
  run: AuditRun,
  status: 'cancelled' | 'interrupted' | 'failed',
  reason: AuditStopReason,
  detail: string | null,
  now: number,
): AuditRun {
  if (run.status !== 'running') return run;
  return {
    ...run,
    status,
    reason,
    detail: detail === null ? null : detail.slice(0, MAX_DETAIL),
    finishedAt: now,
  };
}

/**
 * What a restarted background does with a run it finds running: the phase in progress starts
 * again from its beginning (clean site data, fresh load), up to MAX_RESTARTS times per run; after
 * that the run is interrupted. A run that had only its report left to assemble assembles it.
 */
export function afterWorkerRestart(run: AuditRun, now: number): AuditRun {
  if (run.status !== 'running' || run.step === 'assembling') return run;
  const phase = currentPhase(run);
  if (phase === null) return { ...run, step: 'assembling' };
  if (run.restarted.length >= MAX_RESTARTS)
    return stopRun(
      run,
      'interrupted',
      'worker-stopped',
      `the extension's background was stopped ${run.restarted.length + 1} times; the run gave up in phase ${phase}`,
      now,
    );
  return {
    ...run,
    step: 'clearing',
    phaseStartedAt: now,
    restarted: [...run.restarted, phase],
  };
}

/** Adds origins of the audited site (already filtered to it), without duplicates, bounded. */
export function withOrigins(run: AuditRun, origins: readonly string[]): AuditRun {
  const all = new Set(run.origins);
  for (const o of origins) {
    if (all.size >= MAX_SITE_ORIGINS) break;
    all.add(o);
  }
  return all.size === run.origins.length ? run : { ...run, origins: [...all] };
}

/** What the popup shows while a run is in progress: "Phase 2 of 3: after reject — 14 s". */
export interface AuditProgress {
  /** 1-based. */
  phaseNumber: number;
  phaseCount: number;
  phase: PhaseName | null;
  step: AuditStep;
  /** Whole seconds since the phase (or the report assembly) began. */
  seconds: number;
}

export function progressOf(run: AuditRun, now: number): AuditProgress {
  return {
    phaseNumber: Math.min(run.phaseIndex + 1, run.phases.length),
    phaseCount: run.phases.length,
    phase: currentPhase(run),
    step: run.step,
    seconds: Math.max(0, Math.floor((now - run.phaseStartedAt) / 1000)),
  };
}

/**
 * The report's record of the run. A run that did not finish every phase is `interrupted`,
 * whatever stopped it: its report holds only the finished phases and never reads as a pass.
 */
export function outcomeOf(run: AuditRun): ReportAudit {
  const completed = completedPhases(run);
  const complete = run.status === 'done' || (run.status === 'running' && run.step === 'assembling');
  return {
    status: complete ? 'complete' : 'interrupted',
    planned: [...run.phases],
    completed,
    restarted: [...run.restarted],
    runner: 'extension',
    ...(complete ? {} : { reason: reasonSentence(run) }),
  };
}

function reasonSentence(run: AuditRun): string {
  const phase = currentPhase(run);
  const where = phase
    ? ` during phase ${run.phaseIndex + 1} of ${run.phases.length} (${phase})`
    : '';
  switch (run.reason) {
    case 'tab-closed':
      return `The audited tab was closed${where}.`;
    case 'cancelled':
      return `The audit was cancelled${where}.`;
    case 'worker-stopped':
      return `The extension's background was stopped${where} and the run could not go on.`;
    default:
      return `The audit stopped${where}: ${run.detail ?? 'unknown error'}.`;
  }
}

const STEPS: readonly AuditStep[] = [
  'clearing',
  'loading',
  'choosing',
  'reloading',
  'observing',
  'assembling',
];
const STATUSES: readonly AuditStatus[] = ['running', 'done', 'cancelled', 'interrupted', 'failed'];
const REASONS: readonly (AuditStopReason | null)[] = [
  null,
  'worker-stopped',
  'tab-closed',
  'cancelled',
  'error',
];

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isPhase = (v: unknown): v is PhaseName => (PHASE_NAMES as readonly unknown[]).includes(v);
const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/**
 * A run read back from storage, checked field by field; null when it is not one this version
 * wrote (the caller treats that as a run it cannot continue).
 */
export function reviveRun(value: unknown): AuditRun | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (r.version !== RUN_VERSION) return null;
  if (!isString(r.id, 100) || !Number.isInteger(r.tabId)) return null;
  if (!isString(r.url, MAX_URL) || !isString(r.site, 300)) return null;
  if (!Array.isArray(r.phases) || r.phases.length === 0 || !r.phases.every(isPhase)) return null;
  if (!Number.isInteger(r.phaseIndex) || (r.phaseIndex as number) < 0) return null;
  if ((r.phaseIndex as number) > r.phases.length) return null;
  if (!(STEPS as readonly unknown[]).includes(r.step)) return null;
  if (!(STATUSES as readonly unknown[]).includes(r.status)) return null;
  if (!isTime(r.startedAt) || !isTime(r.phaseStartedAt)) return null;
  if (r.finishedAt !== null && !isTime(r.finishedAt)) return null;
  if (!Array.isArray(r.restarted) || !r.restarted.every(isPhase)) return null;
  if (!Array.isArray(r.origins) || r.origins.length > MAX_SITE_ORIGINS) return null;
  if (!r.origins.every((o) => isString(o, MAX_URL))) return null;
  if (!(REASONS as readonly unknown[]).includes(r.reason)) return null;
  if (r.detail !== null && !isString(r.detail, MAX_DETAIL)) return null;
  if (!isTime(r.settleMs) || !Number.isInteger(r.followLinks)) return null;
  return {
    version: RUN_VERSION,
    id: r.id,
    tabId: r.tabId as number,
    url: r.url,
    site: r.site,
    phases: [...(r.phases as PhaseName[])],
    phaseIndex: r.phaseIndex as number,
    step: r.step as AuditStep,
    status: r.status as AuditStatus,
    startedAt: r.startedAt,
    phaseStartedAt: r.phaseStartedAt,
    finishedAt: r.finishedAt as number | null,
    restarted: [...(r.restarted as PhaseName[])],
    origins: [...(r.origins as string[])],
    reason: r.reason as AuditStopReason | null,
    detail: r.detail as string | null,
    settleMs: r.settleMs,
    followLinks: r.followLinks as number,
  };
}
