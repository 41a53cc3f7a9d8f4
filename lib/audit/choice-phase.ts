/**
 * The phases after a banner choice, as the command line and the extension both assemble them:
 * what happened from the click on in the first load plus the whole reload, the choice in force
 * from the click, and how the choice was made and recorded. Pure: both runners hand in the
 * visits they observed.
 */
import type { Choice, ChoiceResult } from '../banner/choice.ts';
import { NO_CONSENT, type ConsentState } from '../consent/state.ts';
import { consentAt, type ConsentEvent, type ConsentTimeline } from '../consent/timeline.ts';
import type { Visit } from '../observe/visit.ts';
import type { PhaseName, ReportPhaseChoice } from '../report/types.ts';
import type { BannerInput } from '../rules/input.ts';
import type { ObservedPhase } from './assemble-report.ts';

/** The choice each phase makes on the banner; `initial` makes none. */
export const CHOICE_OF: Readonly<Record<PhaseName, Choice | null>> = {
  initial: null,
  'after-reject': 'reject',
  'after-accept': 'accept',
};

/** What a phase needs of one page load's observations. */
export type PhaseVisit = Pick<
  Visit,
  'url' | 'startedAt' | 'requests' | 'cookies' | 'storage' | 'consent' | 'dropped' | 'gpcSent'
>;

/** Did the consent platform record a decision after the click? */
export function choiceRecorded(visit: Pick<Visit, 'consent'>, choice: ChoiceResult): boolean {
  return visit.consent.events.some(
    (e) => e.time >= choice.time && e.state.source !== null && e.state.decision !== 'none',
  );
}

/**
 * One phase after a choice: what happened from the click on in the first load, then the whole
 * reload. Cookies written before the click that the browser still holds at the end
 * (`readable`, as `name@domain`) are kept, marked as carried over.
 */
export function afterChoicePhase(
  name: PhaseName,
  before: PhaseVisit,
  after: PhaseVisit,
  choice: ChoiceResult,
  readable: ReadonlySet<string>,
  banner: BannerInput | null,
  endedAt: number,
): ObservedPhase {
  const click = choice.time;
  const carried = new Set<string>();
  const preClick = before.cookies.filter((c) => c.time < click && !c.removed);
  const deletedAfter = new Set(
    before.cookies.filter((c) => c.time >= click && c.removed).map((c) => `${c.name}@${c.domain}`),
  );
  for (const c of preClick) {
    const id = `${c.name}@${c.domain}`;
    if (readable.has(id) && !deletedAfter.has(id)) carried.add(id);
  }
  // The phase is what follows the click: the state before it belongs to the initial phase.
  const events = choiceFirst(
    mergeConsentEvents(before.consent.events, after.consent.events).filter((e) => e.time >= click),
    choice,
  );
  // No consent platform could be read after the click: the rules still judge what follows
  // against the choice the visitor made, and the evidence names the audit as its source.
  if (choice.clicked && !events.some((e) => e.time >= click && e.state.source !== null)) {
    const granted = choice.choice === 'accept';
    const state = {
      source: 'audit-click',
      decision: choice.choice,
      categories: {
        necessary: true,
        preferences: granted,
        statistics: granted,
        marketing: granted,
      },
      interaction: true,
    } as const;
    events.push({
      time: click,
      state,
      readings: [],
      conflicts: [],
      tcf: null,
      interaction: true,
      kind: choice.choice,
    });
    events.sort((a, b) => a.time - b.time);
  }
  // Cookies from before the click that are still there are judged as present after the choice.
  const choiceTime = events.find((e) => e.time >= click && e.state.source !== null)?.time ?? click;
  const carriedRecords = preClick
    .filter((c) => carried.has(`${c.name}@${c.domain}`))
    .map((c) => ({ ...c, time: Math.max(c.time, choiceTime) }));
  const consent: ConsentTimeline = { ...after.consent, events };
  const visit: ObservedPhase['visit'] = {
    url: after.url,
    startedAt: before.startedAt,
    requests: [...before.requests.filter((r) => r.time >= click), ...after.requests],
    cookies: [
      ...carriedRecords,
      ...before.cookies.filter((c) => c.time >= click),
      ...after.cookies,
    ],
    storage: [...before.storage.filter((s) => s.time >= click), ...after.storage],
    consent,
    dropped: {
      requests: before.dropped.requests + after.dropped.requests,
      cookies: before.dropped.cookies + after.dropped.cookies,
      storage: before.dropped.storage + after.dropped.storage,
      consentEvents: before.dropped.consentEvents + after.dropped.consentEvents,
    },
  };
  return { name, visit, endedAt, banner, gpcSent: after.gpcSent, carriedOver: carried };
}

/**
 * The platform records the choice a moment after the click (its cookie or API is read later,
 * some write a "pending" value first); the choice the audit made is in force from the click on,
 * made by the audit's interaction. Pending no-decision states before it are dropped.
 */
function choiceFirst(events: ConsentEvent[], choice: ChoiceResult): ConsentEvent[] {
  const k = events.findIndex((e) => e.state.decision === choice.choice);
  if (!choice.clicked || k < 0) return events;
  const made = events[k] as ConsentEvent;
  return [
    { ...made, time: choice.time, interaction: true, state: { ...made.state, interaction: true } },
    ...events.slice(0, k).filter((e) => e.state.decision !== 'none'),
    ...events.slice(k + 1),
  ].sort((a, b) => a.time - b.time);
}

/**
 * The consent events of both loads of a phase, in time order. The reload reads the stored choice
 * again; that repeat is the same choice, not a new one made without interaction, so an event
 * equal to the one in force is dropped.
 */
export function mergeConsentEvents(
  first: readonly ConsentEvent[],
  second: readonly ConsentEvent[],
): ConsentEvent[] {
  const out: ConsentEvent[] = [];
  for (const e of [...first, ...second].sort((a, b) => a.time - b.time)) {
    const last = out[out.length - 1];
    if (
      last &&
      last.state.decision === e.state.decision &&
      sameCategories(last.state.categories, e.state.categories)
    )
      continue;
    out.push(e);
  }
  return out;
}

function sameCategories(a: ConsentState['categories'], b: ConsentState['categories']): boolean {
  return (
    a.necessary === b.necessary &&
    a.preferences === b.preferences &&
    a.statistics === b.statistics &&
    a.marketing === b.marketing
  );
}

/** How the choice was made, and what the consent platform recorded afterwards. */
export function describeChoice(
  result: ChoiceResult,
  timeline: ConsentTimeline,
  end: number,
): ReportPhaseChoice {
  // What the consent platform itself recorded: the audit's own stand-in event does not count.
  const recorded = {
    ...timeline,
    events: timeline.events.filter((e) => e.state.source !== 'audit-click'),
  };
  const state = recorded.events.length > 0 ? consentAt(recorded, end) : NO_CONSENT;
  const expected = result.choice === 'reject' ? 'reject' : 'accept';
  return {
    choice: result.choice,
    method: result.method,
    clicked: result.clicked,
    cmp: result.cmp,
    label: result.label,
    time: new Date(result.time).toISOString(),
    ...(result.detail ? { detail: result.detail } : {}),
    consentAfter: state.source === null ? null : state.decision,
    applied: state.source === null ? null : state.decision === expected,
  };
}
