import type { Category } from '../domain/category.ts';
import type { Duration } from '../duration/duration.ts';
import type { Party } from '../observe/records.ts';

/** One row of a site's declared cookie table, as the report contract's `declared.cookies[]`. */
export interface DeclaredCookie {
  /** As declared; may be a pattern (`_ga_*`, `_ga_#`, `_hjSession_{id}`); see lib/declarations/name-pattern.ts. */
  name: string;
  provider: string | null;
  purpose: string | null;
  /** null when the table does not say or says something that maps to no category. */
  category: Category | null;
  /** The category text as written (e.g. "Statistik"), when there was one. */
  categoryText?: string | null;
  party: Party | null;
  /** The party text as written ("3. Part", "Tredjepart"). */
  partyText?: string | null;
  duration: Duration | null;
  /** The domain the declaration names for it (a Domain/Host column, or a provider written as ".facebook.com"). */
  domain?: string | null;
  /** The name cell as written, when it held more than this name or a provider ("Google Analytics (_ga, _gid)"). */
  nameText?: string | null;
}

/** Where a declaration came from. */
export type DeclarationSource =
  'file' | 'cookiebot' | 'onetrust' | 'cookieinformation' | 'policy-page';

/** A site's declared cookie table (the report contract's `declared` block), plus what the prose says. */
export interface DeclaredTable {
  source: DeclarationSource;
  url: string | null;
  /** BCP 47 primary language of the source (`da`, `en`, `de`, …), null if unknown. */
  language: string | null;
  cookies: DeclaredCookie[];
  /** How long the policy says consent is kept, when it says so ("i et år" → 365 days). */
  consentLifetime?: Duration | null;
  /** Category names the policy text uses, mapped where possible. */
  categoriesMentioned?: { text: string; category: Category | null }[];
  /** ISO time the declaration was read. */
  retrievedAt?: string;
  /** Rows that could not be read, with the reason, so nothing is silently dropped. */
  skipped?: { text: string; reason: string }[];
  /** Other retention statements in the policy's prose ("Google Analytics data is kept 26 months"). */
  retentionStatements?: { text: string; duration: Duration }[];
  /**
   * In a report: who chose this declaration — the user (imported, edited, `--declared`) or
   * ConsentLens by itself from the site's pages.
   */
  origin?: DeclarationOrigin;
}

export type DeclarationOrigin = 'user' | 'discovered';
