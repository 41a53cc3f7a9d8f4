import type { ReportCookie } from '../report/types.ts';

/** Chromium stores no cookie for longer than this many days, whatever the site asked for. */
export const BROWSER_LIFETIME_CAP_DAYS = 400;

/** A cookie's lifetime as the rules compare it, and which figure that was. */
export interface LifetimeReading {
  session: boolean;
  /** The figure compared: requested when known, else stored; null for a session cookie. */
  days: number | null;
  used: 'requested' | 'stored' | 'none';
  requestedDays: number | null;
  storedDays: number | null;
  /** Stored at the browser's cap with no requested figure: the site may have asked for more. */
  possiblyCapped: boolean;
}

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The lifetime to compare with a declaration: what the site asked for when known (that is what
 * it decided, and what a browser without a cap keeps), else what the browser stored.
 */
export function observedLifetime(
  cookie: Pick<ReportCookie, 'session' | 'lifetimeDays' | 'requestedLifetimeDays'>,
): LifetimeReading {
  const requestedDays = finiteOrNull(cookie.requestedLifetimeDays);
  const storedDays = finiteOrNull(cookie.lifetimeDays);
  if (cookie.session) {
    return {
      session: true,
      days: null,
      used: 'none',
      requestedDays,
      storedDays,
      possiblyCapped: false,
    };
  }
  if (requestedDays !== null) {
    return {
      session: false,
      days: requestedDays,
      used: 'requested',
      requestedDays,
      storedDays,
      possiblyCapped: false,
    };
  }
  if (storedDays !== null) {
    return {
      session: false,
      days: storedDays,
      used: 'stored',
      requestedDays,
      storedDays,
      // Within a day of the cap: rounding of the stored expiry must not hide a capped value.
      possiblyCapped: storedDays >= BROWSER_LIFETIME_CAP_DAYS - 1,
    };
  }
  return {
    session: false,
    days: null,
    used: 'none',
    requestedDays,
    storedDays,
    possiblyCapped: false,
  };
}
