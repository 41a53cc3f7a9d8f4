import type { DeclaredCookie } from '../../../lib/declarations/declared.ts';
import type { Category } from '../../../lib/domain/category.ts';
import type { Party } from '../../../lib/observe/records.ts';
import type { CookieObservation } from '../../../lib/rules/input.ts';
import { defineScenario, onCookie, onDeclared } from '../scenario.ts';
import {
  ACCEPTED,
  NONE,
  SECOND,
  SESSION,
  T0,
  cookie,
  cookiebotConsentCookie,
  declaredTable,
  duration,
  phase,
  request,
  ruleInput,
  tracker,
} from '../../unit/rules/factories.ts';
import type { Duration } from '../../../lib/duration/duration.ts';

/**
 * Ditmer A/S's cookie table (seed 003, the policy approved 24 May 2018), as the declaration
 * reader returns it: names, providers and durations as printed, "1. part"/"3. Part" as party.
 * The table has no category column; categories here are the ones the purposes describe, except
 * that lidc and _hjTLDTest are listed as necessary, as a site that files them under
 * "Nødvendige" would.
 */
function row(
  name: string,
  provider: string,
  category: Category,
  partyText: '1. part' | '1. Part' | '3. Part',
  d: Duration,
  purpose: string,
): DeclaredCookie {
  const party: Party = partyText.startsWith('1') ? 'first' : 'third';
  return { name, provider, purpose, category, party, partyText, duration: d };
}
const SLETTES = { ...SESSION, text: 'Slettes når du forlader hjemmesiden' };
const ROWS: DeclaredCookie[] = [
  row(
    '_ga',
    'Ditmer',
    'statistics',
    '1. part',
    duration('2 år', 730),
    'Registrerer et unik ID, som anvendes til at generere statisk data',
  ),
  row(
    '_gat',
    'Ditmer',
    'statistics',
    '1. part',
    duration('1 dag', 1),
    'Anvends af Google analytics til at registrere antallet af events',
  ),
  row(
    '_gid',
    'Ditmer',
    'statistics',
    '1. Part',
    duration('1 dag', 1),
    'Registrerer et unikt ID, som anvendes til at generere statisk data',
  ),
  row(
    '_hjid',
    'Hotjar',
    'statistics',
    '3. Part',
    duration('1. år', 365),
    'Sætter et unikt ID for sessionen',
  ),
  row(
    'lang',
    'LinkedIn',
    'preferences',
    '3. Part',
    SLETTES,
    'Husker brugerens valgte sprog version på hjemmesiden',
  ),
  row(
    'sn_global_countdown_last_reset_timestamp',
    'Ditmer',
    'statistics',
    '1. Part',
    SLETTES,
    'Sætter et tidsstempel',
  ),
  row(
    'SNC',
    'Ditmer',
    'statistics',
    '1. Part',
    duration('1 år', 365),
    'Sætter en unik ID pr. session',
  ),
  row('SNS', 'Ditmer', 'statistics', '1. Part', SLETTES, 'Sætter en unik ID pr. session'),
  row(
    '_fbp',
    'Facebook',
    'marketing',
    '3. Part',
    duration('3 måneder', 90),
    'Anvendt af Facebook til at levere annonceringsprodukter',
  ),
  row(
    '_hjlncludeInSample',
    'Hotjar',
    'statistics',
    '3. Part',
    SLETTES,
    'Bestemmer om en brugers navigation skal registreres',
  ),
  row(
    'ads/ga-audiences',
    'Google',
    'marketing',
    '3. Part',
    SLETTES,
    'Anvendes af Google Adwords til at re-engagere brugere',
  ),
  row(
    'bscookie',
    'LinkedIn',
    'marketing',
    '3. Part',
    duration('2 År', 730),
    'Anvendes af LinkedIn til sporing af brugeren på indlejrede tjenester',
  ),
  row(
    'fr',
    'Facebook',
    'marketing',
    '3. Part',
    duration('3 Måneder', 90),
    'Anvendt af Facebook til at levere annonceringsprodukter',
  ),
  row(
    'lidc',
    'LinedIn',
    'necessary',
    '3. Part',
    duration('1. dag', 1),
    'Anvendes af LinkedIn til sporing af brugeren på indlejrede tjenester',
  ),
  row(
    'tr',
    'Facebook',
    'marketing',
    '3. Part',
    SLETTES,
    'Anvendt af Facebook til at levere annonceringsprodukter',
  ),
  row(
    'UserMatchHistory',
    'LinkedIn',
    'marketing',
    '3. Part',
    duration('29 dage', 29),
    'Anvender til at spore brugere på flere hjemmesider',
  ),
  row(
    '_hjTLDTest',
    'Hotjar',
    'necessary',
    '3. Part',
    SLETTES,
    'Gør det muligt, at frasortere brugere i brugertest',
  ),
];
const declared = declaredTable(ROWS, {
  source: 'policy-page',
  url: 'https://www.ditmer.dk/databeskyttelsespolitik',
  language: 'da',
});
/** The row the name matcher returns: exact names only, so a typo in the table matches nothing. */
const match = (name: string) => ROWS.find((r) => r.name === name) ?? null;

