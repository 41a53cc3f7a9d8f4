// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { readCatalog } from '../../../entrypoints/shared/messages.ts';
import { RULES_BY_ID } from '../../../lib/rules/index.ts';
import type { AuditReport } from '../../../lib/report/types.ts';
import { cleanReport, HOSTILE, hostileReport } from '../report/fixture.ts';
import { loadUiBundle, removeUiBundles, ROOT, type UiBundle } from './build-components.ts';
import { largeReport } from './large-report.ts';

let ui: UiBundle;
const catalog = (language: 'en' | 'da') =>
  readCatalog(
    JSON.parse(readFileSync(resolve(ROOT, `public/_locales/${language}/messages.json`), 'utf8')),
  );

beforeAll(async () => {
  ui = await loadUiBundle();
}, 120_000);
afterAll(removeUiBundles);

let mounted: { component: Record<string, unknown>; target: HTMLElement } | null = null;
afterEach(async () => {
  if (mounted) await ui.unmount(mounted.component);
  mounted?.target.remove();
  mounted = null;
});

function render(
  report: AuditReport,
  language: 'en' | 'da' = 'en',
  withTimelines = false,
  extra: Record<string, unknown> = {},
): HTMLElement {
  ui.i18n.set(language, catalog(language), catalog('en'));
  const view = ui.popupVerdict(report, { language, timeZone: 'UTC' });
  const timelines = withTimelines ? ui.popupTimelines(report, { language }) : null;
  const target = document.createElement('div');
  document.body.appendChild(target);
  const component = ui.mount(ui.Popup, {
    target,
    props: { view, timelines, onexport: () => {}, ...extra },
  });
  ui.flushSync();
  mounted = { component, target };
  return target;
}

const text = (el: Element | null): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('verdict', () => {
  test('counts violations by severity and lists them', () => {
    const root = render(hostileReport());
    const counts = [...root.querySelectorAll('.severity-counts li')].map((li) => [
      li.getAttribute('data-severity'),
      li.getAttribute('data-count'),
    ]);
    expect(counts).toEqual([
      ['high', '4'],
      ['medium', '2'],
      ['low', '1'],
      ['info', '1'],
    ]);
    expect(root.querySelectorAll('[data-testid="severity-high"] details.violation')).toHaveLength(
      4,
    );
  });

  test('a clean page reads calmly', () => {
    const root = render(cleanReport());
    expect(text(root.querySelector('[data-testid="verdict-calm"]'))).toBe(
      'No violations found on this page',
    );
    expect(root.querySelector('details.violation')).toBeNull();
  });

  test('an interrupted audit is never a pass, even with nothing found in its finished phases', () => {
    const report: AuditReport = {
      ...cleanReport(),
      audit: {
        status: 'interrupted',
        planned: ['initial', 'after-reject', 'after-accept'],
        completed: ['initial'],
        restarted: [],
        runner: 'extension',
        reason: 'The audited tab was closed during phase 2 of 3 (after-reject).',
      },
    };
    const root = render(report);
    expect(root.querySelector('[data-testid="verdict-calm"]')).toBeNull();
    expect(text(root.querySelector('[data-testid="verdict-incomplete"]'))).toBe(
      'No violations in the phases that finished — but the audit is incomplete.',
    );
    const notice = root.querySelector('[data-testid="audit-interrupted"]');
    expect(notice?.getAttribute('role')).toBe('alert');
    expect(text(notice)).toBe(
      'Audit interrupted: only 1 of 3 phases finished. This is not a pass. The audited tab was closed during phase 2 of 3 (after-reject).',
    );
  });

  test('a finished audit names its phases, and any it ran again, in the UI language', () => {
    const report: AuditReport = {
      ...cleanReport(),
      audit: {
        status: 'complete',
        planned: ['initial', 'after-reject', 'after-accept'],
        completed: ['initial', 'after-reject', 'after-accept'],
        restarted: ['after-reject'],
        runner: 'extension',
      },
    };
    const root = render(report, 'da');
    expect(text(root.querySelector('[data-testid="audit-complete"]'))).toBe(
      'Gennemgang afsluttet: Før samtykke, Efter afvisning, Efter accept.',
    );
    expect(text(root.querySelector('[data-testid="audit-restarted"]'))).toContain(
      'Efter afvisning',
    );
    expect(root.querySelector('[data-testid="verdict-calm"]')).not.toBeNull();
  });

  test('opening an entry shows its message, evidence and remediation', () => {
    const root = render(hostileReport());
    const details = root.querySelector('details.violation') as HTMLDetailsElement;
    expect(details.querySelector('.remediation')).toBeNull();
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    ui.flushSync();
    expect(text(details.querySelector('.remediation'))).toBe(
      RULES_BY_ID['cookie-before-consent'].remediation.en,
    );
    expect(details.querySelectorAll('.evidence dt').length).toBeGreaterThan(3);
  });

  test('in Danish', () => {
    const root = render(hostileReport(), 'da');
    expect(text(root.querySelector('#verdict-heading'))).toBe('Vurdering');
    expect(text(root.querySelector('[data-testid="severity-high"] h3'))).toBe(
      'Høj alvorlighed (4)',
    );
    expect(text(root.querySelector('[data-testid="consent-state"]'))).toBe(
      'Samtykke: Accepteret alle',
    );
  });
});

