import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { chromium } from 'playwright-core';
import { findBrowser } from '../../cli/browser.ts';
import { readCatalog, type MessageCatalog } from '../../entrypoints/shared/messages.ts';
import type { AuditReport } from '../../lib/report/types.ts';
import {
  buildUiBundle,
  loadUiBundle,
  ROOT,
  UI_GLOBAL,
  type UiBundle,
} from '../unit/ui/build-components.ts';
import { largeReport } from '../unit/ui/large-report.ts';
import { percentiles, type Figure } from './figures.ts';

const RUNS = 30;
const WARMUP = 5;
const COOKIES = 500;
const REQUESTS = 1000;

function catalog(language: 'en' | 'da'): MessageCatalog {
  const path = resolve(ROOT, `public/_locales/${language}/messages.json`);
  return readCatalog(JSON.parse(readFileSync(path, 'utf8')));
}

/** Exposes a happy-dom window's DOM as globals, as a page's scripts see it. */
function installDom(): Window {
  const window = new Window({ url: 'https://popup.test/', width: 760, height: 600 });
  const g = globalThis as Record<string, unknown>;
  for (const name of [
    'window',
    'document',
    'navigator',
    'Node',
    'Element',
    'HTMLElement',
    'HTMLDetailsElement',
    'Text',
    'Comment',
    'DocumentFragment',
    'Event',
    'KeyboardEvent',
    'MouseEvent',
    'CustomEvent',
    'getComputedStyle',
    'requestAnimationFrame',
    'cancelAnimationFrame',
  ]) {
    const value = name === 'window' ? window : (window as unknown as Record<string, unknown>)[name];
    Object.defineProperty(g, name, { value, configurable: true, writable: true });
  }
  return window;
}

interface Sample {
  model: number;
  mount: number;
  timeline: number;
  frame?: number;
}

/** One popup opening, as it happens in the page: view-model, mount, flush (and, in a browser, the next frame). */
async function open(ui: UiBundle, report: AuditReport, frame: boolean): Promise<Sample> {
  const target = document.createElement('div');
  document.body.appendChild(target);
  const t0 = performance.now();
  const view = ui.popupVerdict(report, { language: 'en' });
  const t1 = performance.now();
  const component = ui.mount(ui.Popup, { target, props: { view, onexport: () => {} } });
  ui.flushSync();
  const t2 = performance.now();
  let t3: number | undefined;
  if (frame) {
    // Style, layout and paint of the first frame.
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
    t3 = performance.now();
  }
  const t4 = performance.now();
  ui.popupTimelines(report, { language: 'en', width: 720 });
  const t5 = performance.now();
  await ui.unmount(component);
  target.remove();
  return {
    model: t1 - t0,
    mount: t2 - t1,
    timeline: t5 - t4,
    ...(t3 !== undefined ? { frame: t3 - t0 } : {}),
  };
}

function figures(where: string, samples: Sample[], target: string): Figure[] {
  const pick = (f: (s: Sample) => number | undefined): number[] =>
    samples.map(f).filter((v): v is number => v !== undefined);
  const out: Figure[] = [];
  const add = (what: string, values: number[], note?: string) => {
    if (values.length === 0) return;
    const p = percentiles(values);
    out.push({
      name: `${where}: ${what}, median`,
      value: p.median,
      unit: 'ms',
      ...(note ? { note } : {}),
    });
    out.push({
      name: `${where}: ${what}, p99`,
      value: p.p99,
      unit: 'ms',
      ...(note ? { note } : {}),
    });
  };
  add(
    'view-model',
    pick((s) => s.model),
  );
  add(
    'mount + flush',
    pick((s) => s.mount),
  );
  add(
    'open (view-model + mount)',
    pick((s) => s.model + s.mount),
    target,
  );
  add(
    'open to first frame',
    pick((s) => s.frame),
    target,
  );
  add(
    'timeline picture (after first frame)',
    pick((s) => s.timeline),
  );
  return out;
}

/** happy-dom: no layout, but a DOM several times slower than a browser's; an upper bound. */
async function inHappyDom(report: AuditReport): Promise<Figure[]> {
  const window = installDom();
  try {
    const ui = await loadUiBundle();
    ui.i18n.set('en', catalog('en'), catalog('en'));
    const samples: Sample[] = [];
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const sample = await open(ui, report, false);
      if (run >= WARMUP) samples.push(sample);
    }
    return figures('happy-dom', samples, 'emulated DOM, several times slower than a browser');
  } finally {
    await window.happyDOM.close();
  }
}

/** Headless Chromium, with the popup's stylesheets: what an auditor waits for. */
async function inChromium(report: AuditReport): Promise<Figure[]> {
  const bundle = readFileSync(await buildUiBundle('iife'), 'utf8');
  const css = ['entrypoints/shared/base.css', 'entrypoints/popup/popup.css']
    .map((f) => readFileSync(resolve(ROOT, f), 'utf8'))
    .join('\n');
  const browser = await chromium.launch({
    executablePath: findBrowser(),
    args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 780, height: 600 } });
    await page.setContent(
      `<!doctype html><html><head><style>${css}</style></head><body></body></html>`,
    );
    // tsx compiles this file with esbuild's keepNames, which wraps functions in `__name(…)`;
    // the page needs it to run `open` as written here.
    await page.addScriptTag({ content: 'globalThis.__name = (f) => f;' });
    await page.addScriptTag({ content: bundle });
    const samples = await page.evaluate(
      async ({ report, en, runs, warmup, global, openSource }) => {
        const ui = (globalThis as unknown as Record<string, UiBundle>)[global] as UiBundle;
        ui.i18n.set('en', en, en);
        // The same function as in happy-dom, run in the page.
        const run = new Function(`return (${openSource})`)() as typeof open;
        const out: Sample[] = [];
        for (let i = 0; i < warmup + runs; i++) {
          const sample = await run(ui, report, true);
          if (i >= warmup) out.push(sample);
        }
        return out;
      },
      {
        report,
        en: catalog('en'),
        runs: RUNS,
        warmup: WARMUP,
        global: UI_GLOBAL,
        openSource: open.toString(),
      },
    );
    return figures('Chromium', samples, 'target < 150 ms');
  } finally {
    await browser.close();
  }
}

/**
 * Opening the popup on a heavy page — 500 cookies, 1,000 requests, 200 storage keys, 200
 * violations — with the real Popup component: in happy-dom (as a unit test would mount it) and
 * in headless Chromium (as the auditor sees it). Target: under 150 ms to the first frame; the
 * 100-row first page of each list and the deferred timeline picture are there for it.
 */
export default async function (): Promise<Figure[]> {
  const report = largeReport(COOKIES, REQUESTS, 200);
  return [...(await inChromium(report)), ...(await inHappyDom(report))];
}
