import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  formatMessage,
  lookup,
  readCatalog,
  substitutionsOf,
  type MessageCatalog,
} from '../../../entrypoints/shared/messages.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const read = (language: string): MessageCatalog =>
  readCatalog(
    JSON.parse(readFileSync(resolve(ROOT, `public/_locales/${language}/messages.json`), 'utf8')),
  );
const en = read('en');
const da = read('da');

/** Every source file of the UI, to find the keys it looks up. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(svelte|ts)$/.test(name) ? [path] : [];
  });
}

describe('messages.json', () => {
  test('English and Danish have the same keys', () => {
    expect(Object.keys(da).sort()).toEqual(Object.keys(en).sort());
  });

  test.each(Object.keys(en))('%s uses the same substitutions in both languages', (key) => {
    expect(substitutionsOf(da[key]!)).toEqual(substitutionsOf(en[key]!));
  });

  test.each(Object.keys(en))('%s is not blank in either language', (key) => {
    expect(en[key]!.message.trim()).not.toBe('');
    expect(da[key]!.message.trim()).not.toBe('');
  });

  test('the manifest’s description is there', () => {
    expect(en.extDescription?.message).toMatch(/cookie/i);
    expect(da.extDescription?.message).toMatch(/cookie/i);
  });

  test('Danish is a translation, not a copy', () => {
    const same = Object.keys(en).filter((k) => en[k]!.message === da[k]!.message);
    // Words that read the same in both languages (Cookies, Marketing, Version, info …).
    expect(same.length).toBeLessThan(Object.keys(en).length / 10);
  });

  test('every key the UI looks up exists, also those built from a prefix', () => {
    const files = [
      ...sources(resolve(ROOT, 'components')),
      ...sources(resolve(ROOT, 'entrypoints/popup')),
      ...sources(resolve(ROOT, 'entrypoints/options')),
      ...sources(resolve(ROOT, 'entrypoints/shared')),
    ];
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*(['`])([A-Za-z0-9_]+)(\$\{)?/g)) {
        const [, , key, dynamic] = m;
        const found = dynamic
          ? Object.keys(en).some((k) => k.startsWith(key!))
          : Object.hasOwn(en, key!);
        if (!found) missing.push(`${file}: ${key}`);
      }
      for (const m of text.matchAll(/key: '([A-Za-z0-9_]+)'/g)) {
        if (!Object.hasOwn(en, m[1]!)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test.each([
    ['severity_', ['high', 'medium', 'low', 'info']],
    ['severityHeading_', ['high', 'medium', 'low', 'info']],
    ['category_', ['necessary', 'preferences', 'statistics', 'marketing', 'unclassified']],
    ['party_', ['first', 'third']],
    ['optionsTab_', ['settings', 'declarations', 'about']],
  ])('keys built as %s… exist for every value', (prefix, values) => {
    for (const v of values) expect(Object.hasOwn(en, `${prefix}${v}`)).toBe(true);
  });
});

describe('lookup', () => {
  const primary = {
    hello: { message: 'Hej $1, du har $2 cookies' },
    named: {
      message: 'Goodbye $USER$, see $SITE$ ($$5)',
      placeholders: { user: { content: '$1' }, site: { content: 'example.dk' } },
    },
  };
  const fallback = { onlyEnglish: { message: 'English only' }, hello: { message: 'Hi $1' } };

  test.each([
    ['hello', ['Ada', 3], 'Hej Ada, du har 3 cookies'],
    ['hello', ['Ada'], 'Hej Ada, du har  cookies'],
    ['named', ['Ada'], 'Goodbye Ada, see example.dk ($5)'],
    ['onlyEnglish', [], 'English only'],
    ['missing', [], 'missing'],
    ['constructor', [], 'constructor'],
    ['__proto__', [], '__proto__'],
  ] as const)('%s with %j reads %j', (key, subs, text) => {
    expect(lookup(primary, fallback, key, subs)).toBe(text);
  });

  test('substitutions are inserted as they are, never re-read as placeholders', () => {
    expect(formatMessage({ message: '$1 and $2' }, ['$2', 'x'])).toBe('$2 and x');
  });

  test('readCatalog drops malformed entries', () => {
    expect(readCatalog({ a: { message: 'A' }, b: 'B', c: { text: 'C' }, d: null })).toEqual({
      a: { message: 'A' },
    });
    expect(readCatalog('nope')).toEqual({});
  });
});
