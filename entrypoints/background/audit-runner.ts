import { browser } from 'wxt/browser';
import { assembleReport, type ObservedPhase } from '@/lib/audit/assemble-report.ts';
import {
  afterChoicePhase,
  CHOICE_OF,
  choiceRecorded,
  describeChoice,
  type PhaseVisit,
} from '@/lib/audit/choice-phase.ts';
import { sameSiteLinks, withFollowedPages } from '@/lib/audit/follow-links.ts';
import {
  afterWorkerRestart,
  completedPhases,
  currentPhase,
  finishRun,
  nextStep,
  outcomeOf,
  reviveRun,
  startRun,
  stopRun,
  withOrigins,
  type AuditRun,
} from '@/lib/audit/run-state.ts';
import { siteOrigins } from '@/lib/audit/site-data.ts';
import { cutOffRun, markerOf, reviveCutOff, reviveMarker } from '@/lib/audit/cut-off.ts';
import {
  EMPTY_RUN_DATA,
  restoredPhase,
  reviveRunData,
  storablePhase,
  type RunData,
} from '@/lib/audit/stored-phase.ts';
import { STORE_DELAY_MS, type ChoiceResult } from '@/lib/banner/choice.ts';
import { matchDeclared } from '@/lib/declarations/name-pattern.ts';
import { hostOf, siteOf } from '@/lib/domain/site.ts';
import { loadKnowledge } from '@/lib/knowledge/load-knowledge.ts';
import type { Responses } from '@/lib/messaging/protocol.ts';
import { PHASE_NAMES, type AuditReport, type PhaseName } from '@/lib/report/types.ts';
import { toRuleSettings } from '@/lib/storage/settings.ts';
import { getDeclaration } from '@/entrypoints/shared/store.ts';
import { stopAutoconsent } from './audit-autoconsent.ts';
import { makeChoice, scanBanner } from './audit-choice.ts';
import { discoverForTab } from './declaration-discovery.ts';
import { readLinks } from './audit-page.ts';
import {
  AuditStepError,
  clearSite,
  idleVisit,
  load,
  readableCookies,
  sleep,
  snapshot,
  TabClosedError,
} from './audit-tab.ts';
import { recordInteraction } from './interaction.ts';
import { settings, uiLanguage } from './settings.ts';
import type { VisitStore } from './visit-store.ts';
import type { SetCookieHeaders } from './set-cookie-headers.ts';

/**
 * "Audit this site": the three phases in the visitor's current tab, driven from the background.
 * Every step is written to `storage.session` before it is taken (lib/audit/run-state.ts decides
 * what comes next); the finished phases' observations are written as each phase ends, so a
 * stopped and restarted worker starts the interrupted phase again and loses nothing finished.
 * One run at a time: two runs would clear each other's site data.
 */

const RUN_KEY = 'audit-run:';
const DATA_KEY = 'audit-data:';
const REPORT_KEY = 'audit-report:';
/** In storage.local, which a browser restart keeps: the run in progress, and one that was cut off. */
const ACTIVE_KEY = 'audit-active';
const CUT_OFF_KEY = 'audit-cut-off';
/** An extension API call at this interval keeps the worker alive while it waits on a page. */
const KEEP_ALIVE_MS = 20_000;

interface ActiveRun {
  run: AuditRun;
  data: RunData;
  abort: AbortController;
  done: Promise<void>;
}

/** The visitor asked to stop. */
class CancelRequest extends Error {}

let visits: VisitStore | null = null;
let headers: SetCookieHeaders | null = null;
let ready: Promise<void> = Promise.resolve();
const active = new Map<number, ActiveRun>();
let keepAlive: ReturnType<typeof setInterval> | null = null;

/** Registers the audit's listeners and continues a run a stopped worker left behind. */
export function startAudits(store: VisitStore, setCookieHeaders: SetCookieHeaders): void {
  visits = store;
  headers = setCookieHeaders;
  browser.tabs.onRemoved.addListener((tabId) => {
    const entry = active.get(tabId);
    if (entry) entry.abort.abort(new TabClosedError('the audited tab was closed'));
    else void ready.then(() => forget(tabId));
  });
  ready = store.ready.then(resumeStoredRuns).catch((error: unknown) => {
    console.warn('ConsentLens: could not read the audit runs:', error);
  });
}

