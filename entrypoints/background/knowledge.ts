import type { Knowledge } from '@/lib/knowledge/types.ts';

// TEMPORARY until the knowledge module lands.
export function getKnowledge(): Knowledge {
  return {
    sources: [],
    classifyCookie: () => ({ category: 'unclassified', vendor: null, classifiedBy: 'none', retention: null, entryId: null }),
    classifyStorageKey: () => ({ category: 'unclassified', vendor: null, classifiedBy: 'none', retention: null, entryId: null }),
    classifyRequest: () => ({ tracker: null, vendor: null, consentPlatform: false }),
  };
}
