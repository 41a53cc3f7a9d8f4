import { defineScenario } from '../scenario.ts';
import {
  ACCEPTED,
  NONE,
  REJECTED,
  SECOND,
  T0,
  cookie,
  cookiebotConsentCookie,
  declaredCookie,
  declaredTable,
  duration,
  phase,
  request,
  ruleInput,
  tracker,
} from '../../unit/rules/factories.ts';

/** A bicycle shop on Cookiebot: prior blocking, reject on the first layer, an accurate declaration. */
const SITE = { url: 'https://www.cykelbutik.dk/', site: 'cykelbutik.dk' };
const CLICK = T0 + 4 * SECOND;

const declared = declaredTable(
  [
    declaredCookie('CookieConsent', {
      provider: 'Cookiebot',
      category: 'necessary',
      party: 'first',
      duration: duration('1 år', 365),
    }),
    declaredCookie('_ga', {
      provider: 'Google',
      category: 'statistics',
      party: 'first',
      duration: duration('2 år', 730),
    }),
    declaredCookie('_ga_#', {
      provider: 'Google',
      category: 'statistics',
      party: 'first',
      duration: duration('2 år', 730),
    }),
    declaredCookie('_gid', {
      provider: 'Google',
      category: 'statistics',
      party: 'first',
      duration: duration('1 dag', 1),
    }),
    declaredCookie('_fbp', {
      provider: 'Meta',
      category: 'marketing',
      party: 'first',
      duration: duration('3 måneder', 90),
    }),
  ],
  {
    source: 'cookiebot',
    url: 'https://www.cykelbutik.dk/cookies',
    consentLifetime: duration('12 måneder', 365),
  },
);
const row = (name: string) => declared.cookies.find((c) => c.name === name) ?? null;

const consentCookie = (time: number, consent = NONE) =>
  cookiebotConsentCookie({
    domain: 'www.cykelbutik.dk',
    time,
    consent,
    declared: row('CookieConsent'),
  });
const cmpRequests = (time: number) => [
  request('https://consent.cookiebot.com/uc.js', { type: 'script', time }),
  request('https://consentcdn.cookiebot.com/consentconfig/abc/cykelbutik.dk/configuration.js', {
    type: 'script',
    time,
  }),
];
const banner = {
  acceptOnFirstLayer: true,
  rejectOnFirstLayer: true,
  rejectVisibility: 'equal' as const,
};
const after = (offset: number) => ({ time: CLICK + offset * SECOND, consent: ACCEPTED });

export default defineScenario({
  title: 'Compliant site',
  description:
    'Nothing but the consent platform runs before the choice; a reject leaves only the consent cookie; an accept brings Google Analytics and the Meta pixel, all declared with their real category, party and duration (the _ga cookie is requested for 730 days and capped at 400 by Chromium, declared "2 år"). No violation.',
  input: ruleInput({
    ...SITE,
    declared,
    phases: [
      phase('initial', {
        cookies: [consentCookie(T0 + SECOND)],
        requests: cmpRequests(T0),
        banner,
      }),
      phase('after-reject', {
        consent: [{ time: CLICK, state: REJECTED }],
        cookies: [consentCookie(T0 + SECOND), consentCookie(CLICK, REJECTED)],
        requests: cmpRequests(T0),
        banner,
      }),
      phase('after-accept', {
        consent: [{ time: CLICK, state: ACCEPTED }],
        cookies: [
          consentCookie(T0 + SECOND),
          consentCookie(CLICK, ACCEPTED),
          cookie('_ga', {
            domain: '.cykelbutik.dk',
            lifetimeDays: 400,
            requestedLifetimeDays: 730,
            declared: row('_ga'),
            ...after(1),
          }),
          cookie('_ga_XYZ123', {
            domain: '.cykelbutik.dk',
            lifetimeDays: 400,
            requestedLifetimeDays: 730,
            declared: row('_ga_#'),
            ...after(1),
          }),
          cookie('_gid', {
            domain: '.cykelbutik.dk',
            lifetimeDays: 1,
            requestedLifetimeDays: 1,
            declared: row('_gid'),
            ...after(1),
          }),
          cookie('_fbp', {
            domain: '.cykelbutik.dk',
            category: 'marketing',
            vendor: 'Meta',
            initiator: 'connect.facebook.net',
            lifetimeDays: 90,
            requestedLifetimeDays: 90,
            declared: row('_fbp'),
            ...after(2),
          }),
        ],
        requests: [
          ...cmpRequests(T0),
          request('https://www.google-analytics.com/g/collect?v=2&tid=G-XYZ123', {
            tracker: tracker('Google Analytics', 'statistics'),
            ...after(1),
          }),
          request('https://connect.facebook.net/en_US/fbevents.js', {
            type: 'script',
            tracker: tracker('Facebook', 'marketing'),
            ...after(1),
          }),
          request('https://www.facebook.com/tr/?id=1&ev=PageView', {
            type: 'image',
            tracker: tracker('Facebook', 'marketing'),
            ...after(2),
          }),
        ],
        banner,
      }),
    ],
  }),
  expected: [],
});
