import { describe, expect, test } from 'vitest';
import {
  decodeBase64,
  decodeBase64Portable,
  decodeUint32s,
  encodeBase64,
  encodeUint32s,
} from '../../../lib/knowledge/base64.ts';
import { BoundedCache } from '../../../lib/knowledge/bounded-cache.ts';
import { bareDomain, lookupParentDomains } from '../../../lib/knowledge/parent-domains.ts';
import { PrefixIndex } from '../../../lib/knowledge/prefix-index.ts';

describe('PrefixIndex', () => {
  const index = new PrefixIndex<string>([
    ['_ga', 'short'],
    ['_ga_', 'ga4'],
    ['_gat_gtag_', 'gtag'],
    ['_gat', 'gat'],
    ['x', 'one char'],
    ['', 'ignored'],
  ]);
  test.each([
    ['_ga_ABC123', 'ga4'],
    ['_gat_gtag_UA_1', 'gtag'],
    ['_gat_UA-1', 'gat'],
    ['_gat', 'gat'],
    ['_ga', 'short'],
    ['_gb', undefined],
    ['xyz', 'one char'],
    ['x', 'one char'],
    ['', undefined],
    ['_', undefined],
  ])('%s → %s (longest prefix wins)', (name, expected) => {
    expect(index.find(name)).toBe(expected);
  });

  test('accept can reject the longest prefix in favour of a shorter one', () => {
    expect(index.find('_ga_ABC', (v) => v !== 'ga4')).toBe('short');
    expect(index.find('_ga_ABC', (v, arg: string) => v === arg, 'short')).toBe('short');
  });
});

describe('lookupParentDomains', () => {
  const table = new Map([
    ['quantcast.com', 'tracker'],
    ['cmp.quantcast.com', 'consent'],
    ['dk', 'tld'],
  ]);
  test.each([
    ['cmp.quantcast.com', 'consent'],
    ['a.cmp.quantcast.com', 'consent'],
    ['pixel.quantcast.com', 'tracker'],
    ['quantcast.com', 'tracker'],
    ['example.dk', 'tld'],
    ['example.de', undefined],
    ['', undefined],
  ])('%s → %s', (host, expected) => {
    expect(lookupParentDomains(table, host)).toBe(expected);
  });
});

describe('bareDomain', () => {
  test.each([
    ['.example.dk', 'example.dk'],
    ['example.dk.', 'example.dk'],
    ['..Example.DK', 'example.dk'],
    ['www.example.dk', 'www.example.dk'],
    ['', ''],
  ])('%j → %j', (domain, expected) => {
    expect(bareDomain(domain)).toBe(expected);
  });
});

describe('decodeBase64', () => {
  const samples = ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar', '\u0000\u00ff\u0080binary'];
  test.each(samples)('%j round-trips through both decoders', (text) => {
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const encoded = Buffer.from(bytes).toString('base64');
    expect([...decodeBase64(encoded)]).toEqual([...bytes]);
    expect([...decodeBase64Portable(encoded)]).toEqual([...bytes]);
    expect([...decodeBase64Portable(encoded.replace(/=+$/, ''))]).toEqual([...bytes]);
  });

  test.each(['Zm9v!', 'Zm9vYg!!', 'Zm9v\u20ac', 'Z', 'Zm 9v'])('rejects %j', (text) => {
    expect(() => decodeBase64(text)).toThrow();
    expect(() => decodeBase64Portable(text)).toThrow();
  });
});

describe('encodeBase64', () => {
  test.each([0, 1, 2, 3, 4, 5, 100, 70_000])('%i bytes round-trip as Node encodes them', (n) => {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 255);
    const encoded = encodeBase64(bytes);
    expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
    expect([...decodeBase64Portable(encoded)]).toEqual([...bytes]);
  });

  test('32-bit integers round-trip, whatever the alignment of the decoded bytes', () => {
    const values = [0, 1, 255, 256, 65_535, 2 ** 31, 2 ** 32 - 1];
    expect([...decodeUint32s(encodeUint32s(values))]).toEqual(values);
    // Little-endian, as the data step writes them on any machine.
    expect(encodeUint32s([1])).toBe(Buffer.from([1, 0, 0, 0]).toString('base64'));
    // Small decoded buffers share Node's pool at any offset: still read right.
    for (let i = 0; i < 8; i++) {
      Buffer.from('x'.repeat(i));
      expect([...decodeUint32s(encodeUint32s([7, 8]))]).toEqual([7, 8]);
    }
    expect(() => decodeUint32s(encodeBase64(Uint8Array.of(1, 2, 3)))).toThrow(/32-bit/);
  });
});

describe('BoundedCache', () => {
  test('never holds more than its limit', () => {
    const cache = new BoundedCache<number, number>(3);
    for (let i = 0; i < 10; i++) {
      cache.set(i, i * 2);
      expect(cache.size).toBeLessThanOrEqual(3);
      expect(cache.get(i)).toBe(i * 2);
    }
  });
});
