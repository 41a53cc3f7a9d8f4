import { describe, expect, test } from 'vitest';
import { decodeUint32s, encodeUint32s } from '../../../lib/knowledge/base64.ts';
import {
  compileHostnameTable,
  hashOf,
  HostnameTable,
  verifyHostnameTable,
  type CompiledHostnameTable,
} from '../../../lib/knowledge/hostname-table.ts';

/** The entry for the whole of `hostname`, or -1. */
function lookup(table: HostnameTable, hostname: string): number {
  return table.entryOf(hostname, 0, hostname.length, hashOf(hostname));
}

const PAIRS: [string, string][] = [
  ['tracker.example', ''],
  ['stats.example', '|^$third-party'],
  ['stats.example', ''],
  ['stats.example', '@'],
  ['a.b', '=||a.b/x'],
  ['adservice.google.', ''],
  ['1.1.1.1', '|/cdn-cgi/trace'],
];

describe('a compiled hostname table', () => {
  const compiled = compileHostnameTable(PAIRS);
  const table = new HostnameTable(compiled);

  test('finds every hostname with its payloads, in the order they were compiled', () => {
    expect(verifyHostnameTable(compiled, PAIRS)).toBeNull();
    for (const hostname of new Set(PAIRS.map(([h]) => h))) {
      const entry = lookup(table, hostname);
      expect(entry).not.toBe(-1);
      expect(table.hostnameOf(entry)).toBe(hostname);
      expect(table.payloadsOf(entry)).toEqual(
        PAIRS.filter(([h]) => h === hostname).map(([, p]) => p),
      );
      expect(table.payloadsOf(entry, hostname.length)).toEqual(table.payloadsOf(entry));
    }
    expect(table.longest).toBe('adservice.google.'.length);
    expect(table.size).toBe(new Set(PAIRS.map(([h]) => h)).size);
  });

  test.each([
    'tracker.exampl',
    'racker.example',
    'tracker.example.',
    'xtracker.example',
    'a',
    'a.',
    '',
  ])('%j is not listed', (hostname) => {
    expect(lookup(table, hostname)).toBe(-1);
  });

  test('looks up a slice of a longer host without copying it', () => {
    const host = 'cdn.stats.example.net';
    expect(table.entryOf(host, 4, 17, hashOf(host, 4, 17))).toBe(lookup(table, 'stats.example'));
    expect(table.entryOf(host, 4, 16, hashOf(host, 4, 16))).toBe(-1);
  });

  test('an empty table finds nothing', () => {
    const empty = new HostnameTable(compileHostnameTable([]));
    expect(lookup(empty, 'tracker.example')).toBe(-1);
    expect(empty.longest).toBe(0);
  });

  test('hostnames it cannot store are refused', () => {
    expect(() => compileHostnameTable([['a b', '']])).toThrow();
    expect(() => compileHostnameTable([['', '']])).toThrow();
    expect(() => compileHostnameTable([['a.b', 'x\ny']])).toThrow();
  });
});

describe('collisions', () => {
  // Four hundred hostnames in two, then in four buckets: every lookup walks long buckets.
  const hostnames = Array.from({ length: 400 }, (_, i) => `host-${i}.example${i % 7}.com`);
  const pairs = hostnames.map((h, i): [string, string] => [h, i % 3 === 0 ? '' : `|/p${i}`]);

  test.each([1, 2])('with %i bucket bits every hostname is still found, and only it', (bits) => {
    const compiled = compileHostnameTable(pairs, { bucketBits: bits });
    expect(verifyHostnameTable(compiled, pairs)).toBeNull();
    const table = new HostnameTable(compiled);
    for (const [hostname, payload] of pairs) {
      expect(table.payloadsOf(lookup(table, hostname))).toEqual([payload]);
      expect(lookup(table, `${hostname}x`)).toBe(-1);
      expect(lookup(table, hostname.slice(1))).toBe(-1);
    }
  });

  test('hostnames sharing a hash are told apart by their characters', () => {
    // Found by search among random names of one length: two with the same 30-bit hash.
    let seed = 1;
    const letter = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return String.fromCharCode(97 + ((seed >>> 8) % 26));
    };
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; pair === null && i < 500_000; i++) {
      const name = `${Array.from({ length: 8 }, letter).join('')}.com`;
      const other = seen.get(hashOf(name));
      if (other !== undefined && other !== name) pair = [other, name];
      else seen.set(hashOf(name), name);
    }
    expect(pair).not.toBeNull();
    const [a, b] = pair!;
    const table = new HostnameTable(compileHostnameTable([[a, '|a']]));
    expect(hashOf(b)).toBe(hashOf(a));
    expect(table.payloadsOf(lookup(table, a))).toEqual(['|a']);
    expect(lookup(table, b)).toBe(-1);
  });
});

