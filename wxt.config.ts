import { defineConfig } from 'wxt';

/**
 * Permissions are the minimum the features need; each is justified in README.md
 * ("Permissions") and `test/unit/manifest-permissions.test.ts` fails when the built
 * manifest asks for anything that list does not name.
 */
export default defineConfig({
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'ConsentLens',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'webRequest',
      'cookies',
      'storage',
      'declarativeNetRequest',
      'scripting',
      ...(browser === 'firefox' ? ['webRequestBlocking'] : []),
      'browsingData',
    ],
    host_permissions: ['<all_urls>'],
    action: { default_title: 'ConsentLens' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'consentlens@consentlens.dev',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({
    build: {
      // tldts ships one large data string; inlining it per use multiplies the bundle.
      rolldownOptions: { optimization: { inlineConst: false } },
    },
  }),
});
