import { describe, expect, test } from 'vitest';
import { NO_CONSENT } from '../../../lib/consent/state.ts';
import {
  recordCookieChange,
  recordPageRecords,
  recordRequest,
  startVisit,
  type BrowserCookie,
} from '../../../lib/observe/visit.ts';
import { buildReport } from '../../../lib/report/build-report.ts';
import { popupView, formatLifetime } from '../../../lib/report/popup-view.ts';
import { assertValidReport } from '../../support/validate-report.ts';
import { fixedKnowledge } from '../../support/fixed-knowledge.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const knowledge = fixedKnowledge(
  { _ga: ['statistics', 'Google Analytics'], _hjid: ['statistics', 'Hotjar'] },
  { 'www.google-analytics.com': ['statistics', 'Google Analytics'] },
);

function cookie(name: string, over: Partial<BrowserCookie> = {}): BrowserCookie {
  return {
    name,
    value: 'v',
    domain: '.example.dk',
    path: '/',
    hostOnly: false,
    secure: false,
    httpOnly: false,
    sameSite: 'lax',
    session: false,
    expirationDate: (T0 + 400 * 86_400_000) / 1000,
    ...over,
  };
}

function sampleVisit() {
  const v = startVisit(1, 'https://shop.example.dk/', T0, 'r');
  const req = (url: string, type: string, time: number) => ({
    requestId: url,
    url,
    type,
    frameId: 0,
    parentFrameId: -1,
    method: 'GET',
    initiator: null,
    time,
  });
  recordRequest(v, req('https://shop.example.dk/', 'main_frame', T0));
  recordRequest(v, req('https://www.google-analytics.com/g/collect', 'xmlhttprequest', T0 + 10));
  recordRequest(v, req('https://www.google-analytics.com/g/collect?2', 'xmlhttprequest', T0 + 20));
  recordRequest(v, req('https://cdn.example.dk/app.js', 'script', T0 + 5));
  recordCookieChange([v], {
    cookie: cookie('_ga'),
    removed: false,
    cause: 'explicit',
    time: T0 + 11,
  });
  // Refreshed on the same page load: one cookie in the report, first seen at the first write.
  recordCookieChange([v], {
    cookie: cookie('_ga'),
    removed: false,
    cause: 'explicit',
    time: T0 + 50,
  });
  recordCookieChange([v], {
    cookie: cookie('tmp', { session: true }),
    removed: false,
    cause: 'explicit',
    time: T0 + 12,
  });
  recordCookieChange([v], {
    cookie: cookie('tmp', { session: true }),
    removed: true,
    cause: 'explicit',
    time: T0 + 13,
  });
  recordPageRecords(v, 'https://shop.example.dk', [
    { kind: 'localStorage', op: 'set', key: '_hjid', valueLength: 36, time: T0 + 30 },
  ]);
  return v;
}

function sampleReport() {
  const v = sampleVisit();
  return buildReport({
    toolVersion: '0.1.0',
    url: v.url,
    site: v.site,
    startedAt: T0,
    finishedAt: T0 + 9000,
    phases: [
      {
        name: 'initial',
        startedAt: T0,
        consent: NO_CONSENT,
        requests: v.requests,
        cookies: v.cookies,
        storage: v.storage,
        dropped: v.dropped,
      },
    ],
    knowledge,
    declared: null,
    violations: [],
  });
}

describe('buildReport', () => {
  const report = sampleReport();

  test('follows schema v1', () => assertValidReport(report));

  test('one cookie per identity and phase, first seen at the first write', () => {
    expect(report.cookies.map((c) => c.name)).toEqual(['_ga', 'tmp']);
    expect(report.cookies[0]).toMatchObject({
      category: 'statistics',
      vendor: 'Google Analytics',
      firstSeenAt: '2026-11-20T10:00:00.011Z',
      lifetimeDays: 400,
      phase: 'initial',
    });
    expect(report.cookies[1]).toMatchObject({
      removed: true,
      category: 'unclassified',
      vendor: null,
      classifiedBy: 'none',
    });
  });

  test('requests carry tracker classification; storage its category', () => {
    expect(report.requests.filter((r) => r.tracker).map((r) => r.host)).toEqual([
      'www.google-analytics.com',
      'www.google-analytics.com',
    ]);
    expect(report.storage[0]).toMatchObject({
      key: '_hjid',
      category: 'statistics',
      vendor: 'Hotjar',
      party: 'first',
    });
  });

  test('limits report the caps and drops', () => {
    expect(report.limits?.dropped).toEqual({
      requests: 0,
      cookies: 0,
      storage: 0,
      consentEvents: 0,
    });
  });
});

describe('popupView', () => {
  const view = popupView(sampleReport());

  test('counts at a glance', () => {
    expect(view.counts).toEqual({
      cookies: 2,
      thirdPartyCookies: 0,
      storage: 1,
      requests: 4,
      thirdPartySites: 1,
      trackers: 2,
    });
  });

  test('third-party sites first, grouped', () => {
    expect(view.requestGroups.map((g) => [g.site, g.party, g.count])).toEqual([
      ['google-analytics.com', 'third', 2],
      ['example.dk', 'first', 2],
    ]);
    expect(view.requestGroups[0]).toMatchObject({
      vendor: 'Google Analytics',
      trackerCategory: 'statistics',
      types: [{ type: 'xmlhttprequest', count: 2 }],
    });
  });
});

describe('formatLifetime', () => {
  test.each([
    [{ session: true, lifetimeDays: null, requestedLifetimeDays: null, removed: false }, 'session'],
    [
      { session: false, lifetimeDays: 400, requestedLifetimeDays: 730, removed: false },
      '400 days (asked 730 days)',
    ],
    [{ session: false, lifetimeDays: 1, requestedLifetimeDays: 1, removed: false }, '1 day'],
    [{ session: false, lifetimeDays: 0.02, requestedLifetimeDays: 0.02, removed: false }, '29 min'],
    [{ session: false, lifetimeDays: 0.5, requestedLifetimeDays: 0.5, removed: false }, '12 h'],
    [{ session: false, lifetimeDays: 5, requestedLifetimeDays: 5, removed: true }, 'deleted'],
  ])('%j → %s', (c, text) => {
    expect(formatLifetime(c)).toBe(text);
  });
});
