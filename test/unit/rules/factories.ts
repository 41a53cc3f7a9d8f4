import {
  NO_CONSENT,
  type CategoryConsent,
  type ConsentDecision,
} from '../../../lib/consent/state.ts';
import type { DeclaredCookie, DeclaredTable } from '../../../lib/declarations/declared.ts';
import type { Category } from '../../../lib/domain/category.ts';
import type { Duration } from '../../../lib/duration/duration.ts';
import type { TrackerInfo } from '../../../lib/knowledge/types.ts';
import type { PhaseName, Violation } from '../../../lib/report/types.ts';
import type {
  ConsentInForce,
  CookieObservation,
  PhaseInput,
  RequestObservation,
  RuleInput,
  StorageObservation,
  TcfConsent,
} from '../../../lib/rules/input.ts';
import { ruleSettings, type RuleSettings } from '../../../lib/rules/settings.ts';
import { subjectKey } from '../../../lib/rules/violation.ts';

/** 2026-11-20T10:00:00Z, the audit's start in every test. */
export const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
export const SECOND = 1000;
export const DAY_MS = 86_400_000;

/** A consent state; categories not given are null (unknown), necessary is always true. */
export function consent(
  decision: ConsentDecision,
  categories: Partial<CategoryConsent> = {},
  options: { interaction?: boolean; source?: string | null; tcf?: TcfConsent } = {},
): ConsentInForce {
  const state: ConsentInForce = {
    source: options.source === undefined ? 'cookiebot' : options.source,
    decision,
    categories: {
      necessary: true,
      preferences: null,
      statistics: null,
      marketing: null,
      ...categories,
    },
    interaction: options.interaction ?? decision !== 'none',
  };
  if (options.tcf) state.detail = { tcf: options.tcf };
  return state;
}

export const NONE: ConsentInForce = NO_CONSENT;
export const ACCEPTED = consent('accept', { preferences: true, statistics: true, marketing: true });
export const REJECTED = consent('reject', {
  preferences: false,
  statistics: false,
  marketing: false,
});
/** Recorded by the platform on load, without any click. */
export const IMPLICIT_ACCEPT = consent(
  'accept',
  { preferences: true, statistics: true, marketing: true },
  { interaction: false },
);

/** A duration as the declaration reader would produce it. */
export function duration(
  text: string,
  days: number | null,
  session: boolean | null = false,
): Duration {
  return { text, session, days };
}
export const SESSION: Duration = {
  text: 'Slettes når du forlader hjemmesiden',
  session: true,
  days: null,
};

export function declaredCookie(
  name: string,
  overrides: Partial<DeclaredCookie> = {},
): DeclaredCookie {
  return {
    name,
    provider: 'Example',
    purpose: null,
    category: null,
    party: null,
    duration: null,
    ...overrides,
  };
}

export function declaredTable(
  cookies: DeclaredCookie[],
  overrides: Partial<DeclaredTable> = {},
): DeclaredTable {
  return {
    source: 'policy-page',
    url: 'https://example.dk/cookiepolitik',
    language: 'da',
    cookies,
    ...overrides,
  };
}

/** A cookie write; defaults: a first-party statistics cookie set 1 s into the audit with no consent. */
export function cookie(
  name: string,
  overrides: Partial<CookieObservation> = {},
): CookieObservation {
  const time = overrides.time ?? T0 + SECOND;
  const session = overrides.session ?? false;
  const lifetimeDays =
    overrides.lifetimeDays === undefined ? (session ? null : 365) : overrides.lifetimeDays;
  return {
    name,
    domain: '.example.dk',
    path: '/',
    hostOnly: false,
    secure: true,
    httpOnly: false,
    sameSite: 'lax',
    session,
    expiresAt: lifetimeDays === null ? null : new Date(time + lifetimeDays * DAY_MS).toISOString(),
    lifetimeDays,
    requestedLifetimeDays: null,
    party: 'first',
    setBy: 'script',
    initiator: 'www.googletagmanager.com',
    phase: 'initial',
    category: 'statistics',
    vendor: null,
    declared: null,
    classifiedBy: 'open-cookie-database',
    firstSeenAt: new Date(time).toISOString(),
    removed: false,
    consent: NONE,
    ...overrides,
    time,
  };
}

