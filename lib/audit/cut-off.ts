/**
 * A run cut off by a browser (or extension) restart. `storage.session` — where a run lives — is
 * emptied then, so a small marker of the run in progress is also kept in `storage.local`. A
 * marker whose run is gone from the session when the background starts means the run was cut
 * off: the popup says so for the audited site, instead of saying nothing.
 */
import { PHASE_NAMES, type PhaseName } from '../report/types.ts';
import type { AuditRun } from './run-state.ts';

/** The run in progress, as `storage.local` keeps it. */
export interface ActiveMarker {
  id: string;
  url: string;
  site: string;
  startedAt: number;
  phases: PhaseName[];
  phaseIndex: number;
}

/** A run that a restart cut off, until the next audit starts. */
export interface CutOffAudit extends ActiveMarker {
  /** When the background found it cut off. */
  foundAt: number;
}

export function markerOf(run: AuditRun): ActiveMarker {
  return {
    id: run.id,
    url: run.url,
    site: run.site,
    startedAt: run.startedAt,
    phases: [...run.phases],
    phaseIndex: run.phaseIndex,
  };
}

/**
 * The cut-off run a marker stands for, or null when its run is still in the session (a worker
 * restart, which the run survives) or the marker is unreadable.
 */
export function cutOffRun(
  marker: unknown,
  sessionRunIds: ReadonlySet<string>,
  now: number,
): CutOffAudit | null {
  const m = reviveMarker(marker);
  if (!m || sessionRunIds.has(m.id)) return null;
  return { ...m, foundAt: now };
}

/** A marker or cut-off record read back from storage; null when it is not one. */
export function reviveMarker(value: unknown): ActiveMarker | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (typeof m.id !== 'string' || m.id.length > 100) return null;
  if (typeof m.url !== 'string' || m.url.length > 4096) return null;
  if (typeof m.site !== 'string' || m.site.length > 300) return null;
  if (typeof m.startedAt !== 'number' || !Number.isFinite(m.startedAt)) return null;
  if (!Array.isArray(m.phases) || m.phases.length === 0) return null;
  if (!m.phases.every((p) => (PHASE_NAMES as readonly unknown[]).includes(p))) return null;
  if (!Number.isInteger(m.phaseIndex) || (m.phaseIndex as number) < 0) return null;
  if ((m.phaseIndex as number) > m.phases.length) return null;
  return {
    id: m.id,
    url: m.url,
    site: m.site,
    startedAt: m.startedAt,
    phases: [...(m.phases as PhaseName[])],
    phaseIndex: m.phaseIndex as number,
  };
}

export function reviveCutOff(value: unknown): CutOffAudit | null {
  const m = reviveMarker(value);
  const foundAt = (value as { foundAt?: unknown } | null)?.foundAt;
  return m && typeof foundAt === 'number' && Number.isFinite(foundAt) ? { ...m, foundAt } : null;
}
