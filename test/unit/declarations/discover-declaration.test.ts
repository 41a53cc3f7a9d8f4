import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { Window } from 'happy-dom';
import { describe, expect, test } from 'vitest';
import {
  cmpDeclarationFrom,
  declarationFromPolicyHtml,
  discoverDeclaration,
  rereadPolicyPage,
  validateHints,
  type DiscoveryIo,
} from '../../../lib/declarations/discover-declaration.ts';
import type { PolicyFetchResult } from '../../../lib/declarations/fetch-policy-page.ts';
import {
  CMP_READ_LIMITS,
  HINT_READ_LIMITS,
  readCmpDeclarationData,
  readPageDeclarationHints,
} from '../../../lib/declarations/page-declaration-readers.ts';

const PAGE = 'https://shop.example.dk/';
const NOW = '2026-11-20T10:00:00.000Z';
const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/policies/${name}`, import.meta.url), 'utf8');

const COOKIEBOT = {
  url: PAGE,
  cookiebot: {
    cookieTableNecessary: [['CookieConsent', 'example.dk', 'Stores consent', '1 year', 'HTTP', 1]],
    cookieTableStatistics: [['_ga', 'Google', 'Statistics', '2 years', 'HTTP', 1]],
  },
  onetrust: null,
  truncated: false,
};
const POLICY_HTML = `<html lang="da"><body><h2>Cookies</h2><table>
  <tr><th>Navn</th><th>Udbyder</th><th>Formål</th><th>Varighed</th></tr>
  <tr><td>_gid</td><td>Google</td><td>Statistik</td><td>1 dag</td></tr></table>
  <p>Vi husker dit samtykke i 12 måneder.</p></body></html>`;

/** A fake page and network: what the page holds, and what each fetched address answers. */
function fakeIo(page: {
  cmp?: unknown;
  hints?: unknown;
  pages?: Record<string, PolicyFetchResult>;
}): DiscoveryIo & { fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    readCmp: async () => page.cmp ?? null,
    readHints: async () => page.hints ?? null,
    fetchPolicy: async (url) => {
      fetched.push(url);
      return page.pages?.[url] ?? { ok: false, reason: `${url} answered 404` };
    },
    now: () => NOW,
  };
}

const hints = (links: { href: string; text: string }[], cookieInformation: string[] = []) => ({
  url: PAGE,
  links,
  cookieInformation,
});

describe('discoverDeclaration: the best source first', () => {
  test('the consent platform’s own list wins; no page is fetched', async () => {
    const io = fakeIo({
      cmp: COOKIEBOT,
      hints: hints([
        { href: 'https://shop.example.dk/privatlivspolitik', text: 'Privatlivspolitik' },
      ]),
    });
    const found = await discoverDeclaration(PAGE, io);
    expect(found).toMatchObject({ note: null, checkedAt: NOW, pageUrl: PAGE, tried: [] });
    expect(found.table).toMatchObject({ source: 'cookiebot', url: PAGE, retrievedAt: NOW });
    expect(found.table!.cookies.map((c) => c.name)).toEqual(['CookieConsent', '_ga']);
    expect(io.fetched).toEqual([]);
  });

  test('OneTrust’s domain data', async () => {
    const onetrust = {
      Groups: [
        {
          OptanonGroupId: 'C0002',
          GroupName: 'Performance',
          FirstPartyCookies: [{ Name: '_ga', Length: '730' }],
        },
      ],
    };
    const found = await discoverDeclaration(
      PAGE,
      fakeIo({ cmp: { url: PAGE, cookiebot: null, onetrust } }),
    );
    expect(found.table).toMatchObject({
      source: 'onetrust',
      cookies: [{ name: '_ga', category: 'statistics' }],
    });
  });

  test('Cookie Information’s rendered list comes next', async () => {
    const io = fakeIo({
      cmp: { url: PAGE, cookiebot: null, onetrust: null },
      hints: hints([], [fixture('da-cookie-information.html')]),
    });
    const found = await discoverDeclaration(PAGE, io);
    expect(found.table).toMatchObject({ source: 'cookieinformation', url: PAGE });
    expect(found.table!.cookies).toHaveLength(14);
  });

  test('else the policy page the page links to, on the same site', async () => {
    const policy = 'https://shop.example.dk/privatlivspolitik';
    const io = fakeIo({
      hints: hints([
        { href: 'https://shop.example.dk/kurv', text: 'Kurv' },
        { href: policy, text: 'Privatlivspolitik' },
      ]),
      pages: { [policy]: { ok: true, url: policy, html: POLICY_HTML, truncated: false } },
    });
    const found = await discoverDeclaration(PAGE, io);
    expect(io.fetched).toEqual([policy]);
    expect(found.tried).toEqual([policy]);
    expect(found.table).toMatchObject({
      source: 'policy-page',
      url: policy,
      retrievedAt: NOW,
      consentLifetime: { days: 365 },
      cookies: [{ name: '_gid', duration: { text: '1 dag', days: 1 } }],
    });
  });

  test('a policy on another site is not fetched, and the note says why', async () => {
    const io = fakeIo({
      hints: hints([
        { href: 'https://privacy.example.org/nabo/privatlivspolitik', text: 'Privatlivspolitik' },
      ]),
    });
    const found = await discoverDeclaration(PAGE, io);
    expect(io.fetched).toEqual([]);
    expect(found).toMatchObject({
      table: null,
      note: 'the policy link points to another site (privacy.example.org), which is not fetched',
    });
  });

  test('other sites when the caller allows them', async () => {
    const other = 'https://privacy.example.org/policy';
    const io = fakeIo({
      hints: hints([{ href: other, text: 'Privacy policy' }]),
      pages: { [other]: { ok: true, url: other, html: POLICY_HTML, truncated: false } },
    });
    const found = await discoverDeclaration(PAGE, io, { otherSites: true });
    expect(found.table?.url).toBe(other);
  });

  test('the next candidate after a failed or empty one, at most three', async () => {
    const links = ['cookiepolitik', 'privatlivspolitik', 'persondatapolitik', 'cookies'].map(
      (p) => ({ href: `https://shop.example.dk/${p}`, text: p }),
    );
    const io = fakeIo({
      hints: hints(links),
      pages: {
        'https://shop.example.dk/privatlivspolitik': {
          ok: true,
          url: 'https://shop.example.dk/privatlivspolitik',
          html: '<p>Ingen tabel her.</p>',
          truncated: false,
        },
      },
    });
    const found = await discoverDeclaration(PAGE, io);
    expect(io.fetched).toHaveLength(3);
    expect(found.table).toBeNull();
    expect(found.note).toMatch(/^the linked policy pages hold no declaration: /);
    expect(found.note).toContain('answered 404');
    expect(found.note).toContain('https://shop.example.dk/privatlivspolitik holds no cookie table');
  });

  test('no link at all', async () => {
    const found = await discoverDeclaration(PAGE, fakeIo({ hints: hints([]) }));
    expect(found).toMatchObject({
      table: null,
      note: 'no link to a privacy or cookie policy was found on the page',
    });
  });

  test('a page that is not a web page', async () => {
    const found = await discoverDeclaration('chrome://settings/', fakeIo({}));
    expect(found.note).toBe('only web pages (http and https) have a declaration to find');
  });

  test('readers that fail or throw count as nothing found', async () => {
    const io: DiscoveryIo = {
      readCmp: () => Promise.reject(new Error('no access')),
      readHints: () => Promise.reject(new Error('no access')),
      fetchPolicy: () => Promise.reject(new Error('offline')),
      now: () => NOW,
    };
    expect((await discoverDeclaration(PAGE, io)).table).toBeNull();
  });

  test('data from a page that moved to another site is ignored', async () => {
    const io = fakeIo({
      cmp: { ...COOKIEBOT, url: 'https://other.example.net/' },
      hints: {
        ...hints([{ href: 'https://other.example.net/privacy', text: 'Privacy' }]),
        url: 'https://other.example.net/',
      },
    });
    const found = await discoverDeclaration(PAGE, io);
    expect(found.table).toBeNull();
    expect(io.fetched).toEqual([]);
  });
});

