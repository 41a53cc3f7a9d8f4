import type { Page } from 'playwright-core';
import { assembleReport, type ObservedPhase } from '../lib/audit/assemble-report.ts';
import { NO_CONSENT, type ConsentState } from '../lib/consent/state.ts';
import type { ConsentEvent, ConsentTimeline } from '../lib/consent/timeline.ts';
import { consentAt } from '../lib/consent/timeline.ts';
import type { DeclaredTable } from '../lib/declarations/declared.ts';
import {
  cookiebotDeclarations,
  oneTrustDeclarations,
} from '../lib/declarations/cmp-declarations.ts';
import { findPolicyLinks } from '../lib/declarations/find-policy-links.ts';
import { matchDeclared } from '../lib/declarations/name-pattern.ts';
import { parsePolicyHtml } from '../lib/declarations/parse-policy-html.ts';
import type { Knowledge } from '../lib/knowledge/types.ts';
import type { Visit } from '../lib/observe/visit.ts';
import type { AuditReport, PhaseName, ReportPhaseChoice } from '../lib/report/types.ts';
import type { BannerInput } from '../lib/rules/input.ts';
import { ruleSettings, type Language } from '../lib/rules/settings.ts';
import {
  AutoconsentDriver,
  makeChoice,
  scanBanner,
  type Choice,
  type ChoiceResult,
} from './banner.ts';
import { tabIdOf, type ExtensionBrowser } from './browser.ts';

export interface AuditRunOptions {
  phases: PhaseName[];
  waitMs: number;
  rejectSelector?: string;
  acceptSelector?: string;
  /** A declaration given by the user; when null, the audit looks for the site's policy page. */
  declared: DeclaredTable | null;
  language: Language;
  knowledge: Knowledge;
  environment: Record<string, unknown>;
}

const CHOICE_OF: Record<PhaseName, Choice | null> = {
  initial: null,
  'after-reject': 'reject',
  'after-accept': 'accept',
};
/** Time a consent platform gets to store the choice after the click, before the page is reloaded. */
const STORE_DELAY_MS = 1500;
const MAX_ORIGINS_CLEARED = 500;

/**
 * Audits one URL through its phases, each from clean site data and a fresh load: `initial`
 * observes without touching the banner; `after-reject` / `after-accept` make the choice,
 * reload the page (that is what the visitor lives with) and observe again. Cookies set before
 * the click that are still readable after it are marked as carried over.
 */
export async function auditSite(
  browser: ExtensionBrowser,
  url: string,
  options: AuditRunOptions,
): Promise<AuditReport> {
  const observed: ObservedPhase[] = [];
  const origins = new Set<string>();
  let declared = options.declared;
  let declaredError: string | null = null;
  let site = '';
  let finalUrl = url;

  for (const name of options.phases) {
    await clearSiteData(browser, origins);
    const page = await browser.context.newPage();
    try {
      const driver = await AutoconsentDriver.attach(page);
      await load(page, url);
      finalUrl = page.url();
      const tabId = await tabIdOf(browser, finalUrl);
      if (tabId === null) throw new Error(`the extension recorded no visit for ${finalUrl}`);
      const scan = await scanBanner(page);
      const banner: BannerInput | null = scan.banner;
      const choice = CHOICE_OF[name];
      let phase: ObservedPhase;
      if (choice === null) {
        await page.waitForTimeout(options.waitMs);
        const visit = await getVisit(browser, tabId);
        phase = { name, visit, endedAt: Date.now(), banner, gpcSent: visit.gpcSent };
        if (declared === null && declaredError === null) {
          ({ declared, error: declaredError } = await discoverDeclaration(page, finalUrl));
        }
      } else {
        const selector = choice === 'reject' ? options.rejectSelector : options.acceptSelector;
        let result = await makeChoice(page, driver, choice, { selector });
        // autoconsent clicks through script, which the page sees as untrusted: the audit vouches
        // for the visitor's action itself.
        if (result.clicked) {
          for (const time of new Set([result.time, result.actedAt ?? result.time])) {
            await browser.send({ type: 'record-interaction', tabId, time });
          }
        }
        await page.waitForTimeout(STORE_DELAY_MS);
        let before = await getVisit(browser, tabId);
        if (result.method === 'autoconsent' && !recorded(before, result)) {
          // autoconsent reported success but the platform recorded nothing: try the banner's words.
          const retry = await makeChoice(page, driver, choice, { heuristicOnly: true });
          if (retry.clicked) {
            await browser.send({ type: 'record-interaction', tabId, time: retry.time });
            result = {
              ...retry,
              detail: `autoconsent (${result.cmp ?? 'unknown platform'}) reported success but nothing was recorded`,
            };
            await page.waitForTimeout(STORE_DELAY_MS);
            before = await getVisit(browser, tabId);
          }
        }
        await page.reload({ waitUntil: 'load', timeout: 45_000 });
        await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
        await page.waitForTimeout(options.waitMs);
        const after = await getVisit(browser, tabId);
        const readable = new Set(
          (await browser.context.cookies()).map((c) => `${c.name}@${c.domain}`),
        );
        phase = afterChoicePhase(name, before, after, result, readable, banner);
        phase.choice = describeChoice(result, phase.visit.consent, phase.endedAt);
      }
      site = site || (await getVisit(browser, tabId)).site;
      for (const r of phase.visit.requests)
        if (origins.size < MAX_ORIGINS_CLEARED) origins.add(`https://${r.host}`);
      observed.push(phase);
    } finally {
      await page.close().catch(() => {});
    }
  }

  const report = assembleReport({
    toolVersion: options.environment.extensionVersion as string,
    url: finalUrl,
    site,
    phases: observed,
    knowledge: options.knowledge,
    declared,
    matchDeclared: declared
      ? (n, d) => matchDeclared(declared as DeclaredTable, n, d)?.entry ?? null
      : undefined,
    settings: ruleSettings({ language: options.language }),
    environment: {
      ...options.environment,
      phases: options.phases,
      ...(declaredError ? { declarationNote: declaredError } : {}),
    },
  });
  return report;
}

