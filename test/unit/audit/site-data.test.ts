import { describe, expect, test } from 'vitest';
import { cookieId, cookieUrl, isSiteCookie, siteOrigins } from '../../../lib/audit/site-data.ts';

describe('the audited site’s data, and nothing else', () => {
  test.each([
    ['.example.dk', true],
    ['shop.example.dk', true],
    ['EXAMPLE.DK', true],
    ['.facebook.com', false],
    ['example.dk.evil.com', false],
    ['notexample.dk', false],
    ['', false],
  ])('cookie domain %j belongs to example.dk: %s', (domain, own) => {
    expect(isSiteCookie(domain, 'example.dk')).toBe(own);
  });

  test('sites of the private suffix list are separate (github.io)', () => {
    expect(isSiteCookie('.bob.github.io', 'alice.github.io')).toBe(false);
    expect(isSiteCookie('alice.github.io', 'alice.github.io')).toBe(true);
  });

  test('origins: only the site’s, http(s), once each, in order of appearance', () => {
    expect(
      siteOrigins('example.dk', [
        'https://shop.example.dk/',
        'https://www.google-analytics.com/g/collect?v=2',
        'https://cdn.example.dk/app.js',
        'https://shop.example.dk/privatlivspolitik',
        'http://shop.example.dk:8080/x',
        'data:text/plain,hi',
        'blob:https://shop.example.dk/1234',
        'not a url',
      ]),
    ).toEqual(['https://shop.example.dk', 'https://cdn.example.dk', 'http://shop.example.dk:8080']);
  });

  test('origins already known come first and are bounded', () => {
    const urls = Array.from({ length: 300 }, (_, i) => `https://h${i}.example.dk/`);
    const origins = siteOrigins('example.dk', urls, ['https://shop.example.dk']);
    expect(origins[0]).toBe('https://shop.example.dk');
    expect(origins).toHaveLength(200);
  });

  test.each([
    [{ domain: '.example.dk', path: '/', secure: true }, 'https://example.dk/'],
    [{ domain: 'shop.example.dk', path: '/cart', secure: false }, 'http://shop.example.dk/cart'],
    [{ domain: '::1', path: '', secure: false }, 'http://[::1]/'],
  ])('the address that removes cookie %j is %s', (cookie, url) => {
    expect(cookieUrl(cookie)).toBe(url);
  });

  test('cookies are compared by name and domain as stored', () => {
    expect(cookieId({ name: '_ga', domain: '.example.dk' })).toBe('_ga@.example.dk');
  });
});
