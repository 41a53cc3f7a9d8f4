import { gppPing, probeConsentApis, toPlain } from '@/lib/consent/page-probe.ts';
import type { DecodeResult } from '@/lib/consent/state.ts';

type Emit = (record: Record<string, unknown>) => void;

/**
 * Reads the page's consent platforms through their JavaScript APIs: on load, every second for
 * the first half minute, then every ten seconds, and shortly after each click or key press
 * (a banner records the choice right after it). Only changes are forwarded. TCF is followed
 * through `__tcfapi('addEventListener')`, or, in a frame without the function (an ad or a
 * widget inside the page), through the `__tcfapiLocator` frame route the TCF specification
 * gives such frames; GPP and TCF data go out raw and are decoded in the background, which
 * keeps their libraries out of every page.
 */
export function watchConsent(emit: Emit): void {
  const w = window;
  const apply = Reflect.apply;
  const timeout = w.setTimeout;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
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
    if (typeof api !== 'function') {
      hookTcfThroughLocator();
      return;
    }
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

  /**
   * The specification's route for frames: find the ancestor holding a frame named
   * `__tcfapiLocator`, post it `{__tcfapiCall}` and read `{__tcfapiReturn}` answers that come
   * from that window with our call id. A page can forge such answers as easily as it can
   * define `__tcfapi` itself; the background validates and decodes them like any reading.
   */
  const hookTcfThroughLocator = () => {
    if (w === w.top) return;
    let cmpWindow: Window | null = null;
    let frame: Window = w;
    for (let depth = 0; depth < 10; depth++) {
      try {
        if ((frame.frames as unknown as Record<string, unknown>)['__tcfapiLocator']) {
          cmpWindow = frame;
          break;
        }
      } catch {
        /* an ancestor that does not let us look: keep climbing */
      }
      if (frame === w.top || frame.parent === frame) break;
      frame = frame.parent;
    }
    if (cmpWindow === null) return;
    tcfHooked = true;
    const callId = `consentlens-${Math.random().toString(36).slice(2)}`;
    apply(addListener, w, [
      'message',
      (event: MessageEvent) => {
        try {
          if (event.source !== cmpWindow) return;
          const raw: unknown = event.data;
          const data: unknown = typeof raw === 'string' ? apply(parse, JSON, [raw]) : raw;
          const answer = (data as { __tcfapiReturn?: unknown } | null)?.__tcfapiReturn as
            { callId?: unknown; returnValue?: unknown; success?: unknown } | undefined;
          if (!answer || answer.callId !== callId || answer.success === false) return;
          emit({ kind: 'consent-raw', api: 'tcf-locator', data: toPlain(answer.returnValue, 4) });
        } catch {
          /* a message that is not a TCF answer */
        }
      },
    ]);
    try {
      cmpWindow.postMessage(
        // No `parameter`: CMPs hand it to addEventListener, which rejects a null one.
        { __tcfapiCall: { command: 'addEventListener', version: 2, callId } },
        '*',
      );
    } catch {
      /* the ancestor went away */
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
