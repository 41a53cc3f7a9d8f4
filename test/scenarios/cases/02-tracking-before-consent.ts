import { defineScenario, onCookie, onRequest, onStorage } from '../scenario.ts';
import {
  SECOND,
  T0,
  cookie,
  cookiebotConsentCookie,
  phase,
  request,
  ruleInput,
  storageItem,
  tracker,
} from '../../unit/rules/factories.ts';

/**
 * A news site whose tag manager fires analytics and marketing tags on page load, while the
 * banner is still waiting for an answer. No declaration was found.
 */
const SITE = { url: 'https://www.nyhedsportal.dk/', site: 'nyhedsportal.dk' };
const at = (s: number) => T0 + s * SECOND;
const ga = (s: number) =>
  request(`https://www.google-analytics.com/g/collect?v=2&tid=G-NEWS1&en=page_view&_s=${s}`, {
    tracker: tracker('Google Analytics', 'statistics'),
    time: at(s),
  });

export default defineScenario({
  title: 'Analytics and marketing before consent',
  description:
    'Before any choice: Google Analytics writes _ga and _gid (and rewrites _ga on every hit: one violation), the Meta pixel writes _fbp and fires, DoubleClick sets IDE as a third party, and Hotjar writes a localStorage id. The consent cookie and the consent platform\u2019s own requests are not reported.',
  input: ruleInput({
    ...SITE,
    phases: [
      phase('initial', {
        banner: { acceptOnFirstLayer: true, rejectOnFirstLayer: true, rejectVisibility: 'equal' },
        cookies: [
          cookiebotConsentCookie({ domain: 'www.nyhedsportal.dk', time: at(0.5) }),
          cookie('_ga', { domain: '.nyhedsportal.dk', vendor: 'Google Analytics', time: at(1) }),
          cookie('_ga', { domain: '.nyhedsportal.dk', vendor: 'Google Analytics', time: at(6) }),
          cookie('_ga', { domain: '.nyhedsportal.dk', vendor: 'Google Analytics', time: at(11) }),
          cookie('_gid', {
            domain: '.nyhedsportal.dk',
            vendor: 'Google Analytics',
            lifetimeDays: 1,
            time: at(1),
          }),
          cookie('_fbp', {
            domain: '.nyhedsportal.dk',
            category: 'marketing',
            vendor: 'Meta',
            initiator: 'connect.facebook.net',
            lifetimeDays: 90,
            time: at(2),
          }),
          cookie('IDE', {
            domain: '.doubleclick.net',
            party: 'third',
            setBy: 'http',
            initiator: 'googleads.g.doubleclick.net',
            category: 'marketing',
            vendor: 'Google Ads',
            lifetimeDays: 390,
            time: at(3),
          }),
        ],
        storage: [
          storageItem('_hjid', {
            origin: 'https://www.nyhedsportal.dk',
            vendor: 'Hotjar',
            time: at(4),
          }),
        ],
        requests: [
          request('https://consent.cookiebot.com/uc.js', { type: 'script', time: at(0) }),
          request('https://www.googletagmanager.com/gtm.js?id=GTM-NEWS', {
            type: 'script',
            time: at(0.2),
          }),
          ga(1),
          ga(6),
          ga(11),
          request('https://connect.facebook.net/en_US/fbevents.js', {
            type: 'script',
            tracker: tracker('Facebook', 'marketing'),
            time: at(1.5),
          }),
          request('https://www.facebook.com/tr/?id=42&ev=PageView', {
            type: 'image',
            tracker: tracker('Facebook', 'marketing'),
            time: at(2),
          }),
          request('https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123/', {
            type: 'image',
            tracker: tracker('Google Ads', 'marketing'),
            time: at(3),
          }),
          request('https://static.hotjar.com/c/hotjar-99.js?sv=6', {
            type: 'script',
            tracker: tracker('Hotjar', 'statistics'),
            time: at(3.5),
          }),
        ],
      }),
    ],
  }),
  expected: [
    onCookie('cookie-before-consent', 'initial', '_ga', '.nyhedsportal.dk'),
    onCookie('cookie-before-consent', 'initial', '_gid', '.nyhedsportal.dk'),
    onCookie('cookie-before-consent', 'initial', '_fbp', '.nyhedsportal.dk'),
    onCookie('cookie-before-consent', 'initial', 'IDE', '.doubleclick.net'),
    onRequest('tracker-before-consent', 'initial', 'www.google-analytics.com'),
    onRequest('tracker-before-consent', 'initial', 'connect.facebook.net'),
    onRequest('tracker-before-consent', 'initial', 'www.facebook.com'),
    onRequest('tracker-before-consent', 'initial', 'googleads.g.doubleclick.net'),
    onRequest('tracker-before-consent', 'initial', 'static.hotjar.com'),
    onStorage('storage-before-consent', 'initial', '_hjid', 'https://www.nyhedsportal.dk'),
  ],
});
