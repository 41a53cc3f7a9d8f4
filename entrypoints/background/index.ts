import { startAudits } from './audit-runner.ts';
import { startObserver } from './observer.ts';

/**
 * The background worker. Everything is registered synchronously inside `main` on the worker's
 * first tick: an MV3 worker is woken for an event only if its listener existed at start.
 */
export default defineBackground(() => {
  const { store, headers } = startObserver();
  startAudits(store, headers);
});
