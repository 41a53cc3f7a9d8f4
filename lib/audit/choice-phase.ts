/**
 * The phases after a banner choice, as the command line and the extension both assemble them:
 * what happened from the click on in the first load plus the whole reload, the choice in force
 * from the click, and how the choice was made and recorded. Pure: both runners hand in the
 * visits they observed.
 */
import type { Choice, ChoiceResult } from '../banner/choice.ts';
import { NO_CONSENT, type ConsentReading, type ConsentState } from '../consent/state.ts';
import {
  addReadings,
  consentAt,
  createTimeline,
  eventAt,
  type ConsentEvent,
  type ConsentTimeline,
} from '../consent/timeline.ts';
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
    mergeConsentEvents(before.consent.events, after.consent).filter((e) => e.time >= click),
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
 * some write a "pending" value first, a Google tag may send a hit while the defaults are still
 * in place); the choice the audit made is in force from the click on, made by the audit's
 * interaction. Whatever was in force between the click and the platform's record of the choice
 * is superseded by it: kept behind a choice moved to the click, such a state would replace the
 * choice until the next change. The record of the choice keeps the readings of its moment, so a
 * source that disagrees with it stays visible as a conflict.
 */
function choiceFirst(events: ConsentEvent[], choice: ChoiceResult): ConsentEvent[] {
  const k = events.findIndex((e) => e.state.decision === choice.choice);
  if (!choice.clicked || k < 0) return events;
  const made = events[k] as ConsentEvent;
  return [
    { ...made, time: choice.time, interaction: true, state: { ...made.state, interaction: true } },
    ...events.slice(k + 1),
  ];
}

/** What the phase assembly needs of a later load's consent timeline. */
export type LoadConsent = Pick<
  ConsentTimeline,
  'events' | 'current' | 'interactions' | 'interactionWindowMs' | 'maxEvents'
>;

/**
 * The consent events of two page loads of a phase, the second following the first, in time
 * order. The second load continues the first: the readings behind the state in force at the end
 * of the first load stand, each until the second load reads its source again. So before a platform's record
 * is read again, what the second load reads of other sources (a Google hit's `gcs`, the page's
 * `dataLayer`) is weighed against that record by the rank of its source, as within one load: it
 * does not replace it, and a disagreement stays a conflict. The reload reads the stored choice
 * again; that repeat is the same choice, not a new one made without interaction, so an event
 * equal to the one in force is dropped.
 */
export function mergeConsentEvents(
  first: readonly ConsentEvent[],
  second: LoadConsent,
): ConsentEvent[] {
  const out: ConsentEvent[] = [];
  const firstInOrder = [...first].sort((a, b) => a.time - b.time);
  const carried = firstInOrder[firstInOrder.length - 1]?.readings ?? [];
  for (const e of [...firstInOrder, ...continuedEvents(carried, second)]) {
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

/**
 * The events of a load as they read after an earlier load: its readings, in time order, merged
 * over the readings the earlier load left in force, each of which stands until this load reads
 * its source. A state the load itself recorded keeps the interaction the load saw behind it (a
 * stored record read as the page loaded is a choice made on an earlier page view).
 */
function continuedEvents(carried: readonly ConsentReading[], load: LoadConsent): ConsentEvent[] {
  const own = [...load.events].sort((a, b) => a.time - b.time);
  if (carried.length === 0) return own;
  const standing = new Set(carried);
  let timeline: ConsentTimeline = {
    ...createTimeline({ maxEvents: load.maxEvents, interactionWindowMs: load.interactionWindowMs }),
    current: [...carried],
    interactions: [...load.interactions],
  };
  for (const moment of momentsOf(load)) {
    const read = new Set(moment.map((r) => r.source));
    timeline = {
      ...timeline,
      current: timeline.current.filter((r) => !(standing.has(r) && read.has(r.source))),
    };
    timeline = addReadings(timeline, moment);
  }
  const byTime = { ...load, events: own, dropped: 0 };
  return timeline.events.map((e) => {
    const recorded = eventAt(byTime, e.time);
    return recorded !== null &&
      (recorded.interaction || recorded.state.interaction) &&
      recorded.state.source === e.state.source &&
      recorded.state.decision === e.state.decision &&
      sameCategories(recorded.state.categories, e.state.categories)
      ? { ...e, interaction: true, state: { ...e.state, interaction: true } }
      : e;
  });
}

/**
 * A load's readings, each once, grouped by the moment they were read, in time order: those its
 * events hold and those read since its last event.
 */
function momentsOf(load: LoadConsent): ConsentReading[][] {
  const unique = new Map<string, ConsentReading>();
  for (const list of [...load.events.map((e) => e.readings), load.current])
    for (const r of list) unique.set(`${r.source}\u0000${r.via}\u0000${r.time}`, r);
  const moments: ConsentReading[][] = [];
  for (const r of [...unique.values()].sort((a, b) => a.time - b.time)) {
    const last = moments[moments.length - 1];
    if (last !== undefined && last[0]?.time === r.time) last.push(r);
    else moments.push([r]);
  }
  return moments;
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