/** Starts the audit of the tab's page. */
export async function startAudit(tabId: number): Promise<Responses['start-audit']> {
  await ready;
  if (active.size > 0) return { started: false, reason: 'running' };
  const tab = await browser.tabs.get(tabId).catch(() => null);
  const url = tab?.url ?? visits?.get(tabId)?.url ?? '';
  const host = /^https?:\/\//i.test(url) ? hostOf(url) : null;
  if (!host) return { started: false, reason: 'not-a-web-page' };
  const current = settings();
  const seen = visits?.get(tabId)?.requests.map((r) => r.url) ?? [];
  const run = startRun({
    id: crypto.randomUUID(),
    tabId,
    url,
    site: siteOf(host),
    phases: PHASE_NAMES,
    settleMs: Math.round(current.audit.settleSeconds * 1000),
    followLinks: current.audit.followLinks,
    seen,
    now: Date.now(),
  });
  await forget(tabId);
  await browser.storage.local.remove(CUT_OFF_KEY).catch(warn);
  await saveRun(run);
  await saveMarker(run);
  await saveData(tabId, EMPTY_RUN_DATA);
  launch(run, { ...EMPTY_RUN_DATA });
  return { started: true };
}

/** Stops the tab's run; resolves once the run has recorded that it was cancelled. */
export async function cancelAudit(tabId: number): Promise<Responses['cancel-audit']> {
  await ready;
  const entry = active.get(tabId);
  if (!entry) return { cancelled: false };
  entry.abort.abort(new CancelRequest('cancelled'));
  await entry.done;
  return { cancelled: true };
}

/** The run a browser or extension restart cut off, when the tab shows the site it audited. */
export async function cutOffAudit(tabId: number): Promise<Responses['audit-cut-off']> {
  await ready;
  const stored = await browser.storage.local.get(CUT_OFF_KEY).catch(() => ({}));
  const record = reviveCutOff((stored as Record<string, unknown>)[CUT_OFF_KEY]);
  const site = visits?.get(tabId)?.site;
  return record && site === record.site ? record : null;
}

/** The tab's run and its report; null when there is none, or the tab has loaded a page since. */
export async function auditStatus(tabId: number): Promise<Responses['audit-status']> {
  await ready;
  const run = active.get(tabId)?.run ?? (await readRun(tabId));
  if (!run) return null;
  if (run.status !== 'running') {
    const visit = visits?.get(tabId);
    if (visit && run.finishedAt !== null && visit.startedAt > run.finishedAt) return null;
  }
  const report = run.status === 'running' ? null : await readReport(tabId);
  return { run, report };
}

function launch(run: AuditRun, data: RunData): void {
  const entry: ActiveRun = {
    run,
    data,
    abort: new AbortController(),
    done: Promise.resolve(),
  };
  active.set(run.tabId, entry);
  keepAlive ??= setInterval(() => void browser.runtime.getPlatformInfo(), KEEP_ALIVE_MS);
  entry.done = drive(entry).finally(() => {
    active.delete(run.tabId);
    if (active.size === 0 && keepAlive !== null) {
      clearInterval(keepAlive);
      keepAlive = null;
    }
  });
}

/** Runs the remaining phases, then assembles the report; any failure ends the run with its reason. */
async function drive(entry: ActiveRun): Promise<void> {
  const tabId = entry.run.tabId;
  // An audit wants every Set-Cookie header as evidence, whatever it costs the page load.
  headers?.duringAudit(true);
  try {
    while (entry.run.status === 'running' && entry.run.step !== 'assembling') {
      const phase = currentPhase(entry.run);
      if (phase === null) break;
      const observed = await runPhase(entry, phase);
      entry.data = { ...entry.data, phases: [...entry.data.phases, storablePhase(observed)] };
      await saveData(tabId, entry.data);
      await update(entry, nextStep(entry.run, Date.now()));
    }
    const report = await assemble(entry.run, entry.data);
    if (report) await saveReport(tabId, report);
    await update(entry, finishRun(entry.run, Date.now()));
    await removeKeys([DATA_KEY + tabId]);
  } catch (error) {
    const reason: unknown = entry.abort.signal.aborted ? entry.abort.signal.reason : error;
    const now = Date.now();
    if (reason instanceof CancelRequest) {
      await update(entry, stopRun(entry.run, 'cancelled', 'cancelled', null, now));
      await removeKeys([DATA_KEY + tabId, REPORT_KEY + tabId]);
    } else {
      const stopped =
        reason instanceof TabClosedError
          ? stopRun(entry.run, 'interrupted', 'tab-closed', messageOf(reason), now)
          : stopRun(entry.run, 'failed', 'error', messageOf(reason), now);
      await endEarly(entry, stopped);
    }
  } finally {
    stopAutoconsent();
    headers?.duringAudit(false);
  }
}

