/** ISO 8601 for an ms timestamp, or null when the time is not a finite number. */
export function isoTime(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Earliest and latest of `times`, as ISO, ignoring non-finite values. */
export function timeSpan(times: readonly number[]): { first: string | null; last: string | null } {
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (!Number.isFinite(t)) continue;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return { first: isoTime(min), last: isoTime(max) };
}
