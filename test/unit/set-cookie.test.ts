import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  isDeletion,
  parseCookieWrite,
  splitSetCookieHeaders,
} from '../../lib/observe/set-cookie.ts';
import { fuzzAssert } from './fuzz/fuzz.ts';

const NOW = Date.parse('2026-11-20T10:00:00Z');

describe('parseCookieWrite', () => {
  test.each([
    [
      '_ga=GA1.1.123.456; Max-Age=63072000; Domain=.example.dk; Path=/; SameSite=Lax',
      { name: '_ga', domain: 'example.dk', path: '/', sameSite: 'lax', requestedLifetimeDays: 730 },
    ],
    [
      'sid=abc; Path=/; HttpOnly; Secure',
      {
        name: 'sid',
        domain: null,
        httpOnly: true,
        secure: true,
        expiresAt: null,
        requestedLifetimeDays: null,
      },
    ],
    [
      'fr=xyz; Expires=Sat, 20 Feb 2027 10:00:00 GMT; Domain=facebook.com; SameSite=None; Secure',
      { name: 'fr', domain: 'facebook.com', sameSite: 'none', requestedLifetimeDays: 92 },
    ],
    // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
    ['a=1; Expires=Sat, 20 Feb 2027 10:00:00 GMT; Max-Age=86400', { requestedLifetimeDays: 1 }],
    ['lang="da"', { name: 'lang', value: 'da' }],
    ['x=1; SameSite=bogus', { sameSite: 'unspecified' }],
    ['x=1; Partitioned; Secure', { partitioned: true }],
    ['x=1; Path=relative', { path: null }],
    ['=novalue', { name: '', value: 'novalue' }],
    ['justvalue', { name: '', value: 'justvalue' }],
  ])('%s', (header, expected) => {
    expect(parseCookieWrite(header, NOW)).toMatchObject(expected);
  });

  test.each([[''], ['='], ['x'.repeat(9000) + '=1']])('ignores %#', (header) => {
    expect(parseCookieWrite(header, NOW)).toBeNull();
  });

  test.each([
    ['a=; Max-Age=0', true],
    ['a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT', true],
    ['a=1; Max-Age=10', false],
    ['a=1', false],
  ])('%s is a deletion: %s', (header, expected) => {
    const write = parseCookieWrite(header, NOW);
    expect(write && isDeletion(write, NOW)).toBe(expected);
  });

  test('never throws on arbitrary input (property)', () => {
    fuzzAssert(
      'set-cookie: arbitrary strings',
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const w = parseCookieWrite(s, NOW);
        return w === null || typeof w.name === 'string';
      }),
      5000,
    );
  });
});

describe('splitSetCookieHeaders', () => {
  test.each([
    [
      ['a=1', 'b=2'],
      ['a=1', 'b=2'],
    ],
    [['a=1\nb=2\n'], ['a=1', 'b=2']],
    [['', ' '], []],
  ])('%j', (input, expected) => {
    expect(splitSetCookieHeaders(input)).toEqual(expected);
  });

  test('bounded', () => {
    expect(splitSetCookieHeaders([Array(500).fill('a=1').join('\n')], 200)).toHaveLength(200);
  });
});
