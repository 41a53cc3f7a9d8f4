import { describe, expect, test } from 'vitest';
import * as borlabs from '../../../lib/consent/platforms/borlabs.ts';
import * as complianz from '../../../lib/consent/platforms/complianz.ts';
import * as cookieInformation from '../../../lib/consent/platforms/cookie-information.ts';
import * as cookiebot from '../../../lib/consent/platforms/cookiebot.ts';
import * as cookieconsent from '../../../lib/consent/platforms/cookieconsent.ts';
import * as cookieyes from '../../../lib/consent/platforms/cookieyes.ts';
import * as didomi from '../../../lib/consent/platforms/didomi.ts';
import * as iubenda from '../../../lib/consent/platforms/iubenda.ts';
import * as klaro from '../../../lib/consent/platforms/klaro.ts';
import * as onetrust from '../../../lib/consent/platforms/onetrust.ts';
import * as tarteaucitron from '../../../lib/consent/platforms/tarteaucitron.ts';
import * as usercentrics from '../../../lib/consent/platforms/usercentrics.ts';
import * as vanilla from '../../../lib/consent/platforms/vanilla-cookieconsent.ts';
import { isConsentUnknown, type DecodeResult } from '../../../lib/consent/state.ts';
import { fixtureNames, loadFixture, type FixtureCase } from './fixtures.ts';

/** Fixture file → the decoder its values go through. */
const DECODERS: Record<string, (c: FixtureCase) => DecodeResult> = {
  cookiebot: (c) => cookiebot.decode(c.value),
  onetrust: (c) => onetrust.decode(c.value, c.alertBoxClosed ?? null),
  'cookie-information': (c) => cookieInformation.decode(c.value),
  cookieyes: (c) => cookieyes.decode(c.value),
  complianz: (c) => complianz.decode(c.value),
  didomi: (c) => didomi.decode(c.value),
  usercentrics: (c) => usercentrics.decode(c.value),
  borlabs: (c) => borlabs.decode(c.value),
  klaro: (c) => klaro.decode(c.value),
  iubenda: (c) => iubenda.decode(c.value),
  'vanilla-cookieconsent': (c) => vanilla.decode(c.value),
  tarteaucitron: (c) => tarteaucitron.decode(c.value),
  cookieconsent: (c) => cookieconsent.decode(c.value),
};

test('every fixture file has a decoder and every decoder a fixture file', () => {
  expect(fixtureNames()).toEqual(Object.keys(DECODERS).sort());
});

describe.each(Object.keys(DECODERS).sort())('%s: real-format values', (name) => {
  const fixture = loadFixture(name);
  const decode = DECODERS[name]!;

  test.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_label, c) => {
    const result = decode(c);
    if (isConsentUnknown(result)) throw new Error(`unknown: ${result.reason}`);
    expect(result.source).toBe(fixture.source);
    expect(result.decision).toBe(c.expect.decision);
    expect(result.categories).toEqual(c.expect.categories);
    if ('explicit' in c.expect) expect(result.explicit ?? null).toBe(c.expect.explicit);
    if (c.expect.recordedAt !== undefined) expect(result.recordedAt).toBe(c.expect.recordedAt);
    // Detail is evidence copied into reports: it must survive JSON unchanged.
    expect(JSON.parse(JSON.stringify(result.detail ?? {}))).toEqual(result.detail ?? {});
  });

  test('covers accept, reject and a third kind of value', () => {
    const decisions = new Set(fixture.cases.map((c) => c.expect.decision));
    expect(decisions.has('accept')).toBe(true);
    expect(decisions.size).toBeGreaterThanOrEqual(2);
  });
});

describe('values that are not the platform record answer unknown with a reason', () => {
  test.each([
    ['cookiebot', () => cookiebot.decode('{stamp:unterminated')],
    ['cookiebot: no category field', () => cookiebot.decode("{stamp:'x',ver:1}")],
    ['onetrust: no groups', () => onetrust.decode('isGpcEnabled=0&interactionCount=1')],
    ['onetrust: groups of another form', () => onetrust.decode('groups=everything')],
    ['cookie-information: no lists', () => cookieInformation.decode('%7B%22a%22%3A1%7D')],
    ['cookieyes: no known entry', () => cookieyes.decode('foo:bar')],
    ['complianz: banner status only', () => complianz.decode('cmplz_banner-status=dismissed')],
    ['didomi: not base64', () => didomi.decode('!!!')],
    ['didomi: JSON of something else', () => didomi.decode('{"a":1}')],
    ['usercentrics: no services', () => usercentrics.decode('{"controllerId":"x"}')],
    ['borlabs: no consents', () => borlabs.decode('%7B%22uid%22%3A%22x%22%7D')],
    ['klaro: no boolean', () => klaro.decode('{"a":"yes"}')],
    ['iubenda: empty object', () => iubenda.decode('{}')],
    ['vanilla: no categories', () => vanilla.decode('{"revision":0}')],
    ['tarteaucitron: no entry', () => tarteaucitron.decode('hello')],
    ['cookieconsent: other status', () => cookieconsent.decode('maybe')],
  ])('%s', (_name, run) => {
    const result = run();
    expect(isConsentUnknown(result)).toBe(true);
    expect(isConsentUnknown(result) && result.reason.length).toBeGreaterThan(0);
  });
});

test('JSON whose strings hold %22 is decoded once, not once too often', () => {
  const json = JSON.stringify({
    consent_url: 'https://www.example.dk/?q=%22x%22',
    consents_approved: ['cookie_cat_necessary', 'cookie_cat_statistic'],
    consents_denied: ['cookie_cat_marketing'],
  });
  const result = cookieInformation.decode(encodeURIComponent(json));
  expect(isConsentUnknown(result)).toBe(false);
  expect(!isConsentUnknown(result) && result.decision).toBe('custom');
});

test('a OneTrust consent cookie without the alert-box cookie uses interactionCount', () => {
  const value = loadFixture('onetrust').cases[0]!.value;
  const result = onetrust.decode(value);
  expect(!isConsentUnknown(result) && result.explicit).toBe(true);
  expect(!isConsentUnknown(result) && result.detail).toMatchObject({
    interactionCount: 1,
    gpcEnabled: false,
  });
});

describe('tarteaucitron: the site\u2019s own services, whose category the cookie cannot tell', () => {
  test.each([
    ['every one granted: accept all', '!shopstats=true!shopads=true', 'accept', true],
    ['every one refused: reject all', '!shopstats=false!shopads=false', 'reject', false],
  ] as const)('%s', (_, value, decision, granted) => {
    expect(tarteaucitron.decode(value)).toMatchObject({
      decision,
      categories: {
        necessary: true,
        preferences: granted,
        statistics: granted,
        marketing: granted,
      },
    });
  });

  test.each([
    ['one still pending', '!shopstats=true!shopads=wait'],
    ['granted and refused', '!shopstats=true!shopads=false'],
  ])('%s: no decision the cookie could tell', (_, value) => {
    expect(tarteaucitron.decode(value)).toMatchObject({
      decision: 'none',
      categories: { preferences: null, statistics: null, marketing: null },
    });
  });

  test('a service of known category keeps the known categories only', () => {
    expect(tarteaucitron.decode('!gtag=true!shopads=true')).toMatchObject({
      categories: { statistics: true, marketing: null },
    });
  });
});
