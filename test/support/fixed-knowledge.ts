import type { Category } from '../../lib/domain/category.ts';
import type { Knowledge } from '../../lib/knowledge/types.ts';

/**
 * A tiny knowledge base with fixed answers, for tests of code that only passes classifications
 * through (the real classifier has its own tests against the real data).
 */
export function fixedKnowledge(
  cookies: Record<string, [Category, string]>,
  trackers: Record<string, [Category, string]> = {},
): Knowledge {
  const cls = (name: string) => {
    const hit = cookies[name];
    return hit
      ? {
          category: hit[0],
          vendor: hit[1],
          classifiedBy: 'open-cookie-database' as const,
          retention: null,
          entryId: name,
        }
      : {
          category: 'unclassified' as const,
          vendor: null,
          classifiedBy: 'none' as const,
          retention: null,
          entryId: null,
        };
  };
  return {
    sources: [],
    classifyCookie: (name) => cls(name),
    classifyStorageKey: (key) => cls(key),
    classifyRequest: ({ host }) => {
      const hit = trackers[host];
      return {
        tracker: hit ? { category: hit[0], vendor: hit[1], source: 'easyprivacy' } : null,
        vendor: hit?.[1] ?? null,
        consentPlatform: false,
      };
    },
  };
}
