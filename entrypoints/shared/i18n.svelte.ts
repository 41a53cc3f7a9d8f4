/**
 * The UI language and its strings, shared by every component of a page. `t()` reads reactive
 * state, so a template that calls it re-renders when the language changes.
 *
 * `browser.i18n.getMessage` is fixed to the browser's language, so the chosen locale's
 * messages.json is fetched from the extension and looked up here instead; English is always
 * loaded too, as the fallback for a key a translation lacks.
 */
import { browser } from 'wxt/browser';
import type { Language } from '@/lib/rules/settings.ts';
import { languageFromTag, resolveLanguage, type LanguageChoice } from '@/lib/storage/settings.ts';
import { lookup, readCatalog, type MessageCatalog } from './messages.ts';

interface Strings {
  language: Language;
  primary: MessageCatalog;
  fallback: MessageCatalog;
}

// Raw: the catalogues are read-only lookups; deep proxies would only slow every `t()` down.
let state = $state.raw<Strings>({ language: 'en', primary: {}, fallback: {} });

// Not reactive: each catalogue is fetched once per page.
const cache: Partial<Record<Language, Promise<MessageCatalog>>> = {};

async function fetchCatalog(language: Language): Promise<MessageCatalog> {
  const path = language === 'da' ? '/_locales/da/messages.json' : '/_locales/en/messages.json';
  try {
    const response = await fetch(browser.runtime.getURL(path));
    return readCatalog(await response.json());
  } catch {
    // Without a catalogue, keys show as themselves; the page stays usable.
    return {};
  }
}

function catalog(language: Language): Promise<MessageCatalog> {
  return (cache[language] ??= fetchCatalog(language));
}

/** The browser's UI language as one of ours. */
export function browserLanguage(): Language {
  try {
    return languageFromTag(browser.i18n.getUILanguage());
  } catch {
    return languageFromTag(globalThis.navigator?.language);
  }
}

export const i18n = {
  /** The language in force. */
  get language(): Language {
    return state.language;
  },

  /** Loads the strings of `choice` (`auto`: the browser's language) and switches to them. */
  async use(choice: LanguageChoice): Promise<Language> {
    const language = resolveLanguage(choice, browserLanguage());
    const [fallback, primary] = await Promise.all([
      catalog('en'),
      language === 'en' ? catalog('en') : catalog(language),
    ]);
    i18n.set(language, primary, fallback);
    return language;
  },

  /** Switches to catalogues already at hand (tests and benchmarks read them from disk). */
  set(language: Language, primary: MessageCatalog, fallback: MessageCatalog): void {
    state = { language, primary, fallback };
    if (typeof document !== 'undefined') document.documentElement.lang = language;
  },
};

/** The UI string `key` in the current language, with `$1`… replaced by `substitutions`. */
export function t(key: string, ...substitutions: (string | number)[]): string {
  return lookup(state.primary, state.fallback, key, substitutions);
}
