import { consentAt, eventAt, type ConsentTimeline } from '../consent/timeline.ts';
import type { DeclaredCookie, DeclaredTable } from '../declarations/declared.ts';
import { hostOf } from '../domain/site.ts';
import { tcfVendorIdOf } from '../knowledge/tcf-vendors.ts';
import type { Knowledge } from '../knowledge/types.ts';
import type { DroppedCounts } from '../observe/records.ts';
import type { Visit } from '../observe/visit.ts';
import {
  buildReport,
  reportCookieOf,
  reportStorageOf,
  type PhaseObservations,
} from '../report/build-report.ts';
import type { AuditReport, PhaseName, ReportAudit, ReportPhaseChoice } from '../report/types.ts';
import { evaluate } from '../rules/engine.ts';
import type {
  BannerInput,
  ConsentInForce,
  CookieObservation,
  PhaseInput,
  RequestObservation,
  StorageObservation,
} from '../rules/input.ts';
import type { RuleSettings } from '../rules/settings.ts';

/** What one phase of an audit (or a passive visit, as its only phase) observed. */
export interface ObservedPhase {
  name: PhaseName;
  visit: Pick<
    Visit,
    'startedAt' | 'requests' | 'cookies' | 'storage' | 'consent' | 'dropped' | 'url'
  >;
  /** When the phase ended (the consent state in force then is the phase's). */
  endedAt: number;
  banner?: BannerInput | null;
  gpcSent?: boolean;
  /** Cookies set before the banner click and still readable after it (names@domain). */
  carriedOver?: ReadonlySet<string>;
  /** The banner choice an audit made in this phase. */
  choice?: ReportPhaseChoice | null;
}

export interface AssembleInput {
  toolVersion: string;
  url: string;
  site: string;
  phases: readonly ObservedPhase[];
  knowledge: Knowledge;
  declared: DeclaredTable | null;
  matchDeclared?: (name: string, domain: string) => DeclaredCookie | null;
  settings: RuleSettings;
  environment?: Record<string, unknown>;
  /** How the automated run went; absent for a passive page view. */
  audit?: ReportAudit;
}

/**
 * Turns raw observations into the audit report: classifies every cookie, storage key and
 * request, gives each the consent state in force at its moment, runs the rules and builds the
 * schema-v1 report. The background (a passive visit) and the command line (a three-phase audit)
 * both use it, so a report means the same wherever it was made.
 */
export function assembleReport(input: AssembleInput): AuditReport {
  const pageHost = hostOf(input.url) ?? '';
  const phaseInputs: PhaseInput[] = input.phases.map((phase) => {
    const timeline = phase.visit.consent;
    const inForce = (time: number): ConsentInForce => {
      const event = eventAt(timeline, time);
      return event?.tcf
        ? { ...event.state, detail: { tcf: event.tcf } }
        : consentAt(timeline, time);
    };
    const cookies: CookieObservation[] = phase.visit.cookies.map((c) => ({
      ...reportCookieOf(c, phase.name, input.knowledge, input.matchDeclared),
      time: c.time,
      consent: inForce(c.time),
      carriedOver: phase.carriedOver?.has(`${c.name}@${c.domain}`) ?? false,
      tcfVendorId: tcfVendorIdOf(c.initiator) ?? tcfVendorIdOf(c.domain),
    }));
    const storage: StorageObservation[] = phase.visit.storage.map((s) => ({
      ...reportStorageOf(s, phase.name, input.knowledge),
      time: s.time,
      consent: inForce(s.time),
    }));
    const requests: RequestObservation[] = phase.visit.requests.map((r) => ({
      url: r.url,
      host: r.host,
      site: r.site,
      party: r.party,
      type: r.type,
      phase: phase.name,
      tracker: input.knowledge.classifyRequest({
        url: r.url,
        host: r.host,
        site: r.site,
        type: r.type,
        pageHost,
        pageSite: input.site,
      }).tracker,
      time: r.time,
      consent: inForce(r.time),
      tcfVendorId: tcfVendorIdOf(r.host),
    }));
    return {
      name: phase.name,
      consent: timeline.events.map((e) => ({
        time: e.time,
        state: e.tcf ? { ...e.state, detail: { tcf: e.tcf } } : e.state,
      })),
      cookies,
      storage,
      requests,
      banner: phase.banner ?? null,
      gpcSent: phase.gpcSent ?? false,
      choice: phase.choice ?? null,
    };
  });
  const violations = evaluate({
    url: input.url,
    site: input.site,
    phases: phaseInputs,
    declared: input.declared,
    settings: input.settings,
  });
  const observations: PhaseObservations[] = input.phases.map((phase) => ({
    name: phase.name,
    startedAt: phase.visit.startedAt,
    consent: stripDetail(consentAt(phase.visit.consent, phase.endedAt)),
    consentEvents: consentEvents(phase.visit.consent),
    ...(phase.choice ? { choice: phase.choice } : {}),
    requests: phase.visit.requests,
    cookies: phase.visit.cookies,
    storage: phase.visit.storage,
    dropped: phase.visit.dropped as DroppedCounts,
  }));
  const report = buildReport({
    toolVersion: input.toolVersion,
    url: input.url,
    site: input.site,
    startedAt: input.phases[0]?.visit.startedAt ?? Date.now(),
    finishedAt: input.phases.at(-1)?.endedAt ?? Date.now(),
    phases: observations,
    knowledge: input.knowledge,
    declared: input.declared,
    matchDeclared: input.matchDeclared,
    violations,
    environment: input.environment,
  });
  return input.audit ? { ...report, audit: input.audit } : report;
}

/** The timeline's events as the report carries them (for the timeline picture and the evidence). */
function consentEvents(timeline: ConsentTimeline): NonNullable<PhaseObservations['consentEvents']> {
  return timeline.events.map((e) => ({
    time: new Date(e.time).toISOString(),
    decision: e.state.decision,
    kind: e.kind,
    source: e.state.source,
    interaction: e.interaction,
    categories: e.state.categories,
    ...(e.conflicts.length > 0 ? { conflicts: e.conflicts } : {}),
  }));
}

function stripDetail<T extends object>(state: T): T {
  const { detail: _detail, ...rest } = state as T & { detail?: unknown };
  return rest as T;
}
