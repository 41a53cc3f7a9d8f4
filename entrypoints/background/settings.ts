import { browser } from 'wxt/browser';
import { getSettings, watchSettings } from '@/lib/storage/store.ts';
import { defaultSettings, type Settings } from '@/lib/storage/settings.ts';
import { applyGpc } from './gpc.ts';

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
  return getSettings().then((loaded) => {
    current = loaded;
    return applyGpc(loaded.sendGpc);
  });
}

/** The browser's UI language tag, for "auto" language settings. */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage();
}
