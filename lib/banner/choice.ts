/**
 * The banner choice an audit makes, shared by the command line (Playwright) and the extension
 * (scripts injected into the audited tab): what a choice's outcome records, which elements count
 * as buttons, how the first layer's buttons become the `no-reject-option` input, and how
 * autoconsent is configured. Pure: the page-side code only collects labels and clicks.
 */
import type { BannerInput } from '../rules/input.ts';
import { classifyButtonLabel, type ButtonRole } from './button-words.ts';

export type Choice = 'reject' | 'accept';

/** How a phase's banner choice was made and whether it took. */
export interface ChoiceResult {
  choice: Choice;
  method: 'selector' | 'autoconsent' | 'heuristic' | 'none';
  /** Something was clicked (autoconsent: its opt-in/opt-out steps reported success). */
  clicked: boolean;
  /** The consent platform autoconsent recognised, if any. */
  cmp: string | null;
  /** The label of the button the heuristic or the selector clicked. */
  label: string | null;
  /** ms since epoch of the click (for autoconsent: when it started; its clicks follow). */
  time: number;
  /** autoconsent: when it reported finding the banner, right before its clicks. */
  actedAt?: number;
  detail?: string;
}

/** The elements the heuristic reads as possible banner buttons. */
export const CLICKABLE = 'button, [role="button"], a, input[type="button"], input[type="submit"]';
/** Labels read per frame, and frames read per page: a page cannot make the scan unbounded. */
export const MAX_CANDIDATES = 400;
export const MAX_FRAMES = 20;
/** Longest label kept from a page. */
export const MAX_LABEL = 120;

/** A visible, clickable element's label as read in one frame; `index` is its place among CLICKABLE. */
export interface LabelledElement {
  index: number;
  label: string;
}

/** A labelled element whose words make it a banner button. */
export interface Candidate<F> extends LabelledElement {
  frame: F;
  role: ButtonRole;
}

/**
 * The banner buttons among the labels read from each frame (frames in page order), bounded and
 * validated: a label must be a short string, an index a non-negative integer.
 */
export function candidatesOf<F>(frames: readonly { frame: F; labels: unknown }[]): Candidate<F>[] {
  const out: Candidate<F>[] = [];
  for (const { frame, labels } of frames.slice(0, MAX_FRAMES)) {
    if (!Array.isArray(labels)) continue;
    for (const item of labels.slice(0, MAX_CANDIDATES)) {
      const { index, label } = (item ?? {}) as Partial<LabelledElement>;
      if (!Number.isInteger(index) || (index as number) < 0) continue;
      if (typeof label !== 'string' || label.length === 0) continue;
      const text = label.slice(0, MAX_LABEL);
      const role = classifyButtonLabel(text);
      if (role) out.push({ frame, index: index as number, label: text, role });
    }
  }
  return out;
}

/** The first layer as a visitor sees it: which choices it offers, by which labels; null when no banner button was found. */
export function bannerOf(candidates: readonly Candidate<unknown>[]): BannerInput | null {
  const labels = (role: ButtonRole) =>
    candidates
      .filter((c) => c.role === role)
      .map((c) => c.label)
      .slice(0, 5);
  const accept = labels('accept');
  const reject = labels('reject');
  if (accept.length === 0 && reject.length === 0) return null;
  return {
    acceptOnFirstLayer: accept.length > 0,
    rejectOnFirstLayer: reject.length > 0,
    rejectVisibility: reject.length > 0 ? 'unknown' : undefined,
    evidence: {
      acceptLabels: accept,
      rejectLabels: reject,
      settingsLabels: labels('settings'),
      method: 'button words (da, en, de, sv, no, nl, fr)',
    },
  };
}

/** autoconsent's action for a choice: opt out to reject, opt in to accept, nothing to only detect. */
export function autoconsentAction(choice: Choice | null): 'optOut' | 'optIn' | null {
  return choice === 'reject' ? 'optOut' : choice === 'accept' ? 'optIn' : null;
}

/**
 * autoconsent's configuration in an audit. Cosmetic rules are off because hiding a banner is not
 * a choice (only real clicks count), and so is pre-hiding.
 */
export function autoconsentConfig(choice: Choice | null): Record<string, unknown> {
  const action = autoconsentAction(choice);
  return {
    enabled: action !== null,
    autoAction: action,
    disabledCmps: [],
    enablePrehide: false,
    enableCosmeticRules: false,
    detectRetries: 20,
    isMainWorld: false,
  };
}

/** How long autoconsent gets to find and act on a banner before the button words take over. */
export const AUTOCONSENT_TIMEOUT_MS = 12_000;
/** Time a consent platform gets to store the choice after the click, before the page is reloaded. */
export const STORE_DELAY_MS = 1500;

/** One message autoconsent's content script sent, with the time it arrived. */
export interface AutoconsentEvent {
  type: string;
  cmp?: string;
  result?: boolean;
  at: number;
}

/** autoconsent's verdict on an action so far: done (with success or not), or still waiting. */
export interface AutoconsentOutcome {
  cmp: string | null;
  done: boolean;
  ok: boolean;
  /** When it found the banner, right before its clicks. */
  at?: number;
}

/**
 * Reads autoconsent's messages: the action's result once it came; `null` while it is worth
 * waiting (a platform was detected, or the first half of the time has not passed); otherwise
 * "nothing found", which hands the choice to the button words.
 */
export function autoconsentOutcome(
  events: readonly AutoconsentEvent[],
  action: 'optOut' | 'optIn',
  elapsedMs: number,
  timeoutMs: number = AUTOCONSENT_TIMEOUT_MS,
): AutoconsentOutcome | null {
  const type = action === 'optIn' ? 'optInResult' : 'optOutResult';
  const result = events.find((m) => m.type === type);
  if (result) {
    const found = events.find((m) => m.type === 'popupFound');
    return {
      cmp: result.cmp ?? null,
      done: true,
      ok: result.result === true,
      at: found?.at ?? result.at,
    };
  }
  const detected = events.find((m) => m.type === 'cmpDetected');
  const giveUp = elapsedMs >= timeoutMs || (elapsedMs >= timeoutMs / 2 && !detected);
  if (!giveUp) return null;
  return { cmp: detected?.cmp ?? null, done: false, ok: false };
}
