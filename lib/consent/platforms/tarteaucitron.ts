import type { ConsentCategory } from '../../domain/category.ts';
import { foldCategories } from '../categories.ts';
import { readingDecision } from '../decision.ts';
import { MAX_COOKIE_VALUE, clip, decodeRepeatedly, unknown } from '../safe-input.ts';
import type { CategoryConsent, DecodeResult } from '../state.ts';
import { categoryOfService, categoryOfServiceType } from './known-services.ts';

export const SOURCE = 'tarteaucitron';
/** Default cookie name (`cookieName` parameter). */
export const COOKIE_NAME = 'tarteaucitron';

const MAX_SERVICES = 300;

export interface TarteaucitronOptions {
  /** Each service's declared `type` (`analytic`, `ads`, …) from the page's `tarteaucitron.services`. */
  serviceTypes?: Readonly<Record<string, string>>;
}

/** A service's state: `true`, `false`, or `wait` (asked, not answered yet) → null. */
export interface ServiceState {
  key: string;
  granted: boolean | null;
}

function categoryOf(key: string, options: TarteaucitronOptions): ConsentCategory | null {
  const types = options.serviceTypes;
  if (types !== undefined && Object.hasOwn(types, key)) {
    const type = types[key];
    if (typeof type === 'string') {
      const byType = categoryOfServiceType(type);
      if (byType !== null) return byType;
    }
  }
  return categoryOfService(key);
}

/**
 * Builds a reading from service states. tarteaucitron writes `true` by itself for services that
 * need no consent and for visitors outside the EU, so a `true` is not evidence of a click; only
 * "every service still waiting" says that nobody has answered.
 */
export function fromServiceStates(
  states: readonly ServiceState[],
  via: string,
  options: TarteaucitronOptions = {},
): DecodeResult {
  const services = states.map((s) => ({
    key: clip(s.key, 60),
    granted: s.granted,
    category: categoryOf(s.key, options),
  }));
  const allWaiting = services.length > 0 && services.every((s) => s.granted === null);
  const explicit = allWaiting ? false : null;
  const categories = allWaiting ? foldCategories(services) : answeredCategories(services);
  return {
    source: SOURCE,
    via,
    decision: allWaiting ? 'none' : readingDecision(categories, explicit),
    categories,
    explicit,
    detail: { services },
  };
}

/**
 * The categories of services that were all answered. A site's own services (any key it chose)
 * have no category the cookie could tell, but an answer to every one of them still says what
 * the visitor chose: all granted is "accept all" and all refused "reject all", for every category
 * the platform asks about. The page's `tarteaucitron.services` types refine that later.
 */
function answeredCategories(
  services: readonly { granted: boolean | null; category: ConsentCategory | null }[],
): CategoryConsent {
  const folded = foldCategories(services);
  const known = services.some((s) => s.category !== null);
  const answered = services.length > 0 && services.every((s) => s.granted !== null);
  if (known || !answered) return folded;
  const all = services.every((s) => s.granted === true);
  const none = services.every((s) => s.granted === false);
  if (!all && !none) return folded;
  return { necessary: true, preferences: all, statistics: all, marketing: all };
}

/** Decodes the `tarteaucitron` cookie: `!gtag=true!facebook=false!youtube=wait`. */
export function decode(value: string, options: TarteaucitronOptions = {}): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_COOKIE_VALUE) return unknown(SOURCE, 'value too long');
  const text = decodeRepeatedly(value.trim());
  if (text === null) return unknown(SOURCE, 'malformed URL encoding');
  const states = new Map<string, boolean | null>();
  for (const part of text.split('!', MAX_SERVICES + 1)) {
    const match = /^([A-Za-z0-9_-]{1,60})=(true|false|wait)$/.exec(part.trim());
    if (match?.[1] === undefined) continue;
    states.set(match[1], match[2] === 'true' ? true : match[2] === 'false' ? false : null);
  }
  if (states.size === 0) return unknown(SOURCE, 'no service=state entry');
  return fromServiceStates(
    [...states].map(([key, granted]) => ({ key, granted })),
    `cookie:${COOKIE_NAME}`,
    options,
  );
}
