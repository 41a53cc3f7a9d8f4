/**
 * Looking up UI strings in a `_locales/<lang>/messages.json` the way `browser.i18n.getMessage`
 * does — `$1`…`$9` substitutions and named `$PLACEHOLDER$`s — but for a language chosen at run
 * time, which `getMessage` cannot do. Pure: tested without a browser.
 */

/** One entry of a Chrome/Firefox messages.json file. */
export interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

export type MessageCatalog = Readonly<Record<string, MessageEntry>>;

/** Keeps only well-formed entries of a parsed messages.json (it is our own file, but a typo must not crash a page). */
export function readCatalog(value: unknown): Record<string, MessageEntry> {
  const out: Record<string, MessageEntry> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Partial<MessageEntry>;
    if (typeof e.message !== 'string') continue;
    out[key] = e.placeholders
      ? { message: e.message, placeholders: e.placeholders }
      : { message: e.message };
  }
  return out;
}

/**
 * The message with its named placeholders replaced by their content and `$n` by the n-th
 * substitution (a missing one reads as ""); `$$` is a literal dollar sign.
 */
export function formatMessage(entry: MessageEntry, substitutions: readonly string[]): string {
  const named = entry.placeholders ?? {};
  const lowered = new Map(Object.entries(named).map(([k, v]) => [k.toLowerCase(), v.content]));
  const withNamed = entry.message.replace(
    /\$([A-Za-z0-9_@]+)\$/g,
    (whole, name: string) => lowered.get(name.toLowerCase()) ?? whole,
  );
  return withNamed.replace(/\$(\$|[1-9])/g, (_, what: string) =>
    what === '$' ? '$' : (substitutions[Number(what) - 1] ?? ''),
  );
}

/** The `$n` substitutions a message uses, after named placeholders are resolved (for parity tests). */
export function substitutionsOf(entry: MessageEntry): number[] {
  const resolved = formatMessage(
    entry,
    Array.from({ length: 9 }, (_, i) => `\uE000${i + 1}\uE000`),
  );
  const found = new Set<number>();
  // Private-use marks around each number: they cannot occur in a message.
  for (const m of resolved.matchAll(/\uE000(\d)\uE000/g)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b);
}

/**
 * Looks `key` up in `primary`, then `fallback`; a key in neither reads as the key itself, so a
 * missing string is visible rather than blank.
 */
export function lookup(
  primary: MessageCatalog,
  fallback: MessageCatalog,
  key: string,
  substitutions: readonly (string | number)[] = [],
): string {
  // Own keys only: "constructor" must not find Object.prototype's.
  const entry = Object.hasOwn(primary, key)
    ? primary[key]
    : Object.hasOwn(fallback, key)
      ? fallback[key]
      : undefined;
  if (!entry) return key;
  return formatMessage(entry, substitutions.map(String));
}
