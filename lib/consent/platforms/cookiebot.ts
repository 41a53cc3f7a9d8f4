import { categoriesOf } from '../categories.ts';
import { readingDecision } from '../decision.ts';
import {
  MAX_COOKIE_VALUE,
  clip,
  decodeRepeatedly,
  isRecord,
  own,
  timeOf,
  unknown,
} from '../safe-input.ts';
import type { CategoryConsent, ConsentDecoded, DecodeResult } from '../state.ts';

export const SOURCE = 'cookiebot';
/** Cookiebot's consent cookie. */
export const COOKIE_NAME = 'CookieConsent';

const MAX_FIELDS = 40;
type Scalar = string | number | boolean | null;

/**
 * Parses Cookiebot's JavaScript-object-like cookie, `{stamp:'…',necessary:true,…,region:'dk'}`:
 * bare keys, single-quoted strings, booleans and numbers, no nesting. A small scanner instead
 * of the regex-to-JSON rewrite Cookiebot's own server-side sample uses, because a stamp is
 * base64 and may hold characters that rewrite would break. Null when the text is not of that form.
 */
function parseObjectLiteral(text: string): Record<string, Scalar> | null {
  const body = text.trim();
  if (!body.startsWith('{') || !body.endsWith('}')) return null;
  const fields: Record<string, Scalar> = {};
  let i = 1;
  const end = body.length - 1;
  let count = 0;
  while (i < end) {
    if (++count > MAX_FIELDS) return null;
    while (i < end && (body[i] === ' ' || body[i] === ',')) i++;
    if (i >= end) break;
    const keyStart = i;
    while (i < end && /[A-Za-z0-9_]/.test(body[i] ?? '')) i++;
    const key = body.slice(keyStart, i);
    // Cookiebot writes `key:value`; some copies in the wild write `key=value`.
    if (key.length === 0 || (body[i] !== ':' && body[i] !== '=')) return null;
    i++;
    let value: Scalar;
    if (body[i] === "'") {
      const close = body.indexOf("'", i + 1);
      if (close < 0 || close > end) return null;
      value = body.slice(i + 1, close);
      i = close + 1;
    } else {
      const valueStart = i;
      while (i < end && body[i] !== ',') i++;
      const raw = body.slice(valueStart, i).trim();
      if (raw === 'true') value = true;
      else if (raw === 'false') value = false;
      else if (raw === 'null') value = null;
      else if (/^-?\d{1,16}$/.test(raw)) value = Number(raw);
      else value = raw;
    }
    if (key !== '__proto__') fields[key] = value;
  }
  return fields;
}

/**
 * Builds a reading from Cookiebot's consent fields, as the cookie holds them and as
 * `Cookiebot.consent` exposes them; `hasResponse` comes from the JS API only.
 */
export function fromConsentFields(
  fields: Record<string, unknown>,
  via: string,
  api: { hasResponse?: unknown; consented?: unknown; declined?: unknown } = {},
): DecodeResult {
  const flag = (key: string): boolean | null => {
    const v = own(fields, key);
    return typeof v === 'boolean' ? v : null;
  };
  const categories: CategoryConsent = categoriesOf({
    necessary: flag('necessary') ?? true,
    preferences: flag('preferences'),
    statistics: flag('statistics'),
    marketing: flag('marketing'),
  });
  if (
    categories.preferences === null &&
    categories.statistics === null &&
    categories.marketing === null
  ) {
    return unknown(SOURCE, 'no preferences, statistics or marketing field');
  }
  const method = own(fields, 'method');
  // Cookiebot: 'explicit' when the visitor chose, 'implied' when consent was given automatically.
  let explicit: boolean | null = method === 'explicit' ? true : method === 'implied' ? false : null;
  if (api.hasResponse === false) explicit = false;
  const stamp = own(fields, 'stamp');
  const detail: Record<string, unknown> = {};
  if (typeof method === 'string') detail.method = clip(method, 20);
  if (typeof stamp === 'string') detail.stamp = clip(stamp, 120);
  const region = own(fields, 'region');
  if (typeof region === 'string') detail.region = clip(region, 10);
  const ver = own(fields, 'ver');
  if (typeof ver === 'number') detail.version = ver;
  for (const key of ['hasResponse', 'consented', 'declined'] as const) {
    if (typeof api[key] === 'boolean') detail[key] = api[key];
  }
  const reading: ConsentDecoded = {
    source: SOURCE,
    via,
    decision: readingDecision(categories, explicit),
    categories,
    explicit,
    recordedAt: timeOf(own(fields, 'utc')),
    detail,
  };
  return reading;
}

/**
 * Decodes the `CookieConsent` cookie: the URL-encoded object literal, `-1` (the visitor is in a
 * region where Cookiebot asks no consent, so everything is allowed) or the legacy `0` (declined).
 */
export function decode(value: string): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_COOKIE_VALUE) return unknown(SOURCE, 'value too long');
  const trimmed = value.trim();
  const via = `cookie:${COOKIE_NAME}`;
  if (trimmed === '-1') {
    return {
      source: SOURCE,
      via,
      decision: 'accept',
      categories: categoriesOf({ preferences: true, statistics: true, marketing: true }),
      explicit: false,
      recordedAt: null,
      detail: { noConsentRequired: true },
    };
  }
  if (trimmed === '0') {
    return {
      source: SOURCE,
      via,
      decision: 'reject',
      categories: categoriesOf({ preferences: false, statistics: false, marketing: false }),
      explicit: null,
      recordedAt: null,
      detail: { legacyDeclined: true },
    };
  }
  const text = decodeRepeatedly(trimmed);
  if (text === null) return unknown(SOURCE, 'malformed URL encoding');
  const fields = parseObjectLiteral(text);
  if (fields === null || !isRecord(fields))
    return unknown(SOURCE, 'not a Cookiebot consent object');
  return fromConsentFields(fields, via);
}
