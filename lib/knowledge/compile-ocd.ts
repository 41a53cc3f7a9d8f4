import { countInto as count, type CompileCounts } from './compile-counts.ts';
import { parseCsv } from './csv.ts';
import type { OcdEntry } from './knowledge-data.ts';
import { mapOcdCategory } from './ocd-category.ts';
import { parseOcdDomains } from './ocd-domains.ts';
import { canonicalVendorNames } from './vendor-names.ts';

export interface OcdCompileResult extends CompileCounts {
  entries: OcdEntry[];
}

/** The columns the data step relies on, as the upstream header spells them. */
export const OCD_COLUMNS = [
  'ID',
  'Platform',
  'Category',
  'Cookie / Data Key name',
  'Domain',
  'Description',
  'Retention period',
  'Data Controller',
  'User Privacy & GDPR Rights Portals',
  'Wildcard match',
] as const;

// Characters that are never part of a cookie name but turn up in pasted data.
const INVISIBLE = /[\u200b-\u200d\u00ad\ufeff]/g;
// A row that writes its wildcard into the name ("SSPR_*", "pm_sess_NNN", "pagead/conv/%INTEGER%").
const NAME_PLACEHOLDER = /(?:\*|NNN|%[A-Z_]+%)$/;

/**
 * Compiles the Open Cookie Database CSV. Every data row is either loaded (possibly after a
 * counted repair) or skipped with a counted reason, so `loaded + Σ skipped = rows`.
 * Throws when the header lacks a column the classifier needs: a reshaped file must not load
 * as an empty knowledge base.
 */
export function compileOcd(csvText: string): OcdCompileResult {
  const records = parseCsv(csvText, { maxRecords: 200_000 });
  const header = records[0];
  if (!header) throw new Error('the Open Cookie Database file is empty');
  const col = new Map(header.map((name, i) => [name.trim(), i]));
  for (const name of OCD_COLUMNS) {
    if (!col.has(name)) throw new Error(`the Open Cookie Database file lacks the column "${name}"`);
  }
  const at = (record: string[], name: (typeof OCD_COLUMNS)[number]): string =>
    record[col.get(name) ?? -1] ?? '';

  const rows = records.slice(1);
  const vendorName = canonicalVendorNames(rows.map((r) => at(r, 'Platform')));
  const entries: OcdEntry[] = [];
  const skipped: Record<string, number> = {};
  const repaired: Record<string, number> = {};
  const seen = new Set<string>();

  for (const record of rows) {
    if (record.length === 1 && record[0]?.trim() === '') {
      count(skipped, 'blank line');
      continue;
    }
    if (record.length !== header.length) {
      count(skipped, 'wrong number of columns');
      continue;
    }
    const rawName = at(record, 'Cookie / Data Key name');
    let name = rawName.replace(INVISIBLE, '');
    if (name !== rawName) count(repaired, 'invisible character removed from name');
    if (name.trim() !== name) {
      name = name.trim();
      count(repaired, 'whitespace trimmed from name');
    }
    if (name === '') {
      count(skipped, 'empty name');
      continue;
    }
    const flag = at(record, 'Wildcard match').trim();
    if (flag !== '0' && flag !== '1') {
      count(skipped, 'invalid wildcard flag');
      continue;
    }
    let wildcard = flag === '1';
    const placeholder = NAME_PLACEHOLDER.exec(name);
    if (placeholder) {
      name = name.slice(0, placeholder.index);
      wildcard = true;
      count(repaired, 'placeholder in name read as a wildcard');
      if (name === '') {
        count(skipped, 'empty name');
        continue;
      }
    }
    const mapping = mapOcdCategory(at(record, 'Category'), at(record, 'Description'), name);
    if (!mapping) {
      count(skipped, 'unknown category');
      continue;
    }
    const domainField = at(record, 'Domain');
    const sites = parseOcdDomains(domainField);
    if (sites.length === 0 && domainField.trim() !== '') {
      count(repaired, 'unreadable domain ignored');
    }
    const key = `${name}\u0000${wildcard}\u0000${sites.join(',')}\u0000${mapping.category}`;
    if (seen.has(key)) {
      count(skipped, 'duplicate of an earlier row');
      continue;
    }
    seen.add(key);
    entries.push({
      id: at(record, 'ID').trim(),
      name,
      wildcard,
      sites,
      category: mapping.category,
      basis: mapping.basis,
      vendor: vendorName(at(record, 'Platform')) ?? vendorName(at(record, 'Data Controller')),
      controller: at(record, 'Data Controller').trim(),
      retention: at(record, 'Retention period').trim(),
    });
  }
  return { rows: rows.length, loaded: entries.length, skipped, repaired, entries };
}
