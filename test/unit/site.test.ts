import { describe, expect, test } from 'vitest';
import { domainMatches, hostOf, partyOf, siteOf } from '../../lib/domain/site.ts';

describe('siteOf', () => {
  test.each([
    ['shop.example.dk', 'example.dk'],
    ['www.google-analytics.com', 'google-analytics.com'],
    ['a.b.c.example.co.uk', 'example.co.uk'],
    ['alice.github.io', 'alice.github.io'],
    ['github.io', 'github.io'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['intranet', 'intranet'],
    ['.example.dk', 'example.dk'],
    ['WWW.Example.DK.', 'example.dk'],
  ])('%s → %s', (host, site) => {
    expect(siteOf(host)).toBe(site);
  });
});

describe('partyOf', () => {
  test.each([
    ['static.example.dk', 'example.dk', 'first'],
    ['www.facebook.com', 'example.dk', 'third'],
    ['bob.github.io', 'alice.github.io', 'third'],
    ['127.0.0.1', '127.0.0.1', 'first'],
    ['127.0.0.2', '127.0.0.1', 'third'],
    ['localhost', 'localhost', 'first'],
    ['example.dk.evil.com', 'example.dk', 'third'],
  ] as const)('%s on %s is %s party', (host, pageSite, party) => {
    expect(partyOf(host, pageSite)).toBe(party);
  });
});

describe('hostOf', () => {
  test.each([
    ['https://www.google-analytics.com/g/collect?v=2', 'www.google-analytics.com'],
    ['https://Shop.Example.dk:8443/a#b', 'shop.example.dk'],
    ['https://user:pw@host.example/x', 'host.example'],
    ['http://[::1]:8080/', '::1'],
    ['https://example.dk?x=1', 'example.dk'],
    ['data:text/plain,hello', null],
    ['about:blank', null],
    ['https:///nohost', null],
    ['HTTPS://WWW.EXAMPLE.DK', 'www.example.dk'],
    ['https://a@b@Host.Example:80/', 'host.example'],
    ['https://BÜCHER.example/', 'bücher.example'],
    ['http://[2001:DB8::1]/x', '2001:db8::1'],
    ['https://:8080/', null],
    ['ws://socket.example.dk/chat', 'socket.example.dk'],
    ['javascript:void(0)', null],
  ])('%s → %s', (url, host) => {
    expect(hostOf(url)).toBe(host);
  });
});

describe('domainMatches', () => {
  test.each([
    ['.example.dk', 'shop.example.dk', true],
    ['example.dk', 'example.dk', true],
    ['shop.example.dk', 'example.dk', false],
    ['.example.dk', 'badexample.dk', false],
  ])('%s covers %s: %s', (domain, host, expected) => {
    expect(domainMatches(domain, host)).toBe(expected);
  });
});
