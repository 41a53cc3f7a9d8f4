import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DeclaredCookie, DeclaredTable } from '../../../lib/declarations/declared.ts';
import { boundedEditDistance } from '../../../lib/declarations/edit-distance.ts';
import {
  compileDeclaredTable,
  compileNamePattern,
  matchDeclared,
  nameMatches,
  nearMissDeclared,
} from '../../../lib/declarations/name-pattern.ts';
import { splitDeclaredNames } from '../../../lib/declarations/split-names.ts';
import { fuzzAssert } from '../fuzz/fuzz.ts';

function cookie(name: string, extra: Partial<DeclaredCookie> = {}): DeclaredCookie {
  return {
    name,
    provider: null,
    purpose: null,
    category: null,
    party: null,
    duration: null,
    ...extra,
  };
}
function table(...cookies: DeclaredCookie[]): DeclaredTable {
  return { source: 'file', url: null, language: null, cookies };
}

describe('declared names as patterns', () => {
  test.each([
    ['_ga_#', '_ga_ABC123XYZ', true],
    ['_ga_#', '_ga_', false],
    ['_ga_#', '_gat', false],
    ['_hjSession_#', '_hjSession_3012345', true],
    ['_ga_*', '_ga_G-12AB', true],
    ['_ga*', '_ga', true],
    ['_ga_<container-id>', '_ga_Q1W2E3', true],
    ['_hjSessionUser_{site_id}', '_hjSessionUser_123456', true],
    ['_gac_UA-xxxxx', '_gac_UA-1234567-1', true],
    ['_gat_UA-XXXXX-X', '_gat_UA-1234567-2', true],
    ['AMCV_###', 'AMCV_9C1A2B3C%40AdobeOrg', true],
    ['_ga_XXXX', '_ga_ABCD1234', true],
    ['_pk_id.*', '_pk_id.1.a1b2', true],
    ['wp-settings-*', 'wp-settings-time-1', true],
    ['_ga_...', '_ga_X', true],
    ['/^_ga_.*$/', '_ga_ANY', true],
    ['^_pk_ses\\.\\d+', '_pk_ses.1.c3d4', true],
    ['[id]_session', 'abc_session', true],
    ['%ID%_seen', '77_seen', true],
    ['_ga', '_ga', true],
    ['_ga', '_GA', false],
    ['_ga', '_gat', false],
    ['box_x', 'box_x', true],
    ['box_x', 'box_y', false],
    ['ads/ga-audiences', 'ads/ga-audiences', true],
  ])('%s covers %s: %s', (pattern, name, expected) => {
    expect(nameMatches(pattern, name)).toBe(expected);
  });

  test('literal names compile to exact, placeholders to globs', () => {
    expect(compileNamePattern('UserMatchHistory')).toEqual({
      kind: 'exact',
      name: 'UserMatchHistory',
    });
    expect(compileNamePattern('_ga_#')).toMatchObject({ kind: 'glob', prefix: '_ga_' });
    expect(compileNamePattern('xxx_session')).toMatchObject({ kind: 'glob', prefix: '' });
  });

  test('matching a long adversarial name against many wildcards stays fast', () => {
    const pattern = `${'*a'.repeat(60)}b`;
    const name = 'a'.repeat(4000);
    const start = Date.now();
    expect(nameMatches(pattern, name)).toBe(false);
    // Generous: the point is that it is not exponential.
    expect(Date.now() - start).toBeLessThan(2_000);
  });

  test('a literal name matches only itself (property)', () => {
    const name = fc
      .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/)
      .filter((n) => !/(^|[^A-Za-z0-9])[xX]{3}/.test(n));
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(nameMatches(a, b)).toBe(a === b);
      }),
    );
  });

  test('a prefix wildcard matches every extension (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^_[a-z]{1,8}_$/),
        fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
        (prefix, rest) => {
          expect(nameMatches(`${prefix}#`, prefix + rest)).toBe(true);
          expect(nameMatches(`${prefix}*`, prefix + rest)).toBe(true);
        },
      ),
    );
  });
});

describe('splitting a name cell', () => {
  test.each([
    ['_ga, _ga_XXXX, _gid', ['_ga', '_ga_XXXX', '_gid'], null],
    ['_ga\n_gid', ['_ga', '_gid'], null],
    ['_ga; _gid', ['_ga', '_gid'], null],
    ['_ga og _gid', ['_ga', '_gid'], null],
    ['Google Analytics (_ga)', ['_ga'], 'Google Analytics'],
    ['Google Analytics (_ga, _gid)', ['_ga', '_gid'], 'Google Analytics'],
    ['_ga (Google Analytics)', ['_ga'], 'Google Analytics'],
    ['Hotjar: _hjid, _hjSession_#', ['_hjid', '_hjSession_#'], 'Hotjar'],
    ['LinkedIn (bscookie)', ['bscookie'], 'LinkedIn'],
    ['ads/ga-audiences', ['ads/ga-audiences'], null],
    ['"_fbp"', ['_fbp'], null],
    ['• _ga\n• _gid', ['_ga', '_gid'], null],
    ['__cf_bm [x2]', ['__cf_bm'], null],
    ['_ga _gid', ['_ga', '_gid'], null],
    ['Google Analytics', ['Google Analytics'], null],
    ['  ', [], null],
  ])('%j', (cell, names, provider) => {
    const split = splitDeclaredNames(cell);
    expect(split.names).toEqual(names);
    expect(split.provider).toBe(provider);
  });

  test('caps the names per cell and counts the rest', () => {
    const cell = Array.from({ length: 80 }, (_, i) => `c${i}`).join(', ');
    const split = splitDeclaredNames(cell);
    expect(split.names).toHaveLength(50);
    expect(split.dropped).toBe(30);
  });

  test('never throws; names are non-empty and trimmed (property)', () => {
    fuzzAssert(
      'name cells: arbitrary strings',
      fc.property(fc.string({ maxLength: 500 }), (s) => {
        for (const n of splitDeclaredNames(s).names) {
          expect(n).not.toBe('');
          expect(n).toBe(n.trim());
        }
      }),
      1000,
    );
  });
});

