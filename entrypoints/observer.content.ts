import { startForwarder } from './observer/forwarder.ts';

/**
 * Isolated-world content script: receives what the page-world script saw, validates it as
 * untrusted input, adds the visitor's trusted clicks and key presses, and forwards it to the
 * background in batches. The background attributes it to the tab and origin the browser
 * names for this frame.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  // blob: and data: frames too: a page could otherwise write cookies from a blob: frame unseen.
  matchOriginAsFallback: true,
  main() {
    startForwarder();
  },
});
