import {
  autoconsentAction,
  autoconsentOutcome,
  bannerOf,
  type Choice,
  type ChoiceResult,
} from '@/lib/banner/choice.ts';
import type { BannerInput } from '@/lib/rules/input.ts';
import { autoconsentEvents, startAutoconsent, stopAutoconsent } from './audit-autoconsent.ts';
import { clickCandidate, clickSelector, scanButtons } from './audit-page.ts';
import { sleep } from './audit-tab.ts';

/**
 * The banner choice in the extension: the same order as the command line
 * (`cli/banner.ts`, `cli/audit-run.ts`) — the site's own selector from the settings, else
 * autoconsent, else the banner's button words — with the page reached through injected scripts.
 */

/** The first layer's buttons as a visitor sees them. */
export async function scanBanner(tabId: number): Promise<BannerInput | null> {
  return bannerOf(await scanButtons(tabId));
}

/** Makes `choice` on the tab's banner and says how, and whether something was clicked. */
export async function makeChoice(
  tabId: number,
  choice: Choice,
  options: { selector: string | null; heuristicOnly?: boolean },
  signal: AbortSignal,
): Promise<ChoiceResult> {
  if (options.selector) {
    const at = Date.now();
    const r = await clickSelector(tabId, options.selector);
    return {
      choice,
      method: 'selector',
      clicked: r.clicked,
      cmp: null,
      label: r.label,
      time: at,
      detail: r.clicked ? options.selector : `${options.selector}: ${r.error ?? 'failed'}`,
    };
  }
  const started = Date.now();
  const auto = options.heuristicOnly
    ? { cmp: null, done: false, ok: false }
    : await runAutoconsent(tabId, choice, signal);
  if (auto.done && auto.ok)
    return {
      choice,
      method: 'autoconsent',
      clicked: true,
      cmp: auto.cmp,
      label: null,
      time: started,
      actedAt: auto.at ?? started,
    };
  const target = (await scanButtons(tabId)).find((c) => c.role === choice);
  if (target) {
    const at = Date.now();
    const clicked = await clickCandidate(tabId, target).catch(() => false);
    return {
      choice,
      method: 'heuristic',
      clicked,
      cmp: auto.cmp,
      label: target.label,
      time: at,
      ...(clicked
        ? auto.done
          ? { detail: `autoconsent (${auto.cmp}) could not ${choice}` }
          : {}
        : { detail: 'the button changed before it could be clicked' }),
    };
  }
  return {
    choice,
    method: 'none',
    clicked: false,
    cmp: auto.cmp,
    label: null,
    time: Date.now(),
    detail: auto.cmp
      ? `autoconsent recognised ${auto.cmp} but could not ${choice}, and no ${choice} button was found`
      : `no consent banner with a ${choice} button was found`,
  };
}

async function runAutoconsent(
  tabId: number,
  choice: Choice,
  signal: AbortSignal,
): Promise<{ cmp: string | null; done: boolean; ok: boolean; at?: number }> {
  const action = autoconsentAction(choice) as 'optOut' | 'optIn';
  const started = Date.now();
  startAutoconsent(tabId, choice);
  try {
    for (;;) {
      const outcome = autoconsentOutcome(autoconsentEvents(), action, Date.now() - started);
      if (outcome) return outcome;
      await sleep(200, signal);
    }
  } finally {
    stopAutoconsent();
  }
}
