import type { Category } from '../domain/category.ts';
import type { ConsentState } from '../consent/state.ts';
import type { DeclaredCookie, DeclaredTable } from '../declarations/declared.ts';
import type { Party, SameSite, StorageKind } from '../observe/records.ts';
import type { TrackerInfo } from '../knowledge/types.ts';

/** The audit report, schema version 1 (see docs: report contract). Fields may be added, never renamed. */
export const SCHEMA_VERSION = 1;

export type PhaseName = 'initial' | 'after-reject' | 'after-accept';
export const PHASE_NAMES: readonly PhaseName[] = ['initial', 'after-reject', 'after-accept'];

export type Severity = 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

export type RuleId =
  | 'cookie-before-consent'
  | 'cookie-after-reject'
  | 'tracker-before-consent'
  | 'tracker-after-reject'
  | 'storage-before-consent'
  | 'implicit-consent'
  | 'undeclared-cookie'
  | 'category-mismatch'
  | 'retention-exceeds-declared'
  | 'party-mismatch'
  | 'consent-lifetime-too-long'
  | 'no-reject-option'
  | 'gpc-ignored'
  | 'declared-not-observed'
  | 'tcf-vendor-without-consent'
  | 'choice-not-recorded';

/** Extension: one change of consent during a phase (the consent timeline). */
export interface ReportConsentEvent {
  time: string;
  decision: string;
  /** A short label for the picture, when the producer has one. */
  label?: string;
  /** A trusted click or key press on the page preceded it. */
  interaction: boolean;
  /** initial | accept | reject | custom | withdrawal | change */
  kind?: string;
  source?: string | null;
  categories?: ConsentState['categories'];
  /** Sources that disagreed at that moment: a finding in itself. */
  conflicts?: { category: string; sources: { source: string; via: string; value: boolean }[] }[];
}

/** Extension: how an audit made a phase's banner choice, and whether the consent platform recorded it. */
export interface ReportPhaseChoice {
  choice: 'reject' | 'accept';
  /** selector: the user's CSS selector; autoconsent: a known consent platform; heuristic: button words. */
  method: 'selector' | 'autoconsent' | 'heuristic' | 'none';
  clicked: boolean;
  cmp: string | null;
  label: string | null;
  time: string;
  detail?: string;
  /** The decision the consent platform recorded afterwards; null when no platform could be read. */
  consentAfter: string | null;
  /** Did the recorded decision match the choice? null when it could not be read. */
  applied: boolean | null;
}

export interface ReportPhase {
  name: PhaseName;
  startedAt: string;
  consent: ConsentState;
  /** Extension: every consent change during the phase. */
  consentEvents?: ReportConsentEvent[];
  /** Extension: the banner choice the audit made in this phase. */
  choice?: ReportPhaseChoice;
}

export interface ReportCookie {
  name: string;
  domain: string;
  path: string;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
  session: boolean;
  expiresAt: string | null;
  lifetimeDays: number | null;
  /** Extension: what the site asked for before the browser's cap (Chromium caps at 400 days). */
  requestedLifetimeDays: number | null;
  party: Party;
  setBy: 'http' | 'script' | 'unknown';
  initiator: string | null;
  /** Extension: `setBy` and `initiator` were inferred from the responses in flight, not read from a header. */
  setByInferred?: true;
  phase: PhaseName;
  category: Category;
  vendor: string | null;
  declared: DeclaredCookie | null;
  /** Extension: which knowledge source decided the category. */
  classifiedBy: string;
  /** Extension: when it was first seen, and whether it was deleted again by the end of the phase. */
  firstSeenAt: string;
  removed: boolean;
}

export interface ReportStorage {
  kind: StorageKind;
  origin: string;
  key: string;
  phase: PhaseName;
  party: Party;
  category: Category;
  vendor: string | null;
  /** Extension: first write, how many writes, and whether the key was removed by the end. */
  firstSeenAt: string;
  writes: number;
  removed: boolean;
}

export interface ReportRequest {
  url: string;
  host: string;
  site: string;
  party: Party;
  type: string;
  phase: PhaseName;
  tracker: TrackerInfo | null;
  /** Extension. */
  time: string;
}

export interface ViolationSubject {
  kind: 'cookie' | 'request' | 'storage' | 'consent' | 'banner';
  name?: string;
  domain?: string;
  host?: string;
  key?: string;
  origin?: string;
}

export interface Violation {
  rule: RuleId;
  severity: Severity;
  phase: PhaseName;
  subject: ViolationSubject;
  message: string;
  evidence: Record<string, unknown>;
}

/** Extension: how much was left out because a per-visit cap was reached. */
export interface ReportLimits {
  dropped: { requests: number; cookies: number; storage: number; consentEvents: number };
  caps: { requests: number; cookies: number; storage: number; consentEvents: number };
}

/** Extension: how an automated audit run went. Absent for a passive page view. */
export interface ReportAudit {
  /** `interrupted`: not every planned phase finished; the report holds the finished ones only. */
  status: 'complete' | 'interrupted';
  /** The phases the run set out to do, in order. */
  planned: PhaseName[];
  /** The phases that finished, whose observations the report holds. */
  completed: PhaseName[];
  /** Phases started again from their beginning after the extension's background was stopped. */
  restarted: PhaseName[];
  runner: 'extension' | 'command-line';
  /** Why the run stopped early: one sentence. */
  reason?: string;
}

export interface AuditReport {
  schemaVersion: 1;
  tool: { name: 'consentlens'; version: string };
  url: string;
  site: string;
  startedAt: string;
  finishedAt: string;
  phases: ReportPhase[];
  cookies: ReportCookie[];
  storage: ReportStorage[];
  requests: ReportRequest[];
  declared: DeclaredTable | null;
  violations: Violation[];
  /** Extension. */
  limits?: ReportLimits;
  /** Extension: browser, extension and data versions, flags and settle times. */
  environment?: Record<string, unknown>;
  /** Extension: the automated run that made the report. */
  audit?: ReportAudit;
}
