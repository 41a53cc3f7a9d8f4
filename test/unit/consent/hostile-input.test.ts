import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  consentFromGoogleRequest,
  consentModeFromDataLayer,
  decodeGcd,
  decodeGcs,
} from '../../../lib/consent/consent-mode.ts';
import { decodeGppEvent, decodeGppPing, decodeGppString } from '../../../lib/consent/gpp.ts';
import { probeConsentApis } from '../../../lib/consent/page-probe.ts';
import * as borlabs from '../../../lib/consent/platforms/borlabs.ts';
import * as complianz from '../../../lib/consent/platforms/complianz.ts';
import * as cookieInformation from '../../../lib/consent/platforms/cookie-information.ts';
import * as cookiebot from '../../../lib/consent/platforms/cookiebot.ts';
import * as cookieconsent from '../../../lib/consent/platforms/cookieconsent.ts';
import * as cookieyes from '../../../lib/consent/platforms/cookieyes.ts';
import * as didomi from '../../../lib/consent/platforms/didomi.ts';
import {
  CONSENT_COOKIES,
  CONSENT_STORAGE,
  decodeConsentCookie,
  decodeConsentCookies,
  decodeConsentStorage,
} from '../../../lib/consent/platforms/index.ts';
import * as iubenda from '../../../lib/consent/platforms/iubenda.ts';
import * as klaro from '../../../lib/consent/platforms/klaro.ts';
import * as onetrust from '../../../lib/consent/platforms/onetrust.ts';
import * as tarteaucitron from '../../../lib/consent/platforms/tarteaucitron.ts';
import * as usercentrics from '../../../lib/consent/platforms/usercentrics.ts';
import * as vanilla from '../../../lib/consent/platforms/vanilla-cookieconsent.ts';
import { isConsentUnknown, type DecodeResult } from '../../../lib/consent/state.ts';
import { decodeTcString, decodeTcfApiEvent } from '../../../lib/consent/tcf.ts';
import { fixtureNames, loadFixture } from './fixtures.ts';
import { makeTcString } from './tc-strings.ts';
import { fuzzAssert, fuzzRuns } from '../fuzz/fuzz.ts';

/*
 * Property tests: every decoder, fed malformed, truncated and hostile values, answers (a reading
 * or unknown with a reason) and never throws. NUM_RUNS per property (CONSENTLENS_FUZZ_RUNS when
 * set, see test/unit/fuzz/fuzz.ts), stated in each test name.
 */
const NUM_RUNS = fuzzRuns(300);

/** Every string decoder, by name. */
const STRING_DECODERS: Record<string, (value: string) => DecodeResult> = {
  cookiebot: cookiebot.decode,
  onetrust: (v) => onetrust.decode(v, v),
  'cookie-information': cookieInformation.decode,
  cookieyes: cookieyes.decode,
  complianz: complianz.decode,
  didomi: didomi.decode,
  usercentrics: (v) => usercentrics.decode(v, { userInteraction: v }),
  borlabs: borlabs.decode,
  klaro: klaro.decode,
  iubenda: iubenda.decode,
  'vanilla-cookieconsent': vanilla.decode,
  tarteaucitron: tarteaucitron.decode,
  cookieconsent: cookieconsent.decode,
  tcf: (v) => decodeTcString(v),
  gpp: (v) => decodeGppString(v),
  gcs: decodeGcs,
  gcd: decodeGcd,
};

const DECISIONS = new Set(['none', 'reject', 'accept', 'custom']);

/** A decoder's answer is well-formed: unknown with a reason, or a reading of the right shape. */
function assertWellFormed(result: DecodeResult): void {
  expect(typeof result.source).toBe('string');
  if (isConsentUnknown(result)) {
    expect(result.reason.length).toBeGreaterThan(0);
    return;
  }
  expect(DECISIONS.has(result.decision)).toBe(true);
  for (const value of Object.values(result.categories))
    expect([true, false, null]).toContain(value);
  expect(Object.keys(result.categories).sort()).toEqual([
    'marketing',
    'necessary',
    'preferences',
    'statistics',
  ]);
  // Detail is plain data: it survives JSON and structured cloning.
  expect(() => structuredClone(result.detail ?? {})).not.toThrow();
}

const realValues: string[] = fixtureNames().flatMap((name) =>
  loadFixture(name).cases.map((c) => c.value),
);
realValues.push(
  makeTcString({ purposes: [1, 2, 3, 7], vendors: [1, 755] }),
  'DBABLA~BVQqAAAAAgA.QA',
  'G111',
  '11r1r1r1r5',
);

/** Real values cut at a random point. */
const truncated = fc
  .constantFrom(...realValues)
  .chain((v) => fc.nat({ max: v.length }).map((n) => v.slice(0, n)));

