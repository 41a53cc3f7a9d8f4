/**
 * One declared row, read from whichever layout it came in (table row, vertical table, definition
 * list, "Label: value" block, CSV line), turned into DeclaredCookie entries: one per name in the
 * name cell, sharing provider, purpose, category, party and duration.
 */
import type { Category } from '../domain/category.ts';
import type { Party } from '../observe/records.ts';
import { parseDuration } from '../duration/parse-duration.ts';
import type { DurationUnit } from '../duration/duration-units.ts';
import type { ColumnKind } from './cookie-columns.ts';
import type { DeclaredCookie } from './declared.ts';
import { parseCategory } from './parse-category.ts';
import { classifyTypeColumn, parseParty, type TypeColumnMeaning } from './parse-party.ts';
import { splitDeclaredNames } from './split-names.ts';
import { cleanText } from './text.ts';

/** The raw text of one row, by column kind. */
export type RowFields = Partial<Record<ColumnKind, string>>;

/** What the surroundings say about the row: a heading above the table, a section row, the Type column's meaning. */
export interface RowContext {
  category?: Category | null;
  categoryText?: string | null;
  party?: Party | null;
  partyText?: string | null;
  /** What this table's Type column means; decided per value when absent. */
  typeMeaning?: TypeColumnMeaning;
  /** Unit for bare numbers in the duration column ("Expiry (days)"). */
  durationUnit?: DurationUnit;
}

export interface BuiltRow {
  cookies: DeclaredCookie[];
  /** Set when the row could not be read; the row text and why. */
  skipped?: { text: string; reason: string };
  /** Names beyond the per-cell cap. */
  droppedNames: number;
}

const SHORT = 300;

function present(text: string | undefined): string | null {
  if (text === undefined) return null;
  const clean = cleanText(text);
  return clean === '' || clean === '-' || clean === '–' || clean === '—' ? null : clean;
}

// ".facebook.com", "www.google.com", "ditmer.dk": a domain written where the provider goes.
const DOMAIN_LIKE = /^\.?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i;

/** Text of the whole row, for `skipped` and for the report. */
export function rowText(fields: RowFields): string {
  return cleanText(
    Object.values(fields)
      .filter((v): v is string => typeof v === 'string')
      .join(' | '),
    SHORT,
  );
}

/**
 * Builds the DeclaredCookie entries of one row. A row without a readable name is returned as
 * `skipped` with a reason.
 */
export function buildDeclaredRow(fields: RowFields, context: RowContext = {}): BuiltRow {
  const nameCell = fields.name ?? '';
  const split = splitDeclaredNames(nameCell);
  if (split.names.length === 0) {
    return {
      cookies: [],
      skipped: { text: rowText(fields), reason: 'no cookie name' },
      droppedNames: 0,
    };
  }

  let provider = present(fields.provider) ?? (split.provider ? cleanText(split.provider) : null);
  let domain = present(fields.domain);
  let party: Party | null = null;
  let partyText: string | null = null;
  let category: Category | null = null;
  let categoryText: string | null = null;

  // "Source: First-Party" — a party written where the provider goes.
  if (provider !== null && parseParty(provider) !== null && !fields.party) {
    party = parseParty(provider);
    partyText = provider;
    provider = split.provider ? cleanText(split.provider) : (present(fields.service) ?? null);
  }
  if (provider === null) provider = present(fields.service);
  if (provider !== null && domain === null && DOMAIN_LIKE.test(provider)) domain = provider;

  const partyCell = present(fields.party);
  if (partyCell !== null) {
    party = parseParty(partyCell);
    partyText = partyCell;
  }
  const categoryCell = present(fields.category);
  if (categoryCell !== null) {
    category = parseCategory(categoryCell);
    categoryText = categoryCell;
  }

  let durationCell = present(fields.duration);
  const typeCell = present(fields.type);
  if (typeCell !== null) {
    const meaning = context.typeMeaning ?? classifyTypeColumn([typeCell]);
    if (meaning === 'party' && partyCell === null) {
      party = parseParty(typeCell);
      partyText = typeCell;
    } else if (meaning === 'category' && categoryCell === null) {
      category = parseCategory(typeCell);
      categoryText = typeCell;
    } else if (meaning === 'lifetime' && durationCell === null) {
      durationCell = typeCell;
    }
  }

  // "First Party cookie, gets removed after 365 days": one column for type and duration.
  if (partyText === null && durationCell !== null && /part|anbieter/i.test(durationCell)) {
    const fromDuration = parseParty(durationCell);
    if (fromDuration) {
      party = fromDuration;
      partyText = durationCell;
    }
  }
  if (partyText === null && context.party) {
    party = context.party;
    partyText = context.partyText ?? null;
  }
  if (categoryText === null && context.category) {
    category = context.category;
    categoryText = context.categoryText ?? null;
  }

  const duration =
    durationCell === null
      ? null
      : parseDuration(
          durationCell,
          context.durationUnit ? { defaultUnit: context.durationUnit } : {},
        );
  const purpose = present(fields.purpose);
  const nameText = split.names.length > 1 || split.provider ? cleanText(nameCell, SHORT) : null;

  const cookies = split.names.map((name): DeclaredCookie => {
    const cookie: DeclaredCookie = {
      name,
      provider,
      purpose,
      category,
      categoryText,
      party,
      partyText,
      duration,
    };
    if (domain !== null) cookie.domain = domain;
    if (nameText !== null) cookie.nameText = nameText;
    return cookie;
  });
  return { cookies, droppedNames: split.dropped };
}