/** Did the consent platform record a decision after the click? */
function recorded(visit: Visit, choice: ChoiceResult): boolean {
  return visit.consent.events.some(
    (e) => e.time >= choice.time && e.state.source !== null && e.state.decision !== 'none',
  );
}

/** Loads a page and waits until it is idle (best effort: some pages never stop polling). */
async function load(page: Page, url: string): Promise<void> {
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 45_000 });
  } catch (error) {
    throw new LoadError(
      `Could not load ${url}: ${(error as Error).message.split('\n')[0]?.replace(/^page\.goto: /, '')}`,
    );
  }
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
}

export class LoadError extends Error {}

async function getVisit(browser: ExtensionBrowser, tabId: number): Promise<Visit> {
  const visit = await browser.send({ type: 'get-visit', tabId });
  if (!visit) throw new Error(`the extension holds no visit for tab ${tabId}`);
  return visit;
}

/**
 * One phase after a choice: what happened from the click on in the first load, then the whole
 * reload. Cookies written before the click that the browser still holds at the end are kept,
 * marked as carried over.
 */
function afterChoicePhase(
  name: PhaseName,
  before: Visit,
  after: Visit,
  choice: ChoiceResult,
  readable: ReadonlySet<string>,
  banner: BannerInput | null,
): ObservedPhase {
  const click = choice.time;
  const carried = new Set<string>();
  const preClick = before.cookies.filter((c) => c.time < click && !c.removed);
  const deletedAfter = new Set(
    before.cookies.filter((c) => c.time >= click && c.removed).map((c) => `${c.name}@${c.domain}`),
  );
  for (const c of preClick) {
    const id = `${c.name}@${c.domain}`;
    if (readable.has(id) && !deletedAfter.has(id)) carried.add(id);
  }
  // The phase is what follows the click: the state before it belongs to the initial phase.
  const events = choiceFirst(
    mergeConsentEvents(before.consent.events, after.consent.events).filter((e) => e.time >= click),
    choice,
  );
  // No consent platform could be read after the click: the rules still judge what follows
  // against the choice the visitor made, and the evidence names the audit as its source.
  if (choice.clicked && !events.some((e) => e.time >= click && e.state.source !== null)) {
    const granted = choice.choice === 'accept';
    const state = {
      source: 'audit-click',
      decision: choice.choice,
      categories: {
        necessary: true,
        preferences: granted,
        statistics: granted,
        marketing: granted,
      },
      interaction: true,
    } as const;
    events.push({
      time: click,
      state,
      readings: [],
      conflicts: [],
      tcf: null,
      interaction: true,
      kind: choice.choice,
    });
    events.sort((a, b) => a.time - b.time);
  }
  // Cookies from before the click that are still there are judged as present after the choice.
  const choiceTime = events.find((e) => e.time >= click && e.state.source !== null)?.time ?? click;
  const carriedRecords = preClick
    .filter((c) => carried.has(`${c.name}@${c.domain}`))
    .map((c) => ({ ...c, time: Math.max(c.time, choiceTime) }));
  const consent: ConsentTimeline = { ...after.consent, events };
  const visit: ObservedPhase['visit'] = {
    url: after.url,
    startedAt: before.startedAt,
    requests: [...before.requests.filter((r) => r.time >= click), ...after.requests],
    cookies: [
      ...carriedRecords,
      ...before.cookies.filter((c) => c.time >= click),
      ...after.cookies,
    ],
    storage: [...before.storage.filter((s) => s.time >= click), ...after.storage],
    consent,
    dropped: {
      requests: before.dropped.requests + after.dropped.requests,
      cookies: before.dropped.cookies + after.dropped.cookies,
      storage: before.dropped.storage + after.dropped.storage,
      consentEvents: before.dropped.consentEvents + after.dropped.consentEvents,
    },
  };
  return { name, visit, endedAt: Date.now(), banner, gpcSent: after.gpcSent, carriedOver: carried };
}

