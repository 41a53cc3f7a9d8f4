import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TCString } from '@iabtechlabtcf/core';
import type { Cookie, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classifyButtonLabel } from '../../lib/banner/button-words.ts';
import { decodeConsentCookies } from '../../lib/consent/platforms/index.ts';
import {
  cookiebotDeclarations,
  oneTrustDeclarations,
} from '../../lib/declarations/cmp-declarations.ts';
import { matchDeclared } from '../../lib/declarations/name-pattern.ts';
import { parsePolicyHtml } from '../../lib/declarations/parse-policy-html.ts';
import * as tarteaucitron from '../../lib/consent/platforms/tarteaucitron.ts';
import { isConsentUnknown, type ConsentDecoded } from '../../lib/consent/state.ts';
import type { AuditReport } from '../../lib/report/types.ts';
import {
  CONSENT_SITES,
  TRACKER_COOKIES,
  TRACKER_HOSTS,
  type ConsentSite,
  type PageViewEffects,
} from '../fixtures/consent-sites.ts';
import { reportOf, startHarness, visit, type Harness } from './harness.ts';

/**
 * Every consent fixture site in real Chromium with the built extension: the banner shows, a
 * choice made with Playwright's clicks is recorded in the platform's real cookie format, and the
 * page views that follow write and contact exactly what the manifest says (planted violations
 * included), as the extension's report shows them.
 */

type State = 'initial' | 'reject' | 'accept' | 'custom';
type Decision = 'none' | 'reject' | 'accept' | 'custom';

/** How long a page keeps loading tags after the load event or a click. */
const SETTLE_MS = 1200;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

/** A fresh browser state for the site: no cookies, no pages left from the previous test. */
async function freshStart(): Promise<void> {
  const context = h.browser.context;
  await context.clearCookies();
  for (const page of context.pages()) {
    if (page !== h.browser.extensionPage) await page.close();
  }
}

async function open(site: ConsentSite): Promise<{ page: Page; tabId: number }> {
  const visited = await visit(h, site.url, SETTLE_MS);
  await visited.page
    .locator(site.bannerSelector)
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 });
  return visited;
}

async function act(page: Page, step: string): Promise<void> {
  const [verb, ...rest] = step.split(':');
  const locator = page.locator(rest.join(':')).first();
  if (verb !== 'check') return locator.click();
  // Styled switches hide the real checkbox behind a label or a drawn toggle: click the box itself.
  if (!(await locator.isChecked())) await locator.dispatchEvent('click');
  expect(await locator.isChecked()).toBe(true);
}

/** Makes the choice, waits until the banner is gone and the page has loaded what the choice allows. */
async function choose(
  page: Page,
  site: ConsentSite,
  state: Exclude<State, 'initial'>,
): Promise<void> {
  let steps: string[];
  if (state === 'accept') steps = [`click:${site.acceptSelector}`];
  else if (state === 'custom') steps = [...(site.custom?.steps ?? [])];
  else if (site.rejectSelector) steps = [`click:${site.rejectSelector}`];
  else steps = [`click:${site.customSelector}`, `click:${site.settingsRejectSelector}`];
  for (const step of steps) await act(page, step);
  await page.locator(site.bannerSelector).first().waitFor({ state: 'hidden', timeout: 10_000 });
  await page.waitForTimeout(SETTLE_MS);
}

async function reload(page: Page): Promise<void> {
  await page.reload({ waitUntil: 'networkidle' });
  await page.waitForTimeout(SETTLE_MS);
}

