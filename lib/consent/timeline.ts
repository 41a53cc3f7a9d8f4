import { mergeReadings, type ConsentConflict, type TcfSummary } from './merge.ts';
import { NO_CONSENT, type ConsentReading, type ConsentState } from './state.ts';

export { describeConsent } from './describe.ts';

/** What changed at a timeline event. */
export type ConsentEventKind = 'initial' | 'accept' | 'reject' | 'custom' | 'withdrawal' | 'change';

/** One change of the consent state during a page load. */
export interface ConsentEvent {
  /** ms since epoch from which `state` is in force. */
  time: number;
  state: ConsentState;
  /** The readings in force at that moment (latest per source and channel). */
  readings: ConsentReading[];
  conflicts: ConsentConflict[];
  tcf: TcfSummary | null;
  /** A trusted click or key press on the page came within the interaction window before it. */
  interaction: boolean;
  kind: ConsentEventKind;
}

export interface TimelineOptions {
  /** Most events kept (default 200); beyond it the last event is replaced and `dropped` counts. */
  maxEvents?: number;
  /** How long after a trusted input a change still counts as its result (default 5 s). */
  interactionWindowMs?: number;
}

/** One page load's consent history. Immutable: every function returns a new timeline. */
export interface ConsentTimeline {
  readonly events: readonly ConsentEvent[];
  /** Events that did not fit under `maxEvents`. */
  readonly dropped: number;
  /** The latest reading of each source and channel so far. */
  readonly current: readonly ConsentReading[];
  /** Recent trusted-input times, oldest first (only the window before new readings matters). */
  readonly interactions: readonly number[];
  readonly maxEvents: number;
  readonly interactionWindowMs: number;
}

const DEFAULT_MAX_EVENTS = 200;
const DEFAULT_WINDOW_MS = 5000;
const MAX_INTERACTIONS = 64;
const MAX_CHANNELS = 64;

/** An empty timeline: `NO_CONSENT` is in force until the first reading. */
export function createTimeline(options: TimelineOptions = {}): ConsentTimeline {
  const maxEvents = Math.max(2, Math.floor(options.maxEvents ?? DEFAULT_MAX_EVENTS));
  return {
    events: [],
    dropped: 0,
    current: [],
    interactions: [],
    maxEvents,
    interactionWindowMs: Math.max(0, options.interactionWindowMs ?? DEFAULT_WINDOW_MS),
  };
}

/**
 * Records a trusted click or key press on the page (`isTrusted` events only). The page's report
 * of it can arrive after the consent change it caused (the CMP's cookie is seen first): events
 * within the interaction window after `time` are marked as made with interaction.
 */
export function recordInteraction(timeline: ConsentTimeline, time: number): ConsentTimeline {
  if (!Number.isFinite(time)) return timeline;
  const interactions = [...timeline.interactions, time]
    .sort((a, b) => a - b)
    .slice(-MAX_INTERACTIONS);
  const until = time + timeline.interactionWindowMs;
  let changed = false;
  const events = timeline.events.map((e) => {
    if (e.interaction || e.time < time || e.time > until) return e;
    changed = true;
    return { ...e, interaction: true, state: { ...e.state, interaction: true } };
  });
  return changed ? { ...timeline, interactions, events } : { ...timeline, interactions };
}

/** Same source, decision and categories (interaction aside). */
function sameChoice(a: ConsentState, b: ConsentState): boolean {
  return (
    a.source === b.source &&
    a.decision === b.decision &&
    a.categories.necessary === b.categories.necessary &&
    a.categories.preferences === b.categories.preferences &&
    a.categories.statistics === b.categories.statistics &&
    a.categories.marketing === b.categories.marketing
  );
}

/**
 * `next` is `previous`'s choice stated more exactly: the same source and decision, and no
 * category granted that `previous` did not grant.
 */
function refines(previous: ConsentState, next: ConsentState): boolean {
  const keys = ['preferences', 'statistics', 'marketing'] as const;
  return (
    previous.source !== null &&
    previous.source === next.source &&
    previous.decision === next.decision &&
    keys.every((k) => next.categories[k] !== true || previous.categories[k] === true)
  );
}

