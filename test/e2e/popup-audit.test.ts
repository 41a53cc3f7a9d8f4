import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditRun } from '../../lib/audit/run-state.ts';
import type { AuditReport } from '../../lib/report/types.ts';
import { defaultSettings, SETTINGS_VERSION } from '../../lib/storage/settings.ts';
import { consentSite } from '../fixtures/consent-sites.ts';
import { DEMO_SHOP_VIOLATIONS } from '../fixtures/demo-shop.ts';
import { assertValidReport } from '../support/validate-report.ts';
import { OUTPUT, startHarness, visit, type Harness } from './harness.ts';

const SHOP = 'https://shop.example.dk/';
const KLARO = consentSite('klaro.example.com');
/** Another site: nothing of it may be touched by an audit of the shop. */
const OTHER = 'https://osano.example.com/';

/** `phase rule subject`, with the subject named as the fixture manifests name it. */
function keysOf(report: AuditReport): string[] {
  const keys = report.violations.map((v) => {
    const phase = report.phases.find((p) => p.name === v.phase);
    const subject =
      v.rule === 'implicit-consent'
        ? phase?.consent.source
        : (v.subject.name ?? v.subject.host ?? v.subject.key ?? v.subject.kind);
    return `${v.phase} ${v.rule} ${subject}`;
  });
  return [...new Set(keys)].sort();
}

/** Saves the audit settings as the options page would; the background follows them. */
async function saveAuditSettings(h: Harness, followLinks: number): Promise<void> {
  await h.browser.extensionPage.evaluate(
    async ({ settings, version }) => {
      await chrome.storage.local.set({ settings, settings$: { v: version } });
    },
    {
      // A short settle time, as the command-line tests use `--wait 800`.
      settings: {
        ...defaultSettings(),
        audit: { ...defaultSettings().audit, settleSeconds: 1, followLinks },
      },
      version: SETTINGS_VERSION,
    },
  );
  await new Promise((r) => setTimeout(r, 200));
}

