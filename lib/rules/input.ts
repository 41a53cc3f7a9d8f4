import type { ConsentState } from '../consent/state.ts';
import type { DeclaredTable } from '../declarations/declared.ts';
import type {
  PhaseName,
  ReportCookie,
  ReportPhaseChoice,
  ReportRequest,
  ReportStorage,
} from '../report/types.ts';
import type { RuleSettings } from './settings.ts';

/**
 * What a TCF v2 consent string said at one moment, reduced to what the rules compare.
 * Filled from the TCF reader's `ConsentReading.detail`.
 */
export interface TcfConsent {
  /** IAB Global Vendor List ids the visitor consented to. */
  vendorConsents: readonly number[];
  /** Vendor ids for which the CMP signals a legitimate interest (never enough for storage or access). */
  vendorLegitimateInterests?: readonly number[];
  /** Purpose ids with consent, kept as evidence. */
  purposeConsents?: readonly number[];
  /** The CMP's registered id, kept as evidence. */
  cmpId?: number | null;
}

/** Source-specific detail the rules use beside the four categories. */
export interface ConsentDetail {
  tcf?: TcfConsent | null;
}

/**
 * The consent state in force at one moment: the normalised `ConsentState` plus optional detail
 * (TCF vendor consents). A plain `ConsentState` is assignable to it.
 */
export interface ConsentInForce extends ConsentState {
  detail?: ConsentDetail;
}

/** One entry of a phase's consent timeline: `state` is in force from `time` (ms since epoch) on. */
export interface TimedConsent {
  time: number;
  state: ConsentInForce;
}

/** One cookie write as the rules see it: the report's cookie plus when it happened and under which consent. */
export interface CookieObservation extends ReportCookie {
  /** ms since epoch of this write (a cookie written on every page view appears once per write). */
  time: number;
  /** The consent state in force at `time`. */
  consent: ConsentInForce;
  /** Set before the banner click and still readable after it (counts as `cookie-after-reject`). */
  carriedOver?: boolean;
  /** IAB vendor id of the vendor that set it, when the knowledge base maps it to one. */
  tcfVendorId?: number | null;
}

/** One web-storage write or IndexedDB database opened, with time and consent. */
export interface StorageObservation extends ReportStorage {
  time: number;
  consent: ConsentInForce;
  /** Which knowledge source decided the category (`consent-platform` exempts the CMP's own keys). */
  classifiedBy?: string;
}

/** One request, with time and consent; the report's ISO `time` becomes ms here, like the other observations. */
export interface RequestObservation extends Omit<ReportRequest, 'time'> {
  /** ms since epoch. */
  time: number;
  consent: ConsentInForce;
  /** IAB vendor id of the vendor the host belongs to, when known. */
  tcfVendorId?: number | null;
}

/** How the first layer's reject control compares with its accept control, when it was measured. */
export type RejectVisibility = 'equal' | 'reduced' | 'unknown';

/** What the banner detector saw on the banner's first layer. */
export interface BannerInput {
  acceptOnFirstLayer: boolean;
  rejectOnFirstLayer: boolean;
  /** `reduced`: a reject exists but is less visible (a link, lower contrast, smaller, off-screen). */
  rejectVisibility?: RejectVisibility;
  /** Labels, selectors, measured styles: copied into the violation's evidence. */
  evidence?: Record<string, unknown>;
}

/** Everything observed in one phase of the audit. */
export interface PhaseInput {
  name: PhaseName;
  /** Consent timeline, ordered by time; before its first entry the state is `NO_CONSENT`. */
  consent: readonly TimedConsent[];
  cookies: readonly CookieObservation[];
  storage: readonly StorageObservation[];
  requests: readonly RequestObservation[];
  /** null or absent: no banner was detected in this phase. */
  banner?: BannerInput | null;
  /** Whether the audit sent `Sec-GPC: 1` and exposed `navigator.globalPrivacyControl` in this phase. */
  gpcSent: boolean;
  /** The banner choice an audit made in this phase, and what the consent platform recorded. */
  choice?: ReportPhaseChoice | null;
}

/**
 * Which cookie is the consent platform's own record. When absent, cookies classified
 * `necessary` by `consent-platform` are taken to be it.
 */
export interface ConsentCookieInfo {
  name: string;
  /** Cookie domain as stored (leading dot for domain cookies); absent: any domain. */
  domain?: string | null;
  /**
   * Days the platform asks for, when known from its configuration; used only when the observed
   * cookie carries neither a requested nor a stored lifetime.
   */
  lifetimeDays?: number | null;
  /** The platform (`cookiebot`, `onetrust`, …), for evidence. */
  source?: string | null;
}

/** The rules engine's whole input: already classified, already matched observations of one audit. */
export interface RuleInput {
  /** The audited page. */
  url: string;
  /** Its registrable domain. */
  site: string;
  /** In audit order. */
  phases: readonly PhaseInput[];
  /** The declared cookie table; each cookie's `declared` is already matched against it. */
  declared: DeclaredTable | null;
  consentCookie?: ConsentCookieInfo | null;
  settings: RuleSettings;
}
