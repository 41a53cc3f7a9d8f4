/**
 * Per-visit caps. A visit is one top-level page load of one tab; past a cap, new records are
 * counted in `dropped` and the report says so. Sized so that a heavy page (5,000 requests,
 * 1,000 cookies, 10,000 storage writes) fits with room to spare while a hostile page cannot
 * grow the worker's memory or `storage.session` without bound.
 */
export const VISIT_CAPS = {
  requests: 10_000,
  cookies: 3_000,
  /** Distinct storage keys (repeated writes to one key are counted on its record). */
  storage: 5_000,
  consentEvents: 200,
  /** Set-Cookie / script writes waiting for the browser's cookie change event. */
  pendingWrites: 256,
  /** Distinct hosts remembered for attributing cookie changes. */
  hosts: 2_000,
} as const;

/** How long a Set-Cookie header or script write waits to be paired with the browser's change event. */
export const PAIRING_WINDOW_MS = 10_000;

/**
 * How far back a cookie change looks for the request whose response set it, when Set-Cookie
 * headers are not read. Generous, because a busy page's responses can take seconds; a script
 * write that arrives later still corrects the guess.
 */
export const RESPONSE_INFERENCE_WINDOW_MS = 30_000;

/** Bytes of a cookie value kept: enough to recognise an id format, not to keep the secret. */
export const VALUE_PREVIEW_LIMIT = 64;
