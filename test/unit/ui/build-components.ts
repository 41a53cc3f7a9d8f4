/**
 * Compiles the popup's Svelte components for a DOM outside the browser (happy-dom), the way the
 * extension's build compiles them (vite-plugin-svelte, browser conditions), so component tests
 * and the popup benchmark run the real components without a per-folder test configuration.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** What the compiled bundle exports (see ENTRY). */
export interface UiBundle {
  mount: typeof import('svelte').mount;
  unmount: typeof import('svelte').unmount;
  flushSync: typeof import('svelte').flushSync;
  Popup: import('svelte').Component<Record<string, unknown>>;
  i18n: typeof import('../../../entrypoints/shared/i18n.svelte.ts').i18n;
  popupVerdict: typeof import('../../../lib/report/popup-verdict.ts').popupVerdict;
  popupTimelines: typeof import('../../../lib/report/popup-verdict.ts').popupTimelines;
}

const ENTRY = `
export { mount, unmount, flushSync } from 'svelte';
export { default as Popup } from '@/components/Popup.svelte';
export { i18n } from '@/entrypoints/shared/i18n.svelte.ts';
export { popupVerdict, popupTimelines } from '@/lib/report/popup-verdict.ts';
`;

/** The global a browser page finds the `iife` bundle under. */
export const UI_GLOBAL = 'ConsentLensUi';

const built = new Map<'es' | 'iife', Promise<string>>();

/**
 * Builds the bundle once per process and format and returns its file path: `es` to import in
 * Node, `iife` to run in a browser page (it defines `globalThis.ConsentLensUi`).
 */
export function buildUiBundle(format: 'es' | 'iife' = 'es'): Promise<string> {
  let pending = built.get(format);
  if (!pending) {
    pending = build(format);
    built.set(format, pending);
  }
  return pending;
}

async function build(format: 'es' | 'iife'): Promise<string> {
  const vite = await import('vite');
  const { svelte, vitePreprocess } = await import('@sveltejs/vite-plugin-svelte');
  // Inside the project (.cache is ignored by git): Vitest's module runner reads files under its
  // root. One folder per process; folders of processes that are gone are removed.
  const parent = join(ROOT, '.cache', 'ui-bundle');
  mkdirSync(parent, { recursive: true });
  for (const name of readdirSync(parent)) {
    const pid = Number(name.split('-')[0]);
    if (pid !== process.pid && !isAlive(pid))
      rmSync(join(parent, name), { recursive: true, force: true });
  }
  const dir = join(parent, `${process.pid}-${format}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  process.once('exit', removeUiBundles);
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, ENTRY);
  const outDir = join(dir, 'out');
  mkdirSync(outDir);
  await vite.build({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    publicDir: false,
    mode: 'production',
    plugins: [svelte({ configFile: false, preprocess: [vitePreprocess()], emitCss: false })],
    resolve: { alias: { '@': ROOT }, conditions: ['browser', 'production'] },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: true,
      outDir,
      emptyOutDir: false,
      minify: false,
      lib: { entry, formats: [format], fileName: () => 'ui.js', name: UI_GLOBAL },
      rolldownOptions: { optimization: { inlineConst: false } },
    },
  });
  return join(outDir, 'ui.js');
}

/** Removes this process's bundles (test runners may end a worker before its exit handlers run). */
export function removeUiBundles(): void {
  for (const format of ['es', 'iife'])
    rmSync(join(ROOT, '.cache', 'ui-bundle', `${process.pid}-${format}`), {
      recursive: true,
      force: true,
    });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Imports the compiled bundle; `document` and friends must exist as globals by then. */
export async function loadUiBundle(): Promise<UiBundle> {
  return (await import(/* @vite-ignore */ await buildUiBundle())) as UiBundle;
}
