/** What compiling one data file produced, and what it left out and why. */
export interface CompileCounts {
  /** Data rows (or lines) in the file, header excluded. */
  rows: number;
  loaded: number;
  /** Rows left out, by reason. */
  skipped: Record<string, number>;
  /** Rows loaded after a repair, by kind of repair. */
  repaired: Record<string, number>;
}

/** Adds one to `bag[reason]`. */
export function countInto(bag: Record<string, number>, reason: string): void {
  bag[reason] = (bag[reason] ?? 0) + 1;
}
