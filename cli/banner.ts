import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import { classifyButtonLabel, type ButtonRole } from '../lib/banner/button-words.ts';
import type { BannerInput } from '../lib/rules/input.ts';

const require = createRequire(import.meta.url);
/** autoconsent's page script for Playwright, and its full rule set (opt-in steps included). */
const AUTOCONSENT_RULES_PATH = require.resolve('@duckduckgo/autoconsent/rules/rules.json');
const AUTOCONSENT_SCRIPT = readFileSync(
  join(dirname(AUTOCONSENT_RULES_PATH), '../dist/autoconsent.playwright.js'),
  'utf8',
);
const AUTOCONSENT_RULES = readFileSync(AUTOCONSENT_RULES_PATH, 'utf8');

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

interface AutoconsentMessage {
  type: string;
  cmp?: string;
  result?: boolean;
  id?: string;
  code?: string;
}

/** Selector of the elements the heuristic reads; the index into this list identifies a button. */
const CLICKABLE = 'button, [role="button"], a, input[type="button"], input[type="submit"]';
const MAX_CANDIDATES = 400;

/** A visible, clickable element's label, read in one frame. */
interface Candidate {
  frame: Frame;
  index: number;
  label: string;
  role: ButtonRole;
}

/** The first layer's buttons as a visitor sees them: which roles are offered, by what labels. */
export async function scanBanner(
  page: Page,
): Promise<{ banner: BannerInput | null; candidates: Candidate[] }> {
  const candidates: Candidate[] = [];
  for (const frame of page.frames().slice(0, 20)) {
    const labels = await frame
      .evaluate(
        ({ selector, max }) => {
          const out: { index: number; label: string }[] = [];
          const all = document.querySelectorAll(selector);
          for (let i = 0; i < all.length && out.length < max; i++) {
            const el = all[i] as HTMLElement;
            const rect = el.getBoundingClientRect();
            if (rect.width < 2 || rect.height < 2) continue;
            const style = getComputedStyle(el);
            if (
              style.visibility === 'hidden' ||
              style.display === 'none' ||
              Number(style.opacity) < 0.1
            )
              continue;
            const label = (
              el.innerText ||
              (el as HTMLInputElement).value ||
              el.getAttribute('aria-label') ||
              ''
            ).trim();
            if (label) out.push({ index: i, label: label.slice(0, 120) });
          }
          return out;
        },
        { selector: CLICKABLE, max: MAX_CANDIDATES },
      )
      .catch(() => []);
    for (const { index, label } of labels) {
      const role = classifyButtonLabel(label);
      if (role) candidates.push({ frame, index, label, role });
    }
  }
  const accept = candidates.filter((c) => c.role === 'accept');
  const reject = candidates.filter((c) => c.role === 'reject');
  if (accept.length === 0 && reject.length === 0) return { banner: null, candidates };
  return {
    banner: {
      acceptOnFirstLayer: accept.length > 0,
      rejectOnFirstLayer: reject.length > 0,
      rejectVisibility: reject.length > 0 ? 'unknown' : undefined,
      evidence: {
        acceptLabels: accept.map((c) => c.label).slice(0, 5),
        rejectLabels: reject.map((c) => c.label).slice(0, 5),
        settingsLabels: candidates
          .filter((c) => c.role === 'settings')
          .map((c) => c.label)
          .slice(0, 5),
        method: 'button words (da, en, de, sv, no, nl, fr)',
      },
    },
    candidates,
  };
}

/**
 * Drives autoconsent on a page. Call before navigating: it exposes the binding autoconsent's
 * page script talks to; `inject` then puts the script into every frame after navigation.
 */
export class AutoconsentDriver {
  private messages: (AutoconsentMessage & { at: number })[] = [];
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
    this.action = choice === 'reject' ? 'optOut' : choice === 'accept' ? 'optIn' : null;
    this.messages = [];
    await Promise.all(
      this.page.frames().map((f) => f.evaluate(AUTOCONSENT_SCRIPT).catch(() => {})),
    );
  }

  /** Waits for autoconsent's verdict on the action: detected CMP and success, or nothing found. */
  async result(
    timeoutMs: number,
  ): Promise<{ cmp: string | null; done: boolean; ok: boolean; at?: number }> {
    const type = this.action === 'optIn' ? 'optInResult' : 'optOutResult';
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const result = this.messages.find((m) => m.type === type);
      if (result) {
        // Let the CMP write its record after the last click.
        // The clicks start once autoconsent has found the banner.
        const found = this.messages.find((m) => m.type === 'popupFound');
        return {
          cmp: result.cmp ?? null,
          done: true,
          ok: result.result === true,
          at: found?.at ?? result.at,
        };
      }
      // No platform detected after a while: leave it to the heuristic.
      if (
        Date.now() > deadline - timeoutMs / 2 &&
        !this.messages.some((m) => m.type === 'cmpDetected')
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const detected = this.messages.find((m) => m.type === 'cmpDetected');
    return { cmp: detected?.cmp ?? null, done: false, ok: false };
  }

  private async onMessage(frame: Frame, msg: AutoconsentMessage): Promise<void> {
    if (typeof msg !== 'object' || msg === null) return;
    this.messages.push({ ...msg, at: Date.now() });
    if (msg.type === 'init') {
      const config = {
        enabled: this.action !== null,
        autoAction: this.action,
        disabledCmps: [],
        enablePrehide: false,
        // Hiding a banner is not a choice: only real clicks count in an audit.
        enableCosmeticRules: false,
        detectRetries: 20,
        isMainWorld: false,
      };
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
    : (await driver.inject(choice), await driver.result(options.timeoutMs ?? 12_000));
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
