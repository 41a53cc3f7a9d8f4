import type { ConsentCategory } from '../domain/category.ts';
import { categoriesOf } from './categories.ts';
import { consentModeFromDataLayer } from './consent-mode.ts';
import { categoryOfLabel } from './label-category.ts';
import * as cookiebot from './platforms/cookiebot.ts';
import * as cookieInformation from './platforms/cookie-information.ts';
import * as didomi from './platforms/didomi.ts';
import * as klaro from './platforms/klaro.ts';
import * as onetrust from './platforms/onetrust.ts';
import * as tarteaucitron from './platforms/tarteaucitron.ts';
import * as usercentrics from './platforms/usercentrics.ts';
import * as vanilla from './platforms/vanilla-cookieconsent.ts';
import { unknown } from './safe-input.ts';
import type { DecodeResult } from './state.ts';

/*
 * Everything here reads objects a page controls. A hostile or broken page may define getters
 * that throw, proxies, functions that throw, huge strings and arrays. Every property read and
 * call goes through `get` / `call` (try/catch), every value is copied into plain data of bounded
 * size before a decoder sees it, and built-ins are captured when this module loads, before page
 * scripts can replace them. What cannot be bounded from inside one thread: a page function that
 * never returns; only the CMPs' documented getters are called.
 */
const reflectApply = Reflect.apply;
const isArray = Array.isArray;
const hasOwn = Object.hasOwn;

const MAX_STRING = 2000;
const MAX_ARRAY = 300;
const MAX_KEYS = 300;
const MAX_DEPTH = 5;
const MAX_NODES = 5000;

/** Reads `target[key]`; undefined when the read throws or the target is not an object. */
function get(target: unknown, key: string): unknown {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null)
    return undefined;
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Calls `target[key](...args)` when it is a function; undefined when it is not or throws. */
function call(target: unknown, key: string, ...args: unknown[]): unknown {
  const fn = get(target, key);
  if (typeof fn !== 'function') return undefined;
  try {
    return reflectApply(fn as (...a: unknown[]) => unknown, target, args);
  } catch {
    return undefined;
  }
}

/**
 * A plain, bounded copy of page data: strings clipped, arrays and key lists capped, depth and
 * total size limited, functions dropped, `__proto__` keys skipped. Never throws.
 */
export function toPlain(value: unknown, depth = MAX_DEPTH, budget = { nodes: MAX_NODES }): unknown {
  if (--budget.nodes < 0) return undefined;
  switch (typeof value) {
    case 'string':
      return value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null || depth <= 0) return null;
  try {
    if (isArray(value)) {
      const length = (value as unknown[]).length;
      const out: unknown[] = [];
      const n = typeof length === 'number' ? Math.min(length, MAX_ARRAY) : 0;
      for (let i = 0; i < n; i++) out.push(toPlain(get(value, String(i)), depth - 1, budget));
      return out;
    }
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const key in value) {
      if (++count > MAX_KEYS || budget.nodes < 0) break;
      if (key === '__proto__' || !hasOwn(value, key)) continue;
      const item = toPlain(get(value, key), depth - 1, budget);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } catch {
    return null;
  }
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !isArray(value);
}

function strings(value: unknown, max = MAX_ARRAY): string[] {
  return isArray(value)
    ? value.filter((v): v is string => typeof v === 'string').slice(0, max)
    : [];
}

function probeCookiebot(win: unknown): DecodeResult | null {
  const cb = get(win, 'Cookiebot');
  if (cb === undefined || cb === null) return null;
  const consent = toPlain(get(cb, 'consent'), 2);
  if (!isPlainRecord(consent)) return unknown(cookiebot.SOURCE, 'Cookiebot.consent not readable');
  return cookiebot.fromConsentFields(consent, 'api:Cookiebot.consent', {
    hasResponse: get(cb, 'hasResponse'),
    consented: get(cb, 'consented'),
    declined: get(cb, 'declined'),
  });
}

function probeOneTrust(win: unknown): DecodeResult | null {
  let groupsText = get(win, 'OnetrustActiveGroups');
  let via = 'api:OnetrustActiveGroups';
  if (typeof groupsText !== 'string') {
    groupsText = get(win, 'OptanonActiveGroups');
    via = 'api:OptanonActiveGroups';
  }
  if (typeof groupsText !== 'string') return null;
  // ",C0001,C0003," lists the active (granted) groups only; the default groups not listed are off.
  const active = groupsText
    .slice(0, MAX_STRING)
    .split(',', 200)
    .map((g) => g.trim())
    .filter((g) => /^[A-Za-z0-9_-]{1,40}$/.test(g));
  // The site's own groups (OneTrust.GetDomainData().Groups) say which groups exist; without
  // them the four default groups are assumed (C0005 social media is often absent).
  const ot = get(win, 'OneTrust');
  const declared = toPlain(get(call(ot, 'GetDomainData'), 'Groups'), 3);
  const universe: string[] = [];
  if (isArray(declared)) {
    for (const g of declared.slice(0, 50)) {
      const id = isPlainRecord(g) ? g.CustomGroupId : undefined;
      if (typeof id === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(id)) universe.push(id);
    }
  }
  if (universe.length === 0) universe.push('C0001', 'C0002', 'C0003', 'C0004');
  const ids = new Set([...active, ...universe]);
  const groups = [...ids].map((id) => ({ id, granted: active.includes(id) }));
  const closed = call(ot, 'IsAlertBoxClosed');
  const explicit = closed === true ? true : closed === false ? false : null;
  return onetrust.fromGroups(groups, via, explicit, { activeGroups: active });
}

