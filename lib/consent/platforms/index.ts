import { GPP_COOKIE, decodeGppString } from '../gpp.ts';
import { unknown } from '../safe-input.ts';
import type { DecodeResult } from '../state.ts';
import { TC_COOKIE, decodeTcString } from '../tcf.ts';
import * as borlabs from './borlabs.ts';
import * as complianz from './complianz.ts';
import type { NamedValue } from './complianz.ts';
import * as cookieInformation from './cookie-information.ts';
import * as cookiebot from './cookiebot.ts';
import * as cookieconsent from './cookieconsent.ts';
import * as cookieyes from './cookieyes.ts';
import * as didomi from './didomi.ts';
import * as iubenda from './iubenda.ts';
import * as klaro from './klaro.ts';
import * as onetrust from './onetrust.ts';
import * as tarteaucitron from './tarteaucitron.ts';
import * as usercentrics from './usercentrics.ts';
import * as vanilla from './vanilla-cookieconsent.ts';

/** One known consent record: a cookie or storage name (exact, or a prefix) and its decoder. */
export interface ConsentRecordEntry {
  /** The name, or the prefix when `prefix` is true. */
  name: string;
  prefix: boolean;
  /** The platform or framework (`ConsentReading.source`). */
  source: string;
  decode: (value: string, name: string) => DecodeResult;
}

const MAX_NAME = 200;
const MAX_COOKIES = 500;

function marker(source: string, what: string): (value: string, name: string) => DecodeResult {
  return () => unknown(source, `${what}: read it together with the platform's other records`);
}

function iubendaCookie(value: string, name: string): DecodeResult {
  if (!iubenda.isConsentCookieName(name)) {
    return unknown(iubenda.SOURCE, 'iubenda US-privacy or granular record, not the consent record');
  }
  return iubenda.decode(value);
}

function complianzCookie(value: string, name: string): DecodeResult {
  return complianz.decodeCookies([{ name, value }]);
}

/** Consent cookies this project decodes, by name. Names are case-sensitive, like cookies. */
export const CONSENT_COOKIES: readonly ConsentRecordEntry[] = Object.freeze([
  {
    name: cookiebot.COOKIE_NAME,
    prefix: false,
    source: cookiebot.SOURCE,
    decode: (v: string) => cookiebot.decode(v),
  },
  {
    name: onetrust.CONSENT_COOKIE,
    prefix: false,
    source: onetrust.SOURCE,
    decode: (v: string) => onetrust.decode(v),
  },
  {
    name: onetrust.ALERT_BOX_COOKIE,
    prefix: false,
    source: onetrust.SOURCE,
    decode: marker(
      onetrust.SOURCE,
      'OptanonAlertBoxClosed only records that the banner was closed',
    ),
  },
  {
    name: cookieInformation.COOKIE_NAME,
    prefix: false,
    source: cookieInformation.SOURCE,
    decode: (v: string) => cookieInformation.decode(v),
  },
  {
    name: cookieyes.COOKIE_NAME,
    prefix: false,
    source: cookieyes.SOURCE,
    decode: (v: string) => cookieyes.decode(v),
  },
  {
    name: didomi.TOKEN_NAME,
    prefix: false,
    source: didomi.SOURCE,
    decode: (v: string) => didomi.decode(v),
  },
  {
    name: borlabs.COOKIE_NAME,
    prefix: false,
    source: borlabs.SOURCE,
    decode: (v: string) => borlabs.decode(v),
  },
  {
    name: klaro.STORAGE_NAME,
    prefix: false,
    source: klaro.SOURCE,
    decode: (v: string) => klaro.decode(v),
  },
  {
    name: vanilla.COOKIE_NAME,
    prefix: false,
    source: vanilla.SOURCE,
    decode: (v: string) => vanilla.decode(v),
  },
  {
    name: tarteaucitron.COOKIE_NAME,
    prefix: false,
    source: tarteaucitron.SOURCE,
    decode: (v: string) => tarteaucitron.decode(v),
  },
  {
    name: cookieconsent.COOKIE_NAME,
    prefix: false,
    source: cookieconsent.SOURCE,
    decode: (v: string) => cookieconsent.decode(v),
  },
  {
    name: TC_COOKIE,
    prefix: false,
    source: 'tcf',
    decode: (v: string) => decodeTcString(v, `cookie:${TC_COOKIE}`),
  },
  {
    name: GPP_COOKIE,
    prefix: false,
    source: 'gpp',
    decode: (v: string) => decodeGppString(v, `cookie:${GPP_COOKIE}`),
  },
  {
    name: complianz.COOKIE_PREFIX,
    prefix: true,
    source: complianz.SOURCE,
    decode: complianzCookie,
  },
  { name: iubenda.COOKIE_PREFIX, prefix: true, source: iubenda.SOURCE, decode: iubendaCookie },
]);