/**
 * What kind of change `next` is after `previous`: the first event is `initial` (the state found
 * at load); a new decision is named after it; taking back every grant (to reject or to no
 * decision) after something was granted is a `withdrawal`; anything else is a `change`.
 */
export function kindOf(previous: ConsentState | null, next: ConsentState): ConsentEventKind {
  if (previous === null) return 'initial';
  const keys = ['preferences', 'statistics', 'marketing'] as const;
  const hadGrant = keys.some((k) => previous.categories[k] === true);
  const hasGrant = keys.some((k) => next.categories[k] === true);
  if (hadGrant && !hasGrant && (next.decision === 'reject' || next.decision === 'none')) {
    return 'withdrawal';
  }
  if (next.decision !== previous.decision && next.decision !== 'none') return next.decision;
  return 'change';
}

function interactionBefore(timeline: ConsentTimeline, time: number): boolean {
  const from = time - timeline.interactionWindowMs;
  return timeline.interactions.some((t) => t >= from && t <= time);
}

function replaceChannel(
  current: readonly ConsentReading[],
  reading: ConsentReading,
): ConsentReading[] {
  const next = current.filter((r) => !(r.source === reading.source && r.via === reading.via));
  next.push(reading);
  // A page cannot add channels without bound: the oldest are forgotten first.
  return next.length > MAX_CHANNELS ? next.slice(next.length - MAX_CHANNELS) : next;
}

/**
 * Adds the readings taken at one moment (one reading is a moment too). The state is recomputed
 * from the latest reading of every channel; an event is added only when it differs from the
 * state in force (identical consecutive states are merged). Readings must arrive in time order:
 * one older than the last event is placed at the last event's time.
 */
export function addReadings(
  timeline: ConsentTimeline,
  readings: readonly ConsentReading[],
): ConsentTimeline {
  let current = [...timeline.current];
  let time = -Infinity;
  for (const reading of readings.slice(0, MAX_CHANNELS)) {
    if (!Number.isFinite(reading.time)) continue;
    current = replaceChannel(current, reading);
    time = Math.max(time, reading.time);
  }
  if (time === -Infinity) return timeline;
  const last = timeline.events[timeline.events.length - 1];
  if (last !== undefined && time < last.time) time = last.time;
  const previous = last?.state ?? null;
  let interaction = interactionBefore(timeline, time);
  const merged = mergeReadings(current, { interaction });
  // The same choice, better known (a platform's API naming the categories its stored record
  // could not), grants nothing new: the interaction behind the choice stands behind it still.
  if (previous !== null && previous.interaction && refines(previous, merged.state)) {
    merged.state = { ...merged.state, interaction: true };
    interaction = true;
  }
  // The same choice is no new event, unless an interaction now stands behind it; a choice made
  // with an interaction keeps it when later readings repeat it outside the window.
  if (
    previous !== null &&
    sameChoice(previous, merged.state) &&
    (previous.interaction || !merged.state.interaction)
  ) {
    return { ...timeline, current };
  }
  const event: ConsentEvent = {
    time,
    state: merged.state,
    readings: [...current],
    conflicts: merged.conflicts,
    tcf: merged.tcf,
    interaction,
    kind: kindOf(previous, merged.state),
  };
  if (timeline.events.length < timeline.maxEvents) {
    return { ...timeline, current, events: [...timeline.events, event] };
  }
  // Full: the newest state replaces the last slot so the state in force now stays right.
  const events = [...timeline.events.slice(0, -1), event];
  return { ...timeline, current, events, dropped: timeline.dropped + 1 };
}

/** Adds one reading; see `addReadings`. */
export function addReading(timeline: ConsentTimeline, reading: ConsentReading): ConsentTimeline {
  return addReadings(timeline, [reading]);
}

/** The event in force at `time` (the last one at or before it), or null before the first. */
export function eventAt(timeline: ConsentTimeline, time: number): ConsentEvent | null {
  const events = timeline.events;
  let lo = 0;
  let hi = events.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const event = events[mid];
    if (event !== undefined && event.time <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found >= 0 ? (events[found] ?? null) : null;
}

/** The consent state in force at `time`: `NO_CONSENT` before the first event. */
export function consentAt(timeline: ConsentTimeline, time: number): ConsentState {
  return eventAt(timeline, time)?.state ?? NO_CONSENT;
}