/** A run that stopped before its last phase: its report, if any phase finished, says so. */
async function endEarly(entry: ActiveRun, stopped: AuditRun): Promise<void> {
  const report = await assemble(stopped, entry.data).catch(() => null);
  if (report) await saveReport(stopped.tabId, report);
  await update(entry, stopped);
  await removeKeys([DATA_KEY + stopped.tabId]);
}

/** One phase, from clearing the site's data to the end of its observation. */
async function runPhase(entry: ActiveRun, name: PhaseName): Promise<ObservedPhase> {
  const store = visits as VisitStore;
  const signal = entry.abort.signal;
  const { tabId, site, url } = entry.run;
  const advance = () => update(entry, nextStep(entry.run, Date.now()));

  await clearSite(tabId, site, entry.run.origins, signal);
  await advance(); // loading
  const since = Date.now();
  await load(tabId, url, signal);
  const loaded = await idleVisit(store, tabId, since, signal);
  if (loaded.site !== site)
    throw new AuditStepError(`the page went to another site (${loaded.site.slice(0, 100)})`);
  await update(
    entry,
    withOrigins(entry.run, siteOrigins(site, [url, ...loaded.requests.map((r) => r.url)])),
  );
  const banner = await scanBanner(tabId);
  const choice = CHOICE_OF[name];

  if (choice === null) {
    await advance(); // observing
    await sleep(entry.run.settleMs, signal);
    const visit = snapshot(store, tabId, since, site);
    const phase: ObservedPhase = {
      name,
      visit,
      endedAt: Date.now(),
      banner,
      gpcSent: visit.gpcSent,
    };
    await rememberOrigins(entry, visit.requests);
    if (
      entry.data.declared === null &&
      entry.data.declarationNote === null &&
      !(await getDeclaration(site).catch(() => null))
    ) {
      // The same discovery a visitor's browsing uses (and refreshes its cache), looked for now.
      const found = await discoverForTab(store, tabId);
      entry.data = {
        ...entry.data,
        declared: found?.table ? { ...found.table, origin: 'discovered' } : null,
        declarationNote: found?.table ? null : (found?.note ?? 'the page could not be read'),
      };
    }
    return withFollowedPages(phase, await followLinks(entry, visit.url), Date.now());
  }

  await advance(); // choosing
  const selector = settings().audit.selectors[site]?.[choice] ?? null;
  let result: ChoiceResult = await makeChoice(tabId, choice, { selector }, signal);
  // The audit's clicks are script clicks, which the page sees as untrusted: the audit vouches
  // for the visitor's action itself, as the command line does.
  if (result.clicked)
    for (const time of new Set([result.time, result.actedAt ?? result.time]))
      recordInteraction(store, tabId, time);
  await sleep(STORE_DELAY_MS, signal);
  let before = snapshot(store, tabId, since, site);
  if (result.method === 'autoconsent' && !choiceRecorded(before, result)) {
    // autoconsent reported success but the platform recorded nothing: try the banner's words.
    const retry = await makeChoice(tabId, choice, { selector: null, heuristicOnly: true }, signal);
    if (retry.clicked) {
      recordInteraction(store, tabId, retry.time);
      result = {
        ...retry,
        detail: `autoconsent (${result.cmp ?? 'unknown platform'}) reported success but nothing was recorded`,
      };
      await sleep(STORE_DELAY_MS, signal);
      before = snapshot(store, tabId, since, site);
    }
  }

  await advance(); // reloading
  const reloaded = Date.now();
  await load(tabId, 'reload', signal);
  await idleVisit(store, tabId, reloaded, signal);
  await advance(); // observing
  await sleep(entry.run.settleMs, signal);
  const after = snapshot(store, tabId, reloaded, site);
  const readable = await readableCookies(
    before.cookies.filter((c) => c.time < result.time && !c.removed),
  );
  const reloadedPhase = afterChoicePhase(name, before, after, result, readable, banner, Date.now());
  await rememberOrigins(entry, reloadedPhase.visit.requests);
  const phase = withFollowedPages(reloadedPhase, await followLinks(entry, after.url), Date.now());
  phase.choice = describeChoice(result, phase.visit.consent, phase.endedAt);
  return phase;
}

