import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.output',
      '.wxt',
      '.cache',
      'lib/knowledge/generated',
      'test/output',
      'test/fixtures/sites/**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'svelte/no-at-html-tags': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // lib/ is pure: no browser globals, so its logic runs in the worker, the CLI and tests alike.
    files: ['lib/**/*.ts'],
    ignores: ['lib/messaging/**', 'lib/storage/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        'browser',
        'chrome',
        'document',
        'window',
        'localStorage',
        'sessionStorage',
      ],
    },
  },
);
