/**
 * A lifetime as a person wrote it, beside what it means. `days` is null when the text
 * states no length (session, "persistent", or unparseable); `reason` says why nothing
 * more precise could be read, so a guess is never presented as fact.
 */
export interface Duration {
  /** The original text, trimmed. */
  text: string;
  /** true: ends with the browser session; false: persists; null: the text does not say. */
  session: boolean | null;
  /** Length in days (fractions allowed, e.g. 30 minutes = 0.0208); the upper bound of a range. */
  days: number | null;
  /** Why `days`/`session` could not be read exactly, e.g. "range: upper bound used", "no unit". */
  reason?: string;
}
