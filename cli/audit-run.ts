import type { Page } from 'playwright-core';
import { assembleReport, type ObservedPhase } from '../lib/audit/assemble-report.ts';
import {
  afterChoicePhase,
  CHOICE_OF,
  choiceRecorded,
  describeChoice,
} from '../lib/audit/choice-phase.ts';
import { sameSiteLinks, withFollowedPages } from '../lib/audit/follow-links.ts';
import { STORE_DELAY_MS } from '../lib/banner/choice.ts';
import type { DeclaredTable } from '../lib/declarations/declared.ts';
import { matchDeclared } from '../lib/declarations/name-pattern.ts';
import type { Knowledge } from '../lib/knowledge/types.ts';
import type { Visit } from '../lib/observe/visit.ts';
import type { AuditReport, PhaseName } from '../lib/report/types.ts';
import type { BannerInput } from '../lib/rules/input.ts';
import { ruleSettings, type Language } from '../lib/rules/settings.ts';
import { AutoconsentDriver, makeChoice, scanBanner } from './banner.ts';
import { tabIdOf, UsageError, type ExtensionBrowser } from './browser.ts';

export interface AuditRunOptions {
  phases: PhaseName[];
  waitMs: number;
  rejectSelector?: string;
  acceptSelector?: string;
  /** Same-site pages each phase also opens after its page (0: none). */
  followLinks?: number;
  /** A declaration given by the user; when null, the audit looks for the site's policy page. */
  declared: DeclaredTable | null;
  language: Language;
  knowledge: Knowledge;
  environment: Record<string, unknown>;
}

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

  for (const [index, name] of options.phases.entries()) {
    try {
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
            ({ declared, error: declaredError } = await discoverDeclaration(browser, tabId));
            if (declared) declared = { ...declared, origin: 'discovered' };
          }
          const pages = await followLinks(browser, page, tabId, visit.site, options);
          phase = withFollowedPages(phase, pages, Date.now());
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
          if (result.method === 'autoconsent' && !choiceRecorded(before, result)) {
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
          phase = afterChoicePhase(name, before, after, result, readable, banner, Date.now());
          const pages = await followLinks(browser, page, tabId, after.site, options);
          phase = withFollowedPages(phase, pages, Date.now());
          phase.choice = describeChoice(result, phase.visit.consent, phase.endedAt);
        }
        site = site || (await getVisit(browser, tabId)).site;
        for (const r of phase.visit.requests)
          if (origins.size < MAX_ORIGINS_CLEARED) origins.add(`https://${r.host}`);
        observed.push(phase);
      } finally {
        await page.close().catch(() => {});
      }
    } catch (error) {
      // A browser that closed or crashed mid-phase leaves no report: never a partial pass.
      if (await browser.closed(1000))
        throw new AuditInterruptedError(
          `The audit of ${url} was interrupted in phase ${index + 1} of ${options.phases.length} (${name}): the browser closed or crashed, so no report was made for it.`,
        );
      throw error;
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
    audit: {
      status: 'complete',
      planned: [...options.phases],
      completed: observed.map((p) => p.name),
      restarted: [],
      runner: 'command-line',
    },
  });
  return report;
}

/**
 * Opens the same-site pages the phase's page links to, one after the other in the same tab, and
 * observes each as long as the phase's page. A page that fails to load or leaves the site is
 * left out.
 */
async function followLinks(
  browser: ExtensionBrowser,
  page: Page,
  tabId: number,
  site: string,
  options: AuditRunOptions,
): Promise<Visit[]> {
  if (!options.followLinks) return [];
  const links = await page
    .evaluate(() =>
      Array.from(document.querySelectorAll('a[href]'))
        .slice(0, 2000)
        .map((a) => ({ href: (a as HTMLAnchorElement).href })),
    )
    .catch(() => []);
  const visits: Visit[] = [];
  for (const target of sameSiteLinks(links, page.url(), site, options.followLinks)) {
    try {
      await load(page, target);
    } catch {
      continue;
    }
    await page.waitForTimeout(options.waitMs);
    const visit = await getVisit(browser, tabId);
    if (visit.site === site && visit.url === page.url()) visits.push(visit);
  }
  return visits;
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

/** The browser went away during a phase: the site has no report (exit 2, one sentence). */
export class AuditInterruptedError extends UsageError {}

async function getVisit(browser: ExtensionBrowser, tabId: number): Promise<Visit> {
  const visit = await browser.send({ type: 'get-visit', tabId });
  if (!visit) throw new Error(`the extension holds no visit for tab ${tabId}`);
  return visit;
}

/**
 * The site's declaration, found by the extension as it finds it for a visitor (one
 * implementation: the consent platform's own list, else the cookie table of the policy page on
 * the same site the audited page links to), looked for now rather than taken from its cache.
 */
async function discoverDeclaration(
  browser: ExtensionBrowser,
  tabId: number,
): Promise<{ declared: DeclaredTable | null; error: string | null }> {
  const found = await browser.send({ type: 'discover-declaration', tabId, refresh: true });
  if (!found) return { declared: null, error: 'the extension could not look at the page' };
  return { declared: found.table, error: found.table ? null : found.note };
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