/** The Cookiebot consent cookie as it is set before any choice: necessary, a very long expiry. */
export function cookiebotConsentCookie(
  overrides: Partial<CookieObservation> = {},
): CookieObservation {
  return cookie('CookieConsent', {
    domain: 'example.dk',
    hostOnly: true,
    category: 'necessary',
    vendor: 'Cookiebot',
    classifiedBy: 'consent-platform',
    initiator: 'consent.cookiebot.com',
    lifetimeDays: 365,
    requestedLifetimeDays: 365,
    ...overrides,
  });
}

export function tracker(vendor: string | null, category: Category): TrackerInfo {
  return { vendor, category, source: 'easyprivacy' };
}

/** A request; host and site are taken from the URL. Default: no tracker, no consent. */
export function request(
  url: string,
  overrides: Partial<RequestObservation> = {},
): RequestObservation {
  const host = new URL(url).hostname;
  const labels = host.split('.');
  return {
    url,
    host,
    site: labels.slice(-2).join('.'),
    party: 'third',
    type: 'xmlhttprequest',
    phase: 'initial',
    tracker: null,
    time: T0 + 2 * SECOND,
    consent: NONE,
    ...overrides,
  };
}

/** A Google Analytics collect hit. */
export function gaHit(overrides: Partial<RequestObservation> = {}): RequestObservation {
  return request('https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123', {
    tracker: tracker('Google Analytics', 'statistics'),
    ...overrides,
  });
}

export function storageItem(
  key: string,
  overrides: Partial<StorageObservation> = {},
): StorageObservation {
  const time = overrides.time ?? T0 + SECOND;
  return {
    kind: 'localStorage',
    origin: 'https://example.dk',
    key,
    phase: 'initial',
    party: 'first',
    category: 'statistics',
    vendor: null,
    firstSeenAt: new Date(time).toISOString(),
    writes: 1,
    removed: false,
    consent: NONE,
    ...overrides,
    time,
  };
}

export function phase(name: PhaseName, overrides: Partial<PhaseInput> = {}): PhaseInput {
  return {
    name,
    consent: [],
    cookies: [],
    storage: [],
    requests: [],
    banner: null,
    gpcSent: false,
    ...overrides,
  };
}

/** An audit of https://example.dk/ with default settings unless overridden. */
export function ruleInput(
  overrides: Partial<Omit<RuleInput, 'settings'>> & { settings?: Partial<RuleSettings> } = {},
): RuleInput {
  const { settings, ...rest } = overrides;
  return {
    url: 'https://example.dk/',
    site: 'example.dk',
    phases: [],
    declared: null,
    ...rest,
    settings: ruleSettings(settings),
  };
}

/** A violation reduced to what identifies it: rule, phase and subject. Messages are not compared. */
export interface Projected {
  rule: string;
  phase: PhaseName;
  subject: Violation['subject'];
}

/** The identifying projection of `violations`, sorted so that rule order does not matter. */
export function project(violations: readonly Violation[]): Projected[] {
  return violations
    .map((v) => ({ rule: v.rule, phase: v.phase, subject: { ...v.subject } }))
    .sort((a, b) => {
      const ka = `${a.rule}|${a.phase}|${subjectKey(a.subject)}`;
      const kb = `${b.rule}|${b.phase}|${subjectKey(b.subject)}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
}

export const cookieSubject = (name: string, domain = '.example.dk') => ({
  kind: 'cookie' as const,
  name,
  domain,
});
export const requestSubject = (host: string) => ({ kind: 'request' as const, host });
