import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'htmlparser2';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditSite } from '../../cli/audit-run.ts';
import { loadKnowledge } from '../../lib/knowledge/load-knowledge.ts';
import type { Visit } from '../../lib/observe/visit.ts';
import { exportReport } from '../../lib/report/export.ts';
import type { AuditReport } from '../../lib/report/types.ts';
import { assertValidReport } from '../support/validate-report.ts';
import { OUTPUT, reportOf, startHarness, type Harness } from './harness.ts';

const ATTACK = 'https://hostile.example.dk/attack.html';
const FORGE = 'https://hostile.example.dk/forge.html';
const CALM = 'https://calm.example.org/';
const HOSTILE_ORIGIN = 'https://hostile.example.dk';
/** What the payloads set if they ever run. */
const SENTINEL = '__clPwned';
const IMG = '<img src=x onerror=window.__clPwned=1>';

/** Everything the calm site does, and nothing else (test/fixtures/sites/calm.example.org). */
const CALM_COOKIES = ['calm_js', 'calm_pref'];
const CALM_STORAGE = [
  'localStorage calm_key',
  ...Array.from({ length: 8 }, (_, i) => `sessionStorage calm_tick_${i}`),
];

/**
 * A hostile page against the extension: forged page-world messages claiming another tab and
 * origin, a flood, built-ins replaced after the page-world script's hooks, frames it creates to
 * get at unhooked setters, a prefetch meant to replace its visit, and markup payloads in every
 * name the extension shows. A calm site stays open beside it the whole time.
 */