describe('validation of what the page reports', () => {
  test('cmpDeclarationFrom reads nothing from odd shapes', () => {
    for (const raw of [null, 'x', [], { url: PAGE }, { url: PAGE, cookiebot: 'text' }, { url: 42 }])
      expect(cmpDeclarationFrom(raw, PAGE, NOW)).toBeNull();
    expect(
      cmpDeclarationFrom({ url: PAGE, cookiebot: { cookieTableNecessary: [] } }, PAGE, NOW),
    ).toBeNull();
  });

  test('validateHints keeps only well-formed, bounded links and markup', () => {
    const valid = validateHints(
      {
        url: PAGE,
        links: [
          { href: 'https://shop.example.dk/a', text: 'A' },
          { href: 42, text: 'number' },
          { href: 'https://shop.example.dk/b', text: 'x'.repeat(5_000) },
          { href: `https://shop.example.dk/${'y'.repeat(5_000)}`, text: 'long' },
          'not a link',
          { href: 'https://shop.example.dk/c' },
        ],
        cookieInformation: ['<div>one</div>', 7, 'z'.repeat(HINT_READ_LIMITS.maxMarkup + 1)],
      },
      PAGE,
    );
    expect(valid.links).toEqual([
      { href: 'https://shop.example.dk/a', text: 'A' },
      { href: 'https://shop.example.dk/b', text: 'x'.repeat(HINT_READ_LIMITS.maxLinkText) },
      { href: 'https://shop.example.dk/c', text: '' },
    ]);
    expect(valid.cookieInformation).toBe('<div>one</div>');
  });

  test('validateHints caps the number of links', () => {
    const links = Array.from({ length: 10_000 }, (_, i) => ({ href: `${PAGE}p${i}`, text: 'x' }));
    expect(validateHints({ url: PAGE, links }, PAGE).links).toHaveLength(HINT_READ_LIMITS.maxLinks);
  });
});

