import type { ConsentCategory } from '../domain/category.ts';

/** Whether the visitor has decided, and how. */
export type ConsentDecision = 'none' | 'reject' | 'accept' | 'custom';

/** true granted, false denied, null unknown. */
export type CategoryConsent = Record<ConsentCategory, boolean | null>;

/** The consent state in force at one moment, normalised to the four purpose categories. */
export interface ConsentState {
  /** The consent platform or framework read (`cookiebot`, `onetrust`, `tcf`, `gcm`, …), null if none. */
  source: string | null;
  decision: ConsentDecision;
  categories: CategoryConsent;
  /** Did the visitor (or the audit) act on the banner before this state was recorded? */
  interaction: boolean;
}

export const NO_CONSENT: ConsentState = Object.freeze({
  source: null,
  decision: 'none',
  categories: Object.freeze({
    necessary: true,
    preferences: null,
    statistics: null,
    marketing: null,
  }),
  interaction: false,
}) as ConsentState;

/**
 * What one source said at one moment. Several sources can speak on one page (the CMP's cookie,
 * its JS API, TCF, Consent Mode); they are kept apart so that a disagreement is visible.
 */
export interface ConsentReading {
  /** e.g. `cookiebot`, `onetrust`, `cookieinformation`, `tcf`, `gpp`, `gcm`, `klaro`, … */
  source: string;
  /** How it was read: `cookie:CookieConsent`, `api:Cookiebot.consent`, `tcfapi`, `dataLayer`, `request:gcs`. */
  via: string;
  decision: ConsentDecision;
  categories: CategoryConsent;
  /** Source-specific detail worth keeping as evidence (TCF purposes and vendor consents, raw groups, …). */
  detail?: Record<string, unknown>;
  /**
   * Whether the source itself records that the visitor acted (OneTrust's `OptanonAlertBoxClosed`,
   * Cookiebot's `method:'explicit'`, a TCF `useractioncomplete` event); false when it records
   * that nobody acted yet or that consent was implied; null or absent when the format does not say.
   */
  explicit?: boolean | null;
  /** When the source says the choice was recorded (ms since epoch), if it says. */
  recordedAt?: number | null;
  time: number;
}

/** What a decoder returns for a value it could read: a reading without the moment it was read. */
export type ConsentDecoded = Omit<ConsentReading, 'time'>;

/** A decoder's answer when a value cannot be read: never a throw, never a guess. */
export interface ConsentUnknown {
  source: string;
  unknown: true;
  reason: string;
}

/** Every decoder answers with one of these. */
export type DecodeResult = ConsentDecoded | ConsentUnknown;

/** Narrows a decoder's answer to the unknown case. */
export function isConsentUnknown(result: DecodeResult): result is ConsentUnknown {
  return (result as Partial<ConsentUnknown>).unknown === true;
}

/** Stamps a decoded value with the moment it was read. */
export function withTime(decoded: ConsentDecoded, time: number): ConsentReading {
  return { ...decoded, time };
}