/**
 * Opens the same-site pages the phase's page links to (as many as the run was started with),
 * one after the other in the audited tab, each observed for the settle time. A page that fails
 * to load or leaves the site is left out; a closed tab or a cancel still ends the run.
 */
async function followLinks(entry: ActiveRun, pageUrl: string): Promise<PhaseVisit[]> {
  const { tabId, site, followLinks: count, settleMs } = entry.run;
  if (count <= 0) return [];
  const store = visits as VisitStore;
  const signal = entry.abort.signal;
  const pages: PhaseVisit[] = [];
  for (const url of sameSiteLinks(await readLinks(tabId), pageUrl, site, count)) {
    const since = Date.now();
    try {
      await load(tabId, url, signal);
    } catch (error) {
      if (error instanceof AuditStepError) continue;
      throw error;
    }
    const visit = await idleVisit(store, tabId, since, signal);
    if (visit.site !== site) continue;
    await sleep(settleMs, signal);
    let page: PhaseVisit;
    try {
      page = snapshot(store, tabId, since, site);
    } catch (error) {
      if (error instanceof AuditStepError) continue;
      throw error;
    }
    await rememberOrigins(entry, page.requests);
    pages.push(page);
  }
  return pages;
}

async function rememberOrigins(entry: ActiveRun, requests: readonly { url: string }[]) {
  const origins = siteOrigins(
    entry.run.site,
    requests.map((r) => r.url),
    entry.run.origins,
  );
  await update(entry, withOrigins(entry.run, origins));
}

/** The report of the finished phases; null when none finished. */
async function assemble(run: AuditRun, data: RunData): Promise<AuditReport | null> {
  const phases = data.phases.slice(0, completedPhases(run).length).map(restoredPhase);
  const last = phases.at(-1);
  if (!last) return null;
  const saved = await getDeclaration(run.site).catch(() => null);
  const declared = saved?.table ?? data.declared;
  const version = browser.runtime.getManifest().version;
  const current = settings();
  return assembleReport({
    toolVersion: version,
    url: last.visit.url,
    site: run.site,
    phases,
    knowledge: loadKnowledge(),
    declared,
    matchDeclared: declared
      ? (name, domain) => matchDeclared(declared, name, domain)?.entry ?? null
      : undefined,
    settings: toRuleSettings(current, run.site, uiLanguage()),
    environment: {
      extensionVersion: version,
      browser: navigator.userAgent,
      runner: 'extension',
      gpc: current.sendGpc,
      waitMs: run.settleMs,
      storeDelayMs: STORE_DELAY_MS,
      followLinks: run.followLinks,
      phases: run.phases,
      dataSources: loadKnowledge().sources.map((s) => ({
        id: s.id,
        version: s.version,
        sha256: s.sha256,
      })),
      ...(saved
        ? { declarationSavedAt: saved.savedAt, declarationFrom: saved.source }
        : data.declarationNote
          ? { declarationNote: data.declarationNote }
          : {}),
    },
    audit: outcomeOf(run),
  });
}

/**
 * After a worker restart: a run that was in progress starts its phase again (or ends
 * interrupted, see `afterWorkerRestart`); a finished phase whose step change was not yet written
 * is run again rather than trusted half-recorded.
 */
