/**
 * Fuzzing of the consent decoders beyond test/unit/consent/hostile-input.test.ts (which feeds
 * every decoder arbitrary, truncated and mutated strings): inputs built to get past the first
 * checks — TC and GPP strings that are valid base64url with plausible headers and random bits,
 * `gcs`/`gcd` of the right alphabet, gtag `dataLayer` commands, localStorage entries, and
 * hostile window objects (throwing getters, proxies) for the page-world probe. Every answer must
 * be well-formed (a reading or unknown with a reason) and bounded in size.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  consentFromGoogleRequest,
  consentModeFromDataLayer,
  decodeGcd,
  decodeGcs,
} from '../../../lib/consent/consent-mode.ts';
import { decodeGppPing, decodeGppString, gppSectionIds } from '../../../lib/consent/gpp.ts';
import { categoryOfLabel } from '../../../lib/consent/label-category.ts';
import { gppPing, probeConsentApis, toPlain } from '../../../lib/consent/page-probe.ts';
import {
  CONSENT_STORAGE,
  decodeConsentStorage,
  decodeConsentStorageEntries,
} from '../../../lib/consent/platforms/index.ts';
import { isConsentUnknown, type DecodeResult } from '../../../lib/consent/state.ts';
import { tcRangeExpansion } from '../../../lib/consent/tcf-guard.ts';
import { decodeTcString } from '../../../lib/consent/tcf.ts';
import { fixtureNames, loadFixture } from '../consent/fixtures.ts';
import { makeTcString } from '../consent/tc-strings.ts';
import { FUZZ_TIMEOUT, fuzzAssert, jsonSize, pageString } from './fuzz.ts';

/**
 * Largest answer of any decoder, as JSON: lists are cut at 500 entries of at most 200
 * characters, and a reading holds a handful of lists.
 */
const MAX_ANSWER = 256 * 1024;
const DECISIONS = new Set(['none', 'reject', 'accept', 'custom']);
const CATEGORIES = ['marketing', 'necessary', 'preferences', 'statistics'];

function assertAnswer(result: DecodeResult): void {
  expect(typeof result.source).toBe('string');
  expect(jsonSize(result)).toBeLessThanOrEqual(MAX_ANSWER);
  if (isConsentUnknown(result)) {
    expect(result.reason.length).toBeGreaterThan(0);
    expect(result.reason.length).toBeLessThanOrEqual(300);
    return;
  }
  expect(DECISIONS.has(result.decision)).toBe(true);
  expect(Object.keys(result.categories).sort()).toEqual(CATEGORIES);
  for (const v of Object.values(result.categories)) expect([true, false, null]).toContain(v);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function bitsToBase64url(bits: string): string {
  let out = '';
  for (let i = 0; i < bits.length; i += 6)
    out += B64[parseInt(bits.slice(i, i + 6).padEnd(6, '0'), 2)];
  return out;
}

function base64urlToBits(text: string): string {
  let bits = '';
  for (const ch of text) bits += B64.indexOf(ch).toString(2).padStart(6, '0');
  return bits;
}

const bitString = (maxLength: number) =>
  fc.array(fc.constantFrom('0', '1'), { maxLength }).map((b) => b.join(''));

/** Valid TC strings (random purposes and vendors) with bits flipped, cut, or added. */
const tcString = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 11 }), { maxLength: 11 }),
    fc.uniqueArray(fc.integer({ min: 1, max: 1200 }), { maxLength: 40 }),
    fc.array(fc.nat(), { maxLength: 8 }),
    fc.option(fc.nat(), { nil: undefined }),
    bitString(400),
    fc.constantFrom('', '.', '.IAAA', '.YAAA'),
  )
  .map(([purposes, vendors, flips, cutAt, extra, segment]) => {
    let bits = base64urlToBits(makeTcString({ purposes, vendors }));
    for (const at of flips) {
      const i = at % bits.length;
      bits = bits.slice(0, i) + (bits[i] === '1' ? '0' : '1') + bits.slice(i + 1);
    }
    if (cutAt !== undefined) bits = bits.slice(0, cutAt % bits.length);
    return bitsToBase64url(bits + extra) + segment;
  });

/** A TCF v2 core segment header followed by random bits: the range sections get random data. */
const tcRandomBody = bitString(3000).map((bits) => bitsToBase64url(`000010${bits}`));

/** Fibonacci coding of n ≥ 1, as GPP headers encode section ids. */
function fibonacci(n: number): string {
  const fibs = [1, 2];
  while ((fibs.at(-1) ?? 0) <= n) fibs.push((fibs.at(-1) ?? 0) + (fibs.at(-2) ?? 0));
  const bits: string[] = [];
  let rest = n;
  for (let i = fibs.length - 1; i >= 0; i--) {
    const f = fibs[i] ?? 0;
    if (f <= rest && f > 0) {
      bits[i] = '1';
      rest -= f;
    } else bits[i] = '0';
  }
  return `${bits.join('').replace(/0+$/, '')}1`;
}

