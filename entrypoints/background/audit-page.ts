import { browser } from 'wxt/browser';
import {
  candidatesOf,
  CLICKABLE,
  MAX_CANDIDATES,
  MAX_FRAMES,
  MAX_LABEL,
  type Candidate,
} from '@/lib/banner/choice.ts';
import { readButtonLabels } from '@/entrypoints/shared/read-button-labels.ts';

/**
 * What an audit does inside the audited tab, through `scripting.executeScript`: read the
 * banner's buttons, click one, read links, read a consent platform's declaration, fetch a policy
 * page as the page would. Each injected function is self-contained (it is serialised into the
 * page) and returns plain data, which is validated here: the page is hostile.
 */

/** A frame of the audited tab, as the scripting API names it. */
export type FrameId = number;

/** A page busy for longer than this (a script in a loop) does not hold the audit up. */
const SCRIPT_TIMEOUT_MS = 15_000;

/**
 * Runs `func` in the given frames (all when omitted) and returns each frame's result; rejects
 * when the page does not answer within SCRIPT_TIMEOUT_MS.
 */
async function inFrames<A extends unknown[], R>(
  tabId: number,
  func: (...args: A) => R,
  args: A,
  options: { frameIds?: number[]; world?: 'MAIN' | 'ISOLATED' } = {},
): Promise<{ frameId: number; result: unknown }[]> {
  const target = options.frameIds
    ? { tabId, frameIds: options.frameIds }
    : { tabId, allFrames: true };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the page did not answer')), SCRIPT_TIMEOUT_MS);
  });
  try {
    const results = await Promise.race([
      browser.scripting.executeScript({
        target,
        func: func as (...args: unknown[]) => unknown,
        args,
        world: options.world ?? 'ISOLATED',
      } as Parameters<typeof browser.scripting.executeScript>[0]),
      timeout,
    ]);
    return (results ?? []).map((r) => ({ frameId: r.frameId, result: r.result }));
  } finally {
    clearTimeout(timer);
  }
}

/** The banner buttons of every frame (top frame first), by their words. */
export async function scanButtons(tabId: number): Promise<Candidate<FrameId>[]> {
  const results = await inFrames(tabId, readButtonLabels, [
    { selector: CLICKABLE, max: MAX_CANDIDATES, maxLabel: MAX_LABEL },
  ]).catch(() => []);
  const frames = results
    .sort((a, b) => a.frameId - b.frameId)
    .slice(0, MAX_FRAMES)
    .map((r) => ({ frame: r.frameId, labels: r.result }));
  return candidatesOf(frames);
}

/** Clicks the element at `index` among `selector` if it still reads `label` (injected). */
function clickLabelled(selector: string, index: number, label: string, maxLabel: number): boolean {
  const el = document.querySelectorAll(selector)[index] as HTMLElement | undefined;
  if (!el) return false;
  const now = (
    el.innerText ||
    (el as HTMLInputElement).value ||
    el.getAttribute('aria-label') ||
    ''
  )
    .trim()
    .slice(0, maxLabel);
  if (now !== label) return false;
  el.scrollIntoView({ block: 'center' });
  el.click();
  return true;
}

/** Clicks a button the scan found; false when the page changed it in the meantime. */
export async function clickCandidate(tabId: number, target: Candidate<FrameId>): Promise<boolean> {
  const [result] = await inFrames(
    tabId,
    clickLabelled,
    [CLICKABLE, target.index, target.label, MAX_LABEL],
    { frameIds: [target.frame] },
  );
  return result?.result === true;
}

/** Clicks the first element matching the user's selector (injected). */
function clickFirst(
  selector: string,
  maxLabel: number,
): { clicked: boolean; label: string | null; error: string | null } {
  let el: HTMLElement | null;
  try {
    el = document.querySelector(selector);
  } catch {
    return { clicked: false, label: null, error: 'not a valid CSS selector' };
  }
  if (!el) return { clicked: false, label: null, error: 'no element matches it' };
  const label = (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, maxLabel);
  el.scrollIntoView({ block: 'center' });
  el.click();
  return { clicked: true, label: label || null, error: null };
}

/** Clicks the user's selector in the top frame. */
export async function clickSelector(
  tabId: number,
  selector: string,
): Promise<{ clicked: boolean; label: string | null; error: string | null }> {
  try {
    const [r] = await inFrames(tabId, clickFirst, [selector, MAX_LABEL], { frameIds: [0] });
    const v = (r?.result ?? {}) as { clicked?: unknown; label?: unknown; error?: unknown };
    return {
      clicked: v.clicked === true,
      label: typeof v.label === 'string' ? v.label.slice(0, MAX_LABEL) : null,
      error: typeof v.error === 'string' ? v.error.slice(0, 200) : v.clicked ? null : 'failed',
    };
  } catch (error) {
    return { clicked: false, label: null, error: messageOf(error) };
  }
}

/** The page's links, bounded (injected). */
function readAnchors(max: number): { href: string; text: string }[] {
  return Array.from(document.querySelectorAll('a[href]'))
    .slice(0, max)
    .map((a) => ({
      href: (a as HTMLAnchorElement).href,
      text: (a.textContent ?? '').trim().slice(0, 200),
    }));
}

/** The top frame's links as plain, bounded text. */
export async function readLinks(tabId: number): Promise<{ href: string; text: string }[]> {
  const [r] = await inFrames(tabId, readAnchors, [2000], { frameIds: [0] }).catch(() => []);
  if (!Array.isArray(r?.result)) return [];
  return (r.result as unknown[]).slice(0, 2000).flatMap((l) => {
    const { href, text } = (l ?? {}) as { href?: unknown; text?: unknown };
    return typeof href === 'string' && href.length <= 4096
      ? [{ href, text: typeof text === 'string' ? text.slice(0, 200) : '' }]
      : [];
  });
}

/** Empties sessionStorage when the frame's origin is one of the audited site's (injected). */
function clearOwnSessionStorage(origins: string[]): void {
  try {
    if (origins.includes(location.origin)) sessionStorage.clear();
  } catch {
    // Storage blocked in this frame: nothing to clear.
  }
}

/**
 * sessionStorage lives as long as the tab, so a fresh load in the same tab would find the
 * previous phase's: emptied for the audited site's frames only, before the page is left.
 */
export async function clearSessionStorage(tabId: number, origins: string[]): Promise<void> {
  await inFrames(tabId, clearOwnSessionStorage, [origins]).catch(() => []);
}

/** Did the top frame load a document scripts can run in (not the browser's error page)? */
export async function pageLoaded(tabId: number): Promise<boolean> {
  try {
    const [r] = await inFrames(tabId, () => document.readyState, [], { frameIds: [0] });
    return typeof r?.result === 'string';
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return (
    (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? ''
  );
}
