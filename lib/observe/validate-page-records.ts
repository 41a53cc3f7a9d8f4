import type { ConsentDecoded } from '../consent/state.ts';
import type { PageRecord } from './visit.ts';

/** Records accepted in one message from a page; more are dropped and counted. */
export const MAX_RECORDS_PER_MESSAGE = 500;
const MAX_COOKIE_WRITE = 4096 + 512;
const MAX_KEY = 1024;
const MAX_URL = 2048;
const MAX_VALUE_LENGTH = 100 * 1024 * 1024;
const MAX_WRITES = 1_000_000;

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

function validateOne(
  raw: unknown,
  now: number,
  from: 'page' | 'content-script',
): PageRecord | null {
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
      if (r.op !== 'set' && r.op !== 'found' && r.op !== 'remove' && r.op !== 'clear') return null;
      const key = r.op === 'clear' ? '' : r.key;
      if (!isString(key, MAX_KEY)) return null;
      const valueLength = r.op === 'set' || r.op === 'found' ? r.valueLength : 0;
      if (!isCount(valueLength, MAX_VALUE_LENGTH)) return null;
      // Repeated writes of one key, merged by the page-world script before sending.
      const writes = r.op === 'set' && r.writes !== undefined ? r.writes : 1;
      if (!isCount(writes, MAX_WRITES) || writes === 0) return null;
      // `+ 0` turns -0 into 0: records travel as JSON, which has no -0.
      return writes > 1
        ? { kind: r.kind, op: r.op, key, valueLength: valueLength + 0, writes, time: now }
        : { kind: r.kind, op: r.op, key, valueLength: valueLength + 0, time: now };
    }
    case 'dropped':
      // Storage writes the page-world script could not queue. A page can only inflate its own count.
      return isCount(r.storage, MAX_WRITES)
        ? { kind: 'dropped', storage: r.storage, time: now }
        : null;
    case 'indexedDB':
      return isString(r.name, MAX_KEY) ? { kind: 'indexedDB', name: r.name, time: now } : null;
    case 'consent': {
      if (!Array.isArray(r.readings) || r.readings.length > MAX_READINGS) return null;
      const readings: ConsentDecoded[] = [];
      for (const raw of r.readings) {
        const reading = validateReading(raw);
        if (!reading) return null;
        readings.push(reading);
      }
      return { kind: 'consent', readings, time: now };
    }
    case 'consent-raw': {
      if (r.api !== 'gpp-ping' && r.api !== 'tcf' && r.api !== 'tcf-locator') return null;
      if (!isBoundedPlainData(r.data, MAX_RAW_CONSENT)) return null;
      return { kind: 'consent-raw', api: r.api, data: r.data, time: now };
    }
    case 'interaction':
      // Only the content script sees trusted events; a page cannot claim the visitor clicked.
      if (from === 'page') return null;
      if (r.interaction !== 'click' && r.interaction !== 'key') return null;
      // The content script's own clock at the event, within the batching delay; else receipt time.
      return {
        kind: 'interaction',
        interaction: r.interaction,
        time: typeof r.time === 'number' && r.time <= now && r.time >= now - 10_000 ? r.time : now,
      };
    default:
      return null;
  }
}

const MAX_READINGS = 16;
const MAX_DETAIL = 16 * 1024;
const MAX_RAW_CONSENT = 64 * 1024;
const DECISIONS = new Set(['none', 'reject', 'accept', 'custom']);
const CATEGORY_KEYS = ['necessary', 'preferences', 'statistics', 'marketing'] as const;

/** A consent reading as the page-world probe decoded it: every field checked, nothing else kept. */
function validateReading(raw: unknown): ConsentDecoded | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (!isString(r.source, 40) || !/^[a-z0-9-]+$/.test(r.source) || !isString(r.via, 120))
    return null;
  if (typeof r.decision !== 'string' || !DECISIONS.has(r.decision)) return null;
  if (typeof r.categories !== 'object' || r.categories === null) return null;
  const c = r.categories as Record<string, unknown>;
  const categories = {} as ConsentDecoded['categories'];
  for (const key of CATEGORY_KEYS) {
    const v = c[key];
    if (v !== true && v !== false && v !== null) return null;
    categories[key] = v;
  }
  const reading: ConsentDecoded = {
    source: r.source,
    via: r.via,
    decision: r.decision as ConsentDecoded['decision'],
    categories,
  };
  if (r.explicit === true || r.explicit === false || r.explicit === null)
    reading.explicit = r.explicit;
  if (typeof r.recordedAt === 'number' && Number.isFinite(r.recordedAt))
    reading.recordedAt = r.recordedAt;
  if (r.detail !== undefined) {
    if (
      typeof r.detail !== 'object' ||
      r.detail === null ||
      Array.isArray(r.detail) ||
      !isBoundedPlainData(r.detail, MAX_DETAIL)
    )
      return null;
    reading.detail = r.detail as Record<string, unknown>;
  }
  return reading;
}

/** Plain JSON data no larger than `max` characters when serialised (structured clone already removed functions). */
function isBoundedPlainData(v: unknown, max: number): boolean {
  try {
    const text = JSON.stringify(v);
    return typeof text === 'string' && text.length <= max;
  } catch {
    return false;
  }
}

function isCount(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

function isString(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}
