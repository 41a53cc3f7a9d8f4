/**
 * Groups `items` by `key`, keeping first-seen order of keys and input order within a group,
 * so that output built from the groups is deterministic.
 */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The dedupe key of a cookie subject: one violation per name and domain. */
export function cookieKey(cookie: { name: string; domain: string }): string {
  return `${cookie.name}\u0000${cookie.domain}`;
}
