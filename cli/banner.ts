import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import {
  AUTOCONSENT_TIMEOUT_MS,
  autoconsentAction,
  autoconsentConfig,
  autoconsentOutcome,
  bannerOf,
  candidatesOf,
  CLICKABLE,
  MAX_CANDIDATES,
  MAX_FRAMES,
  MAX_LABEL,
  type AutoconsentEvent,
  type AutoconsentOutcome,
  type Candidate,
  type Choice,
  type ChoiceResult,
} from '../lib/banner/choice.ts';
import type { BannerInput } from '../lib/rules/input.ts';
import { readButtonLabels } from '../entrypoints/shared/read-button-labels.ts';

export type { Choice, ChoiceResult } from '../lib/banner/choice.ts';

const require = createRequire(import.meta.url);
/** autoconsent's page script for Playwright, and its full rule set (opt-in steps included). */
const AUTOCONSENT_RULES_PATH = require.resolve('@duckduckgo/autoconsent/rules/rules.json');
const AUTOCONSENT_SCRIPT = readFileSync(
  join(dirname(AUTOCONSENT_RULES_PATH), '../dist/autoconsent.playwright.js'),
  'utf8',
);
const AUTOCONSENT_RULES = readFileSync(AUTOCONSENT_RULES_PATH, 'utf8');

interface AutoconsentMessage {
  type: string;
  cmp?: string;
  result?: boolean;
  id?: string;
  code?: string;
}

/** The first layer's buttons as a visitor sees them: which roles are offered, by what labels. */
export async function scanBanner(
  page: Page,
): Promise<{ banner: BannerInput | null; candidates: Candidate<Frame>[] }> {
  const frames: { frame: Frame; labels: unknown }[] = [];
  for (const frame of page.frames().slice(0, MAX_FRAMES)) {
    const labels = await frame
      .evaluate(readButtonLabels, { selector: CLICKABLE, max: MAX_CANDIDATES, maxLabel: MAX_LABEL })
      .catch(() => []);
    frames.push({ frame, labels });
  }
  const candidates = candidatesOf(frames);
  return { banner: bannerOf(candidates), candidates };
}

/**
 * Drives autoconsent on a page. Call before navigating: it exposes the binding autoconsent's
 * page script talks to; `inject` then puts the script into every frame after navigation.
 */
export class AutoconsentDriver {
  private messages: AutoconsentEvent[] = [];
  private choice: Choice | null = null;
  private action: 'optOut' | 'optIn' | null = null;

  private constructor(private readonly page: Page) {}

  static async attach(page: Page): Promise<AutoconsentDriver> {
    const driver = new AutoconsentDriver(page);
    await page.exposeBinding(
      'autoconsentSendMessage',
      ({ frame }: { frame: Frame }, msg: AutoconsentMessage) => driver.onMessage(frame, msg),
    );
    return driver;
  }

  /** Starts autoconsent in every frame with the given action (null: detect only). */
  async inject(choice: Choice | null): Promise<void> {
    this.choice = choice;
    this.action = autoconsentAction(choice);
    this.messages = [];
    await Promise.all(
      this.page.frames().map((f) => f.evaluate(AUTOCONSENT_SCRIPT).catch(() => {})),
    );
  }

  /** Waits for autoconsent's verdict on the action: detected CMP and success, or nothing found. */
  async result(timeoutMs: number): Promise<AutoconsentOutcome> {
    const started = Date.now();
    for (;;) {
      const outcome = this.action
        ? autoconsentOutcome(this.messages, this.action, Date.now() - started, timeoutMs)
        : { cmp: null, done: false, ok: false };
      if (outcome) return outcome;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async onMessage(frame: Frame, msg: AutoconsentMessage): Promise<void> {
    if (typeof msg !== 'object' || msg === null) return;
    this.messages.push({ type: msg.type, cmp: msg.cmp, result: msg.result, at: Date.now() });
    if (msg.type === 'init') {
      const config = autoconsentConfig(this.choice);
      await frame
        .evaluate(
          `autoconsentReceiveMessage({ type: "initResp", config: ${JSON.stringify(config)}, rules: ${AUTOCONSENT_RULES} })`,
        )
        .catch(() => {});
    } else if (msg.type === 'eval' && typeof msg.code === 'string' && typeof msg.id === 'string') {
      const result = await frame.evaluate(msg.code).catch(() => false);
      await frame
        .evaluate(
          `autoconsentReceiveMessage({ id: ${JSON.stringify(msg.id)}, type: "evalResp", result: ${JSON.stringify(result ?? false)} })`,
        )
        .catch(() => {});
    }
  }
}

/**
 * Makes the visitor's choice on the banner: the user's selector if given, else autoconsent
 * (hundreds of known consent platforms), else the button-words heuristic.
 */
export async function makeChoice(
  page: Page,
  driver: AutoconsentDriver,
  choice: Choice,
  options: { selector?: string; timeoutMs?: number; heuristicOnly?: boolean },
): Promise<ChoiceResult> {
  const time = () => Date.now();
  if (options.selector) {
    try {
      const target = page.locator(options.selector).first();
      const label =
        ((await target.innerText({ timeout: 5000 }).catch(() => '')) || '').trim().slice(0, 120) ||
        null;
      const at = time();
      await target.click({ timeout: 10_000 });
      return {
        choice,
        method: 'selector',
        clicked: true,
        cmp: null,
        label,
        time: at,
        detail: options.selector,
      };
    } catch (error) {
      return {
        choice,
        method: 'selector',
        clicked: false,
        cmp: null,
        label: null,
        time: time(),
        detail: `${options.selector}: ${(error as Error).message.split('\n')[0]}`,
      };
    }
  }
  const started = time();
  const auto = options.heuristicOnly
    ? { cmp: null, done: false, ok: false }
    : (await driver.inject(choice),
      await driver.result(options.timeoutMs ?? AUTOCONSENT_TIMEOUT_MS));
  if (auto.done && auto.ok)
    return {
      choice,
      method: 'autoconsent',
      clicked: true,
      cmp: auto.cmp,
      label: null,
      time: started,
      actedAt: 'at' in auto && auto.at ? auto.at : started,
    };
  const { candidates } = await scanBanner(page);
  const target = candidates.find((c) => c.role === choice);
  if (target) {
    const at = time();
    try {
      await target.frame.locator(CLICKABLE).nth(target.index).click({ timeout: 5000 });
      return {
        choice,
        method: 'heuristic',
        clicked: true,
        cmp: auto.cmp,
        label: target.label,
        time: at,
        ...(auto.done ? { detail: `autoconsent (${auto.cmp}) could not ${choice}` } : {}),
      };
    } catch (error) {
      return {
        choice,
        method: 'heuristic',
        clicked: false,
        cmp: auto.cmp,
        label: target.label,
        time: at,
        detail: (error as Error).message.split('\n')[0],
      };
    }
  }
  return {
    choice,
    method: 'none',
    clicked: false,
    cmp: auto.cmp,
    label: null,
    time: time(),
    detail: auto.cmp
      ? `autoconsent recognised ${auto.cmp} but could not ${choice}, and no ${choice} button was found`
      : `no consent banner with a ${choice} button was found`,
  };
}
