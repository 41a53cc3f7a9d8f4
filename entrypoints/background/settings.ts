import { browser } from 'wxt/browser';
import { loadSettings, watchSettings } from '@/entrypoints/shared/store.ts';
import { defaultSettings, type Settings } from '@/lib/storage/settings.ts';
import { applyGpc, isGpcApplied } from './gpc.ts';

let current: Settings = defaultSettings();

/** The auditor's settings in force (defaults until the stored ones are read). */
export function settings(): Settings {
  return current;
}

/** Loads the settings, follows changes, and applies what has an effect of its own (GPC). */
export function startSettings(): Promise<void> {
  watchSettings((next) => {
    const gpcChanged = next.sendGpc !== current.sendGpc;
    current = next;
    if (gpcChanged) void applyGpc(next.sendGpc);
  });
  return loadSettings().then(async ({ settings: loaded, readable }) => {
    if (readable) {
      current = loaded;
      return applyGpc(loaded.sendGpc);
    }
    // Storage that cannot be read says nothing about GPC: keep what the browser applies, and
    // record visits with what is really sent.
    current = { ...loaded, sendGpc: await isGpcApplied() };
  });
}

/** The browser's UI language tag, for "auto" language settings. */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage();
}
