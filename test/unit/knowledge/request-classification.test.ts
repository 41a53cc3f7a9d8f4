import { Request, type RequestType } from '@ghostery/adblocker';
import { describe, expect, test } from 'vitest';
import { hostOf, siteOf } from '../../../lib/domain/site.ts';
import { loadKnowledge, readCompiledData } from '../../../lib/knowledge/load-knowledge.ts';
import type { EasyPrivacyScreenData } from '../../../lib/knowledge/knowledge-data.ts';
import { createTrackerMatcher } from '../../../lib/knowledge/tracker-matcher.ts';
import { buildRequestCorpus } from '../../bench/knowledge.bench.ts';
import { wholeEasyPrivacyEngine } from './data-files.ts';

const knowledge = loadKnowledge();
const PAGE = { pageHost: 'shop.example.dk', pageSite: 'example.dk' };

function classify(url: string, type = 'script', page = PAGE) {
  const host = hostOf(url) as string;
  return knowledge.classifyRequest({ url, host, site: siteOf(host), type, ...page });
}

describe('requests', () => {
  test.each([
    // url, type, tracker vendor, category, source (null: not a tracker)
    [
      'https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123&cid=1.2',
      'ping',
      'Google Analytics',
      'statistics',
      'easyprivacy',
    ],
    [
      'https://www.googletagmanager.com/gtm.js?id=GTM-ABC123',
      'script',
      'Google Tag Manager',
      'statistics',
      'easyprivacy',
    ],
    [
      'https://connect.facebook.net/en_US/fbevents.js',
      'script',
      'Meta',
      'marketing',
      'easyprivacy',
    ],
    [
      'https://www.facebook.com/tr?id=123456&ev=PageView&noscript=1',
      'image',
      'Meta',
      'marketing',
      'easyprivacy',
    ],
    ['https://www.facebook.com/tr/', 'xmlhttprequest', 'Meta', 'marketing', 'easyprivacy'],
    // EasyPrivacy has no rule for Hotjar's script host; the vendor table knows it tracks.
    [
      'https://static.hotjar.com/c/hotjar-123.js?sv=6',
      'script',
      'Hotjar',
      'statistics',
      'vendor-domain',
    ],
    ['https://bat.bing.com/bat.js', 'script', 'Microsoft Advertising', 'marketing', 'easyprivacy'],
    [
      'https://www.clarity.ms/tag/abc123',
      'script',
      'Microsoft Clarity',
      'statistics',
      'easyprivacy',
    ],
    [
      'https://analytics.tiktok.com/i18n/pixel/events.js',
      'script',
      'TikTok',
      'marketing',
      'easyprivacy',
    ],
    // Ad serving is EasyList's, not EasyPrivacy's: known from the vendor table.
    [
      'https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123/',
      'image',
      'Google Ads',
      'marketing',
      'easyprivacy',
    ],
    [
      'https://securepubads.g.doubleclick.net/tag/js/gpt.js',
      'script',
      'Google Ads',
      'marketing',
      'vendor-domain',
    ],
    [
      'https://s2.adform.net/banners/scripts/adx.js',
      'script',
      'Adform',
      'marketing',
      'vendor-domain',
    ],
    ['https://ib.adnxs.com/getuid?https://x', 'image', 'Xandr', 'marketing', 'vendor-domain'],
  ] as const)('%s (%s) → %s, %s, %s', (url, type, vendor, category, source) => {
    const c = classify(url, type);
    expect(c.tracker).toEqual({ vendor, category, source });
    expect(c.vendor).toBe(vendor);
    expect(c.consentPlatform).toBe(false);
  });

  test.each([
    ['https://cdn.example.dk/assets/app.3f2a9c.js', 'script', null],
    ['https://www.example.dk/api/cart?session=abc', 'xmlhttprequest', null],
    ['https://fonts.googleapis.com/css2?family=Inter', 'stylesheet', 'Google Fonts'],
    ['https://cdn.shopify.com/s/files/1/theme.js', 'script', 'Shopify'],
    ['https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js', 'script', 'Cloudflare'],
  ])('%s is not a tracker (vendor %s)', (url, type, vendor) => {
    const c = classify(url, type);
    expect(c.tracker).toBeNull();
    expect(c.vendor).toBe(vendor);
    expect(c.consentPlatform).toBe(false);
  });

  test.each([
    ['https://consent.cookiebot.com/uc.js', 'Cookiebot'],
    ['https://consentcdn.cookiebot.com/consentconfig/abc/example.dk/configuration.js', 'Cookiebot'],
    ['https://cdn.cookielaw.org/scripttemplates/otSDKStub.js', 'OneTrust'],
    ['https://geolocation.onetrust.com/cookieconsentpub/v1/geo/location', 'OneTrust'],
    ['https://policy.app.cookieinformation.com/uc.js', 'Cookie Information'],
    ['https://cdn.cookie-script.com/s/abc.js', 'Cookie-Script'],
    ['https://app.usercentrics.eu/browser-ui/latest/loader.js', 'Usercentrics'],
    ['https://sdk.privacy-center.org/abc/loader.js', 'Didomi'],
    ['https://cdn.iubenda.com/cs/iubenda_cs.js', 'iubenda'],
    ['https://cmp.quantcast.com/choice/abc/example.dk/choice.js', 'Quantcast Choice'],
  ])('%s is the consent platform %s, never a tracker', (url, vendor) => {
    const c = classify(url);
    expect(c).toMatchObject({ tracker: null, vendor, consentPlatform: true });
  });

  test('a tracker nothing names counts as statistics, and says where that came from', () => {
    // A generic EasyPrivacy path rule on an unknown host.
    const c = classify('https://metrics.some-unknown-shop.dk/piwik.js', 'script');
    expect(c.tracker).toEqual({ vendor: null, category: 'statistics', source: 'easyprivacy' });
    expect(c.categoryBy).toBe('list-default');
    expect(classify('https://www.google-analytics.com/g/collect?v=2', 'ping').categoryBy).toBe(
      'vendor-domain',
    );
  });

  test('first party: a vendor domain is not a tracker on its own site', () => {
    const onFacebook = { pageHost: 'www.facebook.com', pageSite: 'facebook.com' };
    expect(
      classify('https://static.xx.fbcdn.net/rsrc.php/v3/app.js', 'script', onFacebook).tracker,
    ).toBeNull();
    const onAdform = { pageHost: 'www.adform.net', pageSite: 'adform.net' };
    expect(
      classify('https://s2.adform.net/banners/scripts/adx.js', 'script', onAdform).tracker,
    ).toBeNull();
  });

  test('unknown resource types are matched as "other", not rejected', () => {
    expect(
      classify('https://www.google-analytics.com/g/collect?v=2', 'beacon-ish').tracker?.source,
    ).toBe('easyprivacy');
  });

  test('answers are frozen and reused per host', () => {
    const a = classify('https://cdn.example.dk/a.js');
    const b = classify('https://cdn.example.dk/b.js');
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toBe(b);
  });
});