describe('"Audit this site" in the popup', () => {
  let h: Harness;

  const auditSettings = (followLinks: number) => saveAuditSettings(h, followLinks);

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    h = await startHarness();
    await auditSettings(0);
  });

  afterAll(async () => {
    await h?.close();
  });

  async function openPopup(tabId: number): Promise<Page> {
    const popup = await h.browser.context.newPage();
    await popup.setViewportSize({ width: 780, height: 900 });
    await popup.goto(`chrome-extension://${h.browser.extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByTestId('audit-start').first().waitFor();
    return popup;
  }

  async function status(tabId: number): Promise<{ run: AuditRun; report: AuditReport | null }> {
    const answer = await h.browser.send({ type: 'audit-status', tabId });
    if (!answer) throw new Error(`no audit of tab ${tabId}`);
    return answer;
  }

  /** Waits until the run is in `phase` (or later) and still running. */
  async function reachPhase(tabId: number, phase: number): Promise<void> {
    await expect
      .poll(async () => (await status(tabId)).run.phaseIndex, { timeout: 60_000, interval: 200 })
      .toBeGreaterThanOrEqual(phase);
    expect((await status(tabId)).run.status).toBe('running');
  }

  /** Opens the popup for a fresh tab on `url`, clicks "Audit this site" and waits for the verdict. */
  async function auditInPopup(
    url: string,
    screenshots?: string,
    before?: (page: Page) => Promise<void>,
  ): Promise<{ popup: Page; page: Page; tabId: number; report: AuditReport; progress: string[] }> {
    const { page, tabId } = await visit(h, url);
    await before?.(page);
    const popup = await openPopup(tabId);
    await popup.getByTestId('audit-start').first().click();
    const progress: string[] = [];
    await popup.getByTestId('audit-progress').waitFor();
    // Read the progress line until the verdict replaces it.
    while ((await popup.getByTestId('verdict').count()) === 0) {
      const line = await popup
        .getByTestId('audit-phase')
        .textContent({ timeout: 500 })
        .catch(() => null);
      if (line && progress.at(-1) !== line) {
        if (
          screenshots &&
          line.startsWith('Phase 2') &&
          !progress.some((l) => l.startsWith('Phase 2'))
        )
          await popup.screenshot({ path: join(OUTPUT, `${screenshots}-progress.png`) });
        progress.push(line);
      }
      await popup.waitForTimeout(250);
      if (progress.length > 400) throw new Error('the audit did not end');
    }
    const { run, report } = await status(tabId);
    expect(run.status).toBe('done');
    if (!report) throw new Error('the audit made no report');
    assertValidReport(report);
    return { popup, page, tabId, report, progress };
  }

  test('the demo shop: three phases, the choices by their Danish words, exactly its planted violations, and only its own data cleared', async () => {
    // Data of another site, of a third party the shop contacts, and stale data of the shop itself.
    const other = await h.browser.context.newPage();
    await other.goto(OTHER, { waitUntil: 'load' });
    await other.evaluate(() => {
      document.cookie = 'survivor=yes; path=/; max-age=3600; secure; samesite=lax';
      localStorage.setItem('survivor', 'yes');
    });
    await h.browser.context.addCookies([
      {
        name: 'visitor_login',
        value: 'keep',
        domain: '.facebook.com',
        path: '/',
        secure: true,
        sameSite: 'None',
        expires: Math.floor(Date.now() / 1000) + 3600,
      },
      {
        name: 'stale_cart',
        value: 'old',
        domain: 'shop.example.dk',
        path: '/',
        secure: true,
        expires: Math.floor(Date.now() / 1000) + 3600,
      },
    ]);

    const { popup, page, report, progress } = await auditInPopup(SHOP, 'popup-audit', (shop) =>
      shop.evaluate(() => {
        localStorage.setItem('stale_key', 'old');
        sessionStorage.setItem('stale_session', 'old');
      }),
    );
    expect(progress.length).toBeGreaterThan(2);
    for (const line of progress)
      expect(line).toMatch(
        /^(Phase [123] of 3: (before consent|after reject|after accept) — \d+ s|Writing the report — \d+ s)$/,
      );
    expect(progress.some((l) => l.startsWith('Phase 2 of 3: after reject'))).toBe(true);

    expect(report.phases.map((p) => [p.name, p.consent.decision, p.consent.source])).toEqual([
      ['initial', 'none', null],
      ['after-reject', 'reject', 'cookieinformation'],
      ['after-accept', 'accept', 'cookieinformation'],
    ]);
    expect(report.phases[1]?.choice).toMatchObject({
      method: 'heuristic',
      label: 'Afvis alle',
      clicked: true,
      applied: true,
    });
    expect(report.phases[2]?.choice).toMatchObject({
      method: 'heuristic',
      label: 'Accepter alle',
      clicked: true,
      applied: true,
    });
    expect(report.declared).toMatchObject({
      source: 'policy-page',
      url: 'https://shop.example.dk/privatlivspolitik',
    });
    // What the command line finds on the same site (test/e2e/audit-cli.test.ts).
    expect(keysOf(report)).toEqual(DEMO_SHOP_VIOLATIONS);
    expect(report.audit).toEqual({
      status: 'complete',
      planned: ['initial', 'after-reject', 'after-accept'],
      completed: ['initial', 'after-reject', 'after-accept'],
      restarted: [],
      runner: 'extension',
    });

    // The popup ends on the verdict of the three-phase report.
    expect(await popup.getByTestId('audit-complete').textContent()).toContain(
      'Before consent, After reject, After accept',
    );
    const rules = await popup
      .getByTestId('severity-high')
      .locator('details.violation')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
    expect(rules).toEqual(expect.arrayContaining(['cookie-before-consent', 'cookie-after-reject']));
    expect(await popup.locator('figure.timeline img').count()).toBe(3);
    await popup.screenshot({ path: join(OUTPUT, 'popup-audit.png') });

    // Only the shop's own data was cleared.
    const cookies = await h.browser.context.cookies([OTHER, 'https://www.facebook.com/', SHOP]);
    const names = cookies.map((c) => `${c.name}@${c.domain}`);
    expect(names).toContain('survivor@osano.example.com');
    expect(names).toContain('visitor_login@.facebook.com');
    expect(names).not.toContain('stale_cart@shop.example.dk');
    expect(
      await page.evaluate(() => [
        localStorage.getItem('stale_key'),
        sessionStorage.getItem('stale_session'),
      ]),
    ).toEqual([null, null]);
    await other.reload({ waitUntil: 'load' });
    expect(await other.evaluate(() => localStorage.getItem('survivor'))).toBe('yes');
    await other.close();
    await page.close();
    await popup.close();
  });

  test('a real consent library (Klaro): autoconsent makes both choices, a followed same-site page joins each phase, and the report has exactly the planted violations', async () => {
    await auditSettings(1);
    const { report, page, popup } = await auditInPopup(KLARO.url).finally(() => auditSettings(0));
    for (const phase of ['initial', 'after-reject', 'after-accept'])
      expect(
        report.requests.filter(
          (r) => r.type === 'main_frame' && r.phase === phase && r.url.endsWith('/privacy'),
        ),
      ).toHaveLength(1);
    expect(report.environment?.followLinks).toBe(1);
    for (const phase of report.phases.slice(1))
      expect(phase.choice).toMatchObject({
        method: 'autoconsent',
        cmp: 'Klaro',
        clicked: true,
        applied: true,
      });
    expect(keysOf(report)).toEqual(
      [...new Set(KLARO.planted.map((p) => `${p.phase} ${p.rule} ${p.subject}`))].sort(),
    );
    await page.close();
    await popup.close();
  });

  test('the site’s own banner buttons, named in the options page, are what the audit clicks', async () => {
    const options = await h.browser.context.newPage();
    await options.goto(`chrome-extension://${h.browser.extensionId}/options.html`);
    await options.getByTestId('settings-form').waitFor();
    await options.getByLabel('Add a site').fill('https://shop.example.dk/');
    await options.getByRole('button', { name: 'Add', exact: true }).click();
    await options.getByTestId('reject-selector').fill('#banner-reject');
    await options.getByTestId('accept-selector').fill('#banner-accept');
    await options.getByTestId('save-settings').click();
    await expect.poll(() => options.getByRole('status').textContent()).toContain('saved');
    await options.close();
    try {
      const { report, page, popup } = await auditInPopup(SHOP);
      expect(report.phases.slice(1).map((p) => p.choice)).toEqual([
        expect.objectContaining({
          method: 'selector',
          detail: '#banner-reject',
          label: 'Afvis alle',
          clicked: true,
          applied: true,
        }),
        expect.objectContaining({
          method: 'selector',
          detail: '#banner-accept',
          label: 'Accepter alle',
          clicked: true,
          applied: true,
        }),
      ]);
      expect(keysOf(report)).toEqual(DEMO_SHOP_VIOLATIONS);
      await page.close();
      await popup.close();
    } finally {
      await auditSettings(0);
    }
  });

  test('Cancel stops the run: no report, and the tab is left alone', async () => {
    const { page, tabId } = await visit(h, SHOP);
    const popup = await openPopup(tabId);
    await popup.getByTestId('audit-start').first().click();
    await popup.getByTestId('audit-progress').waitFor();
    await reachPhase(tabId, 1);
    await popup.getByTestId('audit-cancel').click();
    await expect
      .poll(() => popup.getByTestId('audit-notice').textContent(), { timeout: 20_000 })
      .toContain('cancelled');
    const { run, report } = await status(tabId);
    expect(run.status).toBe('cancelled');
    expect(report).toBeNull();
    // Nothing goes on in the tab: no further page load.
    const loads = async () =>
      (await h.browser.send({ type: 'list-visits' })).find((v) => v.tabId === tabId)?.startedAt;
    const before = await loads();
    await page.waitForTimeout(4000);
    expect(await loads()).toBe(before);
    await page.close();
    await popup.close();
  });

  test('a service worker stopped mid-audit: the phase starts again and the result is still exact', async () => {
    const { page, tabId } = await visit(h, SHOP);
    const popup = await openPopup(tabId);
    await popup.getByTestId('audit-start').first().click();
    await reachPhase(tabId, 1);
    await expect
      .poll(async () => (await status(tabId)).run.step, { timeout: 20_000, interval: 100 })
      .toBe('choosing');
    const cdp = await h.browser.context.newCDPSession(h.browser.extensionPage);
    const statuses: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', (e) =>
      statuses.push(...e.versions.map((v) => v.runningStatus)),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect.poll(() => statuses.includes('stopped')).toBe(true);
    // The popup keeps asking for progress, which wakes the worker; it picks the run up.
    await popup.getByTestId('verdict').waitFor({ timeout: 120_000 });
    expect(statuses.slice(statuses.indexOf('stopped'))).toContain('running');
    await cdp.detach();
    const { run, report } = await status(tabId);
    expect(run.status).toBe('done');
    if (!report) throw new Error('no report');
    assertValidReport(report);
    expect(report.audit).toMatchObject({ status: 'complete', restarted: ['after-reject'] });
    expect(keysOf(report)).toEqual(DEMO_SHOP_VIOLATIONS);
    expect(await popup.getByTestId('audit-restarted').textContent()).toContain('After reject');
    await page.close();
    await popup.close();
  });

  test('the audited tab closed mid-audit: the report says interrupted, never a pass', async () => {
    const { page, tabId } = await visit(h, KLARO.url);
    const popup = await openPopup(tabId);
    await popup.getByTestId('audit-start').first().click();
    await reachPhase(tabId, 1);
    await page.close();
    await popup.getByTestId('audit-interrupted').waitFor({ timeout: 30_000 });
    const { run, report } = await status(tabId);
    expect(run).toMatchObject({ status: 'interrupted', reason: 'tab-closed' });
    if (!report) throw new Error('no report of the finished phase');
    assertValidReport(report);
    expect(report.phases.map((p) => p.name)).toEqual(['initial']);
    expect(report.audit).toMatchObject({
      status: 'interrupted',
      planned: ['initial', 'after-reject', 'after-accept'],
      completed: ['initial'],
    });
    expect(await popup.getByTestId('audit-interrupted').textContent()).toContain(
      'only 1 of 3 phases finished',
    );
    expect(await popup.getByTestId('verdict-calm').count()).toBe(0);
    await popup.close();
  });
});

