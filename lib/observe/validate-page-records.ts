import type { PageRecord } from './visit.ts';

/** Records accepted in one message from a page; more are dropped and counted. */
export const MAX_RECORDS_PER_MESSAGE = 500;
const MAX_COOKIE_WRITE = 4096 + 512;
const MAX_KEY = 1024;
const MAX_URL = 2048;
const MAX_VALUE_LENGTH = 100 * 1024 * 1024;

/** The channel name the page-world script stamps on its window messages. */
export const PAGE_CHANNEL = 'consentlens:page-world';

/**
 * Validates what a page-world script claims it saw. Everything here is page-controlled: shape,
 * types and sizes are checked, anything else is dropped. `now` replaces the page's clock so a
 * page cannot place records in the past or future. `from` says who sent them: interactions are
 * accepted only from the content script, which sees `isTrusted`. Returns the valid records and how many were
 * rejected.
 */
export function validatePageRecords(
  input: unknown,
  now: number,
  from: 'page' | 'content-script',
): { records: PageRecord[]; rejected: number } {
  const records: PageRecord[] = [];
  if (!Array.isArray(input)) return { records, rejected: 1 };
  let rejected = 0;
  const n = Math.min(input.length, MAX_RECORDS_PER_MESSAGE);
  rejected += input.length - n;
  for (let i = 0; i < n; i++) {
    const r = validateOne(input[i], now, from);
    if (r) records.push(r);
    else rejected++;
  }
  return { records, rejected };
}

function validateOne(raw: unknown, now: number, from: 'page' | 'content-script'): PageRecord | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  switch (r.kind) {
    case 'cookie': {
      if (!isString(r.write, MAX_COOKIE_WRITE)) return null;
      const script = isString(r.script, MAX_URL) && /^https?:\/\//.test(r.script) ? r.script : null;
      return { kind: 'cookie', write: r.write, script, time: now };
    }
    case 'localStorage':
    case 'sessionStorage': {
      if (r.op !== 'set' && r.op !== 'remove' && r.op !== 'clear') return null;
      const key = r.op === 'clear' ? '' : r.key;
      if (!isString(key, MAX_KEY)) return null;
      const valueLength = r.op === 'set' ? r.valueLength : 0;
      if (typeof valueLength !== 'number' || !Number.isInteger(valueLength) || valueLength < 0 || valueLength > MAX_VALUE_LENGTH) return null;
      return { kind: r.kind, op: r.op, key, valueLength, time: now };
    }
    case 'indexedDB':
      return isString(r.name, MAX_KEY) ? { kind: 'indexedDB', name: r.name, time: now } : null;
    case 'interaction':
      // Only the content script sees trusted events; a page cannot claim the visitor clicked.
      if (from === 'page') return null;
      return r.interaction === 'click' || r.interaction === 'key' ? { kind: 'interaction', interaction: r.interaction, time: now } : null;
    default:
      return null;
  }
}

function isString(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}