describe('hostile page content', () => {
  test('is shown as text and never becomes markup', () => {
    const root = render(hostileReport(), 'en', true);
    // Open every entry, so the evidence is rendered too.
    for (const d of root.querySelectorAll('details')) {
      (d as HTMLDetailsElement).open = true;
      d.dispatchEvent(new Event('toggle'));
    }
    ui.flushSync();
    expect(root.querySelector('script, iframe, object, embed, svg, b')).toBeNull();
    const images = [...root.querySelectorAll('img')];
    expect(images.length).toBe(3);
    for (const img of images) expect(img.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    for (const el of root.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) expect(attr.startsWith('on')).toBe(false);
    }
    const all = root.textContent ?? '';
    for (const piece of [HOSTILE.img, HOSTILE.script, HOSTILE.svg, HOSTILE.formula])
      expect(all).toContain(piece);
    expect(root.querySelector(`tr[data-cookie="${CSS.escape(HOSTILE.img)}"]`)).not.toBeNull();
  });
});

describe('tabs', () => {
  test('arrow keys, Home and End move the selection and the focus (roving tabindex)', () => {
    const root = render(hostileReport());
    const tabs = () => [...root.querySelectorAll('[role="tab"]')] as HTMLButtonElement[];
    const selected = () => tabs().find((t) => t.getAttribute('aria-selected') === 'true');
    expect(tabs().map((t) => t.tabIndex)).toEqual([0, -1, -1, -1]);
    const press = (key: string) => {
      selected()!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      ui.flushSync();
    };
    press('ArrowRight');
    expect(selected()!.id).toBe('popup-tab-storage');
    expect(document.activeElement).toBe(selected());
    expect(tabs().map((t) => t.tabIndex)).toEqual([-1, 0, -1, -1]);
    expect(root.querySelector('[data-testid="storage-list"]')).not.toBeNull();
    press('End');
    expect(selected()!.id).toBe('popup-tab-declaration');
    press('ArrowRight');
    expect(selected()!.id).toBe('popup-tab-cookies');
    press('ArrowLeft');
    expect(selected()!.id).toBe('popup-tab-declaration');
    press('Home');
    expect(selected()!.id).toBe('popup-tab-cookies');
    const panel = root.querySelector('[role="tabpanel"]')!;
    expect(panel.getAttribute('aria-labelledby')).toBe('popup-tab-cookies');
  });

  test('the declaration tab shows the declared entry beside what was observed', () => {
    const root = render(hostileReport(), 'da');
    (root.querySelector('#popup-tab-declaration') as HTMLButtonElement).click();
    ui.flushSync();
    const ga = root.querySelector('[data-testid="declared-beside-observed"] tr[data-cookie="_ga"]');
    expect(text(ga)).toContain('2 år');
    expect(text(ga)).toContain('400 dage');
  });
});

describe('where the declaration comes from', () => {
  function declarationTab(report: AuditReport, extra: Record<string, unknown>): HTMLElement {
    const root = render(report, 'en', false, extra);
    (root.querySelector('#popup-tab-declaration') as HTMLButtonElement).click();
    ui.flushSync();
    return root;
  }

  test('one found automatically says so and can be refreshed', () => {
    const report = hostileReport();
    report.declared = { ...report.declared!, origin: 'discovered' };
    let refreshed = 0;
    const root = declarationTab(report, { onrefresh: () => refreshed++ });
    expect(text(root.querySelector('[data-testid="declaration-origin"]'))).toBe(
      'ConsentLens, found automatically on the site',
    );
    expect(text(root.querySelector('[data-testid="declaration-source"]'))).toBe(
      'Cookie policy page',
    );
    (root.querySelector('[data-testid="refresh-declaration"]') as HTMLButtonElement).click();
    expect(refreshed).toBe(1);
  });

  test('the auditor’s own declaration is not refreshed from the site', () => {
    const report = hostileReport();
    report.declared = { ...report.declared!, origin: 'user' };
    const root = declarationTab(report, { onrefresh: () => {} });
    expect(text(root.querySelector('[data-testid="declaration-origin"]'))).toBe(
      'You (imported or edited)',
    );
    expect(root.querySelector('[data-testid="refresh-declaration"]')).toBeNull();
  });

  test('when nothing was found, the reason and a way to look again', () => {
    const root = declarationTab(cleanReport(), {
      onrefresh: () => {},
      discovery: {
        note: 'no link to a privacy or cookie policy was found on the page',
        date: '2026-11-20 10:00:00 UTC',
      },
      refreshing: true,
    });
    expect(text(root.querySelector('[data-testid="discovery-note"]'))).toBe(
      'Looked for automatically on 2026-11-20 10:00:00 UTC and found none: no link to a privacy or cookie policy was found on the page',
    );
    const button = root.querySelector('[data-testid="refresh-declaration"]') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(text(button)).toBe('Looking for the declaration…');
  });
});

describe('a heavy page', () => {
  test('renders the first 100 rows and offers the rest', () => {
    const root = render(largeReport(500, 1000, 0));
    const rows = () => root.querySelectorAll('[data-testid="cookie-list"] tbody tr').length;
    expect(rows()).toBe(100);
    const button = [...root.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Show all 500'),
    )!;
    button.click();
    ui.flushSync();
    expect(rows()).toBe(500);
    expect(root.querySelectorAll('[data-testid="severity-high"] details').length).toBe(50);
  });
});
