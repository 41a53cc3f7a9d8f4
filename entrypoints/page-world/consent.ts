import { gppPing, probeConsentApis, toPlain } from '@/lib/consent/page-probe.ts';
import type { DecodeResult } from '@/lib/consent/state.ts';

type Emit = (record: Record<string, unknown>) => void;

/**
 * Reads the page's consent platforms through their JavaScript APIs: on load, every second for
 * the first half minute, then every ten seconds, and shortly after each click or key press
 * (a banner records the choice right after it). Only changes are forwarded. TCF is followed
 * through `__tcfapi('addEventListener')`; GPP and TCF data go out raw and are decoded in the
 * background, which keeps their libraries out of every page.
 */
export function watchConsent(emit: Emit): void {
  const w = window;
  const apply = Reflect.apply;
  const timeout = w.setTimeout;
  const stringify = JSON.stringify;
  const addListener = w.addEventListener;
  let lastReadings = '';
  let lastGpp = '';
  let tcfHooked = false;

  const probe = () => {
    try {
      const readings = probeConsentApis(w).filter((r: DecodeResult) => !('unknown' in r));
      const text = apply(stringify, JSON, [readings]) as string;
      if (text !== lastReadings && readings.length > 0) {
        lastReadings = text;
        emit({ kind: 'consent', readings });
      }
      const ping = gppPing(w);
      const pingText = ping === null ? '' : (apply(stringify, JSON, [ping]) as string);
      if (pingText !== lastGpp && ping !== null) {
        lastGpp = pingText;
        emit({ kind: 'consent-raw', api: 'gpp-ping', data: ping });
      }
      if (!tcfHooked) hookTcf();
    } catch {
      /* a hostile page: nothing to read this time */
    }
  };

  const hookTcf = () => {
    const api = (w as unknown as { __tcfapi?: unknown }).__tcfapi;
    if (typeof api !== 'function') return;
    tcfHooked = true;
    try {
      apply(api, w, [
        'addEventListener',
        2,
        (tcData: unknown, success: unknown) => {
          if (success === false) return;
          try {
            emit({ kind: 'consent-raw', api: 'tcf', data: toPlain(tcData, 4) });
          } catch {
            /* ignore odd data */
          }
        },
      ]);
    } catch {
      /* a broken CMP */
    }
  };

  let polls = 0;
  const tick = () => {
    probe();
    if (++polls < 120) apply(timeout, w, [tick, polls < 30 ? 1000 : 10_000]);
  };
  apply(timeout, w, [tick, 250]);
  const soon = () => {
    apply(timeout, w, [probe, 300]);
    apply(timeout, w, [probe, 1500]);
  };
  apply(addListener, w, ['click', soon, { capture: true, passive: true }]);
  apply(addListener, w, ['keydown', soon, { capture: true, passive: true }]);
  apply(addListener, w, ['load', probe]);
}