describe('a browser restarted mid-audit', () => {
  test('the popup of the audited site says the audit was cut off and made no report', async () => {
    const profileDir = mkdtempSync(join(tmpdir(), 'consentlens-restart-'));
    try {
      const first = await startHarness({ profileDir });
      try {
        await saveAuditSettings(first, 0);
        const { tabId } = await visit(first, SHOP);
        expect(await first.browser.send({ type: 'start-audit', tabId })).toEqual({
          started: true,
        });
        await expect
          .poll(
            async () =>
              (await first.browser.send({ type: 'audit-status', tabId }))?.run.phaseIndex ?? 0,
            { timeout: 60_000, interval: 200 },
          )
          .toBe(1);
      } finally {
        await first.close();
      }

      const again = await startHarness({ profileDir });
      try {
        const { tabId, page } = await visit(again, SHOP);
        expect(await again.browser.send({ type: 'audit-status', tabId })).toBeNull();
        const popup = await again.browser.context.newPage();
        await popup.goto(
          `chrome-extension://${again.browser.extensionId}/popup.html?tabId=${tabId}`,
        );
        await expect
          .poll(() => popup.getByTestId('audit-notice').textContent())
          .toMatch(
            /^\s*The audit of shop\.example\.dk started at [\d:]+ was interrupted in phase 2 of 3 when the browser or the extension restarted\. It made no report: run it again\.\s*$/,
          );
        // Another site's popup is not told.
        const other = await visit(again, KLARO.url);
        const otherPopup = await again.browser.context.newPage();
        await otherPopup.goto(
          `chrome-extension://${again.browser.extensionId}/popup.html?tabId=${other.tabId}`,
        );
        await otherPopup.getByTestId('verdict').waitFor();
        expect(await otherPopup.getByTestId('audit-notice').count()).toBe(0);
        // A new audit of the site clears the note.
        await popup.getByTestId('audit-start').first().click();
        await popup.getByTestId('audit-progress').waitFor();
        await again.browser.send({ type: 'cancel-audit', tabId });
        expect(await again.browser.send({ type: 'audit-cut-off', tabId })).toBeNull();
        await page.close();
      } finally {
        await again.close();
      }
    } finally {
      rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  });
});

declare const chrome: {
  storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
};