describe('the first-pair set', () => {
  const table = new HostnameTable(
    compileHostnameTable(
      [
        ['google.', ''],
        ['x', ''],
      ],
      { firstPairs: true },
    ),
  );

  test.each([
    ['www.google.com', 4, true],
    ['www.google.com', 0, false],
    // A one-character hostname may be followed by anything.
    ['xq.example', 0, true],
    ['x', 0, true],
  ])('%s at %i: %s', (host, start, expected) => {
    expect(table.mayStartAt(host, start)).toBe(expected);
  });

  test('a table without it rules nothing out', () => {
    expect(new HostnameTable(compileHostnameTable([['google.', '']])).mayStartAt('www', 0)).toBe(
      true,
    );
  });
});

describe('a damaged table', () => {
  const pairs = Array.from({ length: 50 }, (_, i): [string, string] => [`h${i}.example`, '']);
  const good = compileHostnameTable(pairs);
  const entries = decodeUint32s(good.entries);
  const buckets = decodeUint32s(good.buckets);
  const damaged = (change: Partial<CompiledHostnameTable>): CompiledHostnameTable => ({
    ...good,
    ...change,
  });

  test.each([
    ['a bucket count that is not a power of two', { buckets: encodeUint32s([0, 0, 0, 50]) }],
    [
      'buckets that do not end with the entry count',
      { buckets: encodeUint32s([...buckets.slice(0, -1), 49]) },
    ],
    ['a truncated text', { text: good.text.slice(0, -1) }],
    [
      'entries that do not start at the text start',
      { entries: encodeUint32s([1, ...entries.slice(1)]) },
    ],
    ['a longest hostname beyond the text', { longest: good.text.length + 1 }],
    ['a first-pair set of the wrong size', { firstPairs: encodeUint32s([1, 2, 3]) }],
    ['a bit set that is not 32-bit integers', { firstPairs: 'AAAA' }],
  ])('with %s is refused when opened', (_, change) => {
    expect(() => new HostnameTable(damaged(change))).toThrow(/damaged|32-bit/);
  });

  test('with buckets pointing at the wrong entries opens, but fails verification and misses', () => {
    // Every bucket shifted by one entry: the shape is right, the contents are not.
    const shifted = buckets.map((start, b) =>
      b === 0 || b === buckets.length - 1 ? start : Math.min(start + 1, entries.length - 1),
    );
    const broken = damaged({ buckets: encodeUint32s(shifted) });
    const table = new HostnameTable(broken);
    expect(verifyHostnameTable(broken, pairs)).toMatch(/outside its bucket|not found/);
    expect(pairs.some(([hostname]) => lookup(table, hostname) === -1)).toBe(true);
  });

  test('with entries out of order fails verification', () => {
    const swapped = [...entries];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(verifyHostnameTable(damaged({ entries: encodeUint32s(swapped) }), pairs)).toMatch(
      /does not follow/,
    );
  });

  test('that lost or gained a payload fails verification', () => {
    expect(verifyHostnameTable(good, [...pairs, ['h1.example', '|/x']])).toMatch(/other payloads/);
    expect(verifyHostnameTable(good, pairs.slice(1))).toMatch(/entries stored/);
  });

  test('never makes a lookup read outside its arrays', () => {
    // Bucket starts past the end: a lookup must return, not loop or throw.
    const wild = buckets.map((start, b) => (b === 0 || b === buckets.length - 1 ? start : 1e9));
    const table = new HostnameTable(damaged({ buckets: encodeUint32s(wild) }));
    for (const [hostname] of pairs) expect(lookup(table, hostname)).toBeTypeOf('number');
  });
});
