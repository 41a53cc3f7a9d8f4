import type { SameSite } from './records.ts';

/** Longest header or `document.cookie` write examined; browsers reject cookies over 4 KB anyway. */
const MAX_INPUT = 8192;
const MAX_ATTRIBUTES = 32;
const DAY_MS = 86_400_000;

/** One cookie as a `Set-Cookie` header or a `document.cookie` write asked for it. */
export interface CookieWrite {
  name: string;
  value: string;
  /** The Domain attribute, lower-cased without a leading dot; null → host-only. */
  domain: string | null;
  path: string | null;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
  partitioned: boolean;
  /** ms since epoch the site asked for (Max-Age wins over Expires); null → session cookie. */
  expiresAt: number | null;
  /** Days asked for, before any browser cap; null for session; ≤ 0 means a deletion. */
  requestedLifetimeDays: number | null;
}

/**
 * Parses one `Set-Cookie` header value or one `document.cookie` assignment (RFC 6265 §5.2).
 * Returns null for input a browser would ignore (no `=` and no name, or over-long input).
 * `now` is when the write happened, so Max-Age becomes an absolute time.
 */
export function parseCookieWrite(input: string, now: number): CookieWrite | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_INPUT) return null;
  const parts = input.split(';', MAX_ATTRIBUTES + 1);
  const pair = parts[0] ?? '';
  const eq = pair.indexOf('=');
  // RFC 6265bis: a pair without '=' is a cookie with an empty name.
  const name = (eq >= 0 ? pair.slice(0, eq) : '').trim();
  const value = stripQuotes((eq >= 0 ? pair.slice(eq + 1) : pair).trim());
  if (name === '' && value === '') return null;

  const write: CookieWrite = {
    name,
    value,
    domain: null,
    path: null,
    secure: false,
    httpOnly: false,
    sameSite: 'unspecified',
    partitioned: false,
    expiresAt: null,
    requestedLifetimeDays: null,
  };
  let maxAge: number | null = null;
  let expires: number | null = null;
  for (let i = 1; i < parts.length && i <= MAX_ATTRIBUTES; i++) {
    const attr = parts[i] ?? '';
    const aeq = attr.indexOf('=');
    const key = (aeq >= 0 ? attr.slice(0, aeq) : attr).trim().toLowerCase();
    const val = aeq >= 0 ? attr.slice(aeq + 1).trim() : '';
    switch (key) {
      case 'domain': {
        const d = val.toLowerCase().replace(/^\.+/, '');
        if (d) write.domain = d;
        break;
      }
      case 'path':
        write.path = val.startsWith('/') ? val : null;
        break;
      case 'secure':
        write.secure = true;
        break;
      case 'httponly':
        write.httpOnly = true;
        break;
      case 'partitioned':
        write.partitioned = true;
        break;
      case 'samesite': {
        const s = val.toLowerCase();
        write.sameSite =
          s === 'none' ? 'none' : s === 'lax' ? 'lax' : s === 'strict' ? 'strict' : 'unspecified';
        break;
      }
      case 'max-age': {
        if (/^-?\d{1,15}$/.test(val)) maxAge = Number(val);
        break;
      }
      case 'expires': {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) expires = t;
        break;
      }
    }
  }
  if (maxAge !== null) write.expiresAt = maxAge <= 0 ? 0 : now + maxAge * 1000;
  else if (expires !== null) write.expiresAt = expires;
  if (write.expiresAt !== null)
    write.requestedLifetimeDays = roundDays((write.expiresAt - now) / DAY_MS);
  return write;
}

/** Is this write a deletion (expiry in the past)? */
export function isDeletion(write: CookieWrite, now: number): boolean {
  return write.expiresAt !== null && write.expiresAt <= now;
}

/**
 * Splits the `Set-Cookie` values of one response. Chrome gives one header per cookie; Firefox
 * joins them into one value separated by newlines.
 */
export function splitSetCookieHeaders(values: readonly string[], limit = 200): string[] {
  const out: string[] = [];
  for (const v of values) {
    for (const line of v.split('\n')) {
      if (out.length >= limit) return out;
      const trimmed = line.trim();
      if (trimmed) out.push(trimmed);
    }
  }
  return out;
}

/** Rounds a lifetime to 0.01 day: enough for "30 minutes", stable across clock jitter. */
export function roundDays(days: number): number {
  return Math.round(days * 100) / 100;
}

function stripQuotes(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}
