import { BitReader } from './bit-reader.ts';

/**
 * How many vendor ids a TC string's range entries expand to. `@iabtechlabtcf/core` expands
 * every range id by id, so a crafted string of a few kilobytes with thousands of overlapping
 * 1–65535 ranges keeps it busy for seconds. A real string lists each vendor once per section:
 * its expansion stays under a few hundred thousand.
 */
export const MAX_RANGE_EXPANSION = 400_000;

const CORE_HEADER_BITS = 6 + 36 + 36 + 12 + 12 + 6 + 12 + 12 + 6 + 1 + 1 + 12 + 24 + 24 + 1 + 12;

/** Sum of the spans of one range section (`numEntries` then entries), or null if truncated. */
function rangeSpans(reader: BitReader): number | null {
  const entries = reader.int(12);
  if (entries === null) return null;
  let total = 0;
  for (let i = 0; i < entries; i++) {
    const isRange = reader.bit();
    const start = reader.int(16);
    if (isRange === null || start === null) return null;
    if (isRange === 1) {
      const end = reader.int(16);
      if (end === null) return null;
      total += Math.max(1, end - start + 1);
    } else {
      total += 1;
    }
  }
  return total;
}

/** A vendor section: `maxVendorId`, the encoding bit, then a bitfield or ranges. */
function vendorSection(reader: BitReader): number | null {
  const maxId = reader.int(16);
  const isRange = reader.bit();
  if (maxId === null || isRange === null) return null;
  if (isRange === 0) return reader.skip(maxId) ? 0 : null;
  return rangeSpans(reader);
}

/**
 * The total range expansion of a TC string (all segments), or null when it is not a TCF v2
 * string. A string cut short is measured up to where it ends (the library then reports it).
 */
export function tcRangeExpansion(tcString: string): number | null {
  let total = 0;
  const segments = tcString.split('.', 8);
  for (let s = 0; s < segments.length; s++) {
    const reader = new BitReader(segments[s] ?? '');
    if (s === 0) {
      if (reader.int(6) !== 2) return null;
      if (!reader.skip(CORE_HEADER_BITS - 6)) return 0;
      for (let section = 0; section < 2; section++) {
        const spans = vendorSection(reader);
        if (spans === null) return total;
        total += spans;
      }
      const restrictions = reader.int(12);
      if (restrictions === null) return total;
      for (let r = 0; r < restrictions; r++) {
        if (!reader.skip(8)) return total;
        const spans = rangeSpans(reader);
        if (spans === null) return total;
        total += spans;
        if (total > MAX_RANGE_EXPANSION) return total;
      }
    } else {
      const type = reader.int(3);
      // 1 disclosed vendors, 2 allowed vendors: vendor sections; 3 publisher TC: fixed fields.
      if (type === 1 || type === 2) {
        const spans = vendorSection(reader);
        if (spans !== null) total += spans;
      }
    }
    if (total > MAX_RANGE_EXPANSION) return total;
  }
  return total;
}
