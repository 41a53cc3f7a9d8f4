import { defineScenario, onCookie, onRequest } from '../scenario.ts';
import {
  NONE,
  REJECTED,
  SECOND,
  T0,
  cookie,
  cookiebotConsentCookie,
  phase,
  request,
  ruleInput,
  tracker,
} from '../../unit/rules/factories.ts';
import type { CookieObservation } from '../../../lib/rules/input.ts';

/**
 * A web shop whose Hotjar snippet is hard-coded in the page template (so it runs before any
 * choice), and whose analytics and Meta pixel ignore the reject: after the click and the reload
 * they keep writing cookies and sending hits.
 */
const SITE = { url: 'https://www.webshop.dk/', site: 'webshop.dk' };
const CLICK = T0 + 5 * SECOND;
const at = (s: number) => T0 + s * SECOND;
const banner = {
  acceptOnFirstLayer: true,
  rejectOnFirstLayer: true,
  rejectVisibility: 'equal' as const,
};

const hotjarUser = (overrides: Partial<CookieObservation> = {}) =>
  cookie('_hjSessionUser_123456', {
    domain: '.webshop.dk',
    vendor: 'Hotjar',
    initiator: 'static.hotjar.com',
    lifetimeDays: 365,
    requestedLifetimeDays: 365,
    time: at(2),
    ...overrides,
  });
const hotjarScript = (time: number) =>
  request('https://static.hotjar.com/c/hotjar-123456.js?sv=7', {
    type: 'script',
    tracker: tracker('Hotjar', 'statistics'),
    time,
  });
/** Written after the click, on the reloaded page (s ≥ 6) and on a second page (s ≥ 10). */
const rejected = (s: number) => ({
  time: at(s),
  consent: REJECTED,
  phase: 'after-reject' as const,
});

export default defineScenario({
  title: 'Tracking continues after reject',
  description:
    'Initial phase: Hotjar runs before any choice (cookie and script). After-reject phase: Hotjar again before the click, and its cookie is still readable after the reject (carried over); after the click and reload, Google Analytics and the Meta pixel write _ga, _gid and _fbp on both page views (one violation each) and keep sending hits. The consent platform updating its own cookie on the reject is not reported.',
  input: ruleInput({
    ...SITE,
    phases: [
      phase('initial', {
        banner,
        cookies: [
          cookiebotConsentCookie({ domain: 'www.webshop.dk', time: at(0.5) }),
          hotjarUser(),
        ],
        requests: [hotjarScript(at(1))],
      }),
      phase('after-reject', {
        banner,
        consent: [{ time: CLICK, state: REJECTED }],
        cookies: [
          cookiebotConsentCookie({ domain: 'www.webshop.dk', time: at(0.5), consent: NONE }),
          cookiebotConsentCookie({ domain: 'www.webshop.dk', time: CLICK, consent: REJECTED }),
          hotjarUser({ carriedOver: true }),
          ...[6, 10].flatMap((s) => [
            cookie('_ga', {
              domain: '.webshop.dk',
              vendor: 'Google Analytics',
              requestedLifetimeDays: 730,
              lifetimeDays: 400,
              ...rejected(s),
            }),
            cookie('_gid', {
              domain: '.webshop.dk',
              vendor: 'Google Analytics',
              requestedLifetimeDays: 1,
              lifetimeDays: 1,
              ...rejected(s),
            }),
            cookie('_fbp', {
              domain: '.webshop.dk',
              category: 'marketing',
              vendor: 'Meta',
              lifetimeDays: 90,
              ...rejected(s),
            }),
          ]),
        ],
        requests: [
          hotjarScript(at(1)),
          ...[6, 7, 10, 11].map((s) =>
            request(`https://www.google-analytics.com/g/collect?v=2&tid=G-SHOP&_s=${s}`, {
              tracker: tracker('Google Analytics', 'statistics'),
              ...rejected(s),
            }),
          ),
          ...[6, 10].map((s) =>
            request('https://www.facebook.com/tr/?id=7&ev=PageView', {
              type: 'image',
              tracker: tracker('Facebook', 'marketing'),
              ...rejected(s),
            }),
          ),
        ],
      }),
    ],
  }),
  expected: [
    onCookie('cookie-before-consent', 'initial', '_hjSessionUser_123456', '.webshop.dk'),
    onRequest('tracker-before-consent', 'initial', 'static.hotjar.com'),
    onCookie('cookie-before-consent', 'after-reject', '_hjSessionUser_123456', '.webshop.dk'),
    onRequest('tracker-before-consent', 'after-reject', 'static.hotjar.com'),
    onCookie('cookie-after-reject', 'after-reject', '_hjSessionUser_123456', '.webshop.dk'),
    onCookie('cookie-after-reject', 'after-reject', '_ga', '.webshop.dk'),
    onCookie('cookie-after-reject', 'after-reject', '_gid', '.webshop.dk'),
    onCookie('cookie-after-reject', 'after-reject', '_fbp', '.webshop.dk'),
    onRequest('tracker-after-reject', 'after-reject', 'www.google-analytics.com'),
    onRequest('tracker-after-reject', 'after-reject', 'www.facebook.com'),
  ],
});
