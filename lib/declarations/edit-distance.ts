/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition) with a cap:
 * work is O(length × cap) and anything beyond the cap is reported as cap + 1.
 */
export function boundedEditDistance(a: string, b: string, cap: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const n = a.length;
  const m = b.length;
  const far = cap + 1;
  // Three rows for the transposition look-back; cells outside the band stay `far`.
  let prev2 = new Array<number>(m + 1).fill(far);
  let prev = new Array<number>(m + 1).fill(far);
  let cur = new Array<number>(m + 1).fill(far);
  for (let j = 0; j <= Math.min(m, cap); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur.fill(far);
    if (i <= cap) cur[0] = i;
    const from = Math.max(1, i - cap);
    const to = Math.min(m, i + cap);
    let rowMin = cur[0] as number;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      }
      cur[j] = Math.min(v, far);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return far;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[m] as number, far);
}