/** Real values with characters replaced at random places. */
const mutated = fc
  .tuple(
    fc.constantFrom(...realValues),
    fc.array(fc.tuple(fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 2 })), {
      maxLength: 6,
    }),
  )
  .map(([v, edits]) => {
    let s = v;
    for (const [at, ch] of edits) {
      const i = s.length === 0 ? 0 : at % s.length;
      s = s.slice(0, i) + ch + s.slice(i + 1);
    }
    return s;
  });

/** JSON of any shape, raw, URL-encoded or base64 (the encodings the platforms use). */
const encodedJson = fc
  .tuple(fc.json({ maxDepth: 4 }), fc.constantFrom('raw', 'url', 'base64'))
  .map(([json, how]) =>
    how === 'url'
      ? encodeURIComponent(json)
      : how === 'base64'
        ? Buffer.from(json).toString('base64')
        : json,
  );

/** JSON objects carrying `__proto__`, `constructor` and platform field names in odd places. */
const protoJson = fc
  .tuple(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'consents',
      'purposes',
      'services',
      'categories',
    ),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(
      'consents_approved',
      'consents',
      'purposes',
      'services',
      'categories',
      'level',
      'user_id',
    ),
  )
  .map(
    ([key, value, field]) =>
      `{"${key}":${JSON.stringify(value)},"${field}":{"__proto__":{"polluted":true}}}`,
  );

const anyString = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  truncated,
  mutated,
  encodedJson,
  protoJson,
);

describe.each(Object.keys(STRING_DECODERS))('%s decoder', (name) => {
  const decode = STRING_DECODERS[name]!;

  test(`never throws on malformed, truncated, mutated and hostile strings (numRuns ${NUM_RUNS})`, () => {
    fuzzAssert(
      `consent: ${name} strings`,
      fc.property(anyString, (value) => {
        assertWellFormed(decode(value));
      }),
      NUM_RUNS,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test.each([
    ['a megabyte of text', 'A'.repeat(1_000_000)],
    ['a megabyte of percent signs', '%'.repeat(1_000_000)],
    ['100k nested arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['deep JSON object within bounds', `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`],
    ['a million commas', ','.repeat(1_000_000)],
    ['empty', ''],
  ])('%s → unknown or a reading, fast', (_label, value) => {
    const started = performance.now();
    const result = decode(value);
    expect(performance.now() - started).toBeLessThan(500);
    assertWellFormed(result);
  });
});

test.each([
  ['a megabyte of text', 'A'.repeat(1_000_000)],
  ['100k nested arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
])('every registered cookie and storage name survives %s', (_label, value) => {
  for (const entry of CONSENT_COOKIES) {
    const name = entry.prefix ? `${entry.name}123` : entry.name;
    const result = decodeConsentCookie(name, value);
    expect(result === null || isConsentUnknown(result)).toBe(true);
  }
  for (const entry of CONSENT_STORAGE) {
    const name = entry.prefix ? `${entry.name}123` : entry.name;
    const result = decodeConsentStorage(name, value);
    expect(result === null || isConsentUnknown(result)).toBe(true);
  }
});

test(`registry: any cookie jar never throws (numRuns ${NUM_RUNS})`, () => {
  const names = fc.constantFrom(
    ...CONSENT_COOKIES.map((e) => (e.prefix ? `${e.name}x` : e.name)),
    '_ga',
    '',
  );
  fuzzAssert(
    'consent: cookie jars',
    fc.property(fc.array(fc.record({ name: names, value: anyString }), { maxLength: 8 }), (jar) => {
      for (const result of decodeConsentCookies(jar)) assertWellFormed(result);
    }),
    NUM_RUNS,
  );
});

test(`object decoders (__tcfapi, __gpp, dataLayer) never throw on any value (numRuns ${NUM_RUNS})`, () => {
  fuzzAssert(
    'consent: __tcfapi, __gpp and dataLayer values',
    fc.property(
      fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }),
      (value) => {
        assertWellFormed(decodeTcfApiEvent(value));
        assertWellFormed(decodeGppPing(value));
        assertWellFormed(decodeGppEvent(value));
        assertWellFormed(consentModeFromDataLayer(value));
        for (const r of probeConsentApis(value)) assertWellFormed(r);
      },
    ),
    NUM_RUNS,
  );
});

test(`page probe: platform globals holding arbitrary values never throw (numRuns ${NUM_RUNS})`, () => {
  const globals = fc.dictionary(
    fc.constantFrom(
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
    ),
    fc.anything({ maxDepth: 4, withNullPrototype: true }),
  );
  fuzzAssert(
    'consent: page probe globals',
    fc.property(globals, (win) => {
      for (const r of probeConsentApis(win)) assertWellFormed(r);
    }),
    NUM_RUNS,
  );
});

test(`Google request URLs never throw (numRuns ${NUM_RUNS})`, () => {
  fuzzAssert(
    'consent: Google request URLs',
    fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string()), (url) => {
      for (const r of consentFromGoogleRequest(url)) assertWellFormed(r);
    }),
    NUM_RUNS,
  );
});