function probeCookieInformation(win: unknown): DecodeResult | null {
  const ci = get(win, 'CookieInformation');
  if (ci === undefined || ci === null) return null;
  // Before any choice the API answers "false" for every category: that is its default, not a
  // refusal. Only a stored consent record makes the answer a decision.
  const cookie = get(get(win, 'document'), 'cookie');
  if (typeof cookie === 'string' && !cookie.includes('CookieInformationConsent=')) return null;
  const status = toPlain(call(ci, 'getStatusOfUsedConsentTypes'), 2);
  if (!isPlainRecord(status))
    return unknown(cookieInformation.SOURCE, 'getStatusOfUsedConsentTypes not readable');
  const flags = Object.entries(status)
    .filter((e): e is [string, boolean] => typeof e[1] === 'boolean')
    .map(([id, granted]) => ({ id, granted }));
  return cookieInformation.fromCategoryFlags(
    flags,
    'api:CookieInformation.getStatusOfUsedConsentTypes',
  );
}

function probeKlaro(win: unknown): DecodeResult | null {
  const k = get(win, 'klaro');
  if (k === undefined || k === null) return null;
  const manager = call(k, 'getManager');
  const consents = toPlain(get(manager, 'consents'), 2);
  if (!isPlainRecord(consents))
    return unknown(klaro.SOURCE, 'klaro.getManager().consents not readable');
  const config = toPlain(get(get(manager, 'config'), 'services'), 4);
  const services: klaro.KlaroService[] = [];
  if (isArray(config)) {
    for (const s of config) {
      if (!isPlainRecord(s) || typeof s.name !== 'string') continue;
      services.push({
        name: s.name,
        purposes: strings(s.purposes, 20),
        required: s.required === true,
      });
    }
  }
  const list = Object.entries(consents)
    .filter((e): e is [string, boolean] => typeof e[1] === 'boolean')
    .map(([name, granted]) => ({ name, granted }));
  const confirmed = get(manager, 'confirmed');
  return klaro.fromConsents(list, 'api:klaro.getManager', {
    services,
    confirmed: typeof confirmed === 'boolean' ? confirmed : null,
  });
}

function probeVanillaCookieConsent(win: unknown): DecodeResult | null {
  const cc = get(win, 'CookieConsent');
  // Cookiebot also defines window.CookieConsent; only vanilla-cookieconsent has getUserPreferences.
  if (typeof get(cc, 'getUserPreferences') !== 'function') return null;
  const prefs = toPlain(call(cc, 'getUserPreferences'), 3);
  if (!isPlainRecord(prefs)) return unknown(vanilla.SOURCE, 'getUserPreferences not readable');
  const accepted = strings(prefs.acceptedCategories);
  const rejected = strings(prefs.rejectedCategories);
  const valid = call(cc, 'validConsent');
  if (valid === false || (accepted.length === 0 && rejected.length === 0)) {
    return {
      source: vanilla.SOURCE,
      via: 'api:CookieConsent.getUserPreferences',
      decision: 'none',
      categories: categoriesOf(),
      explicit: false,
      detail: {},
    };
  }
  const reading = vanilla.fromCategories(
    accepted,
    [...accepted, ...rejected],
    'api:CookieConsent.getUserPreferences',
    {
      ...(typeof prefs.acceptType === 'string'
        ? { acceptType: prefs.acceptType.slice(0, 20) }
        : {}),
    },
  );
  if ('unknown' in reading) return reading;
  return { ...reading, explicit: true };
}

function probeTarteaucitron(win: unknown): DecodeResult | null {
  const t = get(win, 'tarteaucitron');
  if (t === undefined || t === null) return null;
  const state = toPlain(get(t, 'state'), 2);
  if (!isPlainRecord(state))
    return unknown(tarteaucitron.SOURCE, 'tarteaucitron.state not readable');
  const services = get(t, 'services');
  const serviceTypes: Record<string, string> = {};
  const states: tarteaucitron.ServiceState[] = [];
  for (const [key, value] of Object.entries(state).slice(0, MAX_KEYS)) {
    states.push({ key, granted: typeof value === 'boolean' ? value : null });
    const type = get(get(services, key), 'type');
    if (typeof type === 'string') serviceTypes[key] = type.slice(0, 30);
  }
  if (states.length === 0) return null;
  return tarteaucitron.fromServiceStates(states, 'api:tarteaucitron.state', { serviceTypes });
}