/**
 * The platform records the choice a moment after the click (its cookie or API is read later,
 * some write a "pending" value first); the choice the audit made is in force from the click on,
 * made by the audit's interaction. Pending no-decision states before it are dropped.
 */
function choiceFirst(events: ConsentEvent[], choice: ChoiceResult): ConsentEvent[] {
  const k = events.findIndex((e) => e.state.decision === choice.choice);
  if (!choice.clicked || k < 0) return events;
  const made = events[k] as ConsentEvent;
  return [
    { ...made, time: choice.time, interaction: true, state: { ...made.state, interaction: true } },
    ...events.slice(0, k).filter((e) => e.state.decision !== 'none'),
    ...events.slice(k + 1),
  ].sort((a, b) => a.time - b.time);
}

/**
 * The consent events of both loads of a phase, in time order. The reload reads the stored choice
 * again; that repeat is the same choice, not a new one made without interaction, so an event
 * equal to the one in force is dropped.
 */
function mergeConsentEvents(
  first: readonly ConsentEvent[],
  second: readonly ConsentEvent[],
): ConsentEvent[] {
  const out: ConsentEvent[] = [];
  for (const e of [...first, ...second].sort((a, b) => a.time - b.time)) {
    const last = out[out.length - 1];
    if (
      last &&
      last.state.decision === e.state.decision &&
      sameCategories(last.state.categories, e.state.categories)
    )
      continue;
    out.push(e);
  }
  return out;
}

function sameCategories(a: ConsentState['categories'], b: ConsentState['categories']): boolean {
  return (
    a.necessary === b.necessary &&
    a.preferences === b.preferences &&
    a.statistics === b.statistics &&
    a.marketing === b.marketing
  );
}

/** How the choice was made, and what the consent platform recorded afterwards. */
function describeChoice(
  result: ChoiceResult,
  timeline: ConsentTimeline,
  end: number,
): ReportPhaseChoice {
  // What the consent platform itself recorded: the audit's own stand-in event does not count.
  const recorded = {
    ...timeline,
    events: timeline.events.filter((e) => e.state.source !== 'audit-click'),
  };
  const state = recorded.events.length > 0 ? consentAt(recorded, end) : NO_CONSENT;
  const expected = result.choice === 'reject' ? 'reject' : 'accept';
  return {
    choice: result.choice,
    method: result.method,
    clicked: result.clicked,
    cmp: result.cmp,
    label: result.label,
    time: new Date(result.time).toISOString(),
    ...(result.detail ? { detail: result.detail } : {}),
    consentAfter: state.source === null ? null : state.decision,
    applied: state.source === null ? null : state.decision === expected,
  };
}

/**
 * The site's declaration, best source first: the consent platform's own (Cookiebot's dialog
 * object, OneTrust's domain data), else the cookie table of the policy page the audited page
 * links to.
 */
