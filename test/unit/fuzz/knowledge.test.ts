/**
 * Fuzzing of the knowledge base's lookups with what a page controls: cookie names and values,
 * storage keys, request URLs and hosts. The real compiled data is used (the Open Cookie
 * Database's wildcard names, EasyPrivacy's filter engine), since that is where a crafted name
 * or URL could hurt.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CATEGORIES } from '../../../lib/domain/category.ts';
import { hostOf, siteOf } from '../../../lib/domain/site.ts';
import { loadKnowledge } from '../../../lib/knowledge/load-knowledge.ts';
import type { CookieClassification } from '../../../lib/knowledge/types.ts';
import { FUZZ_TIMEOUT, fuzzAssert, pageString } from './fuzz.ts';

const knowledge = loadKnowledge();

function assertClassification(c: CookieClassification): void {
  expect(CATEGORIES).toContain(c.category);
  expect(c.vendor === null || c.vendor.length <= 500).toBe(true);
  expect(
    c.retention === null || c.retention.days === null || Number.isFinite(c.retention.days),
  ).toBe(true);
}

/** Names around the ones the data knows: prefixes, wildcard look-alikes, case and padding. */
const name = fc.oneof(
  fc.constantFrom(
    '_ga',
    '_ga_ABC',
    '_gid',
    '_fbp',
    'fr',
    '_hjSession_123',
    'CookieConsent',
    'OptanonConsent',
    'euconsent-v2',
    '__utma',
    'IDE',
    'test_cookie',
    '__proto__',
    'constructor',
    '',
  ),
  fc
    .tuple(
      fc.constantFrom('_ga', '_hj', '__ut', 'AMP_', 'mp_', 'ajs_', '_pk_id.', 'intercom-'),
      pageString(20),
    )
    .map(([a, b]) => a + b),
  pageString(60),
);
const value = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 64 }),
  fc.uuid(),
  pageString(100),
);
const host = fc.oneof(
  fc.domain(),
  fc.constantFrom(
    'www.google-analytics.com',
    'connect.facebook.net',
    'static.hotjar.com',
    'cdn.cookielaw.org',
    'localhost',
    '127.0.0.1',
    '::1',
    '__proto__',
    '',
  ),
);
const url = fc.oneof(
  fc
    .tuple(fc.constantFrom('https://', 'http://', 'wss://'), host, pageString(80))
    .map(([s, h, p]) => `${s}${h}/${p}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

describe('knowledge lookups', () => {
  test(
    'cookie names, values and domains: a known category, never a throw',
    () => {
      fuzzAssert(
        'knowledge: cookies',
        fc.property(
          name,
          host,
          value,
          fc.option(host, { nil: null }),
          (n, domain, v, initiator) => {
            assertClassification(knowledge.classifyCookie(n, domain, { value: v, initiator }));
            assertClassification(knowledge.classifyCookie(n, `.${domain}`));
          },
        ),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );

  test(
    'storage keys and origins',
    () => {
      fuzzAssert(
        'knowledge: storage keys',
        fc.property(name, url, value, (key, origin, v) => {
          assertClassification(knowledge.classifyStorageKey(key, origin, { value: v }));
        }),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );

  test(
    'request URLs of any shape against the filter engine',
    () => {
      fuzzAssert(
        'knowledge: requests',
        fc.property(
          url,
          fc.constantFrom(
            'script',
            'image',
            'xmlhttprequest',
            'sub_frame',
            'ping',
            'other',
            'bogus',
          ),
          host,
          (u, type, pageHost) => {
            const h = hostOf(u) ?? '';
            const result = knowledge.classifyRequest({
              url: u,
              host: h,
              site: siteOf(h),
              type,
              pageHost,
              pageSite: siteOf(pageHost),
            });
            expect(typeof result.consentPlatform).toBe('boolean');
            if (result.tracker) expect(CATEGORIES).toContain(result.tracker.category);
          },
        ),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );
});