describe('a hostile page', () => {
  let h: Harness;
  let calm: { page: Page; tabId: number };
  let attack: { page: Page; tabId: number };
  let forge: { page: Page; tabId: number };
  const dialogs: string[] = [];

  async function open(url: string): Promise<{ page: Page; tabId: number }> {
    const page = await h.browser.context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(`${url}: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(url);
    const visits = await h.browser.send({ type: 'list-visits' });
    const tabId = visits.find((v) => v.url === url)?.tabId;
    if (tabId === undefined) throw new Error(`no visit for ${url}`);
    return { page, tabId };
  }

  const visitOf = async (tabId: number): Promise<Visit> => {
    const visit = await h.browser.send({ type: 'get-visit', tabId });
    if (!visit) throw new Error(`no visit for tab ${tabId}`);
    return visit;
  };

  beforeAll(async () => {
    h = await startHarness();
    calm = await open(CALM);
    attack = await open(ATTACK);
    forge = await open(FORGE);
    await forge.page.waitForFunction(
      () => (window as { __hostile?: { done?: boolean } }).__hostile?.done === true,
      null,
      { timeout: 60_000 },
    );
    await calm.page.waitForFunction(() => (window as { calmDone?: boolean }).calmDone === true);
    // The key scan runs every second; the last writes need one more.
    await attack.page.waitForTimeout(1500);
  }, 120_000);

  afterAll(async () => h?.close());

  test('the calm site open beside it has exactly its own records', async () => {
    const report = await reportOf(h, calm.tabId);
    assertValidReport(report);
    expect(report.cookies.map((c) => c.name).sort()).toEqual(CALM_COOKIES);
    expect(report.storage.map((s) => `${s.kind} ${s.key}`).sort()).toEqual(CALM_STORAGE.sort());
    expect(new Set(report.storage.map((s) => s.origin))).toEqual(
      new Set(['https://calm.example.org']),
    );
    expect(new Set(report.requests.map((r) => r.host))).toEqual(new Set(['calm.example.org']));
    expect(report.phases[0]?.consent.decision).toBe('none');
    expect(report.limits?.dropped).toEqual({
      requests: 0,
      cookies: 0,
      storage: 0,
      consentEvents: 0,
    });
    const visit = await visitOf(calm.tabId);
    expect(visit.interactions).toEqual([]);
  });

  test('forged records count only for the page that sent them, in its own origin', async () => {
    const report = await reportOf(h, forge.tabId);
    const keys = report.storage.map((s) => s.key);
    // The content script keeps a record's own fields and the background takes tab, frame and
    // origin from the browser: "tabId" and "origin" in a message change nothing.
    expect(keys).toEqual(
      expect.arrayContaining(['forged_for_calm', 'forged_session', 'forged_found', 'forged_db']),
    );
    for (const s of report.storage) expect(s.origin).toBe(HOSTILE_ORIGIN);
    for (const other of [calm.tabId, attack.tabId]) {
      const elsewhere = await reportOf(h, other);
      expect(elsewhere.storage.map((s) => s.key).filter((k) => k.startsWith('forged'))).toEqual([]);
    }
    // Nobody clicked: a page cannot claim the visitor did.
    expect((await visitOf(forge.tabId)).interactions).toEqual([]);
    // The forged cookie write for another site paired with no cookie: nothing recorded.
    expect(report.cookies.map((c) => c.name)).not.toContain('forged_cookie');
    // Page messages shaped as runtime messages went nowhere; a page has no runtime messaging.
    expect(
      await forge.page.evaluate(() => (window as { __hostile?: unknown }).__hostile),
    ).toMatchObject({ runtime: false });
  });

  test('a flood is cut, counted as dropped, and the page is observed again afterwards', async () => {
    const report = await reportOf(h, forge.tabId);
    const floodMessages = await forge.page.evaluate(
      () => (window as { __hostile?: { floodMessages?: number } }).__hostile?.floodMessages ?? 0,
    );
    const flooded = floodMessages * 500;
    const kept = report.storage
      .filter((s) => s.key.startsWith('flood_'))
      .reduce((sum, s) => sum + s.writes, 0);
    expect(flooded).toBeGreaterThan(100_000);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(flooded);
    // What the budget refused is in the report; the page's own forged "dropped" records add 7 each.
    expect(report.limits?.dropped.storage).toBeGreaterThanOrEqual(flooded - kept);
    expect(report.storage.find((s) => s.key === 'after_flood')).toMatchObject({ writes: 1 });
    // A storage flood does not starve the cookie writes that say who set a cookie.
    expect(report.cookies.find((c) => c.name === 'after_flood_cookie')).toMatchObject({
      setBy: 'script',
      initiator: 'hostile.example.dk',
    });
  });

  test('the hooks keep working after the page replaces built-ins and swallows messages', async () => {
    const report = await reportOf(h, attack.tabId);
    // The page did listen for the extension's messages and stopped each one it saw...
    expect(Number(await attack.page.getAttribute('html', 'data-swallowed'))).toBeGreaterThan(0);
    expect(await attack.page.getAttribute('html', 'data-overridden')).toBe('yes');
    // ...yet every real write after the overrides is on record, with its real author: the
    // page's forged stack formatter does not name "forged.example".
    const cookie = (name: string) => report.cookies.find((c) => c.name === name);
    expect(cookie('after_override')).toMatchObject({
      setBy: 'script',
      initiator: 'hostile.example.dk',
    });
    expect(cookie('after_override_store')).toMatchObject({ setBy: 'script' });
    const storage = report.storage.map((s) => `${s.kind} ${s.key} ${s.writes}`);
    expect(storage).toEqual(
      expect.arrayContaining([
        'localStorage after_override_key 1',
        'sessionStorage after_override_session 1',
        'localStorage after_override_prop 1',
        'indexedDB after_override_db 1',
      ]),
    );
    expect(report.cookies.map((c) => c.initiator)).not.toContain('forged.example');
  });

  test('frames the page creates to reach unhooked setters are hooked too', async () => {
    const report = await reportOf(h, attack.tabId);
    const cookie = (name: string) => report.cookies.find((c) => c.name === name);
    // about:blank and srcdoc frames get the page-world script as they are created; the setter
    // borrowed from the blank frame is that frame's hook.
    for (const name of ['blank_frame_cookie', 'borrowed_setter_cookie', 'srcdoc_frame_cookie'])
      expect(cookie(name), name).toMatchObject({
        setBy: 'script',
        initiator: 'hostile.example.dk',
      });
    // A blob: frame is cookie-averse but shares the page's storage: it is hooked as well
    // (match_origin_as_fallback), so its write is counted once, not found by a scan.
    const storage = report.storage.map((s) => `${s.kind} ${s.origin} ${s.key} ${s.writes}`);
    expect(storage).toEqual(
      expect.arrayContaining([
        `localStorage ${HOSTILE_ORIGIN} blank_frame_key 1`,
        `localStorage ${HOSTILE_ORIGIN} blob_frame_key 1`,
      ]),
    );
  });

  test('what another tab of the same origin writes is not this tab’s', async () => {
    const attackReport = await reportOf(h, attack.tabId);
    const forgeReport = await reportOf(h, forge.tabId);
    const attackKeys = attackReport.storage.map((s) => s.key);
    expect(forgeReport.storage.map((s) => s.key)).toContain('after_flood');
    expect(attackKeys).not.toContain('after_flood');
    expect(attackKeys.filter((k) => k.startsWith('flood_') || k.startsWith('forged'))).toEqual([]);
    // The browser's cookie event names no tab; once the forge tab's script write explains it,
    // the attack tab (which had contacted the same host) no longer holds it.
    expect(forgeReport.cookies.map((c) => c.name)).toContain('after_flood_cookie');
    expect(attackReport.cookies.map((c) => c.name)).not.toContain('after_flood_cookie');
  });

  test('a page loaded ahead of time (speculation rules) does not replace the visit', async () => {
    // The browser did fetch the decoy, marked as a prefetch...
    const decoy = h.server.requests.filter(
      (r) => r.host === 'hostile.example.dk' && r.url === '/decoy.html',
    );
    expect(decoy.map((r) => r.headers['sec-purpose'])).toContain('prefetch');
    // ...and the tab's visit is still the page it shows, with its records.
    const visit = await visitOf(attack.tabId);
    expect(visit.url).toBe(ATTACK);
    expect(visit.requests.map((r) => r.url)).not.toContain('https://hostile.example.dk/decoy.html');
    expect(visit.cookies.length).toBeGreaterThan(5);
  });

  test('the popup shows every payload as text, and none of them runs', async () => {
    const popup = await h.browser.context.newPage();
    popup.on('dialog', (d) => {
      dialogs.push(`popup: ${d.message()}`);
      void d.dismiss();
    });
    await popup.setViewportSize({ width: 780, height: 900 });
    await popup.goto(
      `chrome-extension://${h.browser.extensionId}/popup.html?tabId=${attack.tabId}`,
    );
    await popup.getByTestId('cookie-list').waitFor();
    for (const name of [
      '</td><script>alert(document.domain)</script>',
      'javascript:alert(document.domain)',
      '<svg><script>alert(document.domain)</script></svg>',
    ])
      expect(await popup.locator('tr[data-cookie]').filter({ hasText: name }).count(), name).toBe(
        1,
      );
    await popup.locator('#popup-tab-storage').click();
    await popup.getByTestId('storage-list').waitFor();
    const keys = await popup.locator('tr[data-key] .name').allTextContents();
    expect(keys).toEqual(
      expect.arrayContaining([
        IMG,
        'javascript:window.__clPwned=1',
        '<iframe src=javascript:window.__clPwned=1>',
        '<img src=x onerror=window.__clPwned=1 data-db>',
      ]),
    );
    for (const tab of ['#popup-tab-requests', '#popup-tab-declaration', '#popup-tab-cookies'])
      await popup.locator(tab).click();
    await popup.waitForTimeout(500);
    expect(await unexpectedElements(popup)).toEqual([]);
    expect(await popup.evaluate((s) => s in window, SENTINEL)).toBe(false);
    mkdirSync(OUTPUT, { recursive: true });
    await popup.screenshot({ path: join(OUTPUT, 'popup-hostile-attack.png'), fullPage: true });
    await popup.close();
    expect(dialogs).toEqual([]);
  });

  test('the HTML report of an audit shows the payloads, policy table included, as text', async () => {
    const report: AuditReport = await auditSite(h.browser, ATTACK, {
      phases: ['initial'],
      waitMs: 1500,
      declared: null,
      language: 'en',
      knowledge: loadKnowledge(),
      environment: { extensionVersion: '0.1.0' },
    });
    assertValidReport(report);
    // The policy page's cookie table was found despite the page's broken built-ins.
    expect(report.declared?.cookies.map((c) => c.name)).toContain(IMG);
    const html = exportReport([report], 'html', { language: 'en' });
    const parsed = parseHtml(html);
    expect(parsed.scripts).toEqual([]);
    expect(parsed.handlers).toEqual([]);
    expect(parsed.images.filter((src) => !src.startsWith('data:'))).toEqual([]);
    expect(parsed.hrefs.filter((href) => /^\s*javascript:/i.test(href))).toEqual([]);
    for (const text of [
      IMG,
      '<script>window.__clPwned=1</script>',
      'javascript:window.__clPwned=1',
      '</td><script>alert(document.domain)</script>',
    ])
      expect(parsed.text, text).toContain(text);
    // Opened in a browser, nothing in it runs either.
    const page = await h.browser.context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(`report: ${d.message()}`);
      void d.dismiss();
    });
    await page.setContent(html, { waitUntil: 'load' });
    await page.waitForTimeout(300);
    expect(await unexpectedElements(page)).toEqual([]);
    expect(await page.evaluate((s) => s in window, SENTINEL)).toBe(false);
    await page.close();
    expect(dialogs).toEqual([]);
  }, 60_000);
});

