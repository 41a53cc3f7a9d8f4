import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The permissions README.md's "Permissions" table lists and justifies for one build; a row whose
 * reason starts "Firefox only" (or "Chrome only") belongs to that build alone.
 */
function documentedPermissions(target: string): string[] {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Permissions$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\| `([^`]+)`[^|]*\| *(?:(Firefox|Chrome) only)?/gm)]
    .filter((m) => !m[2] || target.startsWith(m[2].toLowerCase()))
    .map((m) => m[1] as string)
    .sort();
}

describe('manifest permissions', () => {
  test.each(['chrome-mv3', 'firefox-mv3'])(
    '%s asks for exactly what the README justifies',
    (target) => {
      const manifest = JSON.parse(
        readFileSync(resolve(ROOT, '.output', target, 'manifest.json'), 'utf8'),
      ) as {
        permissions?: string[];
        host_permissions?: string[];
        optional_permissions?: string[];
      };
      const asked = [
        ...(manifest.permissions ?? []),
        ...(manifest.host_permissions ?? []),
        ...(manifest.optional_permissions ?? []),
      ].sort();
      expect(asked).toEqual(documentedPermissions(target));
    },
  );
});
