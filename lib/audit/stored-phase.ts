/**
 * The finished phases of a run in the extension, as kept in `storage.session` between steps, so
 * a restarted background assembles the report from what was observed before it stopped.
 */
import type { DeclaredTable } from '../declarations/declared.ts';
import { PHASE_NAMES } from '../report/types.ts';
import type { ObservedPhase } from './assemble-report.ts';

/** An observed phase as plain data (`carriedOver` as a list). */
export type StoredPhase = Omit<ObservedPhase, 'carriedOver'> & { carriedOver: string[] };

/** What a run has gathered so far, besides its state. */
export interface RunData {
  phases: StoredPhase[];
  /** The declaration found on the site (a saved one is read again at assembly). */
  declared: DeclaredTable | null;
  /** Why none was found, when none was. */
  declarationNote: string | null;
}

export const EMPTY_RUN_DATA: Readonly<RunData> = Object.freeze({
  phases: [],
  declared: null,
  declarationNote: null,
});

export function storablePhase(phase: ObservedPhase): StoredPhase {
  return { ...phase, carriedOver: [...(phase.carriedOver ?? [])] };
}

export function restoredPhase(phase: StoredPhase): ObservedPhase {
  return { ...phase, carriedOver: new Set(phase.carriedOver) };
}

function isStoredPhase(value: unknown): value is StoredPhase {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<StoredPhase>;
  const v = p.visit as Partial<ObservedPhase['visit']> | undefined;
  return (
    (PHASE_NAMES as readonly unknown[]).includes(p.name) &&
    typeof p.endedAt === 'number' &&
    Array.isArray(p.carriedOver) &&
    typeof v === 'object' &&
    v !== null &&
    typeof v.url === 'string' &&
    typeof v.startedAt === 'number' &&
    Array.isArray(v.requests) &&
    Array.isArray(v.cookies) &&
    Array.isArray(v.storage) &&
    typeof v.consent === 'object' &&
    v.consent !== null &&
    Array.isArray(v.consent.events) &&
    typeof v.dropped === 'object'
  );
}

/**
 * Run data read back from storage; null when it is not what this version wrote (the caller
 * cannot assemble a report from it and says so).
 */
export function reviveRunData(value: unknown): RunData | null {
  if (typeof value !== 'object' || value === null) return null;
  const d = value as Partial<RunData>;
  if (!Array.isArray(d.phases) || !d.phases.every(isStoredPhase)) return null;
  if (d.declared !== null && (typeof d.declared !== 'object' || !Array.isArray(d.declared.cookies)))
    return null;
  if (d.declarationNote !== null && typeof d.declarationNote !== 'string') return null;
  return { phases: d.phases, declared: d.declared, declarationNote: d.declarationNote };
}
