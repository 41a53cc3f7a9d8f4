import { GppModel, Sections } from '@iabgpp/cmpapi';
import { BitReader } from './bit-reader.ts';
import { categoriesOf } from './categories.ts';
import { readingDecision } from './decision.ts';
import { clip, isRecord, own, stringList, unknown } from './safe-input.ts';
import type { CategoryConsent, ConsentDecoded, DecodeResult } from './state.ts';
import { decodeTcString } from './tcf.ts';

export const SOURCE = 'gpp';
/** Cookie some CMPs keep the GPP string in (others: localStorage, or only the `__gpp` API). */
export const GPP_COOKIE = '__gpp';

export const MAX_GPP_STRING = 16 * 1024;
/** Section ids of the discrete sections this reader knows (IAB GPP section registry). */
const TCF_EU_V2 = 2;
const TCF_CA_V1 = 5;
const USP_V1 = 6;
const MAX_SECTIONS = 40;
/** Highest section id registered so far is in the twenties; anything far above is not real. */
const MAX_SECTION_ID = 100;

/** US section fields that, when opted out of, refuse marketing (sale, sharing, targeted ads). */
const US_OPT_OUT_FIELDS = ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'] as const;

/**
 * Reads the section ids from the GPP header with bounds. `@iabgpp/cmpapi` expands the header's
 * Fibonacci-coded ranges id by id, so a crafted header would stall it; this answers null for
 * anything but a plausible header.
 */
export function gppSectionIds(header: string): number[] | null {
  const reader = new BitReader(header);
  if (reader.int(6) !== 3) return null; // header type
  if (reader.int(6) !== 1) return null; // header version
  const count = reader.int(12);
  if (count === null || count > MAX_SECTIONS) return null;
  const ids: number[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const isRange = reader.bit();
    if (isRange === null) return null;
    const first = reader.fibonacci();
    if (first === null) return null;
    const start = first + offset;
    offset = start;
    let end = start;
    if (isRange === 1) {
      const second = reader.fibonacci();
      if (second === null) return null;
      end = second + offset;
      offset = end;
    }
    if (end > MAX_SECTION_ID || end - start + 1 + ids.length > MAX_SECTIONS) return null;
    for (let id = start; id <= end; id++) ids.push(id);
  }
  return ids;
}

/** 1 = opted out → refused, 2 = did not opt out → allowed, 0 = not applicable → unknown. */
function optOutFlag(value: unknown): boolean | null {
  return value === 1 ? false : value === 2 ? true : null;
}

/** Marketing under US opt-out laws: refused if any opt-out is exercised, allowed if none is. */
function usMarketing(flags: readonly (boolean | null)[]): boolean | null {
  if (flags.includes(false)) return false;
  return flags.includes(true) ? true : null;
}

function safeField(model: GppModel, section: string, field: string): unknown {
  try {
    return model.hasField(section, field)
      ? (model.getFieldValue(section, field) as unknown)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decodes a GPP string (`DBABMA~CPX…`). The EU TCF section is decoded as a TC string (same
 * categories and vendor detail as `tcf.ts`); US sections (`uspv1`, `usnat`, `usca`, …) say only
 * whether the visitor opted out of sale, sharing or targeted advertising, which is read as
 * marketing. `@iabgpp/cmpapi`'s `GppModel` is used, never its `CmpApi` (that needs a window).
 */
export function decodeGppString(gppString: string, via = 'gpp'): DecodeResult {
  if (typeof gppString !== 'string') return unknown(SOURCE, 'value is not a string');
  const text = gppString.trim();
  if (text.length === 0) return unknown(SOURCE, 'empty GPP string');
  if (text.length > MAX_GPP_STRING) return unknown(SOURCE, 'GPP string too long');
  if (!/^[A-Za-z0-9_.~-]+$/.test(text)) return unknown(SOURCE, 'not a GPP string');
  const parts = text.split('~', MAX_SECTIONS + 2);
  const ids = gppSectionIds(parts[0] ?? '');
  if (ids === null) return unknown(SOURCE, 'GPP header not readable');
  if (ids.length !== parts.length - 1)
    return unknown(SOURCE, 'section count does not match header');

  let model: GppModel;
  try {
    model = new GppModel(text);
  } catch (error) {
    return unknown(
      SOURCE,
      `undecodable GPP string: ${clip(String((error as Error)?.message ?? error), 80)}`,
    );
  }

  const sections: Record<string, unknown>[] = [];
  let tcf: ConsentDecoded | null = null;
  const usFlags: (boolean | null)[] = [];
  let gpc: boolean | null = null;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] ?? 0;
    const raw = parts[i + 1] ?? '';
    if (id === TCF_EU_V2) {
      const decoded = decodeTcString(raw, via);
      if ('unknown' in decoded) sections.push({ id, name: 'tcfeuv2', error: decoded.reason });
      else {
        tcf = decoded;
        sections.push({ id, name: 'tcfeuv2' });
      }
      continue;
    }
    if (id === TCF_CA_V1) {
      sections.push({ id, name: 'tcfcav1' });
      continue;
    }
    if (id === USP_V1) {
      const optOutSale = safeField(model, 'uspv1', 'OptOutSale');
      const flag = optOutSale === 'Y' ? false : optOutSale === 'N' ? true : null;
      usFlags.push(flag);
      sections.push({
        id,
        name: 'uspv1',
        optOutSale: typeof optOutSale === 'string' ? clip(optOutSale, 2) : null,
      });
      continue;
    }
    const name = sectionName(id);
    if (name === null) {
      sections.push({ id, name: null });
      continue;
    }
    const entry: Record<string, unknown> = { id, name };
    for (const field of US_OPT_OUT_FIELDS) {
      const value = safeField(model, name, field);
      if (typeof value === 'number') {
        entry[field] = value;
        usFlags.push(optOutFlag(value));
      }
    }
    const sectionGpc = safeField(model, name, 'Gpc');
    if (typeof sectionGpc === 'boolean') {
      entry.gpc = sectionGpc;
      gpc = gpc === true ? true : sectionGpc;
    }
    sections.push(entry);
  }

  const detail: Record<string, unknown> = { sectionIds: ids, sections };
  if (gpc !== null) detail.gpc = gpc;
  if (tcf !== null) {
    return { ...tcf, source: SOURCE, via, detail: { ...tcf.detail, ...detail } };
  }
  const marketing = usMarketing(usFlags);
  if (marketing === null && usFlags.length === 0) {
    return unknown(SOURCE, 'no section this reader understands');
  }
  const categories: CategoryConsent = categoriesOf({ marketing });
  return {
    source: SOURCE,
    via,
    decision: readingDecision(categories, null),
    categories,
    explicit: null,
    detail,
  };
}

