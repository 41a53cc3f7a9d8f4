/**
 * Escaping for the exported reports. Everything in a report came from the audited page (cookie
 * names, URLs, storage keys, policy text) and must be treated as hostile: these functions are
 * the only way report data enters HTML or SVG.
 */

/**
 * Characters replaced by U+FFFD before escaping: C0 and C1 controls other than tab, line feed
 * and carriage return (XML forbids most of them, even as references, so a standalone SVG would
 * not parse), lone surrogates, the noncharacters U+FFFE/U+FFFF, and the bidirectional
 * embedding, override and isolate controls, which can make a name read as something else
 * ("Trojan Source" reordering).
 */
const UNSAFE_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const REPLACEMENT = '\uFFFD';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // A literal CR is turned into LF by HTML parsers; the reference keeps the value exact.
  '\r': '&#13;',
};

/**
 * The text a reader sees for `value`: characters that cannot be shown safely replaced by
 * U+FFFD (see UNSAFE_CHARACTERS). `escapeHtml(value)` parses back to exactly this text.
 */
export function safeText(value: unknown): string {
  return stringOf(value).replace(UNSAFE_CHARACTERS, REPLACEMENT);
}

/**
 * Escapes `value` for HTML and SVG/XML text and for double- or single-quoted attribute values.
 * Never returns markup: `<`, `>`, `&`, both quotes and CR become references, and unsafe
 * characters become U+FFFD. Non-strings are converted with `String()` first; null and
 * undefined become the empty string.
 */
export function escapeHtml(value: unknown): string {
  return safeText(value).replace(/[&<>"'\r]/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * The URL normalised by the WHATWG URL parser when it is absolute http or https, else null.
 * Only such URLs may become a link; the result still has to go through `escapeHtml`.
 */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 8192) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // Credentials in a link are a phishing device ("https://bank.dk@evil.example/").
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}

/** `value` cut to at most `max` code points, and how many were cut. Never splits a surrogate pair. */
export function truncate(value: string, max: number): { text: string; omitted: number } {
  // Fast path: `length` counts UTF-16 units, which is at least the number of code points.
  if (value.length <= max) return { text: value, omitted: 0 };
  const points = Array.from(value);
  if (points.length <= max) return { text: value, omitted: 0 };
  return { text: points.slice(0, Math.max(0, max)).join(''), omitted: points.length - max };
}

/** Any value as a string: strings as they are, null/undefined as '', the rest via `String()`. */
function stringOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return '';
    }
  }
  return String(value);
}