/** A GPP header with 0–6 random section ids, then random or real sections. */
const gppString = fc
  .tuple(
    fc.array(
      fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 })),
      {
        maxLength: 6,
      },
    ),
    fc.array(
      fc.oneof(
        bitString(300).map(bitsToBase64url),
        fc.constantFrom(
          '1YNN',
          '1---',
          'BVQqAAAAAgA.QA',
          'CQAAAAAQAAAAAAAAAAENBkFsAP_gAAAAAAAAAAAAA',
        ),
        tcString,
      ),
      { maxLength: 7 },
    ),
  )
  .map(([entries, sections]) => {
    let header = `000011000001${entries.length.toString(2).padStart(12, '0')}`;
    for (const [range, first, span] of entries)
      header += range ? `1${fibonacci(first)}${fibonacci(span)}` : `0${fibonacci(first)}`;
    return [bitsToBase64url(header), ...sections].join('~');
  });

const realGpp = fc.constantFrom(
  'DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA',
  'DBABLA~1YNN',
  'DBABTA~BVQqAAAAAgA.QA',
  'DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN',
);

describe('TC strings', () => {
  test(
    'valid strings with flipped, cut and added bits: an answer, never a throw',
    () => {
      fuzzAssert(
        'tcf: mutated TC strings',
        fc.property(tcString, (value) => {
          assertAnswer(decodeTcString(value));
          const expansion = tcRangeExpansion(value);
          expect(expansion === null || (Number.isInteger(expansion) && expansion >= 0)).toBe(true);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  test(
    'a v2 header over random bits (random vendor ranges): an answer, never a stall',
    () => {
      fuzzAssert(
        'tcf: random vendor ranges',
        fc.property(tcRandomBody, (value) => assertAnswer(decodeTcString(value))),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('GPP strings', () => {
  test(
    'headers with random section ids over random or real sections',
    () => {
      fuzzAssert(
        'gpp: generated strings',
        fc.property(fc.oneof(gppString, realGpp), (value) => {
          assertAnswer(decodeGppString(value));
          const ids = gppSectionIds(value.split('~')[0] ?? '');
          if (ids !== null) {
            expect(ids.length).toBeLessThanOrEqual(32);
            for (const id of ids) expect(id).toBeLessThanOrEqual(100);
          }
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  test(
    '__gpp ping answers with generated gppString and section lists',
    () => {
      const ping = fc.record(
        {
          gppVersion: fc.constantFrom('1.1', '1.0', 1, null),
          cmpStatus: fc.constantFrom('loaded', 'stub', 'error', 5),
          signalStatus: fc.constantFrom('ready', 'not ready', undefined),
          applicableSections: fc.oneof(
            fc.array(fc.integer({ min: -5, max: 120 }), { maxLength: 10 }),
            fc.anything({ maxDepth: 2 }),
          ),
          gppString: fc.oneof(gppString, realGpp, fc.anything({ maxDepth: 1 })),
          parsedSections: fc.anything({ maxDepth: 3 }),
        },
        { requiredKeys: [] },
      );
      fuzzAssert(
        'gpp: ping objects',
        fc.property(ping, (value) => assertAnswer(decodeGppPing(value))),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('Consent Mode', () => {
  const gcs = fc
    .array(fc.constantFrom('G', '1', '0', '-', '2', 'x'), { maxLength: 12 })
    .map((c) => c.join(''));
  const gcd = fc
    .array(
      fc.constantFrom(
        '1',
        '3',
        '5',
        '7',
        'l',
        'p',
        'q',
        'r',
        't',
        'u',
        'v',
        'e',
        'n',
        'x',
        '-',
        '.',
      ),
      {
        maxLength: 20,
      },
    )
    .map((c) => c.join(''));

  test(
    'gcs and gcd of the right alphabet, alone and in Google request URLs',
    () => {
      fuzzAssert(
        'consent mode: gcs and gcd',
        fc.property(gcs, gcd, (s, d) => {
          assertAnswer(decodeGcs(s));
          assertAnswer(decodeGcd(d));
          assertAnswer(decodeGcd(`11${d}`));
          const url = `https://www.google-analytics.com/g/collect?v=2&gcs=${encodeURIComponent(s)}&gcd=${encodeURIComponent(d)}`;
          const readings = consentFromGoogleRequest(url);
          expect(readings).toHaveLength(2);
          readings.forEach(assertAnswer);
        }),
        1000,
      );
    },
    FUZZ_TIMEOUT,
  );

  const consentKey = fc.constantFrom(
    'ad_storage',
    'analytics_storage',
    'ad_user_data',
    'ad_personalization',
    'functionality_storage',
    'personalization_storage',
    'security_storage',
    'wait_for_update',
    'region',
    '__proto__',
    'constructor',
  );
  const consentValue = fc.oneof(
    fc.constantFrom('granted', 'denied', 'GRANTED', '', null, 500, true),
    fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
    fc.anything({ maxDepth: 1 }),
  );
  /** gtag's pushes are `arguments` objects: array-likes, not arrays. */
  function argumentsLike(...items: unknown[]): IArguments {
    return (function (..._: unknown[]) {
      // eslint-disable-next-line prefer-rest-params
      return arguments;
    })(...items);
  }
  const command = fc
    .tuple(
      fc.constantFrom('consent', 'set', 'config', 'event', 'js', 42),
      fc.constantFrom('default', 'update', 'ads_data_redaction', 'url_passthrough', 'other'),
      fc.oneof(
        fc.dictionary(consentKey, consentValue, { maxKeys: 8 }),
        fc.boolean(),
        fc.anything({ maxDepth: 2 }),
      ),
      fc.boolean(),
    )
    .map(([a, b, c, asArguments]) => (asArguments ? argumentsLike(a, b, c) : [a, b, c]));

  test(
    'dataLayer of gtag commands, arguments objects and junk',
    () => {
      fuzzAssert(
        'consent mode: dataLayer',
        fc.property(
          fc.array(
            fc.oneof(
              { weight: 4, arbitrary: command },
              { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
            ),
            {
              maxLength: 40,
            },
          ),
          fc.option(fc.constantFrom('DK', 'US-CA', 'de', ''), { nil: undefined }),
          (dataLayer, region) => assertAnswer(consentModeFromDataLayer(dataLayer, { region })),
        ),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('localStorage consent records', () => {
  const realValues = fixtureNames().flatMap((name) => loadFixture(name).cases.map((c) => c.value));
  const key = fc.constantFrom(
    ...CONSENT_STORAGE.map((e) => (e.prefix ? `${e.name}x` : e.name)),
    'other',
  );
  const value = fc.oneof(pageString(300), fc.constantFrom(...realValues), fc.json({ maxDepth: 4 }));

  test(
    'every registered key with any value, alone and as one origin’s entries',
    () => {
      fuzzAssert(
        'registry: storage entries',
        fc.property(fc.array(fc.record({ name: key, value }), { maxLength: 8 }), (entries) => {
          for (const e of entries) {
            const one = decodeConsentStorage(e.name, e.value);
            if (one !== null) assertAnswer(one);
          }
          decodeConsentStorageEntries(entries).forEach(assertAnswer);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('page-world probe', () => {
  const names = [
    'Cookiebot',
    'OnetrustActiveGroups',
    'OptanonActiveGroups',
    'OneTrust',
    'CookieInformation',
    'klaro',
    'CookieConsent',
    'tarteaucitron',
    'UC_UI',
    'Didomi',
    'dataLayer',
    '__gpp',
    '__tcfapi',
  ];
  /**
   * Values whose every access throws: a getter, a proxy, a function that throws when called, a
   * revoked proxy; and a cycle and a 2³¹-long array. Built inside the property from their names
   * (fast-check itself cannot hold a revoked proxy).
   */
  const HOSTILE = ['getter', 'proxy', 'throwing-function', 'revoked-proxy', 'cycle', 'huge-array'];
  function hostileValue(kind: string): unknown {
    const boom = () => {
      throw new Error('page says no');
    };
    switch (kind) {
      case 'getter':
        return Object.defineProperty({}, 'consent', { get: boom, enumerable: true });
      case 'proxy':
        return new Proxy(
          {},
          {
            get: boom,
            has: boom,
            ownKeys: boom,
            getOwnPropertyDescriptor: boom,
            getPrototypeOf: boom,
          },
        );
      case 'throwing-function':
        return boom;
      case 'revoked-proxy': {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      }
      case 'cycle': {
        const a: Record<string, unknown> = { consent: { marketing: true } };
        a.self = a;
        a.consented = a;
        return a;
      }
      default: {
        const big: unknown[] = [];
        big.length = 2 ** 31;
        return big;
      }
    }
  }
  /** A window-like description: global name → a hostile kind or plain data. */
  const hostile = fc.constantFrom(...HOSTILE).map((kind) => ({ hostile: kind }));
  const build = (value: unknown): unknown =>
    typeof value === 'object' && value !== null && 'hostile' in value
      ? hostileValue(String((value as { hostile: unknown }).hostile))
      : value;
  const win = fc.dictionary(
    fc.constantFrom(...names),
    fc.oneof(hostile, fc.anything({ maxDepth: 3 })),
    {
      maxKeys: 6,
    },
  );

  test(
    'window objects holding throwing getters, proxies, cycles and huge arrays',
    () => {
      fuzzAssert(
        'page probe: hostile window objects',
        fc.property(fc.oneof(win, hostile), (described) => {
          const w =
            'hostile' in described
              ? build(described)
              : Object.fromEntries(Object.entries(described).map(([k, v]) => [k, build(v)]));
          probeConsentApis(w).forEach(assertAnswer);
          const ping = gppPing(w);
          expect(jsonSize(ping)).toBeLessThanOrEqual(MAX_ANSWER);
          expect(jsonSize(toPlain(w))).toBeLessThanOrEqual(MAX_ANSWER);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  test(
    'category labels of any text',
    () => {
      fuzzAssert(
        'label category: any text',
        fc.property(pageString(200), (label) => {
          const category = categoryOfLabel(label);
          expect([null, 'necessary', 'preferences', 'statistics', 'marketing']).toContain(category);
        }),
        1000,
      );
    },
    FUZZ_TIMEOUT,
  );
});