async function resumeStoredRuns(): Promise<void> {
  const all = await browser.storage.session.get(null);
  await findCutOffRun(all);
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(RUN_KEY)) continue;
    const run = reviveRun(value);
    if (!run) {
      await removeKeys([key]);
      continue;
    }
    if (run.status !== 'running') continue;
    const data = reviveRunData(all[DATA_KEY + run.tabId]);
    const now = Date.now();
    const tab = await browser.tabs.get(run.tabId).catch(() => null);
    let next: AuditRun;
    if (!tab) next = stopRun(run, 'interrupted', 'tab-closed', 'the audited tab was closed', now);
    else if (!data || data.phases.length < run.phaseIndex)
      next = stopRun(
        run,
        'interrupted',
        'worker-stopped',
        'the observations of the finished phases could not be read back',
        now,
      );
    else next = afterWorkerRestart(run, now);
    const kept: RunData = data
      ? { ...data, phases: data.phases.slice(0, next.phaseIndex) }
      : { ...EMPTY_RUN_DATA };
    if (next.status === 'running') {
      await saveRun(next);
      launch(next, kept);
    } else {
      const report = await assemble(next, kept).catch(() => null);
      if (report) await saveReport(next.tabId, report);
      await saveRun(next);
      await removeKeys([DATA_KEY + next.tabId]);
      await browser.storage.local.remove(ACTIVE_KEY).catch(warn);
    }
  }
}

/**
 * A run marked in progress in storage.local but gone from storage.session was cut off by a
 * browser or extension restart (a stopped worker keeps the session): remembered for the popup.
 */
async function findCutOffRun(session: Record<string, unknown>): Promise<void> {
  const stored = await browser.storage.local.get(ACTIVE_KEY).catch(() => ({}));
  const marker = (stored as Record<string, unknown>)[ACTIVE_KEY];
  if (marker === undefined) return;
  const runs = Object.entries(session)
    .filter(([key]) => key.startsWith(RUN_KEY))
    .map(([, value]) => reviveRun(value))
    .filter((r): r is AuditRun => r !== null);
  const cutOff = cutOffRun(marker, new Set(runs.map((r) => r.id)), Date.now());
  if (cutOff) await browser.storage.local.set({ [CUT_OFF_KEY]: cutOff }).catch(warn);
  // A marker of a run that is still in the session stays until that run ends.
  const live = runs.some((r) => r.id === reviveMarker(marker)?.id && r.status === 'running');
  if (!live) await browser.storage.local.remove(ACTIVE_KEY).catch(warn);
}

async function update(entry: ActiveRun, run: AuditRun): Promise<void> {
  if (run === entry.run) return;
  const previous = entry.run;
  entry.run = run;
  await saveRun(run);
  if (run.status !== 'running') await browser.storage.local.remove(ACTIVE_KEY).catch(warn);
  else if (run.phaseIndex !== previous.phaseIndex) await saveMarker(run);
}

/** Marks the run in progress where a browser restart keeps it (only its address and phase). */
async function saveMarker(run: AuditRun): Promise<void> {
  await browser.storage.local.set({ [ACTIVE_KEY]: markerOf(run) }).catch(warn);
}

/** storage.session can fail (quota): the run goes on in memory, it only cannot be resumed then. */
async function saveRun(run: AuditRun): Promise<void> {
  await browser.storage.session.set({ [RUN_KEY + run.tabId]: run }).catch(warn);
}

async function saveData(tabId: number, data: RunData): Promise<void> {
  await browser.storage.session.set({ [DATA_KEY + tabId]: data }).catch(warn);
}

async function saveReport(tabId: number, report: AuditReport): Promise<void> {
  await browser.storage.session.set({ [REPORT_KEY + tabId]: report }).catch(warn);
}

async function readRun(tabId: number): Promise<AuditRun | null> {
  const key = RUN_KEY + tabId;
  const stored = await browser.storage.session
    .get(key)
    .catch(() => ({}) as Record<string, unknown>);
  return reviveRun((stored as Record<string, unknown>)[key]);
}

async function readReport(tabId: number): Promise<AuditReport | null> {
  const key = REPORT_KEY + tabId;
  const stored = await browser.storage.session
    .get(key)
    .catch(() => ({}) as Record<string, unknown>);
  const report = (stored as Record<string, unknown>)[key];
  return typeof report === 'object' && report !== null ? (report as AuditReport) : null;
}

/** Forgets a tab's finished run. */
async function forget(tabId: number): Promise<void> {
  if (active.has(tabId)) return;
  await removeKeys([RUN_KEY + tabId, DATA_KEY + tabId, REPORT_KEY + tabId]);
}

async function removeKeys(keys: string[]): Promise<void> {
  await browser.storage.session.remove(keys).catch(warn);
}

function warn(error: unknown): void {
  console.warn('ConsentLens: could not store the audit run:', error);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
