/** Longest name compared; longer names are never hinted, which bounds the distance computation. */
const MAX_NAME_LENGTH = 128;
/** Candidates scanned per lookup. */
const MAX_CANDIDATES_SCANNED = 1000;
/** Characters that make a declared name a pattern, which the matcher handles, not this hint. */
const PATTERN_CHARS = /[*#{}<>[\]]/;

/** Edit distance, giving up (returning limit + 1) as soon as it must exceed `limit`. */
function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? Infinity) + 1,
        (current[j - 1] ?? Infinity) + 1,
        (previous[j - 1] ?? Infinity) + cost,
      );
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/**
 * Candidate names that are almost `name` (a typo such as `_hjlncludeInSample` for
 * `_hjIncludedInSample`), as a hint in evidence only: a near miss never counts as a match.
 * Short names get no hint, since `fr` and `tr` are different cookies; patterns are skipped.
 */
export function nearMissNames(name: string, candidates: readonly string[]): string[] {
  if (name.length > MAX_NAME_LENGTH) return [];
  const limit = Math.min(2, Math.floor(name.length / 4));
  if (limit === 0) return [];
  const target = name.toLowerCase();
  const hints: string[] = [];
  const scanned = candidates.slice(0, MAX_CANDIDATES_SCANNED);
  for (const raw of scanned) {
    const candidate = raw.trim();
    if (candidate === name || PATTERN_CHARS.test(candidate) || candidate.length > MAX_NAME_LENGTH)
      continue;
    if (
      boundedDistance(target, candidate.toLowerCase(), limit) <= limit &&
      !hints.includes(candidate)
    ) {
      hints.push(candidate);
    }
  }
  return hints;
}