/** A US section's name from `@iabgpp/cmpapi`'s own registry (`usnat`, `usca`, …), or null. */
function sectionName(id: number): string | null {
  const name = Sections.SECTION_ID_NAME_MAP.get(id);
  return typeof name === 'string' && name.startsWith('us') ? name : null;
}

/**
 * Decodes what `__gpp('ping')` returns (GPP 1.1): `{gppVersion, cmpStatus, cmpDisplayStatus,
 * signalStatus, supportedAPIs, cmpId, sectionList, applicableSections, gppString, parsedSections}`.
 * A visible banner means no choice yet.
 */
export function decodeGppPing(ping: unknown): DecodeResult {
  if (!isRecord(ping)) return unknown(SOURCE, 'ping data is not an object');
  const via = 'gppapi';
  const extra: Record<string, unknown> = {};
  for (const key of ['gppVersion', 'cmpStatus', 'cmpDisplayStatus', 'signalStatus'] as const) {
    const value = own(ping, key);
    if (typeof value === 'string') extra[key] = clip(value, 30);
  }
  const cmpId = own(ping, 'cmpId');
  if (typeof cmpId === 'number') extra.cmpId = cmpId;
  const applicable = own(ping, 'applicableSections');
  if (Array.isArray(applicable)) {
    extra.applicableSections = applicable
      .slice(0, MAX_SECTIONS)
      .filter((v): v is number => typeof v === 'number');
  }
  const supported = stringList(own(ping, 'supportedAPIs'), MAX_SECTIONS);
  if (supported.length > 0) extra.supportedAPIs = supported;
  const explicit = own(ping, 'cmpDisplayStatus') === 'visible' ? false : null;
  const gppString = own(ping, 'gppString');
  if (typeof gppString === 'string' && gppString.length > 0) {
    const decoded = decodeGppString(gppString, via);
    if ('unknown' in decoded) return decoded;
    return {
      ...decoded,
      explicit: explicit ?? decoded.explicit ?? null,
      decision: readingDecision(decoded.categories, explicit ?? decoded.explicit ?? null),
      detail: { ...decoded.detail, ...extra },
    };
  }
  return {
    source: SOURCE,
    via,
    decision: 'none',
    categories: categoriesOf(),
    explicit,
    detail: extra,
  };
}

/**
 * Decodes a GPP event listener callback payload `{eventName, listenerId, data, pingData}`
 * (`signalStatus`, `sectionChange`, `cmpDisplayStatus`, …): the ping data carries the state.
 */
export function decodeGppEvent(event: unknown): DecodeResult {
  if (!isRecord(event)) return unknown(SOURCE, 'event is not an object');
  const decoded = decodeGppPing(own(event, 'pingData'));
  if ('unknown' in decoded) return decoded;
  const eventName = own(event, 'eventName');
  return {
    ...decoded,
    detail: {
      ...decoded.detail,
      ...(typeof eventName === 'string' ? { eventName: clip(eventName, 40) } : {}),
    },
  };
}
