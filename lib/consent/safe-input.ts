import type { ConsentUnknown } from './state.ts';

/**
 * Input bounds shared by the decoders. Browsers cap a cookie at 4 KiB, so a cookie value longer
 * than the first bound is not a real platform's record; web storage values (Usercentrics keeps a
 * consent history per service) are larger but still far below the second.
 */
export const MAX_COOKIE_VALUE = 16 * 1024;
export const MAX_STORAGE_VALUE = 512 * 1024;
/** Most entries read from any one list (groups, services, purposes, vendors). */
export const MAX_LIST = 500;
/** Most characters kept of any one string copied into detail. */
export const MAX_TEXT = 200;

/** The unknown answer, with the platform and why. */
export function unknown(source: string, reason: string): ConsentUnknown {
  return { source, unknown: true, reason };
}

/** Plain non-array object check that never throws. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an own property of parsed data. JSON.parse turns a `__proto__` key into an own property,
 * and reading through `Object.hasOwn` keeps inherited names (`constructor`, `toString`) out.
 */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** decodeURIComponent that answers null instead of throwing on a malformed escape. */
export function tryDecodeURIComponent(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Decodes a value that is URL-encoded once, twice or not at all. Platforms and the tools that
 * copy their cookies disagree on the encoding; a value without `%` is returned as is.
 */
export function decodeRepeatedly(text: string, rounds = 2): string | null {
  let current = text;
  for (let i = 0; i < rounds && current.includes('%'); i++) {
    const next = tryDecodeURIComponent(current);
    if (next === null) return i === 0 ? null : current;
    current = next;
  }
  return current;
}

/** JSON.parse that answers undefined instead of throwing (deep nesting and bad syntax included). */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A bounded copy of a string for detail. */
export function clip(text: string, max = MAX_TEXT): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** The string items of an array, at most `max`, each clipped; anything else gives []. */
export function stringList(value: unknown, max = MAX_LIST): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  const n = Math.min(value.length, max);
  for (let i = 0; i < n; i++) {
    const item: unknown = value[i];
    if (typeof item === 'string') out.push(clip(item));
  }
  return out;
}

/** A timestamp (ISO text or ms number) as ms since epoch, or null. */
export function timeOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  if (typeof value !== 'string' || value.length > 100) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Parses JSON that may be stored as is, URL-encoded once, or twice (platforms and the tools that
 * copy their cookies disagree). Each form is tried in turn, so a value whose JSON strings
 * themselves hold `%22` is not decoded one time too many. Undefined when no form parses.
 */
export function parseEncodedJson(text: string): unknown {
  let current = text.trim();
  for (let round = 0; round < 3; round++) {
    if (current.startsWith('{') || current.startsWith('[')) {
      const parsed = tryParseJson(current);
      if (parsed !== undefined) return parsed;
    }
    if (!current.includes('%')) return undefined;
    const next = tryDecodeURIComponent(current);
    if (next === null || next === current) return undefined;
    current = next.trim();
  }
  return undefined;
}