/** The report once it holds the consent record (reports are built from events as they arrive). */
async function reportWith(tabId: number, cookie: string): Promise<AuditReport> {
  let report = await reportOf(h, tabId);
  await expect
    .poll(async () => {
      report = await reportOf(h, tabId);
      return report.cookies.map((c) => c.name);
    })
    .toContain(cookie);
  return report;
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** What the report says one page view wrote and contacted, restricted to the tracker stand-ins. */
function observedEffects(report: AuditReport): {
  cookies: string[];
  trackers: string[];
  storage: string[];
} {
  return {
    cookies: sorted(
      report.cookies.filter((c) => TRACKER_COOKIES.includes(c.name)).map((c) => c.name),
    ),
    trackers: sorted(
      report.requests.filter((r) => TRACKER_HOSTS.includes(r.host)).map((r) => r.host),
    ),
    storage: sorted(report.storage.filter((s) => s.key === '_hjid').map((s) => s.key)),
  };
}

function expectEffects(report: AuditReport, expected: PageViewEffects): void {
  expect(observedEffects(report)).toEqual({
    cookies: sorted(expected.cookies),
    trackers: sorted(expected.trackers),
    // Hotjar keeps its id in localStorage as well.
    storage: expected.cookies.includes('_hjid') ? ['_hjid'] : [],
  });
}

async function jar(): Promise<Cookie[]> {
  return h.browser.context.cookies();
}

function valueOf(cookies: Cookie[], name: string): string {
  const cookie = cookies.find((c) => c.name === name);
  if (!cookie) throw new Error(`no ${name} cookie in the browser`);
  return cookie.value;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Which of a platform's items the choice grants, by the order the site's settings list them. */
function granted<T>(state: State, all: readonly T[], custom: readonly T[]): T[] {
  if (state === 'accept') return [...all];
  if (state === 'custom') return [...custom];
  return [];
}

/**
 * Checks the raw consent cookie against the platform's real format, decoded here independently
 * of the extension, for the state the visitor left it in.
 */
function checkRecordFormat(site: ConsentSite, cookies: Cookie[], state: State): void {
  const raw = valueOf(cookies, site.consentCookie);
  const implied = site.planted.some((p) => p.rule === 'implicit-consent');
  switch (site.cmp) {
    case 'vanilla-cookieconsent': {
      const value = JSON.parse(decodeURIComponent(raw)) as Record<string, unknown>;
      expect(value).toMatchObject({ revision: 0, data: null, languageCode: 'da' });
      expect(value.consentId).toMatch(UUID);
      expect(value.consentTimestamp).toMatch(ISO);
      expect(value.lastConsentTimestamp).toMatch(ISO);
      expect(value.categories).toEqual([
        'necessary',
        ...granted(state, ['analytics', 'marketing'], ['analytics']),
      ]);
      break;
    }
    case 'klaro': {
      const value = JSON.parse(decodeURIComponent(raw)) as Record<string, unknown>;
      // The custom choice saves the defaults, in which the opt-out Google Analytics service is on.
      const on = granted(
        state,
        ['google-analytics', 'hotjar', 'facebook-pixel'],
        ['google-analytics'],
      );
      expect(value).toEqual({
        'google-analytics': on.includes('google-analytics'),
        hotjar: on.includes('hotjar'),
        'facebook-pixel': on.includes('facebook-pixel'),
      });
      break;
    }
    case 'tarteaucitron': {
      const flag = state === 'initial' ? 'wait' : state === 'accept' ? 'true' : 'false';
      const entries = raw.split('!').filter(Boolean).sort();
      expect(entries).toEqual([`bageriga=${flag}`, `bagerihotjar=${flag}`, `bagerimeta=${flag}`]);
      break;
    }
    case 'cookieconsent':
      expect(raw).toBe(state === 'accept' ? 'allow' : 'deny');
      break;
    case 'tcf': {
      const model = TCString.decode(raw);
      expect(model).toMatchObject({
        cmpId: 300,
        cmpVersion: 2,
        policyVersion: 5,
        isServiceSpecific: true,
      });
      expect(model.vendorListVersion).toBe(112);
      const purposes = granted(state, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1, 2, 3, 4]);
      expect([...model.purposeConsents.values()]).toEqual(purposes);
      expect(model.vendorConsents.has(755)).toBe(state === 'accept');
      // The vendor whose tag the site loads anyway never has consent.
      expect(model.vendorConsents.has(91)).toBe(false);
      expect(model.vendorsDisclosed.has(755)).toBe(true);
      break;
    }
    case 'cookiebot': {
      // Cookiebot leaves { } and : readable and encodes the rest, quotes and commas included.
      expect(raw).toMatch(/^\{stamp:%27.+%27%2Cnecessary:true%2C/);
      const text = decodeURIComponent(raw);
      const match =
        /^\{stamp:'([A-Za-z0-9+/=]+)',necessary:true,preferences:(true|false),statistics:(true|false),marketing:(true|false),method:'explicit',ver:1,utc:(\d{13}),region:'dk'\}$/.exec(
          text,
        );
      expect(match, text).not.toBeNull();
      const [preferences, statistics, marketing] = (match ?? []).slice(2, 5);
      const on = granted(state, ['preferences', 'statistics', 'marketing'], ['statistics']);
      expect({ preferences, statistics, marketing }).toEqual({
        preferences: String(on.includes('preferences')),
        statistics: String(on.includes('statistics')),
        marketing: String(on.includes('marketing')),
      });
      break;
    }
    case 'onetrust': {
      const params = new URLSearchParams(raw);
      expect([...params.keys()]).toEqual(
        expect.arrayContaining([
          'isGpcEnabled',
          'datestamp',
          'version',
          'browserGpcFlag',
          'isIABGlobal',
          'hosts',
          'consentId',
          'interactionCount',
          'isAnonUser',
          'landingPath',
          'groups',
          'AwaitingReconsent',
        ]),
      );
      expect(params.get('consentId')).toMatch(UUID);
      expect(raw).toMatch(/&groups=C0001%3A1%2C/);
      const choice = state === 'initial' && implied ? 'accept' : state;
      const on = granted(choice, ['C0002', 'C0003', 'C0004'], ['C0002']);
      expect(params.get('groups')).toBe(
        [
          'C0001:1',
          ...['C0002', 'C0003', 'C0004'].map((g) => `${g}:${on.includes(g) ? 1 : 0}`),
        ].join(','),
      );
      const closed = cookies.find((c) => c.name === 'OptanonAlertBoxClosed');
      if (state === 'initial') {
        expect(params.get('interactionCount')).toBe('0');
        expect(closed).toBeUndefined();
      } else {
        expect(Number(params.get('interactionCount'))).toBeGreaterThan(0);
        expect(closed?.value).toMatch(ISO);
      }
      break;
    }
    case 'cookieinformation': {
      const value = JSON.parse(decodeURIComponent(raw)) as Record<string, unknown>;
      expect(Object.keys(value)).toEqual([
        'website_uuid',
        'timestamp',
        'consent_url',
        'consent_website',
        'consent_domain',
        'user_uid',
        'consents_approved',
        'consents_denied',
        'user_agent',
      ]);
      expect(value).toMatchObject({
        consent_url: site.url,
        consent_website: site.host,
        consent_domain: site.host,
      });
      expect(value.timestamp).toMatch(ISO);
      const optional = [
        'cookie_cat_functional',
        'cookie_cat_statistic',
        'cookie_cat_marketing',
        'cookie_cat_unclassified',
      ];
      const on = granted(state, optional, ['cookie_cat_statistic']);
      expect(value.consents_approved).toEqual(['cookie_cat_necessary', ...on]);
      expect(value.consents_denied).toEqual(optional.filter((c) => !on.includes(c)));
      break;
    }
    case 'cookieyes': {
      const match =
        /^consentid:([A-Za-z0-9]+),consent:(yes|no|),action:(yes|),necessary:yes,functional:(yes|no),analytics:(yes|no),performance:(yes|no),advertisement:(yes|no)$/.exec(
          raw,
        );
      expect(match, raw).not.toBeNull();
      const [consent, action, functional, analytics, performance, advertisement] = (
        match ?? []
      ).slice(2);
      const on = granted(
        state,
        ['functional', 'analytics', 'performance', 'advertisement'],
        ['analytics'],
      );
      const flag = (c: string) => (on.includes(c) ? 'yes' : 'no');
      expect({ consent, action, functional, analytics, performance, advertisement }).toEqual({
        consent: state === 'initial' ? '' : state === 'reject' ? 'no' : 'yes',
        action: state === 'initial' ? '' : 'yes',
        functional: flag('functional'),
        analytics: flag('analytics'),
        performance: flag('performance'),
        advertisement: flag('advertisement'),
      });
      break;
    }
  }
}

/**
 * The project's own consent decoders read the fixture's record as the decision made. A
 * tarteaucitron cookie names the site's own services, whose categories only the page knows
 * (`tarteaucitron.services[key].type`): they are read from the page, as the extension reads them.
 */
async function checkDecoderReading(
  page: Page,
  site: ConsentSite,
  cookies: Cookie[],
  expected: Decision,
  explicit: boolean,
): Promise<void> {
  let readings = decodeConsentCookies(cookies.map((c) => ({ name: c.name, value: c.value })));
  if (site.cmp === 'tarteaucitron') {
    const serviceTypes = await page.evaluate(() => {
      const services = (
        window as unknown as { tarteaucitron: { services: Record<string, { type: string }> } }
      ).tarteaucitron.services;
      return Object.fromEntries(Object.entries(services).map(([key, s]) => [key, s.type]));
    });
    readings = [tarteaucitron.decode(valueOf(cookies, site.consentCookie), { serviceTypes })];
  }
  const reading = readings.find(
    (r): r is ConsentDecoded => r.source === site.cmp && !isConsentUnknown(r),
  );
  expect(reading, JSON.stringify(readings)).toBeDefined();
  expect(reading?.decision).toBe(expected);
  if (expected !== 'none' && reading?.explicit !== null) expect(reading?.explicit).toBe(explicit);
}

/**
 * The first layer's buttons say what they do in words the audit recognises when no consent
 * platform is detected (lib/banner/button-words.ts).
 */
async function expectButtonWords(page: Page, site: ConsentSite): Promise<void> {
  const label = async (selector: string) =>
    (await page.locator(selector).first().innerText()).trim();
  // tarteaucitron's own Danish label, "OK, accepter alle", is not in the word list; autoconsent
  // recognises this banner by its element ids instead.
  if (site.cmp !== 'tarteaucitron')
    expect(classifyButtonLabel(await label(site.acceptSelector))).toBe('accept');
  if (site.rejectSelector)
    expect(classifyButtonLabel(await label(site.rejectSelector))).toBe('reject');
  if (site.customSelector)
    expect(classifyButtonLabel(await label(site.customSelector))).toBe('settings');
}

/**
 * Every cookie in the browser after an accept (the most a visitor gets) is in the site's
 * declared table, read with the project's declaration readers.
 */
async function expectAllDeclared(page: Page, site: ConsentSite): Promise<void> {
  const declaration = site.declaration;
  if (!declaration) return;
  const cookies = await jar();
  const response = await page.goto(declaration.url);
  const text = (await response?.text()) ?? '';
  const table =
    declaration.source === 'policy-page'
      ? parsePolicyHtml(text, declaration.url)
      : declaration.source === 'cookiebot'
        ? cookiebotDeclarations(text, { url: declaration.url })
        : oneTrustDeclarations(JSON.parse(text) as unknown, { url: declaration.url });
  const undeclared = cookies
    .filter((c) => matchDeclared(table, c.name, c.domain) === null)
    .map((c) => `${c.name} ${c.domain}`);
  expect(undeclared).toEqual([]);
}

/** Consent records the platform writes, as the report recorded them. */
function expectRecordInReport(report: AuditReport, site: ConsentSite, state: State): void {
  const names = report.cookies.map((c) => c.name);
  expect(names).toContain(site.consentCookie);
  if (state !== 'initial')
    for (const other of site.otherConsentCookies ?? []) expect(names).toContain(other);
}

/**
 * The extension itself, from the page it watched, holds the visitor's choice as the consent in
 * force: the decision, made with a trusted click, on its consent timeline.
 */
async function expectExtensionConsent(tabId: number, decision: Decision): Promise<void> {
  await expect
    .poll(async () => {
      const phase = (await reportOf(h, tabId)).phases[0];
      return phase
        ? { decision: phase.consent.decision, interaction: phase.consent.interaction }
        : null;
    })
    .toEqual({ decision, interaction: true });
  const phase = (await reportOf(h, tabId)).phases[0];
  const event = phase?.consentEvents?.findLast((e) => e.decision === decision);
  expect(event).toMatchObject({ interaction: true });
  const granted = Object.entries(phase?.consent.categories ?? {}).filter(
    ([k, v]) => k !== 'necessary' && v === true,
  );
  if (decision === 'reject') expect(granted).toEqual([]);
  // A platform without a preferences category leaves it unknown; nothing it knows may be denied.
  if (decision === 'accept') {
    expect(Object.values(phase?.consent.categories ?? {})).not.toContain(false);
    expect(granted.map(([k]) => k)).toEqual(expect.arrayContaining(['statistics', 'marketing']));
  }
  if (decision === 'custom') expect(granted.length).toBeGreaterThan(0);
}

describe.each(CONSENT_SITES)('consent site $host ($cmp)', (site) => {
  const implied = site.planted.some((p) => p.rule === 'implicit-consent');

  test('before any choice: the banner shows and only the planted tags run', async () => {
    await freshStart();
    const { page, tabId } = await open(site);
    expect(await page.locator(site.acceptSelector).first().isVisible()).toBe(true);
    if (site.rejectSelector)
      expect(await page.locator(site.rejectSelector).first().isVisible()).toBe(true);
    else
      expect(site.planted).toContainEqual({
        rule: 'no-reject-option',
        phase: 'initial',
        subject: 'banner',
      });
    await expectButtonWords(page, site);
    const report = await reportOf(h, tabId);
    expectEffects(report, site.effects.initial);
    const cookies = await jar();
    if (site.consentCookieBeforeChoice) {
      expectRecordInReport(report, site, 'initial');
      checkRecordFormat(site, cookies, 'initial');
      await checkDecoderReading(page, site, cookies, implied ? 'accept' : 'none', false);
    } else {
      expect(cookies.map((c) => c.name)).not.toContain(site.consentCookie);
    }
  });

  const rejectable =
    site.rejectSelector !== null || (site.customSelector && site.settingsRejectSelector);
  test.runIf(rejectable)(
    'reject: recorded as a rejection, and the next page view follows it',
    async () => {
      await freshStart();
      const { page, tabId } = await open(site);
      await choose(page, site, 'reject');
      const clicked = await reportWith(tabId, site.consentCookie);
      expectRecordInReport(clicked, site, 'reject');
      const cookies = await jar();
      checkRecordFormat(site, cookies, 'reject');
      await checkDecoderReading(page, site, cookies, 'reject', true);
      await expectExtensionConsent(tabId, 'reject');
      // Nothing the page set before the click is deleted by the platform: it stays readable.
      expect(cookies.map((c) => c.name)).toEqual(
        expect.arrayContaining([...site.effects.initial.cookies]),
      );

      await reload(page);
      expect(await page.locator(site.bannerSelector).first().isVisible()).toBe(false);
      expectEffects(await reportOf(h, tabId), site.effects.afterReject);
    },
  );

  test('accept: recorded as an accept, and the next page view loads every tag', async () => {
    await freshStart();
    const { page, tabId } = await open(site);
    await choose(page, site, 'accept');
    const clicked = await reportWith(tabId, site.consentCookie);
    expectRecordInReport(clicked, site, 'accept');
    const cookies = await jar();
    checkRecordFormat(site, cookies, 'accept');
    await checkDecoderReading(page, site, cookies, 'accept', true);
    await expectExtensionConsent(tabId, 'accept');

    await reload(page);
    expect(await page.locator(site.bannerSelector).first().isVisible()).toBe(false);
    expectEffects(await reportOf(h, tabId), site.effects.afterAccept);
    if (site.declaration) await expectAllDeclared(page, site);
  });

  test.runIf(site.custom)(
    'custom: the choice in the settings layer is recorded and followed',
    async () => {
      const custom = site.custom;
      if (!custom) return;
      await freshStart();
      const { page, tabId } = await open(site);
      await choose(page, site, 'custom');
      const clicked = await reportWith(tabId, site.consentCookie);
      expectRecordInReport(clicked, site, 'custom');
      const cookies = await jar();
      checkRecordFormat(site, cookies, 'custom');
      await checkDecoderReading(page, site, cookies, custom.decision, true);
      await expectExtensionConsent(tabId, custom.decision);

      await reload(page);
      expectEffects(await reportOf(h, tabId), custom.effects);
    },
  );
});

/** DuckDuckGo's autoconsent as its own Playwright runner injects it, with the full rule set. */
const AUTOCONSENT_DIR = resolve(import.meta.dirname, '../../node_modules/@duckduckgo/autoconsent');
const AUTOCONSENT_SCRIPT = readFileSync(
  resolve(AUTOCONSENT_DIR, 'dist/autoconsent.playwright.js'),
  'utf8',
);
const AUTOCONSENT_RULES = readFileSync(resolve(AUTOCONSENT_DIR, 'rules/rules.json'), 'utf8');

interface AutoconsentMessage {
  type: string;
  cmp?: string;
  result?: boolean;
  id?: string;
  code?: string;
  scheduleSelfTest?: boolean;
}

/** Opens the site, lets autoconsent detect the banner and opt out or in; its messages. */
async function runAutoconsent(
  site: ConsentSite,
  action: 'optOut' | 'optIn',
): Promise<{ page: Page; messages: AutoconsentMessage[] }> {
  await freshStart();
  const page = await h.browser.context.newPage();
  const messages: AutoconsentMessage[] = [];
  const config = {
    enabled: true,
    autoAction: action,
    disabledCmps: [],
    enablePrehide: false,
    detectRetries: 20,
    enableCosmeticRules: true,
  };
  await page.exposeBinding(
    'autoconsentSendMessage',
    async ({ frame }: { frame: Frame }, msg: AutoconsentMessage) => {
      messages.push(msg);
      if (msg.type === 'init') {
        await frame.evaluate(
          `autoconsentReceiveMessage({ type: "initResp", config: ${JSON.stringify(config)}, rules: ${AUTOCONSENT_RULES} })`,
        );
      } else if (msg.type === 'eval' && msg.code) {
        const result: unknown = await frame.evaluate(msg.code).catch(() => false);
        await frame.evaluate(
          `autoconsentReceiveMessage({ id: ${JSON.stringify(msg.id)}, type: "evalResp", result: ${JSON.stringify(result)} })`,
        );
      }
    },
  );
  await page.goto(site.url, { waitUntil: 'commit' });
  await page.evaluate(AUTOCONSENT_SCRIPT);
  if (site.autoconsent.rule) {
    await expect
      .poll(() => messages.some((m) => m.type === 'autoconsentDone'), { timeout: 20_000 })
      .toBe(true);
  } else {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(3000);
  }
  await page.waitForTimeout(SETTLE_MS);
  return { page, messages };
}

describe.each(CONSENT_SITES)('autoconsent on $host', (site) => {
  const { rule } = site.autoconsent;

  test.runIf(rule === null)('no autoconsent rule detects the banner', async () => {
    const { messages } = await runAutoconsent(site, 'optOut');
    expect(messages.filter((m) => m.type === 'cmpDetected')).toEqual([]);
  });

  test.runIf(rule !== null)(`detects it as ${rule} and opts out`, async () => {
    const { page, messages } = await runAutoconsent(site, 'optOut');
    expect(messages).toContainEqual(expect.objectContaining({ type: 'popupFound', cmp: rule }));
    expect(messages).toContainEqual(
      expect.objectContaining({ type: 'optOutResult', cmp: rule, result: true }),
    );
    if (site.autoconsent.optOut) await checkDecoderReading(page, site, await jar(), 'reject', true);
  });

  test.runIf(rule !== null && site.autoconsent.optIn !== null)(
    `opts in through ${rule}`,
    async () => {
      const { page, messages } = await runAutoconsent(site, 'optIn');
      expect(messages).toContainEqual(
        expect.objectContaining({ type: 'optInResult', cmp: rule, result: true }),
      );
      const cookies = await jar();
      if (site.autoconsent.optIn) await checkDecoderReading(page, site, cookies, 'accept', true);
      // The rule clicks controls this banner does not have: it reports success, but nothing is recorded.
      else expect(cookies.map((c) => c.name)).not.toContain(site.consentCookie);
    },
  );
});

describe('the consent site manifest', () => {
  test('names every site once, with planted violations only under known rules and phases', () => {
    expect(new Set(CONSENT_SITES.map((s) => s.host)).size).toBe(CONSENT_SITES.length);
    for (const site of CONSENT_SITES) {
      expect(site.url).toBe(`https://${site.host}/`);
      for (const p of site.planted)
        expect(['initial', 'after-reject', 'after-accept']).toContain(p.phase);
    }
  });
});
