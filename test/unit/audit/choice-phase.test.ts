import { describe, expect, test } from 'vitest';
import { assembleReport } from '../../../lib/audit/assemble-report.ts';
import { afterChoicePhase, mergeConsentEvents } from '../../../lib/audit/choice-phase.ts';
import type { ChoiceResult } from '../../../lib/banner/choice.ts';
import { consentModeFromDataLayer } from '../../../lib/consent/consent-mode.ts';
import * as tarteaucitron from '../../../lib/consent/platforms/tarteaucitron.ts';
import type { ConsentReading, DecodeResult } from '../../../lib/consent/state.ts';
import { addReading, consentAt, createTimeline } from '../../../lib/consent/timeline.ts';
import {
  recordConsent,
  recordPageRecords,
  recordRequest,
  startVisit,
  type Visit,
} from '../../../lib/observe/visit.ts';
import { ruleSettings } from '../../../lib/rules/settings.ts';
import { fixedKnowledge } from '../../support/fixed-knowledge.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const CLICK = T0 + 700;
const RELOAD = CLICK + 1900;
const PAGE = 'https://tac.example.dk/';
const SERVICES = 'bageriga,bagerihotjar,bagerimeta'.split(',');
const SERVICE_TYPES = { bageriga: 'analytic', bagerihotjar: 'analytic', bagerimeta: 'ads' };

/** The `tarteaucitron` cookie: the site's own services, whose types only the page knows. */
const cookie = (state: string): DecodeResult =>
  tarteaucitron.decode(SERVICES.map((key) => `!${key}=${state}`).join(''));
/** `tarteaucitron.state` read from the page, with the services' types. */
const api = (granted: boolean): DecodeResult =>
  tarteaucitron.fromServiceStates(
    SERVICES.map((key) => ({ key, granted })),
    'api:tarteaucitron.state',
    { serviceTypes: SERVICE_TYPES },
  );
/** tarteaucitron with `googleConsentMode`: every type denied by default, then its services' updates. */
const DEFAULTS = [
  'consent',
  'default',
  {
    ad_storage: 'denied',
    analytics_storage: 'denied',
    ad_user_data: 'denied',
    ad_personalization: 'denied',
    wait_for_update: 800,
  },
];
const dataLayer = (...updates: object[]): DecodeResult =>
  consentModeFromDataLayer([DEFAULTS, ...updates.map((u) => ['consent', 'update', u])]);
const ANALYTICS_GRANTED = { analytics_storage: 'granted' };

function hit(visit: Visit, url: string, time: number, type = 'script'): void {
  recordRequest(visit, {
    requestId: String(time),
    url,
    type,
    frameId: 0,
    parentFrameId: -1,
    method: 'GET',
    initiator: PAGE,
    time,
  });
}

/** The Google tag the site's analytics service loads, and its hit carrying `gcs`. */
function googleTag(visit: Visit, time: number, gcs: string): void {
  hit(visit, 'https://www.googletagmanager.com/gtag/js?id=G-DEMO123', time);
  hit(
    visit,
    `https://www.google-analytics.com/g/collect?v=2&tid=G-DEMO123&en=page_view&gcs=${gcs}`,
    time + 70,
    'xmlhttprequest',
  );
}

const ACCEPT: ChoiceResult = {
  choice: 'accept',
  method: 'autoconsent',
  clicked: true,
  cmp: 'tarteaucitron',
  label: null,
  time: CLICK,
};

/**
 * The after-accept phase of tarteaucitron with Google Consent Mode, as the command line observed
 * it: in the first load the Google hit (`G101`: the analytics update applied, `ad_storage` still
 * at its default denial) comes before `tarteaucitron.state` is read; in the reload the stored
 * cookie holds no decision by itself (the site's services have no known category) and the hit
 * again comes before the platform's state is read.
 */
function tarteaucitronAccept(): { before: Visit; after: Visit } {
  const before = startVisit(1, PAGE, T0, 'r1');
  recordConsent(before, [cookie('wait')], T0 + 200);
  recordConsent(before, [dataLayer()], T0 + 400);
  // The cookie as first written after the click: one service still pending, so it holds no
  // decision yet (all answered, it would read as the accept; see the platform's decoder).
  recordConsent(
    before,
    [tarteaucitron.decode('!bageriga=true!bagerihotjar=true!bagerimeta=wait')],
    CLICK + 185,
  );
  googleTag(before, CLICK + 180, 'G101');
  hit(before, 'https://connect.facebook.net/en_US/fbevents.js', CLICK + 260);
  recordConsent(before, [api(true), dataLayer(ANALYTICS_GRANTED)], CLICK + 527);
  // The audit vouches for its click once the choice is made.
  recordPageRecords(before, 'https://tac.example.dk', [
    { kind: 'interaction', interaction: 'click', time: CLICK },
  ]);

  const after = startVisit(1, PAGE, RELOAD, 'r2');
  googleTag(after, RELOAD + 230, 'G101');
  hit(after, 'https://connect.facebook.net/en_US/fbevents.js', RELOAD + 240);
  hit(after, 'https://www.facebook.com/tr?id=1&ev=PageView', RELOAD + 300, 'image');
  recordConsent(after, [api(true), dataLayer(ANALYTICS_GRANTED)], RELOAD + 370);
  return { before, after };
}

