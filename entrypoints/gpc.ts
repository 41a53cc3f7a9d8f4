/**
 * Registered as a MAIN-world content script only while "Send Global Privacy Control" is on:
 * `navigator.globalPrivacyControl` reads true before any page script runs.
 */
export default defineUnlistedScript(() => {
  try {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
      get: () => true,
      configurable: true,
      enumerable: true,
    });
  } catch {
    /* a frozen prototype */
  }
});
