import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  extractLinks,
  findPolicyLinks,
  MAX_LINKS,
} from '../../../lib/declarations/find-policy-links.ts';
import { fuzzAssert } from '../fuzz/fuzz.ts';

const PAGE = 'https://www.example.dk/produkter/sko?id=4';

describe('findPolicyLinks', () => {
  const html = `<html><head><link rel="privacy-policy" href="/privatlivspolitik/"></head><body>
    <a href="/">Forside</a>
    <a href="#" onclick="Cookiebot.renew()">Cookie-indstillinger</a>
    <a href="javascript:void(0)">Cookies</a>
    <a href="https://www.google.com/policies/privacy/">Googles privatlivspolitik</a>
    <a href="/cookiepolitik">Cookiepolitik</a>
    <a href="/om-os">Om os</a>
    <a href="mailto:info@example.dk">Kontakt</a>
    <a href="/da/persondatapolitik#top">Læs mere</a>
    <a href="https://shop.example.dk/cookies">Cookies</a>
    <script>var a = '<a href="/scripted-privacy">privacy</a>';</script>
  </body></html>`;

  test('ranks same-site policy links first, resolves them, drops non-links', () => {
    const links = findPolicyLinks(html, PAGE);
    expect(links.map((l) => l.url)).toEqual([
      'https://www.example.dk/cookiepolitik',
      'https://www.example.dk/privatlivspolitik/',
      'https://shop.example.dk/cookies',
      'https://www.example.dk/da/persondatapolitik',
      'https://www.google.com/policies/privacy/',
    ]);
    expect(links[0]).toMatchObject({ kind: 'cookie', sameSite: true, text: 'Cookiepolitik' });
    expect(links.at(-1)).toMatchObject({ sameSite: false, kind: 'privacy' });
  });

  test.each([
    ['Datenschutzerklärung', '/datenschutz', 'privacy'],
    ['Integritetspolicy', '/integritet', 'privacy'],
    ['Personvernerklæring', '/personvern', 'privacy'],
    ['Privacyverklaring', '/privacy', 'privacy'],
    ['Politique de confidentialité', '/confidentialite', 'privacy'],
    ['Cookiebeleid', '/cookiebeleid', 'cookie'],
    ['Cookie Policy', '/legal/cookie-policy', 'cookie'],
    ['Privacy policy', '/legal/privacy-policy', 'privacy'],
  ] as const)('%s', (text, href, kind) => {
    const links = findPolicyLinks(
      [
        { href, text },
        { href: '/shop', text: 'Shop' },
      ],
      PAGE,
    );
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ url: new URL(href, PAGE).href, kind, sameSite: true });
  });

  test('a URL word alone is enough', () => {
    expect(
      findPolicyLinks([{ href: '/databeskyttelsespolitik', text: 'Læs her' }], PAGE)[0]?.kind,
    ).toBe('privacy');
  });

  test('<base href> is honoured', () => {
    const links = findPolicyLinks(
      '<base href="https://cdn.example.dk/site/"><a href="cookies">Cookies</a>',
      PAGE,
    );
    expect(links[0]?.url).toBe('https://cdn.example.dk/site/cookies');
  });

  test('bad page URL or hrefs give nothing, not an exception', () => {
    expect(findPolicyLinks('<a href="/cookies">Cookies</a>', 'not a url')).toEqual([]);
    expect(findPolicyLinks([{ href: 'http://[bad', text: 'Cookies' }], PAGE)).toEqual([]);
  });

  test('limit and link cap', () => {
    const many = Array.from(
      { length: MAX_LINKS + 500 },
      (_, i) => `<a href="/cookies/${i}">Cookies</a>`,
    ).join('');
    expect(extractLinks(many).links).toHaveLength(MAX_LINKS);
    expect(findPolicyLinks(many, PAGE, { limit: 3 })).toHaveLength(3);
  });

  test('never throws on arbitrary input (property)', () => {
    fuzzAssert(
      'policy links: arbitrary links',
      fc.property(
        fc.array(
          fc.record({ href: fc.string({ maxLength: 60 }), text: fc.string({ maxLength: 60 }) }),
          { maxLength: 30 },
        ),
        (links) => {
          for (const l of findPolicyLinks(links, PAGE)) expect(l.url).toMatch(/^https?:\/\//);
        },
      ),
      300,
    );
  });
});