const CLICK = T0 + 4 * SECOND;
const banner = {
  acceptOnFirstLayer: true,
  rejectOnFirstLayer: true,
  rejectVisibility: 'equal' as const,
};
/** A cookie observed after the accept, matched against the table by name. */
function seen(name: string, overrides: Partial<CookieObservation>): CookieObservation {
  return cookie(name, {
    domain: '.ditmer.dk',
    declared: match(name),
    consent: ACCEPTED,
    phase: 'after-accept',
    time: CLICK + SECOND,
    ...overrides,
  });
}
const linkedin = {
  domain: '.linkedin.com',
  party: 'third' as const,
  setBy: 'http' as const,
  vendor: 'LinkedIn',
};
const consentCookie = (time: number, consent = ACCEPTED) =>
  cookiebotConsentCookie({ domain: 'www.ditmer.dk', time, consent });

export default defineScenario({
  title: 'Incomplete, mis-categorised declaration that understates retention (Ditmer seed table)',
  description:
    'After an accept the site sets what its 2018 table lists, and more. Incomplete: the consent cookie, bcookie and AnalyticsSyncHistory are missing, and _hjIncludedInSample is listed only under the typo _hjlncludeInSample (a hint, never a match). Mis-categorised: lidc and _hjTLDTest declared necessary but known as marketing and statistics. Understated retention: SNC declared "1 år" but requested for 730 days; SNS declared as a session cookie but persistent. Party: _hjid, _fbp and _hjTLDTest declared "3. Part" but written on ditmer.dk. Quiet near misses: _ga "2 år" against 730 requested / 400 stored, UserMatchHistory "29 dage" against 30, lang and bscookie as declared. Declared but never seen: the typo row, ads/ga-audiences and tr (a pixel endpoint, not a cookie).',
  input: ruleInput({
    url: 'https://www.ditmer.dk/',
    site: 'ditmer.dk',
    declared,
    phases: [
      phase('initial', {
        banner,
        cookies: [consentCookie(T0 + SECOND, NONE)],
        requests: [request('https://consent.cookiebot.com/uc.js', { type: 'script', time: T0 })],
      }),
      phase('after-accept', {
        banner,
        consent: [{ time: CLICK, state: ACCEPTED }],
        cookies: [
          consentCookie(T0 + SECOND, NONE),
          consentCookie(CLICK),
          seen('_ga', {
            vendor: 'Google Analytics',
            requestedLifetimeDays: 730,
            lifetimeDays: 400,
          }),
          seen('_gid', { vendor: 'Google Analytics', requestedLifetimeDays: 1, lifetimeDays: 1 }),
          seen('_gat', {
            vendor: 'Google Analytics',
            requestedLifetimeDays: 1 / 1440,
            lifetimeDays: 1 / 1440,
          }),
          seen('_hjid', {
            vendor: 'Hotjar',
            initiator: 'static.hotjar.com',
            requestedLifetimeDays: 365,
          }),
          seen('_hjIncludedInSample', { vendor: 'Hotjar', session: true }),
          seen('_hjTLDTest', { vendor: 'Hotjar', session: true, removed: true }),
          seen('sn_global_countdown_last_reset_timestamp', {
            category: 'unclassified',
            classifiedBy: 'none',
            session: true,
          }),
          seen('SNC', {
            category: 'unclassified',
            classifiedBy: 'none',
            requestedLifetimeDays: 730,
            lifetimeDays: 400,
          }),
          seen('SNS', {
            category: 'unclassified',
            classifiedBy: 'none',
            requestedLifetimeDays: 1,
            lifetimeDays: 1,
          }),
          seen('_fbp', {
            category: 'marketing',
            vendor: 'Meta',
            initiator: 'connect.facebook.net',
            requestedLifetimeDays: 90,
          }),
          seen('fr', {
            domain: '.facebook.com',
            party: 'third',
            category: 'marketing',
            vendor: 'Meta',
            requestedLifetimeDays: 90,
          }),
          seen('lang', { ...linkedin, category: 'preferences', session: true }),
          seen('bcookie', { ...linkedin, category: 'marketing', requestedLifetimeDays: 365 }),
          seen('bscookie', {
            ...linkedin,
            domain: '.www.linkedin.com',
            category: 'marketing',
            requestedLifetimeDays: 365,
          }),
          seen('lidc', { ...linkedin, category: 'marketing', requestedLifetimeDays: 1 }),
          seen('UserMatchHistory', {
            ...linkedin,
            category: 'marketing',
            requestedLifetimeDays: 30,
          }),
          seen('AnalyticsSyncHistory', {
            ...linkedin,
            category: 'marketing',
            requestedLifetimeDays: 30,
          }),
        ],
        requests: [
          request('https://consent.cookiebot.com/uc.js', { type: 'script', time: T0 }),
          request('https://www.google-analytics.com/collect?v=1&tid=UA-1234567-1', {
            tracker: tracker('Google Analytics', 'statistics'),
            consent: ACCEPTED,
            time: CLICK + SECOND,
          }),
          request('https://px.ads.linkedin.com/collect/?pid=1234', {
            type: 'image',
            tracker: tracker('LinkedIn', 'marketing'),
            consent: ACCEPTED,
            time: CLICK + SECOND,
          }),
        ],
      }),
    ],
  }),
  expected: [
    onCookie('undeclared-cookie', 'initial', 'CookieConsent', 'www.ditmer.dk'),
    onCookie('undeclared-cookie', 'after-accept', 'CookieConsent', 'www.ditmer.dk'),
    onCookie('undeclared-cookie', 'after-accept', '_hjIncludedInSample', '.ditmer.dk'),
    onCookie('undeclared-cookie', 'after-accept', 'bcookie', '.linkedin.com'),
    onCookie('undeclared-cookie', 'after-accept', 'AnalyticsSyncHistory', '.linkedin.com'),
    onCookie('category-mismatch', 'after-accept', 'lidc', '.linkedin.com'),
    onCookie('category-mismatch', 'after-accept', '_hjTLDTest', '.ditmer.dk'),
    onCookie('retention-exceeds-declared', 'after-accept', 'SNC', '.ditmer.dk'),
    onCookie('retention-exceeds-declared', 'after-accept', 'SNS', '.ditmer.dk'),
    onCookie('party-mismatch', 'after-accept', '_hjid', '.ditmer.dk'),
    onCookie('party-mismatch', 'after-accept', '_fbp', '.ditmer.dk'),
    onCookie('party-mismatch', 'after-accept', '_hjTLDTest', '.ditmer.dk'),
    onDeclared('after-accept', '_hjlncludeInSample'),
    onDeclared('after-accept', 'ads/ga-audiences'),
    onDeclared('after-accept', 'tr'),
  ],
});
