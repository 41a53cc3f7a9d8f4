import AutoConsent from '@duckduckgo/autoconsent';
import rules from '@duckduckgo/autoconsent/rules/rules.json';
import { browser } from 'wxt/browser';

/**
 * autoconsent's content script. Never listed in the manifest: the background injects it into
 * the audited tab's frames only while an audit makes a banner choice. It finds the consent
 * platform among autoconsent's rules (the full set, opt-in steps included, as the command line
 * uses) and clicks through its reject or accept steps; the background configures it and answers
 * its page-world checks.
 */
export default defineUnlistedScript(() => {
  const marker = '__consentlensAutoconsent';
  const scope = globalThis as unknown as Record<string, unknown>;
  // One instance per document, however often the audit injects it.
  if (scope[marker]) return;
  scope[marker] = true;
  const consent: AutoConsent = new AutoConsent(
    async (message) => {
      try {
        const reply: unknown = await browser.runtime.sendMessage({ type: 'autoconsent', message });
        if (reply && typeof reply === 'object')
          await consent.receiveMessageCallback(
            reply as Parameters<AutoConsent['receiveMessageCallback']>[0],
          );
      } catch {
        // The audit ended, or the background restarts: autoconsent just stops here.
      }
    },
    null,
    rules as unknown as ConstructorParameters<typeof AutoConsent>[2],
  );
});
