import { browser } from 'wxt/browser';
import { createStore, type StorageChangeEvent } from '@/lib/storage/store.ts';

/** The settings and declarations store of this extension context, on `storage.local`. */
const store = createStore(browser.storage.local);

export const {
  getSettings,
  loadSettings,
  saveSettings,
  listDeclarations,
  getDeclaration,
  saveDeclaration,
  deleteDeclaration,
  getDiscoveredDeclaration,
  listDiscoveredDeclarations,
  saveDiscoveredDeclaration,
  deleteDiscoveredDeclaration,
  getStorageNotices,
  dismissStorageNotices,
} = store;

type Listener = (changes: Record<string, unknown>) => void;
const wrapped = new Map<Listener, (changes: Record<string, unknown>, area: string) => void>();

/** Changes to `storage.local`, through `storage.onChanged`, which every supported browser has. */
const localChanges: StorageChangeEvent = {
  addListener(listener) {
    const inLocal = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local') listener(changes);
    };
    wrapped.set(listener, inLocal);
    browser.storage.onChanged.addListener(inLocal);
  },
  removeListener(listener) {
    const inLocal = wrapped.get(listener);
    if (inLocal) browser.storage.onChanged.removeListener(inLocal);
    wrapped.delete(listener);
  },
};

/** Calls `callback` with the settings in force whenever another page saves them. */
export function watchSettings(callback: Parameters<typeof store.watchSettings>[1]): () => void {
  return store.watchSettings(localChanges, callback);
}
