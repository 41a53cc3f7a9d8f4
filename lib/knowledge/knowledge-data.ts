import type { ConsentCategory } from '../domain/category.ts';
import type { DataSourceInfo } from './types.ts';
import type { FilterScreenData } from './filter-screen.ts';
import type { HostnameFiltersData } from './hostname-filters.ts';
import type { OcdCategoryBasis } from './ocd-category.ts';

/**
 * The shape of the compiled knowledge the data step writes to `generated/` and
 * `createKnowledge` reads. Everything here is plain JSON-able data; indexes are built at load.
 */

/** One Open Cookie Database row, normalised. */
export interface OcdEntry {
  /** The row's ID (a UUID), kept as evidence. */
  id: string;
  /** The cookie / data key name, or the prefix of a wildcard row (without `*`). */
  name: string;
  wildcard: boolean;
  /** Registrable domains the row names; empty when it names none (the name applies anywhere). */
  sites: string[];
  category: ConsentCategory;
  /** How `category` was derived from the row's own category and description. */
  basis: OcdCategoryBasis;
  /** The Platform column (the product), normalised to the vendor name the classifier reports. */
  vendor: string | null;
  /** The Data Controller column (the company). */
  controller: string;
  /** The Retention period text, as written. */
  retention: string;
}

/** CookieBlock's curated exceptions: 0 necessary, 1 functional, 2 analytics, 3 advertising. */
export interface CookieBlockEntry {
  name: string;
  category: ConsentCategory;
  /** `name` (applies anywhere), `domain` (exact cookie domain, sans `www.`) or `regex`. */
  scope: 'name' | 'domain' | 'regex';
  /** The domain or the regular expression's source for `domain` / `regex` scopes. */
  match: string;
}

export interface KnowledgeData {
  /** Hash of the inputs and the compiler, for the incremental build and for provenance. */
  stamp: string;
  sources: DataSourceInfo[];
  ocd: OcdEntry[];
  cookieblock: CookieBlockEntry[];
  /**
   * The EasyPrivacy filters engine, serialised by `@ghostery/adblocker`, without the blocking
   * filters `easyprivacyScreen.hostnames` holds; null to run without.
   */
  easyprivacy: Uint8Array | null;
  /** What was compiled beside the engine; the engine is only whole with it (null with none). */
  easyprivacyScreen: EasyPrivacyScreenData | null;
}

/**
 * What the data step compiles beside the engine: the filters anchored to a whole hostname
 * (hostname-filters.ts; the engine leaves out the blocking ones) and, per bucket, the screen of
 * its other filters (filter-screen.ts).
 */
export interface EasyPrivacyScreenData {
  hostnames: HostnameFiltersData;
  filters: FilterScreenData;
  exceptions: FilterScreenData;
  importants: FilterScreenData;
  redirects: FilterScreenData;
}
