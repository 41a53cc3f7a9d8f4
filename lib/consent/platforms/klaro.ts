import type { ConsentCategory } from '../../domain/category.ts';
import { foldCategories } from '../categories.ts';
import { decisionOf, readingDecision } from '../decision.ts';
import { categoryOfLabel } from '../label-category.ts';
import {
  MAX_LIST,
  MAX_STORAGE_VALUE,
  clip,
  isRecord,
  own,
  parseEncodedJson,
  unknown,
} from '../safe-input.ts';
import type { ConsentDecision, DecodeResult } from '../state.ts';
import { categoryOfService } from './known-services.ts';

export const SOURCE = 'klaro';
/** Klaro's default cookie / localStorage name (configurable with `storageName`). */
export const STORAGE_NAME = 'klaro';

/** A service as Klaro's configuration declares it. */
export interface KlaroService {
  name: string;
  /** Klaro purposes are free-form (`analytics`, `marketing`, `styling`, `security`, …). */
  purposes?: readonly string[];
  required?: boolean;
}

export interface KlaroOptions {
  /** The site's `klaroConfig.services`, when known: maps each service to a category. */
  services?: readonly KlaroService[];
  /** Klaro's `confirmed` flag from the JS API. */
  confirmed?: boolean | null;
}

function categoryOfPurposes(purposes: readonly string[]): ConsentCategory | null {
  for (const purpose of purposes.slice(0, 20)) {
    const category = categoryOfLabel(purpose);
    if (category !== null) return category;
  }
  return null;
}

/**
 * Builds a reading from Klaro's per-service consents `{serviceName: true|false}`. Each service's
 * category comes from its configured purposes when the configuration is known, else from its
 * name; services of no known category are recorded per service and decide only the decision.
 */
export function fromConsents(
  consents: readonly { name: string; granted: boolean }[],
  via: string,
  options: KlaroOptions = {},
): DecodeResult {
  const config = new Map<string, KlaroService>();
  for (const service of (options.services ?? []).slice(0, MAX_LIST)) {
    if (typeof service?.name === 'string') config.set(service.name, service);
  }
  const services = consents.map((c) => {
    const declared = config.get(c.name);
    const category =
      declared?.required === true
        ? 'necessary'
        : declared?.purposes !== undefined
          ? (categoryOfPurposes(declared.purposes) ?? categoryOfService(c.name))
          : categoryOfService(c.name);
    return { name: clip(c.name, 80), granted: c.granted, category };
  });
  const categories = foldCategories(services);
  const explicit = options.confirmed === true ? true : options.confirmed === false ? false : null;
  let decision: ConsentDecision = readingDecision(categories, explicit);
  if (decisionOf(categories) === 'none' && services.length > 0) {
    // No service has a known category: decide from the services themselves.
    const optional = services.filter((s) => s.category !== 'necessary');
    const granted = optional.filter((s) => s.granted).length;
    decision = granted === optional.length ? 'accept' : granted === 0 ? 'reject' : 'custom';
    if (explicit === false && granted === 0) decision = 'none';
  }
  return {
    source: SOURCE,
    via,
    decision,
    categories,
    explicit,
    detail: { services },
  };
}

/** Decodes Klaro's stored consents: URL-encoded JSON `{"serviceName": true, …}`. */
export function decode(value: string, options: KlaroOptions = {}): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_STORAGE_VALUE) return unknown(SOURCE, 'value too long');
  const parsed = parseEncodedJson(value);
  if (!isRecord(parsed)) return unknown(SOURCE, 'not a JSON object');
  const consents: { name: string; granted: boolean }[] = [];
  let count = 0;
  for (const name in parsed) {
    if (!Object.hasOwn(parsed, name)) continue;
    if (++count > MAX_LIST) break;
    const granted = own(parsed, name);
    if (typeof granted === 'boolean') consents.push({ name, granted });
  }
  if (consents.length === 0) return unknown(SOURCE, 'no service consents');
  return fromConsents(consents, `cookie:${STORAGE_NAME}`, options);
}
