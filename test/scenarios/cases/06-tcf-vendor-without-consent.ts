import { defineScenario, onCookie, onRequest } from '../scenario.ts';
import {
  NONE,
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
 * A news site on an IAB TCF v2.2 consent platform whose vendor list holds Google (755) and
 * Xandr (32, under legitimate interest for measurement), but whose page also hard-codes a
 * Criteo tag (vendor 91) that the platform never asks about.
 */
const SITE = { url: 'https://www.avis.dk/', site: 'avis.dk' };
const CLICK = T0 + 4 * SECOND;
const ALL = { preferences: true, statistics: true, marketing: true };
const NOTHING = { preferences: false, statistics: false, marketing: false };
const ACCEPT_ALL: ConsentInForce = consent('accept', ALL, {
  source: 'tcf',
  tcf: {
    vendorConsents: [755],
    vendorLegitimateInterests: [32],
    purposeConsents: [1, 2, 3, 4, 7, 9, 10],
    cmpId: 300,
  },
});
const REJECT_ALL: ConsentInForce = consent('reject', NOTHING, {
  source: 'tcf',
  tcf: { vendorConsents: [], purposeConsents: [], cmpId: 300 },
});
const banner = {
  acceptOnFirstLayer: true,
  rejectOnFirstLayer: true,
  rejectVisibility: 'equal' as const,
};

/** The TC string cookie: the platform's own record, necessary. */
const euconsent = (time: number, state: ConsentInForce) =>
  cookie('euconsent-v2', {
    domain: '.avis.dk',
    category: 'necessary',
    classifiedBy: 'consent-platform',
    vendor: 'TCF CMP',
    requestedLifetimeDays: 365,
    time,
    consent: state,
  });

/** The page's tags after the choice: Google and Xandr go through the platform, Criteo does not. */
function tags(
  state: ConsentInForce,
  name: 'after-reject' | 'after-accept',
): Pick<PhaseInput, 'cookies' | 'requests'> {
  const at = (s: number) => ({ time: CLICK + s * SECOND, consent: state, phase: name });
  const consented = state.decision === 'accept';
  return {
    cookies: consented
      ? [
          cookie('__gads', {
            domain: '.avis.dk',
            category: 'marketing',
            vendor: 'Google Ads',
            tcfVendorId: 755,
            ...at(1),
          }),
          cookie('cto_bundle', {
            domain: '.avis.dk',
            category: 'marketing',
            vendor: 'Criteo',
            tcfVendorId: 91,
            ...at(2),
          }),
        ]
      : [],
    requests: [
      ...(consented
        ? [
            request('https://securepubads.g.doubleclick.net/gampad/ads?iu=/1/avis', {
              tracker: tracker('Google Ads', 'marketing'),
              tcfVendorId: 755,
              ...at(1),
            }),
            request('https://ib.adnxs.com/ut/v3/prebid', {
              tracker: tracker('Xandr', 'marketing'),
              tcfVendorId: 32,
              ...at(1),
            }),
          ]
        : []),
      request('https://sslwidget.criteo.com/event?a=1&v=5', {
        tracker: tracker('Criteo', 'marketing'),
        tcfVendorId: 91,
        ...at(2),
      }),
      request('https://sslwidget.criteo.com/event?a=1&v=5&p=2', {
        tracker: tracker('Criteo', 'marketing'),
        tcfVendorId: 91,
        ...at(6),
      }),
    ],
  };
}

export default defineScenario({
  title: 'TCF vendor without consent',
  description:
    'Before the choice only the TC string cookie exists. After an accept, the TC string consents to Google only (and signals legitimate interest for Xandr), yet Criteo\u2019s tag runs and writes cto_bundle: both are reported as tcf-vendor-without-consent, while the Xandr request (legitimate interest, no storage) and the Google ones are quiet. After a reject, Criteo still fires: that is tracker-after-reject (with the TCF vendor id in its evidence), not the TCF rule.',
  input: ruleInput({
    ...SITE,
    phases: [
      phase('initial', { banner, cookies: [euconsent(T0 + SECOND, NONE)] }),
      phase('after-reject', {
        banner,
        consent: [{ time: CLICK, state: REJECT_ALL }],
        ...tags(REJECT_ALL, 'after-reject'),
        cookies: [euconsent(T0 + SECOND, NONE), euconsent(CLICK, REJECT_ALL)],
      }),
      phase('after-accept', {
        banner,
        consent: [{ time: CLICK, state: ACCEPT_ALL }],
        ...tags(ACCEPT_ALL, 'after-accept'),
        cookies: [
          euconsent(T0 + SECOND, NONE),
          euconsent(CLICK, ACCEPT_ALL),
          ...tags(ACCEPT_ALL, 'after-accept').cookies,
        ],
      }),
    ],
  }),
  expected: [
    onRequest('tracker-after-reject', 'after-reject', 'sslwidget.criteo.com'),
    onRequest('tcf-vendor-without-consent', 'after-accept', 'sslwidget.criteo.com'),
    onCookie('tcf-vendor-without-consent', 'after-accept', 'cto_bundle', '.avis.dk'),
  ],
});