async function discoverDeclaration(
  page: Page,
  pageUrl: string,
): Promise<{ declared: DeclaredTable | null; error: string | null }> {
  const fromCmp = await cmpDeclaration(page, pageUrl);
  if (fromCmp && fromCmp.cookies.length > 0) return { declared: fromCmp, error: null };
  try {
    // The page's HTML as Playwright's own script world serialises it: a page that replaces
    // `Array.prototype` or `JSON` in its own world cannot blind the audit to its policy link.
    const candidates = findPolicyLinks(await page.content(), pageUrl, { limit: 3 });
    for (const link of candidates) {
      const html = await page
        .evaluate(async (u) => {
          const res = await fetch(u, { credentials: 'omit' });
          return res.ok ? (await res.text()).slice(0, 5 * 1024 * 1024) : null;
        }, link.url)
        .catch(() => readInOwnTab(page, link.url));
      if (!html) continue;
      const table = parsePolicyHtml(html, link.url, { retrievedAt: new Date().toISOString() });
      if (table.cookies.length > 0 || table.consentLifetime)
        return { declared: table, error: null };
    }
    return {
      declared: null,
      error:
        candidates.length === 0
          ? 'no link to a privacy or cookie policy was found on the page'
          : 'the policy pages linked from the page hold no cookie table',
    };
  } catch (error) {
    return {
      declared: null,
      error: `the policy page could not be read: ${(error as Error).message.split('\n')[0]}`,
    };
  }
}

/** A page's HTML read in a tab of its own, for when the audited page's `fetch` cannot be trusted. */
async function readInOwnTab(page: Page, url: string): Promise<string | null> {
  const tab = await page.context().newPage();
  try {
    const response = await tab.goto(url, { waitUntil: 'load', timeout: 30_000 });
    return response?.ok() ? (await tab.content()).slice(0, 5 * 1024 * 1024) : null;
  } catch {
    return null;
  } finally {
    await tab.close();
  }
}

/** Reads Cookiebot's or OneTrust's declaration from the page, as plain data of bounded size. */
async function cmpDeclaration(page: Page, pageUrl: string): Promise<DeclaredTable | null> {
  const found = await page
    .evaluate((max) => {
      const w = window as unknown as Record<string, unknown>;
      const plain = (v: unknown) => {
        try {
          const text = JSON.stringify(v);
          return typeof text === 'string' && text.length <= max
            ? (JSON.parse(text) as unknown)
            : null;
        } catch {
          return null;
        }
      };
      const dialog = (w.CookieConsentDialog ??
        (w.Cookiebot as { dialog?: unknown } | undefined)?.dialog) as
        Record<string, unknown> | undefined;
      if (dialog && typeof dialog === 'object') {
        const keys = [
          'cookieTableNecessary',
          'cookieTablePreference',
          'cookieTableStatistics',
          'cookieTableAdvertising',
          'cookieTableUnclassified',
        ];
        return {
          kind: 'cookiebot',
          data: plain(Object.fromEntries(keys.map((k) => [k, dialog[k]]))),
        };
      }
      const oneTrust = w.OneTrust as { GetDomainData?: () => unknown } | undefined;
      if (oneTrust && typeof oneTrust.GetDomainData === 'function')
        return { kind: 'onetrust', data: plain(oneTrust.GetDomainData()) };
      return null;
    }, 2_000_000)
    .catch(() => null);
  if (!found || found.data === null) return null;
  const options = { url: pageUrl, retrievedAt: new Date().toISOString() };
  return found.kind === 'cookiebot'
    ? cookiebotDeclarations(found.data, options)
    : oneTrustDeclarations(found.data, options);
}

/** Clears cookies, storage and cache for every origin the audit has seen, so the next phase starts clean. */
async function clearSiteData(
  browser: ExtensionBrowser,
  origins: ReadonlySet<string>,
): Promise<void> {
  await browser.context.clearCookies();
  if (origins.size === 0) return;
  const cdp = await browser.context.newCDPSession(browser.extensionPage);
  try {
    for (const origin of origins) {
      await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' }).catch(() => {});
    }
    await cdp.send('Network.clearBrowserCache').catch(() => {});
  } finally {
    await cdp.detach().catch(() => {});
  }
}
