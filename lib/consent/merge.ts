import { CONSENT_CATEGORIES, type ConsentCategory } from '../domain/category.ts';
import { NO_CONSENT, type ConsentReading, type ConsentState } from './state.ts';

export { decisionOf } from './decision.ts';

/** One source's value in a disagreement. */
export interface ConflictSource {
  source: string;
  via: string;
  value: boolean;
}

/**
 * Readings of one moment that disagree about a category (e.g. the CMP cookie says marketing
 * denied while Consent Mode says `ad_storage` granted). A conflict is a finding in itself.
 */
export interface ConsentConflict {
  category: ConsentCategory;
  sources: ConflictSource[];
}

/** TCF detail in the shape the rules read (`ConsentInForce.detail.tcf`). */
export interface TcfSummary {
  vendorConsents: readonly number[];
  vendorLegitimateInterests: readonly number[];
  purposeConsents: readonly number[];
  cmpId: number | null;
}

export interface MergedConsent {
  /** The state in force, taken from the primary reading. */
  state: ConsentState;
  /** The reading the state was taken from, null when there was none. */
  primary: ConsentReading | null;
  conflicts: ConsentConflict[];
  /** The latest TCF reading's purposes and vendors, when one was read (directly or via GPP). */
  tcf: TcfSummary | null;
}

/** Where a reading came from, in order of trust: lower is more trusted. */
export type SourceKind = 'cmp-api' | 'cmp-record' | 'tcf' | 'gpp' | 'consent-mode';

const KIND_RANK: Readonly<Record<SourceKind, number>> = {
  'cmp-api': 0,
  'cmp-record': 1,
  tcf: 2,
  gpp: 3,
  'consent-mode': 4,
};

/**
 * The kind of a reading. A platform's JS API reports its live state, its cookie or storage the
 * state last saved; TCF and GPP strings are what the platform tells ad vendors, Consent Mode what
 * it tells Google, both derived from the platform's own record and so second-hand.
 */
export function sourceKind(reading: Pick<ConsentReading, 'source' | 'via'>): SourceKind {
  if (reading.source === 'tcf') return 'tcf';
  if (reading.source === 'gpp') return 'gpp';
  if (reading.source === 'gcm') return 'consent-mode';
  return reading.via.startsWith('api:') ? 'cmp-api' : 'cmp-record';
}

/** Whether a reading records a decision (implied or chosen) rather than none. */
function decided(reading: ConsentReading): boolean {
  return reading.decision !== 'none';
}

/**
 * Orders readings for the choice of primary: readings that record a decision first (a Didomi
 * token that lists only vendors must not hide the TC string beside it), then by kind (CMP JS API
 * > CMP cookie or storage > TCF > GPP > Consent Mode), then the most recent, then the one that
 * records a visitor action.
 */
export function comparePrimary(a: ConsentReading, b: ConsentReading): number {
  const info = Number(decided(b)) - Number(decided(a));
  if (info !== 0) return info;
  const rank = KIND_RANK[sourceKind(a)] - KIND_RANK[sourceKind(b)];
  if (rank !== 0) return rank;
  if (a.time !== b.time) return b.time - a.time;
  return Number(b.explicit === true) - Number(a.explicit === true);
}

/** The latest reading of each source and channel (`source` + `via`). */
export function latestPerChannel(readings: readonly ConsentReading[]): ConsentReading[] {
  const latest = new Map<string, ConsentReading>();
  for (const reading of readings) {
    const key = `${reading.source}\u0000${reading.via}`;
    const seen = latest.get(key);
    if (seen === undefined || reading.time >= seen.time) latest.set(key, reading);
  }
  return [...latest.values()];
}

/** Every category on which two readings hold opposite values. */
export function findConflicts(readings: readonly ConsentReading[]): ConsentConflict[] {
  const conflicts: ConsentConflict[] = [];
  for (const category of CONSENT_CATEGORIES) {
    const sources: ConflictSource[] = [];
    for (const r of readings) {
      const value = r.categories[category];
      if (value !== null) sources.push({ source: r.source, via: r.via, value });
    }
    if (sources.some((s) => s.value) && sources.some((s) => !s.value)) {
      conflicts.push({ category, sources });
    }
  }
  return conflicts;
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
}

function tcfSummary(readings: readonly ConsentReading[]): TcfSummary | null {
  let best: ConsentReading | null = null;
  for (const r of readings) {
    const detail = r.detail;
    if (detail === undefined || !Array.isArray(detail.vendorConsents)) continue;
    if (r.source !== 'tcf' && r.source !== 'gpp') continue;
    if (best === null || r.time >= best.time) best = r;
  }
  if (best?.detail === undefined) return null;
  const d = best.detail;
  return {
    vendorConsents: numbers(d.vendorConsents),
    vendorLegitimateInterests: numbers(d.vendorLegitimateInterests),
    purposeConsents: numbers(d.purposeConsents),
    cmpId: typeof d.cmpId === 'number' ? d.cmpId : null,
  };
}

export interface MergeOptions {
  /** A trusted click or key press on the page preceded these readings (see timeline.ts). */
  interaction?: boolean;
}

/**
 * Combines the readings of one moment into the state in force. The primary reading (see
 * `comparePrimary`) gives source, decision and categories as they are — no category is filled
 * in from another source, so the state is always one source's statement; disagreements are
 * returned as conflicts instead. `interaction` is true when the caller saw a trusted input or
 * the primary source itself records a visitor action.
 */
export function mergeReadings(
  readings: readonly ConsentReading[],
  options: MergeOptions = {},
): MergedConsent {
  const current = latestPerChannel(readings);
  const ordered = [...current].sort(comparePrimary);
  const primary = ordered[0] ?? null;
  const observed = options.interaction === true;
  if (primary === null) {
    return {
      state: { ...NO_CONSENT, categories: { ...NO_CONSENT.categories }, interaction: observed },
      primary: null,
      conflicts: [],
      tcf: null,
    };
  }
  return {
    state: {
      source: primary.source,
      decision: primary.decision,
      categories: { ...primary.categories },
      interaction: observed || primary.explicit === true,
    },
    primary,
    conflicts: findConflicts(current),
    tcf: tcfSummary(current),
  };
}