describe('matchDeclared', () => {
  const t = table(
    cookie('_ga'),
    cookie('_ga_#', { provider: 'Google' }),
    cookie('fr', { domain: '.facebook.com' }),
    cookie('_hjlncludeInSample'),
    cookie('UserMatchHistory'),
    cookie('tr'),
    cookie('NID', { domain: 'google.com' }),
  );

  test('exact names match exactly; patterns are reported as not exact', () => {
    expect(matchDeclared(t, '_ga', '.example.dk')).toEqual({ entry: t.cookies[0], exact: true });
    expect(matchDeclared(t, '_ga_XYZ123', '.example.dk')).toEqual({
      entry: t.cookies[1],
      exact: false,
    });
    expect(matchDeclared(t, '_gid', '.example.dk')).toBeNull();
  });

  test('a declared domain must match the cookie domain, parents included', () => {
    expect(matchDeclared(t, 'fr', '.facebook.com')?.entry.name).toBe('fr');
    expect(matchDeclared(t, 'fr', 'www.facebook.com')?.entry.name).toBe('fr');
    expect(matchDeclared(t, 'fr', '.example.dk')).toBeNull();
    expect(matchDeclared(t, 'NID', '.google.com')?.entry.name).toBe('NID');
  });

  test('a literal name beats a pattern; a matching domain beats none', () => {
    const t2 = table(
      cookie('_ga_*'),
      cookie('_ga_X1'),
      cookie('sid'),
      cookie('sid', { domain: 'shop.example.dk' }),
    );
    expect(matchDeclared(t2, '_ga_X1', 'a.dk')?.entry).toBe(t2.cookies[1]);
    expect(matchDeclared(t2, 'sid', 'shop.example.dk')?.entry).toBe(t2.cookies[3]);
    expect(matchDeclared(t2, 'sid', 'other.dk')?.entry).toBe(t2.cookies[2]);
  });

  test('near misses are hints, never matches', () => {
    expect(matchDeclared(t, '_hjIncludedInSample', '.example.dk')).toBeNull();
    expect(nearMissDeclared(t, '_hjIncludedInSample', '.example.dk')).toMatchObject({
      entry: { name: '_hjlncludeInSample' },
      distance: 2,
      reason: 'spelling',
    });
    expect(nearMissDeclared(t, 'usermatchhistory', '.linkedin.com')).toMatchObject({
      entry: { name: 'UserMatchHistory' },
      reason: 'case',
    });
    expect(nearMissDeclared(t, 'fr', '.example.dk')).toMatchObject({
      entry: { name: 'fr' },
      reason: 'domain',
    });
    // Short names are too close to each other to be hints ("fr" / "tr").
    expect(nearMissDeclared(t, 'xr', '.example.dk')).toBeNull();
    expect(nearMissDeclared(t, '_ga', '.example.dk')).toBeNull();
    expect(nearMissDeclared(t, 'completely_different', '.example.dk')).toBeNull();
  });

  test('a compiled matcher gives the same answers', () => {
    const m = compileDeclaredTable(t);
    for (const name of ['_ga', '_ga_X', 'fr', 'nope', '_hjIncludedInSample']) {
      expect(m.match(name, '.facebook.com')).toEqual(matchDeclared(t, name, '.facebook.com'));
    }
  });

  test('bad entries in a table are ignored, not fatal', () => {
    const broken = {
      ...table(cookie('ok')),
      cookies: [cookie('ok'), { name: '' } as DeclaredCookie, null as unknown as DeclaredCookie],
    };
    expect(matchDeclared(broken, 'ok', 'a.dk')?.entry.name).toBe('ok');
  });
});

describe('boundedEditDistance', () => {
  test.each([
    ['_hjlncludeInSample', '_hjIncludedInSample', 2],
    ['kitten', 'sitting', 3],
    ['ab', 'ba', 1],
    ['same', 'same', 0],
    ['', 'abc', 3],
  ])('%s ~ %s = %i', (a, b, d) => {
    expect(boundedEditDistance(a, b, 5)).toBe(d);
  });

  test('reports anything beyond the cap as cap + 1', () => {
    expect(boundedEditDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
  });

  test('symmetric and agrees with itself under a larger cap (property)', () => {
    const word = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = boundedEditDistance(a, b, 20);
        expect(boundedEditDistance(b, a, 20)).toBe(d);
        expect(boundedEditDistance(a, b, 2)).toBe(Math.min(d, 3));
      }),
    );
  });
});
