import { defineScenario, onBanner, onConsent, onCookie, onRequest } from '../scenario.ts';
import {
  ACCEPTED,
  SECOND,
  T0,
  consent,
  cookie,
  phase,
  request,
  ruleInput,
  tracker,
} from '../../unit/rules/factories.ts';
import type { ConsentInForce, PhaseInput } from '../../../lib/rules/input.ts';

/**
 * A travel agency with a notice banner ("Ved at fortsætte accepterer du cookies", one "OK"
 * button): the consent platform records an accept of everything as soon as the page loads.
 * The audit sends Global Privacy Control.
 */
const SITE = { url: 'https://www.rejsebureau.dk/', site: 'rejsebureau.dk' };
const IMPLIED: ConsentInForce = consent(
  'accept',
  { preferences: true, statistics: true, marketing: true },
  { source: 'cookieinformation', interaction: false },
);
const CLICKED: ConsentInForce = { ...ACCEPTED, source: 'cookieinformation' };
const LOADED = T0 + 200;
const CLICK = T0 + 5 * SECOND;
const banner = {
  acceptOnFirstLayer: true,
  rejectOnFirstLayer: false,
  evidence: { acceptLabel: 'OK', text: 'Ved at fortsætte accepterer du cookies' },
};

/** What one page load does: the implied accept, then tags firing under it. */
function load(name: 'initial' | 'after-accept', click: boolean): PhaseInput {
  const timeline = [
    { time: LOADED, state: IMPLIED },
    ...(click ? [{ time: CLICK, state: CLICKED }] : []),
  ];
  const under = (time: number, state: ConsentInForce) => ({ time, consent: state, phase: name });
  const tags = (time: number, state: ConsentInForce) => ({
    cookies: [
      cookie('_ga', {
        domain: '.rejsebureau.dk',
        vendor: 'Google Analytics',
        requestedLifetimeDays: 730,
        ...under(time, state),
      }),
      cookie('_fbp', {
        domain: '.rejsebureau.dk',
        category: 'marketing',
        vendor: 'Meta',
        requestedLifetimeDays: 90,
        ...under(time, state),
      }),
    ],
    requests: [
      request('https://www.google-analytics.com/g/collect?v=2&tid=G-TRAVEL', {
        tracker: tracker('Google Analytics', 'statistics'),
        ...under(time, state),
      }),
      request('https://www.facebook.com/tr/?id=9&ev=PageView', {
        type: 'image',
        tracker: tracker('Facebook', 'marketing'),
        ...under(time, state),
      }),
    ],
  });
  const before = tags(T0 + SECOND, IMPLIED);
  const after = click ? tags(CLICK + SECOND, CLICKED) : { cookies: [], requests: [] };
  return phase(name, {
    banner,
    gpcSent: true,
    consent: timeline,
    cookies: [
      cookie('CookieInformationConsent', {
        domain: 'www.rejsebureau.dk',
        category: 'necessary',
        classifiedBy: 'consent-platform',
        vendor: 'Cookie Information',
        requestedLifetimeDays: 365,
        ...under(LOADED, IMPLIED),
      }),
      ...before.cookies,
      ...after.cookies,
    ],
    requests: [...before.requests, ...after.requests],
  });
}

export default defineScenario({
  title: 'Implicit consent',
  description:
    'The platform records consent to every category on load, without interaction, so the tags that fire next are before consent (the implied decision is not the visitor\u2019s), GPC is ignored, and the banner has no reject. In the after-accept phase the same happens before the audit clicks OK; what fires after the click is consented and not reported. The no-reject banner is reported once.',
  input: ruleInput({ ...SITE, phases: [load('initial', false), load('after-accept', true)] }),
  expected: [
    onConsent('implicit-consent', 'initial', 'cookieinformation'),
    onCookie('cookie-before-consent', 'initial', '_ga', '.rejsebureau.dk'),
    onCookie('cookie-before-consent', 'initial', '_fbp', '.rejsebureau.dk'),
    onRequest('tracker-before-consent', 'initial', 'www.google-analytics.com'),
    onRequest('tracker-before-consent', 'initial', 'www.facebook.com'),
    onConsent('gpc-ignored', 'initial', 'gpc'),
    onBanner('initial'),
    onConsent('implicit-consent', 'after-accept', 'cookieinformation'),
    onCookie('cookie-before-consent', 'after-accept', '_ga', '.rejsebureau.dk'),
    onCookie('cookie-before-consent', 'after-accept', '_fbp', '.rejsebureau.dk'),
    onRequest('tracker-before-consent', 'after-accept', 'www.google-analytics.com'),
    onRequest('tracker-before-consent', 'after-accept', 'www.facebook.com'),
    onConsent('gpc-ignored', 'after-accept', 'gpc'),
  ],
});
