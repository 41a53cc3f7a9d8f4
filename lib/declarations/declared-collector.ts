/**
 * Collects what the readers find in one document — cookies, unreadable rows, category words —
 * and enforces the document-wide caps, so every reader stays bounded the same way.
 */
import type { Category } from '../domain/category.ts';
import type { Party } from '../observe/records.ts';
import { buildDeclaredRow, type RowContext, type RowFields } from './declared-row.ts';
import type { DeclaredCookie } from './declared.ts';
import { parseCategory } from './parse-category.ts';
import { parseParty } from './parse-party.ts';
import { cleanText, fold } from './text.ts';

/** Declared cookies kept from one document. */
export const MAX_COOKIES = 20_000;
/** Data rows read from one table. */
export const MAX_ROWS_PER_TABLE = 5_000;
/** Skipped rows listed one by one; the rest are counted in one last entry. */
export const MAX_SKIPPED = 1_000;
const MAX_MENTIONS = 60;

/** What a heading, caption or section row says about the rows under it. */
export interface SectionContext {
  category: Category | null;
  categoryText: string | null;
  party: Party | null;
  partyText: string | null;
}

export const NO_SECTION: SectionContext = {
  category: null,
  categoryText: null,
  party: null,
  partyText: null,
};

/** The section a heading text opens: its category and party, if it names them briefly. */
export function sectionFromHeading(text: string): SectionContext {
  const clean = cleanText(text, 200);
  // A long heading is a sentence; its category words are not a label for what follows.
  if (clean === '' || clean.split(' ').length > 8) return NO_SECTION;
  const category = parseCategory(clean);
  const party = parseParty(clean);
  return {
    category,
    categoryText: category ? clean : null,
    party,
    partyText: party ? clean : null,
  };
}

/** Accumulates one document's declared rows, unreadable rows and category words, within the caps. */
export class DeclaredCollector {
  readonly cookies: DeclaredCookie[] = [];
  readonly skipped: { text: string; reason: string }[] = [];
  private readonly mentions = new Map<string, { text: string; category: Category | null }>();
  private skippedBeyondCap = 0;
  private cookiesBeyondCap = 0;

  get full(): boolean {
    return this.cookies.length >= MAX_COOKIES;
  }

  /** Builds and keeps one row; returns how many cookies it gave. */
  addRow(fields: RowFields, context: RowContext): number {
    const built = buildDeclaredRow(fields, context);
    if (built.skipped) this.skip(built.skipped.text, built.skipped.reason);
    if (built.droppedNames > 0) {
      this.skip(
        cleanText(fields.name ?? '', 200),
        `${built.droppedNames} more names in one cell than the cap`,
      );
    }
    let added = 0;
    for (const cookie of built.cookies) {
      if (this.full) {
        this.cookiesBeyondCap++;
        continue;
      }
      this.cookies.push(cookie);
      added++;
    }
    // Every cookie of a row shares its category text.
    const first = built.cookies[0];
    if (first?.categoryText) this.mention(first.categoryText, first.category);
    return added;
  }

  skip(text: string, reason: string): void {
    if (this.skipped.length < MAX_SKIPPED)
      this.skipped.push({ text: cleanText(text, 300), reason });
    else this.skippedBeyondCap++;
  }

  /** Records a category word the document uses (headings, category cells, prose). */
  mention(text: string, category: Category | null): void {
    const clean = cleanText(text, 80);
    const key = fold(clean);
    if (clean === '' || this.mentions.has(key) || this.mentions.size >= MAX_MENTIONS) return;
    this.mentions.set(key, { text: clean, category });
  }

  get categoriesMentioned(): { text: string; category: Category | null }[] {
    return [...this.mentions.values()];
  }

  /** The skipped list with the caps' summaries appended. */
  finalSkipped(): { text: string; reason: string }[] {
    const list = [...this.skipped];
    if (this.cookiesBeyondCap > 0) {
      list.push({
        text: '',
        reason: `${this.cookiesBeyondCap} cookies beyond the cap of ${MAX_COOKIES} per document`,
      });
    }
    if (this.skippedBeyondCap > 0) {
      list.push({ text: '', reason: `${this.skippedBeyondCap} more unreadable rows not listed` });
    }
    return list;
  }
}
