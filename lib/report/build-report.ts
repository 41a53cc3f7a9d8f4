import type { ConsentState } from '../consent/state.ts';
import type { DeclaredCookie, DeclaredTable } from '../declarations/declared.ts';
import type { Knowledge } from '../knowledge/types.ts';
import { hostOf } from '../domain/site.ts';
import { VISIT_CAPS } from '../observe/caps.ts';
import type {
  CookieRecord,
  DroppedCounts,
  RequestRecord,
  StorageRecord,
} from '../observe/records.ts';
import type {
  AuditReport,
  ReportConsentEvent,
  ReportPhaseChoice,
  PhaseName,
  ReportCookie,
  ReportRequest,
  ReportStorage,
  Violation,
} from './types.ts';
import { SCHEMA_VERSION } from './types.ts';

/** What one phase observed, as the background or the audit runner holds it. */
export interface PhaseObservations {
  name: PhaseName;
  startedAt: number;
  /** The consent state in force at the end of the phase. */
  consent: ConsentState;
  /** Every change of consent during the phase, for the timeline and the evidence. */
  consentEvents?: ReportConsentEvent[];
  /** The banner choice an audit made in this phase. */
  choice?: ReportPhaseChoice;
  requests: readonly RequestRecord[];
  cookies: readonly CookieRecord[];
  storage: readonly StorageRecord[];
  dropped: DroppedCounts;
}

export interface ReportInput {
  toolVersion: string;
  url: string;
  site: string;
  startedAt: number;
  finishedAt: number;
  phases: readonly PhaseObservations[];
  knowledge: Knowledge;
  declared: DeclaredTable | null;
  /** Finds a cookie's declared entry (exact match only); absent when there is no declaration. */
  matchDeclared?: (name: string, domain: string) => DeclaredCookie | null;
  violations: Violation[];
  environment?: Record<string, unknown>;
}

/**
 * Builds the report (schema v1) from raw observations. Cookies are listed once per identity
 * (name, domain, path, partition) and phase, with the attributes of their latest write;
 * storage once per key and phase; requests one by one.
 */
export function buildReport(input: ReportInput): AuditReport {
  const cookies: ReportCookie[] = [];
  const storage: ReportStorage[] = [];
  const requests: ReportRequest[] = [];
  const dropped = { requests: 0, cookies: 0, storage: 0, consentEvents: 0 };
  const pageHost = hostOf(input.url) ?? '';
  for (const phase of input.phases) {
    cookies.push(...reportCookies(phase, input));
    storage.push(...reportStorage(phase, input.knowledge));
    for (const r of phase.requests) {
      const c = input.knowledge.classifyRequest({
        url: r.url,
        host: r.host,
        site: r.site,
        type: r.type,
        pageHost,
        pageSite: input.site,
      });
      requests.push({
        url: r.url,
        host: r.host,
        site: r.site,
        party: r.party,
        type: r.type,
        phase: phase.name,
        tracker: c.tracker,
        time: iso(r.time),
      });
    }
    dropped.requests += phase.dropped.requests;
    dropped.cookies += phase.dropped.cookies;
    dropped.storage += phase.dropped.storage;
    dropped.consentEvents += phase.dropped.consentEvents;
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'consentlens', version: input.toolVersion },
    url: input.url,
    site: input.site,
    startedAt: iso(input.startedAt),
    finishedAt: iso(input.finishedAt),
    phases: input.phases.map((p) => ({
      name: p.name,
      startedAt: iso(p.startedAt),
      consent: p.consent,
      ...(p.consentEvents ? { consentEvents: p.consentEvents } : {}),
      ...(p.choice ? { choice: p.choice } : {}),
    })),
    cookies,
    storage,
    requests,
    declared: input.declared,
    violations: input.violations,
    limits: {
      dropped,
      caps: {
        requests: VISIT_CAPS.requests,
        cookies: VISIT_CAPS.cookies,
        storage: VISIT_CAPS.storage,
        consentEvents: VISIT_CAPS.consentEvents,
      },
    },
    ...(input.environment ? { environment: input.environment } : {}),
  };
}

function reportCookies(phase: PhaseObservations, input: ReportInput): ReportCookie[] {
  const byIdentity = new Map<string, ReportCookie>();
  for (const c of phase.cookies) {
    const id = `${c.name}\u0000${c.domain}\u0000${c.path}\u0000${c.partitionKey ?? ''}`;
    const existing = byIdentity.get(id);
    if (existing && c.removed) {
      existing.removed = true;
      continue;
    }
    const entry = reportCookieOf(c, phase.name, input.knowledge, input.matchDeclared);
    if (existing) entry.firstSeenAt = existing.firstSeenAt;
    byIdentity.set(id, entry);
  }
  return [...byIdentity.values()];
}

function reportStorage(phase: PhaseObservations, knowledge: Knowledge): ReportStorage[] {
  return phase.storage.map((s) => reportStorageOf(s, phase.name, knowledge));
}

/** One cookie write as the report lists it: its attributes, classification and declared entry. */
export function reportCookieOf(
  c: CookieRecord,
  phase: PhaseName,
  knowledge: Knowledge,
  matchDeclared?: (name: string, domain: string) => DeclaredCookie | null,
): ReportCookie {
  const cls = knowledge.classifyCookie(c.name, c.domain);
  return {
    name: c.name,
    domain: c.domain,
    path: c.path,
    hostOnly: c.hostOnly,
    secure: c.secure,
    httpOnly: c.httpOnly,
    sameSite: c.sameSite,
    session: c.session,
    expiresAt: c.expiresAt === null ? null : iso(c.expiresAt),
    lifetimeDays: c.lifetimeDays,
    requestedLifetimeDays: c.requestedLifetimeDays,
    party: c.party,
    setBy: c.setBy,
    initiator: c.initiator,
    ...(c.setByInferred ? { setByInferred: true as const } : {}),
    phase,
    category: cls.category,
    vendor: cls.vendor,
    declared: matchDeclared?.(c.name, c.domain) ?? null,
    classifiedBy: cls.classifiedBy,
    firstSeenAt: iso(c.time),
    removed: c.removed,
  };
}

/** One storage key as the report lists it, with its classification. */
export function reportStorageOf(
  s: StorageRecord,
  phase: PhaseName,
  knowledge: Knowledge,
): ReportStorage & { classifiedBy: string } {
  const cls = knowledge.classifyStorageKey(s.key, s.origin);
  return {
    kind: s.kind,
    origin: s.origin,
    key: s.key,
    phase,
    party: s.party,
    category: cls.category,
    vendor: cls.vendor,
    classifiedBy: cls.classifiedBy,
    firstSeenAt: iso(s.time),
    writes: s.writes,
    removed: s.removed,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