/** Consent records platforms keep in localStorage, by key. */
export const CONSENT_STORAGE: readonly ConsentRecordEntry[] = Object.freeze([
  {
    name: usercentrics.SETTINGS_KEY,
    prefix: false,
    source: usercentrics.SOURCE,
    decode: (v: string) => usercentrics.decode(v),
  },
  {
    name: usercentrics.INTERACTION_KEY,
    prefix: false,
    source: usercentrics.SOURCE,
    decode: marker(
      usercentrics.SOURCE,
      'uc_user_interaction only records that the visitor interacted',
    ),
  },
  {
    name: didomi.TOKEN_NAME,
    prefix: false,
    source: didomi.SOURCE,
    decode: (v: string) => didomi.decode(v),
  },
  {
    name: klaro.STORAGE_NAME,
    prefix: false,
    source: klaro.SOURCE,
    decode: (v: string) => klaro.decode(v),
  },
  {
    name: vanilla.COOKIE_NAME,
    prefix: false,
    source: vanilla.SOURCE,
    decode: (v: string) => vanilla.decode(v),
  },
  { name: TC_COOKIE, prefix: false, source: 'tcf', decode: (v: string) => decodeTcString(v) },
  { name: iubenda.COOKIE_PREFIX, prefix: true, source: iubenda.SOURCE, decode: iubendaCookie },
]);

function find(entries: readonly ConsentRecordEntry[], name: string): ConsentRecordEntry | null {
  if (typeof name !== 'string' || name.length > MAX_NAME) return null;
  for (const entry of entries) {
    if (entry.prefix ? name.startsWith(entry.name) : name === entry.name) return entry;
  }
  return null;
}

/** The platform whose consent cookie this is, or null. */
export function consentCookieSource(name: string): string | null {
  return find(CONSENT_COOKIES, name)?.source ?? null;
}

/** The platform whose consent storage key this is, or null. */
export function consentStorageSource(key: string): string | null {
  return find(CONSENT_STORAGE, key)?.source ?? null;
}

function run(
  entry: ConsentRecordEntry,
  value: string,
  name: string,
  via: string | null,
): DecodeResult {
  if (typeof value !== 'string') return unknown(entry.source, 'value is not a string');
  try {
    const result = entry.decode(value, name);
    return via !== null && !('unknown' in result) ? { ...result, via } : result;
  } catch {
    // Decoders do not throw by design; this keeps one broken record from stopping a caller.
    return unknown(entry.source, 'decoder failed');
  }
}

/**
 * Decodes one cookie by name: a reading, unknown with a reason (the platform's cookie, but not
 * readable, or a marker that needs the platform's other cookies), or null for a cookie that is
 * no consent record this project knows.
 */
export function decodeConsentCookie(name: string, value: string): DecodeResult | null {
  const entry = find(CONSENT_COOKIES, name);
  return entry === null ? null : run(entry, value, name, null);
}

/** Decodes one localStorage entry by key, like `decodeConsentCookie`; `via` is `storage:<key>`. */
export function decodeConsentStorage(key: string, value: string): DecodeResult | null {
  const entry = find(CONSENT_STORAGE, key);
  return entry === null
    ? null
    : run(entry, value, key, `storage:${entry.prefix ? `${entry.name}*` : entry.name}`);
}

export type { NamedValue } from './complianz.ts';

/**
 * Decodes a whole cookie jar (one page's cookies): one answer per consent record, with the
 * records that belong together read together — OneTrust's consent and alert-box cookies, all
 * Complianz cookies. Cookies that are no consent record are skipped.
 */
export function decodeConsentCookies(cookies: readonly NamedValue[]): DecodeResult[] {
  if (!Array.isArray(cookies)) return [];
  const list = cookies
    .slice(0, MAX_COOKIES)
    .filter((c): c is NamedValue => typeof c?.name === 'string' && typeof c.value === 'string');
  const results: DecodeResult[] = [];
  const alertBox = list.find((c) => c.name === onetrust.ALERT_BOX_COOKIE)?.value ?? null;
  const cmplz = list.filter((c) => c.name.startsWith(complianz.COOKIE_PREFIX));
  if (cmplz.length > 0) results.push(complianz.decodeCookies(cmplz));
  for (const cookie of list) {
    if (
      cookie.name.startsWith(complianz.COOKIE_PREFIX) ||
      cookie.name === onetrust.ALERT_BOX_COOKIE
    )
      continue;
    if (cookie.name === onetrust.CONSENT_COOKIE) {
      results.push(onetrust.decode(cookie.value, alertBox));
      continue;
    }
    const result = decodeConsentCookie(cookie.name, cookie.value);
    if (result !== null) results.push(result);
  }
  return results;
}

/**
 * Decodes one origin's localStorage entries, reading Usercentrics' settings together with its
 * interaction flag. Keys that are no consent record are skipped.
 */
export function decodeConsentStorageEntries(entries: readonly NamedValue[]): DecodeResult[] {
  if (!Array.isArray(entries)) return [];
  const list = entries
    .slice(0, MAX_COOKIES)
    .filter((e): e is NamedValue => typeof e?.name === 'string' && typeof e.value === 'string');
  const interaction = list.find((e) => e.name === usercentrics.INTERACTION_KEY)?.value ?? null;
  const results: DecodeResult[] = [];
  for (const entry of list) {
    if (entry.name === usercentrics.INTERACTION_KEY) continue;
    if (entry.name === usercentrics.SETTINGS_KEY) {
      results.push(usercentrics.decode(entry.value, { userInteraction: interaction }));
      continue;
    }
    const result = decodeConsentStorage(entry.name, entry.value);
    if (result !== null) results.push(result);
  }
  return results;
}