describe('the lean EasyPrivacy matcher', () => {
  test('agrees with FiltersEngine.match on a corpus of realistic requests', () => {
    const data = readCompiledData();
    const engine = wholeEasyPrivacyEngine();
    const matcher = createTrackerMatcher(
      data.easyprivacy as Uint8Array,
      data.easyprivacyScreen as EasyPrivacyScreenData,
    );
    const corpus = buildRequestCorpus(data, 8_000, 99);
    let tracking = 0;
    const disagreements: string[] = [];
    for (const s of corpus) {
      const host = hostOf(s.url) as string;
      const site = siteOf(host);
      const expected = engine.match(
        Request.fromRawDetails({
          url: s.url,
          hostname: host,
          domain: site,
          sourceHostname: s.pageHost,
          sourceDomain: s.pageSite,
          type: s.type as RequestType,
        }),
      ).match;
      const screen = matcher.screenHost(host);
      const actual = matcher.matches(s.url, host, site, s.type, s.pageHost, s.pageSite, screen);
      if (actual !== expected) disagreements.push(`${s.url} (${s.type}): ${actual} vs ${expected}`);
      if (expected) tracking++;
    }
    expect(disagreements).toEqual([]);
    // The corpus must exercise both answers for the comparison to mean anything.
    expect(tracking).toBeGreaterThan(500);
    expect(corpus.length - tracking).toBeGreaterThan(500);
  }, 120_000);

  test('agrees with FiltersEngine.match where the screen is most likely to be wrong', () => {
    // Requests built from the filters themselves: every kind of filter's hostname placed at,
    // inside and around label boundaries (ending inside a label too, where the engine accepts
    // a filter followed by a wildcard, and where its check for a match inside the host looks
    // at `host[hostname.length]`), and literals of the URL-pattern filters (plain and regular
    // expression) placed in paths, hosts and queries, for first and third parties and every
    // resource type, including the two that the filters without a literal ask for.
    const data = readCompiledData();
    const engine = wholeEasyPrivacyEngine();
    const matcher = createTrackerMatcher(
      data.easyprivacy as Uint8Array,
      data.easyprivacyScreen as EasyPrivacyScreenData,
    );
    let seed = 42;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    const all = [
      ...engine.filters.getFilters(),
      ...engine.exceptions.getFilters(),
      ...engine.importants.getFilters(),
      ...engine.redirects.getFilters(),
    ];
    const hostnames = all.map((f) => f.getHostname()).filter((h) => h !== '');
    const literals = all
      .filter((f) => !(f.isHostnameAnchor() && f.getHostname() !== ''))
      .map((f) =>
        f
          .getFilter()
          .replace(/^\/|\/$/g, '')
          .replace(/\\/g, ''),
      )
      .filter((p) => p !== '');
    const types = ['script', 'image', 'xmlhttprequest', 'ping', 'sub_frame', 'other', 'websocket'];
    const disagreements: string[] = [];
    let tracking = 0;
    for (let i = 0; i < 8000; i++) {
      const name = pick(hostnames)
        .replace(/^\.|\.$/g, '')
        .replace(/\*/g, 'x');
      const host = pick([
        name,
        `cdn.${name}`,
        `${name}.example.com`,
        `pre${name}`,
        `${name}x.example.com`,
        `${'q'.repeat(name.length)}.${name}zz.com`,
        'www.shop.dk',
      ]);
      const literal = pick(literals).replace(/[*^|]/g, pick(['', '/', '?', 'a']));
      const path = pick([
        `/${literal}`,
        `/static/${literal}?x=1`,
        `/?q=${literal}`,
        '/app.js',
        `/${literal.toUpperCase()}`,
      ]);
      const url = `${pick(['https', 'https', 'http', 'wss'])}://${host}${path}`;
      const urlHost = hostOf(url);
      if (urlHost === null) continue;
      const site = siteOf(urlHost);
      const pageSite = pick([site, 'shop.dk', 'example.com']);
      const pageHost = `www.${pageSite}`;
      const type = pick(types);
      const expected = engine.match(
        Request.fromRawDetails({
          url,
          hostname: urlHost,
          domain: site,
          sourceHostname: pageHost,
          sourceDomain: pageSite,
          type: type as RequestType,
        }),
      ).match;
      const actual = matcher.matches(url, urlHost, site, type, pageHost, pageSite);
      if (actual !== expected) disagreements.push(`${url} (${type}, ${pageSite}): ${actual}`);
      if (expected) tracking++;
    }
    expect(disagreements).toEqual([]);
    expect(tracking).toBeGreaterThan(1500);
    expect(tracking).toBeLessThan(6500);
  }, 120_000);

  test('agrees with FiltersEngine.match wherever the engine lets a hostname end inside a label', () => {
    // Every blocking filter's hostname, inside a host where the engine's anchoring accepts it
    // though no label ends there: followed by other characters in a match inside the host
    // (its check looks at `host[hostname.length]`, a dot here), and followed by a letter,
    // which a filter whose pattern starts with a wildcard accepts.
    const data = readCompiledData();
    const engine = wholeEasyPrivacyEngine();
    const matcher = createTrackerMatcher(
      data.easyprivacy as Uint8Array,
      data.easyprivacyScreen as EasyPrivacyScreenData,
    );
    const disagreements: string[] = [];
    let tracking = 0;
    for (const filter of engine.filters.getFilters()) {
      const hostname = filter.getHostname().replace(/\.$/, '');
      if (hostname === '' || hostname.startsWith('.') || hostname.includes('*')) continue;
      for (const host of [
        `${'q'.repeat(hostname.length)}.${hostname}zz.com`,
        `${hostname}x.example.com`,
      ]) {
        const url = `https://${host}/`;
        const site = siteOf(host);
        const expected = engine.match(
          Request.fromRawDetails({
            url,
            hostname: host,
            domain: site,
            sourceHostname: PAGE.pageHost,
            sourceDomain: PAGE.pageSite,
            type: 'script',
          }),
        ).match;
        const actual = matcher.matches(url, host, site, 'script', PAGE.pageHost, PAGE.pageSite);
        if (actual !== expected) disagreements.push(`${url}: ${actual}`);
        if (expected) tracking++;
      }
    }
    expect(disagreements).toEqual([]);
    // Both kinds occur in the list: the comparison must see some of each match.
    expect(tracking).toBeGreaterThan(100);
  }, 120_000);

  test('agrees with FiltersEngine.match on the requests exceptions and the small buckets name', () => {
    // The engine keeps the exceptions, `$important` and `$redirect` filters, and the hostname
    // tables only mark their hostnames: requests built from each such filter anchored to a
    // hostname (its own path, on the site its `domain=` option names, on an unrelated one and
    // on its own), for every resource type, must be answered as the engine answers them,
    // including when an exception lifts a block.
    const data = readCompiledData();
    const engine = wholeEasyPrivacyEngine();
    const matcher = createTrackerMatcher(
      data.easyprivacy as Uint8Array,
      data.easyprivacyScreen as EasyPrivacyScreenData,
    );
    const types = ['script', 'image', 'xmlhttprequest', 'sub_frame', 'ping', 'media', 'other'];
    const disagreements: string[] = [];
    let lifted = 0;
    for (const filter of [
      ...engine.exceptions.getFilters(),
      ...engine.importants.getFilters(),
      ...engine.redirects.getFilters(),
    ]) {
      const hostname = filter.getHostname();
      if (hostname === '' || hostname.startsWith('.') || hostname.includes('*')) continue;
      const text = filter.toString();
      const options = text.includes('$') ? text.slice(text.lastIndexOf('$') + 1) : '';
      const named = /(?:^|,)domain=([^,|~]+)/.exec(options)?.[1];
      const path = filter.getFilter().replace(/[*^|]/g, '/').replace(/\\/g, '');
      const host = hostname.replace(/\.$/, '.com');
      const url = `https://${host}${path.startsWith('/') ? '' : '/'}${path}`;
      const site = siteOf(host);
      for (const pageSite of new Set([named ?? site, 'shop.dk', site])) {
        for (const type of types) {
          const result = engine.match(
            Request.fromRawDetails({
              url,
              hostname: host,
              domain: site,
              sourceHostname: `www.${pageSite}`,
              sourceDomain: pageSite,
              type: type as RequestType,
            }),
          );
          const actual = matcher.matches(url, host, site, type, `www.${pageSite}`, pageSite);
          if (actual !== result.match)
            disagreements.push(`${url} (${type}, ${pageSite}): ${actual}`);
          if (result.filter !== undefined && result.exception !== undefined) lifted++;
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(lifted).toBeGreaterThan(500);
  }, 120_000);

  test.each([
    ['https://www.googletagmanager.com/gtm.js?id=GTM-1', 'script', 'mustar.meitetsu.co.jp', true], // $important
    ['https://static.chartbeat.com/js/chartbeat.js', 'script', 'example.dk', true], // $redirect
  ])('%s from %s: %s', (url, type, pageSite, expected) => {
    const data = readCompiledData();
    const matcher = createTrackerMatcher(
      data.easyprivacy as Uint8Array,
      data.easyprivacyScreen as EasyPrivacyScreenData,
    );
    const host = hostOf(url) as string;
    const screen = matcher.screenHost(host);
    expect(screen.important || screen.redirect).toBe(true);
    expect(
      matcher.matches(url, host, siteOf(host), type, `www.${pageSite}`, pageSite, screen),
    ).toBe(expected);
  });
});