/** Elements a payload would have created: scripts, frames, handlers, images that are not ours. */
async function unexpectedElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      const tag = el.tagName.toLowerCase();
      // The extension page's own bundles are scripts with a src in <head>; nothing else may be.
      if (tag === 'script' && (el.closest('head') === null || !el.getAttribute('src')))
        found.push('<script>');
      if (tag === 'iframe' || tag === 'object' || tag === 'embed') found.push(`<${tag}>`);
      if (tag === 'img' && !(el.getAttribute('src') ?? '').startsWith('data:'))
        found.push(`<img src=${el.getAttribute('src')}>`);
      for (const attr of Array.from(el.attributes))
        if (attr.name.startsWith('on')) found.push(`<${tag} ${attr.name}>`);
      if (tag === 'a' && /^\s*javascript:/i.test(el.getAttribute('href') ?? ''))
        found.push('<a href=javascript:>');
    }
    return found;
  });
}

function parseHtml(html: string): {
  text: string;
  scripts: string[];
  handlers: string[];
  images: string[];
  hrefs: string[];
} {
  const out = {
    text: '',
    scripts: [] as string[],
    handlers: [] as string[],
    images: [] as string[],
    hrefs: [] as string[],
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'script') out.scripts.push(attributes.src ?? 'inline');
        if (name === 'img') out.images.push(attributes.src ?? '');
        if (attributes.href !== undefined) out.hrefs.push(attributes.href);
        for (const attr of Object.keys(attributes))
          if (attr.startsWith('on')) out.handlers.push(`${name} ${attr}`);
      },
      ontext(text) {
        out.text += text;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out;
}