function probeUsercentrics(win: unknown): DecodeResult | null {
  const ui = get(win, 'UC_UI');
  if (ui === undefined || ui === null) return null;
  const info = toPlain(call(ui, 'getServicesBaseInfo'), 5);
  if (!isArray(info)) return unknown(usercentrics.SOURCE, 'UC_UI.getServicesBaseInfo not readable');
  const services: { id: string; status: boolean | null; category: ConsentCategory | null }[] = [];
  let latest: { action: string; type: string; timestamp: number } | null = null;
  for (const s of info) {
    if (!isPlainRecord(s)) continue;
    const id = typeof s.id === 'string' ? s.id : typeof s.name === 'string' ? s.name : null;
    if (id === null) continue;
    const consent = isPlainRecord(s.consent) ? s.consent : {};
    const slug = typeof s.categorySlug === 'string' ? s.categorySlug : '';
    services.push({
      id: id.slice(0, 60),
      status: typeof consent.status === 'boolean' ? consent.status : null,
      category: s.isEssential === true ? 'necessary' : categoryOfLabel(slug),
    });
    const history = isArray(consent.history) ? consent.history : [];
    for (const h of history) {
      if (!isPlainRecord(h) || typeof h.timestamp !== 'number') continue;
      if (latest === null || h.timestamp >= latest.timestamp) {
        latest = {
          timestamp: h.timestamp,
          action: typeof h.action === 'string' ? h.action.slice(0, 40) : '',
          type: typeof h.type === 'string' ? h.type.slice(0, 20).toLowerCase() : '',
        };
      }
    }
  }
  return usercentrics.fromServices(services, latest, 'api:UC_UI.getServicesBaseInfo', null);
}

function probeDidomi(win: unknown): DecodeResult | null {
  const d = get(win, 'Didomi');
  if (d === undefined || d === null) return null;
  const status = toPlain(call(d, 'getUserStatus'), 4);
  if (!isPlainRecord(status)) return unknown(didomi.SOURCE, 'Didomi.getUserStatus not readable');
  const purposes = isPlainRecord(status.purposes) ? status.purposes : {};
  const byConsent = isPlainRecord(purposes.consent) ? purposes.consent : {};
  const enabled = strings(byConsent.enabled);
  const disabled = strings(byConsent.disabled);
  const pending = call(d, 'shouldConsentBeCollected');
  const explicit = pending === true ? false : enabled.length + disabled.length > 0 ? null : false;
  return didomi.fromPurposeLists(enabled, disabled, 'api:Didomi.getUserStatus', explicit);
}

function probeDataLayer(win: unknown): DecodeResult | null {
  const dataLayer = get(win, 'dataLayer');
  if (dataLayer === undefined) return null;
  const reading = consentModeFromDataLayer(dataLayer);
  // A dataLayer without consent commands is common and says nothing about consent.
  return 'unknown' in reading && reading.reason === 'no consent command in dataLayer'
    ? null
    : reading;
}

const PROBES: readonly ((win: unknown) => DecodeResult | null)[] = [
  probeCookiebot,
  probeOneTrust,
  probeCookieInformation,
  probeKlaro,
  probeVanillaCookieConsent,
  probeTarteaucitron,
  probeUsercentrics,
  probeDidomi,
  probeDataLayer,
];

/**
 * Reads the consent platforms' JavaScript APIs from a window-like object (the page-world script
 * passes `window`; tests pass plain objects). GPP is read apart (`gppPing`, decoded by
 * `decodeGppPing` in the background) so that the page-world script stays free of the GPP library. Returns one answer per platform found: a reading,
 * or unknown with the reason when the platform is there but cannot be read. Never throws.
 * Readings carry no time: the caller stamps them (`withTime`).
 */
export function probeConsentApis(win: unknown): DecodeResult[] {
  const results: DecodeResult[] = [];
  for (const probe of PROBES) {
    try {
      const result = probe(win);
      if (result !== null) results.push(result);
    } catch {
      // A probe's own logic failing on odd data must not hide the other platforms.
    }
  }
  return results;
}

/**
 * The raw answer of `__gpp('ping')` as plain data, or null when there is no GPP API. GPP 1.1
 * answers `ping` synchronously with its return value.
 */
export function gppPing(win: unknown): unknown {
  try {
    if (typeof get(win, '__gpp') !== 'function') return null;
    const ping = toPlain(call(win, '__gpp', 'ping'), 4);
    return ping === undefined ? null : ping;
  } catch {
    return null;
  }
}
