import { watchConsent } from './page-world/consent.ts';
import { installPageHooks } from './page-world/hooks.ts';

/**
 * Runs in the page's own JavaScript world before any page script, so it sees every
 * `document.cookie`, Web Storage and IndexedDB write. It only observes and forwards to the
 * isolated content script, which validates everything: this world is the page's, not ours.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  // blob: and data: frames too: a page could otherwise write cookies from a blob: frame unseen.
  matchOriginAsFallback: true,
  main() {
    const emit = installPageHooks();
    watchConsent(emit);
  },
});
