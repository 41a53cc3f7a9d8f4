/**
 * DATA-LICENSES split for the About tab: the summary (every source's pin, licence and
 * attribution) shown at once, and the full licence texts appended at its end, shown on request.
 * Both ship with the extension, as the licences of the bundled data require.
 */
export function splitLicences(text: string): { summary: string; fullTexts: string } {
  const start = text.search(/^Apache License 2\.0 \(for /m);
  if (start <= 0) return { summary: text.trimEnd(), fullTexts: '' };
  return { summary: text.slice(0, start).trimEnd(), fullTexts: text.slice(start).trimEnd() };
}
