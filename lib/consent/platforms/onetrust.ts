import type { ConsentCategory } from '../../domain/category.ts';
import { foldCategories } from '../categories.ts';
import { readingDecision } from '../decision.ts';
import { MAX_COOKIE_VALUE, clip, timeOf, tryDecodeURIComponent, unknown } from '../safe-input.ts';
import type { DecodeResult } from '../state.ts';

export const SOURCE = 'onetrust';
export const CONSENT_COOKIE = 'OptanonConsent';
/** Written when the visitor closes the banner (any button): its value is the moment, ISO 8601. */
export const ALERT_BOX_COOKIE = 'OptanonAlertBoxClosed';

/**
 * OneTrust's default category ids. Sites can rename and add groups (`C0005` social media is often
 * absent, `BG51`, `SPD_BG`, `V2STACK42` appear); unknown ids stay in detail, unmapped.
 */
export const ONETRUST_GROUPS: Readonly<Record<string, ConsentCategory>> = Object.freeze({
  C0001: 'necessary',
  C0002: 'statistics', // performance cookies
  C0003: 'preferences', // functional cookies
  C0004: 'marketing', // targeting cookies
  C0005: 'marketing', // social media cookies
});

const MAX_PARAMS = 60;
const MAX_GROUPS = 200;

export interface GroupConsent {
  id: string;
  granted: boolean | null;
}

function categoryOfGroup(id: string): ConsentCategory | null {
  return Object.hasOwn(ONETRUST_GROUPS, id) ? (ONETRUST_GROUPS[id] ?? null) : null;
}

/** Parses `C0001:1,C0002:0,…`; null when no entry has the `id:flag` form. */
export function parseGroups(text: string): GroupConsent[] | null {
  const groups: GroupConsent[] = [];
  const parts = text.split(',', MAX_GROUPS);
  for (const part of parts) {
    const match = /^\s*([A-Za-z0-9_-]{1,40}):([01])\s*$/.exec(part);
    if (match?.[1] !== undefined) groups.push({ id: match[1], granted: match[2] === '1' });
  }
  return groups.length > 0 ? groups : null;
}

/**
 * Reads OneTrust's groups into a reading. Several groups fall in marketing (C0004, C0005): the
 * category is granted when any of them is (see `anyGranted`), and each group stays in detail.
 */
export function fromGroups(
  groups: readonly GroupConsent[],
  via: string,
  explicit: boolean | null,
  detail: Record<string, unknown> = {},
): DecodeResult {
  const categories = foldCategories(
    groups.map((g) => ({ category: categoryOfGroup(g.id), granted: g.granted })),
  );
  return {
    source: SOURCE,
    via,
    decision: readingDecision(categories, explicit),
    categories,
    explicit,
    detail: { ...detail, groups: groups.map((g) => ({ id: g.id, granted: g.granted })) },
  };
}

/** Splits OneTrust's query-string cookie; `+` is a space (form encoding, as in `datestamp`). */
function parseParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of value.split('&', MAX_PARAMS)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1).replace(/\+/g, ' ');
    params.set(key, tryDecodeURIComponent(raw) ?? raw);
  }
  return params;
}

/** `Thu Feb 23 2023 23:19:55 GMT+0700 (Western Indonesia Time)` as ms, the zone name dropped. */
function datestampOf(text: string): number | null {
  return timeOf(text.replace(/\s*\(.*\)\s*$/, ''));
}

/** Reads `OptanonAlertBoxClosed`: the moment the banner was closed, or null if not a date. */
export function decodeAlertBoxClosed(value: string): number | null {
  if (typeof value !== 'string' || value.length > 100) return null;
  return timeOf((tryDecodeURIComponent(value) ?? value).trim());
}

/**
 * Decodes `OptanonConsent` (query string: `groups=C0001:1,C0002:0,…&interactionCount=1&…`),
 * optionally with the `OptanonAlertBoxClosed` value. Before the visitor acts, OneTrust writes
 * the site's defaults with `interactionCount=0`: denials then are not a rejection.
 */
export function decode(value: string, alertBoxClosed?: string | null): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_COOKIE_VALUE) return unknown(SOURCE, 'value too long');
  const params = parseParams(value.trim());
  const groupsText = params.get('groups');
  if (groupsText === undefined) return unknown(SOURCE, 'no groups parameter');
  const groups = groupsText.trim() === '' ? [] : parseGroups(groupsText);
  if (groups === null) return unknown(SOURCE, 'groups parameter not of the form C0001:1,…');

  const detail: Record<string, unknown> = {};
  const countText = params.get('interactionCount');
  const interactionCount =
    countText !== undefined && /^\d{1,6}$/.test(countText) ? Number(countText) : null;
  if (interactionCount !== null) detail.interactionCount = interactionCount;
  const closedAt = typeof alertBoxClosed === 'string' ? decodeAlertBoxClosed(alertBoxClosed) : null;
  if (closedAt !== null) detail.alertBoxClosedAt = closedAt;
  for (const [param, key] of [
    ['isGpcEnabled', 'gpcEnabled'],
    ['browserGpcFlag', 'browserGpc'],
  ] as const) {
    const flag = params.get(param);
    if (flag === '1' || flag === '0') detail[key] = flag === '1';
  }
  for (const key of ['consentId', 'version', 'geolocation', 'AwaitingReconsent', 'datestamp']) {
    const text = params.get(key);
    if (text !== undefined) detail[key] = clip(text, 120);
  }
  const datestamp = params.get('datestamp');

  const explicit =
    closedAt !== null ? true : interactionCount === null ? null : interactionCount > 0;
  const reading = fromGroups(groups, `cookie:${CONSENT_COOKIE}`, explicit, detail);
  if ('unknown' in reading) return reading;
  return {
    ...reading,
    recordedAt: closedAt ?? (datestamp !== undefined ? datestampOf(datestamp) : null),
  };
}
