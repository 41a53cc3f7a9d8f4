/**
 * "Label: value" pairs → declared rows. The same grouping serves vertical tables (one label and
 * value per row, as Borlabs prints them), definition lists and blocks of "Cookie: _ga" /
 * "Provider: Google" lines, including one-line forms ("Provider: Google · Duration: 2 years").
 */
import { classifyHeader, type ColumnHeader, type ColumnKind } from './cookie-columns.ts';
import type { RowFields } from './declared-row.ts';
import { cleanText, trimChars } from './text.ts';

export interface LabelPair {
  label: string;
  header: ColumnHeader;
  value: string;
}

/** One line (or table row) of pairs; `breaks` ends the current record when it has no pairs. */
export interface LabelLine<T = undefined> {
  pairs: LabelPair[];
  breaks: boolean;
  /** Carried to the record that starts on this line (e.g. the section it is in). */
  tag?: T;
}

export interface LabelRecord<T = undefined> {
  fields: RowFields;
  /** The name label said "cookie" ("Cookie name", "Cookie:"), not just "Name". */
  nameSpecific: boolean;
  /** The tag of the line the record started on. */
  tag?: T;
}

/** Colons looked at per line; a line with more is prose. */
const MAX_COLONS = 40;
/** Characters looked back from a colon for its label. */
const LABEL_LOOKBACK = 48;
// Characters after which a label may start: list separators, not the middle of a sentence.
const BOUNDARY = new Set(['·', '|', ';', '•', '\t', '\n', ',', '–', '—', '/', '(', ')']);
// After these, even an unknown "Word:" ends the value before it ("Durée : 3 mois · Tiers : oui").
const STRONG_BOUNDARY = new Set(['·', '|', ';', '•', '\t', '\n']);

/**
 * Finds "Label: value" pairs in one line. A label is a known column word (see classifyHeader)
 * right after the start of the line, a separator (· | ; • , –) or a sentence end, followed by
 * a colon; its value runs to the next label.
 */
export function splitLabelValues(line: string): LabelPair[] {
  const text = line.length > 4_000 ? line.slice(0, 4_000) : line;
  const found: { start: number; colon: number; label: string; header: ColumnHeader | null }[] = [];
  let colons = 0;
  for (let c = text.indexOf(':'); c !== -1 && colons < MAX_COLONS; c = text.indexOf(':', c + 1)) {
    colons++;
    // Walk back to the boundary before the label.
    let s = c - 1;
    const stop = Math.max(0, c - LABEL_LOOKBACK);
    while (s >= stop) {
      const ch = text[s] as string;
      if (BOUNDARY.has(ch) || ch === ':') break;
      if (ch === '.' && (text[s + 1] === ' ' || text[s + 1] === '\u00a0')) break;
      s--;
    }
    const atBoundary = s < 0 || (s >= stop && text[s] !== ':');
    if (!atBoundary) continue;
    const label = text.slice(s + 1, c).trim();
    if (label === '') continue;
    // A URL or a time ("https://", "10:30") is not a label.
    if (text[c + 1] === '/' || /\d$/.test(label)) continue;
    const header = classifyHeader(label);
    const strong = s < 0 || STRONG_BOUNDARY.has(text[s] as string);
    if (header) found.push({ start: s + 1, colon: c, label, header });
    else if (strong && found.length > 0 && label.split(/\s+/).length <= 3) {
      found.push({ start: s + 1, colon: c, label, header: null });
    }
  }
  const pairs: LabelPair[] = [];
  for (let i = 0; i < found.length; i++) {
    const f = found[i] as (typeof found)[number];
    if (!f.header) continue;
    const end = i + 1 < found.length ? (found[i + 1] as (typeof found)[number]).start : text.length;
    // Strip the separator that introduced the next label.
    const value = trimChars(text.slice(f.colon + 1, end), '·|;•,–—/').trim();
    pairs.push({ label: f.label, header: f.header, value });
  }
  return pairs;
}

const NAME_KINDS: ReadonlySet<ColumnKind> = new Set(['name', 'service']);

/**
 * Groups lines of pairs into records. A record starts at its first pair and ends at a line
 * that `breaks`, or when a label repeats (the next cookie starts). When both "Name" and
 * "Cookie Name" appear, the plain "Name" is the service and goes to `service`.
 */
export function groupLabelLines<T = undefined>(
  lines: Iterable<LabelLine<T>>,
  maxRecords: number,
): LabelRecord<T>[] {
  const records: LabelRecord<T>[] = [];
  let fields: RowFields = {};
  let nameSpecific = false;
  let genericName: string | null = null;
  let open = false;
  let tag: T | undefined;

  const flush = (): void => {
    if (!open) return;
    if (genericName !== null) {
      if (fields.name === undefined) fields.name = genericName;
      else if (fields.service === undefined) fields.service = genericName;
    }
    if (records.length < maxRecords)
      records.push(tag === undefined ? { fields, nameSpecific } : { fields, nameSpecific, tag });
    fields = {};
    nameSpecific = false;
    genericName = null;
    open = false;
    tag = undefined;
  };

  for (const line of lines) {
    if (line.pairs.length === 0) {
      if (line.breaks) flush();
      continue;
    }
    for (const pair of line.pairs) {
      const kind = pair.header.kind;
      const startsRecord = (): void => {
        if (!open) tag = line.tag;
        open = true;
      };
      const value = cleanText(pair.value, 4_000);
      if (kind === 'name' && !pair.header.cookieSpecific) {
        // "Name: Google Analytics" then "Cookie Name: _ga": keep until the record ends.
        if (genericName !== null) flush();
        genericName = value;
        startsRecord();
        continue;
      }
      if (kind === 'name') {
        if (fields.name !== undefined) flush();
        fields.name = pair.value;
        nameSpecific = true;
        startsRecord();
        continue;
      }
      if (fields[kind] !== undefined && !NAME_KINDS.has(kind)) flush();
      fields[kind] = value;
      startsRecord();
    }
  }
  flush();
  return records;
}
