/**
 * The Open Cookie Database's Platform column names products in several spellings ("Hubspot" and
 * "HubSpot") and some by a former name. Reports read better, and cookies line up with the
 * requests of the same vendor, when one vendor has one name.
 */
const ALIASES: Readonly<Record<string, string>> = {
  Facebook: 'Meta',
  'DoubleClick/Google Marketing': 'Google Ads',
  Youtube: 'YouTube',
};

/** The key under which spellings of one name are grouped: lower case, letters and digits only. */
export function vendorKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Picks one spelling per vendor: the most frequent among `names` (first seen on a tie), then
 * the alias for it if there is one. Returns a function from any spelling to the chosen name.
 */
export function canonicalVendorNames(names: readonly string[]): (name: string) => string | null {
  const counts = new Map<string, Map<string, number>>();
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') continue;
    const key = vendorKey(name);
    let spellings = counts.get(key);
    if (!spellings) counts.set(key, (spellings = new Map()));
    spellings.set(name, (spellings.get(name) ?? 0) + 1);
  }
  const chosen = new Map<string, string>();
  for (const [key, spellings] of counts) {
    let best = '';
    let bestCount = 0;
    for (const [name, count] of spellings) {
      if (count > bestCount) [best, bestCount] = [name, count];
    }
    chosen.set(key, ALIASES[best] ?? best);
  }
  return (name) => {
    const trimmed = name.trim();
    if (trimmed === '') return null;
    return chosen.get(vendorKey(trimmed)) ?? ALIASES[trimmed] ?? trimmed;
  };
}