describe('policy pages', () => {
  test('a policy page holding Cookie Information’s list gives that list, and the prose’s consent period', () => {
    const table = declarationFromPolicyHtml(
      fixture('da-cookie-information.html'),
      'https://www.fjordbo.dk/cookiedeklaration',
      NOW,
    );
    expect(table.source).toBe('cookieinformation');
    expect(table.cookies).toHaveLength(14);
    expect(table.consentLifetime).toMatchObject({ days: 365 });
  });

  test('rereadPolicyPage reads the one address again', async () => {
    const policy = 'https://shop.example.dk/privatlivspolitik';
    const io = fakeIo({
      pages: { [policy]: { ok: true, url: policy, html: POLICY_HTML, truncated: false } },
    });
    const found = await rereadPolicyPage(policy, PAGE, io);
    expect(found).toMatchObject({ tried: [policy], note: null, table: { url: policy } });
    const missing = await rereadPolicyPage(`${policy}-gone`, PAGE, io);
    expect(missing).toMatchObject({ table: null, note: `${policy}-gone answered 404` });
  });
});

describe('the functions that run in the page', () => {
  test('readPageDeclarationHints: resolved links with their text, and Cookie Information’s markup', () => {
    const window = new Window({ url: 'https://shop.example.dk/produkter/' });
    window.document.write(`<!doctype html><html><head>
      <link rel="privacy-policy" href="/privacy"></head><body>
      <a href="../privatlivspolitik">  Privatlivspolitik </a>
      <a href="#top">Til toppen</a>
      <a href="/kontakt" aria-label="Kontakt os"></a>
      <div id="cookie-information-template-wrapper"><div class="coi-consent-banner__category-container">
        <div class="coi-consent-banner__found-cookies"><div class="coi-consent-banner__cookie-details">x</div></div>
      </div></div></body></html>`);
    const hints = readPageDeclarationHints(HINT_READ_LIMITS, window);
    expect(hints.url).toBe('https://shop.example.dk/produkter/');
    // In document order: the <link rel="privacy-policy"> of the head comes first.
    expect(hints.links).toEqual([
      { href: 'https://shop.example.dk/privacy', text: 'privacy policy' },
      { href: 'https://shop.example.dk/privatlivspolitik', text: 'Privatlivspolitik' },
      { href: 'https://shop.example.dk/produkter/#top', text: 'Til toppen' },
      { href: 'https://shop.example.dk/kontakt', text: 'Kontakt os' },
    ]);
    expect(hints.cookieInformation).toHaveLength(1);
    expect(hints.cookieInformation[0]).toMatch(/^<div id="cookie-information-template-wrapper">/);
    window.close();
  });

  test('readPageDeclarationHints stays within its limits', () => {
    const window = new Window({ url: 'https://shop.example.dk/' });
    window.document.write(
      Array.from({ length: 50 }, (_, i) => `<a href="/p${i}">${'t'.repeat(500)}</a>`).join(''),
    );
    const hints = readPageDeclarationHints(
      { ...HINT_READ_LIMITS, maxLinks: 10, maxLinkText: 20 },
      window,
    );
    expect(hints.links).toHaveLength(10);
    expect(hints.links.every((l) => l.text.length === 20)).toBe(true);
    window.close();
  });

  test('readCmpDeclarationData copies Cookiebot’s tables and OneTrust’s groups as plain data', () => {
    const win = {
      location: { href: PAGE },
      CookieConsentDialog: {
        cookieTableNecessary: [['CookieConsent', 'example.dk', 'x', '1 year', 'HTTP', 1]],
        cookieTableStatistics: [['_ga', 'Google', 'y', '2 years', 'HTTP', 1]],
        somethingElse: () => 'not copied',
      },
      OneTrust: {
        GetDomainData() {
          return {
            Groups: [{ OptanonGroupId: 'C0001', Cookies: [{ Name: 'OptanonConsent' }] }],
            Big: 'x'.repeat(10),
          };
        },
      },
    };
    const data = readCmpDeclarationData(CMP_READ_LIMITS, win);
    expect(data).toEqual({
      url: PAGE,
      cookiebot: {
        cookieTableNecessary: [['CookieConsent', 'example.dk', 'x', '1 year', 'HTTP', 1]],
        cookieTableStatistics: [['_ga', 'Google', 'y', '2 years', 'HTTP', 1]],
      },
      onetrust: {
        Groups: [{ OptanonGroupId: 'C0001', Cookies: [{ Name: 'OptanonConsent' }] }],
        Language: null,
      },
      truncated: false,
    });
  });

  test('readCmpDeclarationData survives a booby-trapped page and stays bounded', () => {
    const cyclic: Record<string, unknown> = { Name: 'loop' };
    cyclic.self = cyclic;
    const win = {
      location: { href: PAGE },
      Cookiebot: {
        get dialog() {
          return {
            get cookieTableNecessary(): unknown {
              throw new Error('trap');
            },
            cookieTableStatistics: new Proxy([], {
              get: (_t, key) => (key === 'length' ? 1e9 : ['x'.repeat(1_000), cyclic]),
            }),
          };
        },
      },
      OneTrust: {
        GetDomainData() {
          throw new Error('trap');
        },
      },
    };
    const data = readCmpDeclarationData({ maxChars: 50_000, maxNodes: 5_000 }, win);
    expect(data.truncated).toBe(true);
    expect(data.onetrust).toBeNull();
    expect(JSON.stringify(data).length).toBeLessThan(200_000);
  });

  test('both survive being sent as source text by a bundler that keeps function names', async () => {
    const source = readFileSync(
      new URL('../../../lib/declarations/page-declaration-readers.ts', import.meta.url),
      'utf8',
    );
    const { code } = await transform(source, { loader: 'ts', keepNames: true, format: 'esm' });
    const module = (await import(
      `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
    )) as typeof import('../../../lib/declarations/page-declaration-readers.ts');
    for (const fn of [module.readCmpDeclarationData, module.readPageDeclarationHints]) {
      // Rebuilt from its text alone, as executeScript and page.evaluate do.
      const rebuilt = new Function(`return (${fn.toString()})`)() as typeof fn;
      expect(fn.toString()).not.toContain('__name(');
      expect(() =>
        rebuilt(CMP_READ_LIMITS as never, { location: { href: PAGE } } as never),
      ).not.toThrow();
    }
  });
});
