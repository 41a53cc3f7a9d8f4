import { evalSnippets } from '@duckduckgo/autoconsent';
import { browser, type Browser } from 'wxt/browser';
import { autoconsentConfig, type AutoconsentEvent, type Choice } from '@/lib/banner/choice.ts';

/**
 * The background half of autoconsent during an audit. Its content script (`/autoconsent.js`) is
 * injected into the audited tab only while an audit makes a banner choice, so normal browsing
 * stays passive. It asks here for its configuration and for its page-world checks, which run as
 * autoconsent's own bundled snippets through `scripting.executeScript({ world: 'MAIN' })` — never
 * as code text, so nothing the page says is ever evaluated — and reports what it found and did.
 */

interface Session {
  tabId: number;
  choice: Choice;
  events: AutoconsentEvent[];
}

/** At most one banner choice is made at a time. */
let session: Session | null = null;
const MAX_EVENTS = 200;
const SNIPPETS = evalSnippets as unknown as Record<string, () => unknown>;

/** Injects autoconsent into every frame of the tab, set to make `choice`. */
export function startAutoconsent(tabId: number, choice: Choice): void {
  session = { tabId, choice, events: [] };
  // Not awaited: a page too busy to take the script must not hold the audit up; autoconsent's
  // own time limit applies either way.
  void browser.scripting
    .executeScript({ target: { tabId, allFrames: true }, files: ['/autoconsent.js'] })
    .catch(() => undefined);
}

/** What autoconsent reported so far in the current session. */
export function autoconsentEvents(): readonly AutoconsentEvent[] {
  return session?.events ?? [];
}

/** Ends the session: later messages from the tab's content scripts are answered with nothing. */
export function stopAutoconsent(): void {
  session = null;
}

/**
 * Answers one message of autoconsent's content script: `init` with the audit's configuration,
 * `eval` with the named snippet's result in the sender's frame; every other message is recorded.
 */
export async function handleAutoconsentMessage(
  message: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<Record<string, unknown> | null> {
  const tabId = sender.tab?.id;
  const frameId = sender.frameId ?? 0;
  const current = session;
  if (!current || tabId !== current.tabId || typeof message !== 'object' || message === null)
    return null;
  const m = message as Record<string, unknown>;
  if (typeof m.type !== 'string' || m.type.length > 40) return null;
  if (m.type === 'init')
    return { type: 'initResp', config: autoconsentConfig(current.choice), rules: null };
  if (m.type === 'eval') {
    if (typeof m.id !== 'string' || m.id.length > 100) return null;
    const snippet =
      typeof m.snippetId === 'string' && Object.hasOwn(SNIPPETS, m.snippetId)
        ? SNIPPETS[m.snippetId]
        : undefined;
    let result = false;
    if (snippet) {
      try {
        const [r] = await browser.scripting.executeScript({
          target: { tabId, frameIds: [frameId] },
          world: 'MAIN',
          func: snippet,
        });
        result = Boolean(r?.result);
      } catch {
        result = false;
      }
    }
    return { type: 'evalResp', id: m.id, result };
  }
  if (current.events.length < MAX_EVENTS)
    current.events.push({
      type: m.type,
      cmp: typeof m.cmp === 'string' ? m.cmp.slice(0, 100) : undefined,
      result: typeof m.result === 'boolean' ? m.result : undefined,
      at: Date.now(),
    });
  return null;
}
