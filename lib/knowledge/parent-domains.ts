/** Most labels a host can have (253 characters, one-letter labels). */
const MAX_LABELS = 127;

/**
 * Looks `host` up in `table`, then each parent domain in turn (`a.b.example.dk`,
 * `b.example.dk`, `example.dk`, `dk`), and returns the first hit: the most specific entry
 * wins, so `cmp.quantcast.com` can mean something other than `quantcast.com`. No public
 * suffix list is needed, and a miss costs one Map lookup per label.
 */
export function lookupParentDomains<T>(table: ReadonlyMap<string, T>, host: string): T | undefined {
  let from = 0;
  for (let n = 0; n < MAX_LABELS; n++) {
    const hit = table.get(from === 0 ? host : host.slice(from));
    if (hit !== undefined) return hit;
    const dot = host.indexOf('.', from);
    if (dot < 0) return undefined;
    from = dot + 1;
  }
  return undefined;
}

/** A cookie domain or host in the form the tables use: lower case, no leading or trailing dot. */
export function bareDomain(domain: string): string {
  let start = 0;
  let end = domain.length;
  while (start < end && domain.charCodeAt(start) === 46) start++;
  while (end > start && domain.charCodeAt(end - 1) === 46) end--;
  const bare = start === 0 && end === domain.length ? domain : domain.slice(start, end);
  // Browsers store domains in lower case already; only pay for lowering when needed.
  for (let i = 0; i < bare.length; i++) {
    const c = bare.charCodeAt(i);
    if (c >= 65 && c <= 90) return bare.toLowerCase();
  }
  return bare;
}