describe('a phase after the choice, with Google Consent Mode beside the consent platform', () => {
  test('the accept is in force from the click through the reload; Consent Mode stays a conflict', () => {
    const { before, after } = tarteaucitronAccept();
    // Each load on its own: the Google hit is the only decided reading before the platform's.
    expect(before.consent.events.map((e) => [e.state.source, e.state.decision])).toEqual([
      ['tarteaucitron', 'none'],
      ['gcm', 'custom'],
      ['tarteaucitron', 'accept'],
    ]);
    expect(after.consent.events.map((e) => [e.state.source, e.state.decision])).toEqual([
      ['gcm', 'custom'],
      ['tarteaucitron', 'accept'],
    ]);

    const phase = afterChoicePhase(
      'after-accept',
      before,
      after,
      ACCEPT,
      new Set(),
      null,
      T0 + 1e4,
    );
    const events = phase.visit.consent.events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      time: CLICK,
      interaction: true,
      state: {
        source: 'tarteaucitron',
        decision: 'accept',
        categories: { statistics: true, marketing: true },
        interaction: true,
      },
    });
    for (const time of [CLICK, CLICK + 250, CLICK + 600, RELOAD + 235, RELOAD + 400])
      expect(consentAt(phase.visit.consent, time)).toMatchObject({
        decision: 'accept',
        interaction: true,
      });
    // Consent Mode's marketing denial beside the platform's grant is a finding, kept in view.
    expect(events[0]?.conflicts).toContainEqual({
      category: 'marketing',
      sources: expect.arrayContaining([
        { source: 'gcm', via: 'request:gcs', value: false },
        { source: 'tarteaucitron', via: 'api:tarteaucitron.state', value: true },
      ]) as unknown,
    });
  });

  test('no finding against the visitor who accepted', () => {
    const { before, after } = tarteaucitronAccept();
    const phase = afterChoicePhase(
      'after-accept',
      before,
      after,
      ACCEPT,
      new Set(),
      null,
      T0 + 1e4,
    );
    const report = assembleReport({
      toolVersion: '0.0.0',
      url: PAGE,
      site: 'example.dk',
      phases: [phase],
      knowledge: fixedKnowledge(
        {},
        {
          'www.google-analytics.com': ['statistics', 'Google Analytics'],
          'www.googletagmanager.com': ['statistics', 'Google Analytics'],
          'connect.facebook.net': ['marketing', 'Meta'],
          'www.facebook.com': ['marketing', 'Meta'],
        },
      ),
      declared: null,
      settings: ruleSettings(),
    });
    expect(report.violations.map((v) => `${v.rule} ${v.subject.host ?? v.subject.name}`)).toEqual(
      [],
    );
  });
});

describe('the events of a later load continue the earlier one', () => {
  const reading = (
    source: string,
    via: string,
    time: number,
    categories: { statistics: boolean | null; marketing: boolean | null },
    decision: ConsentReading['decision'],
  ): ConsentReading => ({
    source,
    via,
    decision,
    categories: { necessary: true, preferences: null, ...categories },
    explicit: null,
    time,
  });
  const GRANTED = { statistics: true, marketing: true };
  const DENIED = { statistics: false, marketing: false };
  const platform = (time: number, decision: 'accept' | 'reject' | 'none') =>
    reading(
      'cmp',
      'api:cmp',
      time,
      decision === 'accept'
        ? GRANTED
        : decision === 'reject'
          ? DENIED
          : { statistics: null, marketing: null },
      decision,
    );
  const first = addReading(createTimeline(), platform(T0, 'accept')).events;

  test('a lower-ranked source read before the platform is read again does not replace it', () => {
    const second = addReading(
      createTimeline(),
      reading('gcm', 'request:gcs', T0 + 5000, DENIED, 'reject'),
    );
    const merged = mergeConsentEvents(first, second);
    expect(merged.map((e) => e.state.decision)).toEqual(['accept']);
  });

  test("the platform's own reading in the later load replaces what it said before", () => {
    // The choice did not survive the reload: that must show.
    let t = addReading(
      createTimeline(),
      reading('gcm', 'request:gcs', T0 + 5000, DENIED, 'reject'),
    );
    t = addReading(t, platform(T0 + 5100, 'none'));
    const merged = mergeConsentEvents(first, t);
    expect(merged.map((e) => [e.state.source, e.state.decision, e.kind])).toEqual([
      ['cmp', 'accept', 'initial'],
      ['gcm', 'reject', 'withdrawal'],
    ]);
  });

  test('a later load that reads the platform first is taken as it is', () => {
    const second = addReading(createTimeline(), platform(T0 + 5000, 'reject'));
    const merged = mergeConsentEvents(first, second);
    expect(merged.map((e) => [e.state.decision, e.time])).toEqual([
      ['accept', T0],
      ['reject', T0 + 5000],
    ]);
    expect(merged[1]?.readings).toEqual(second.events[0]?.readings);
  });
});
