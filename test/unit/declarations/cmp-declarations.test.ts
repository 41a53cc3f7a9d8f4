import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  cookiebotDeclarations,
  oneTrustDeclarations,
} from '../../../lib/declarations/cmp-declarations.ts';
import { parseJsLiteral } from '../../../lib/declarations/js-literal.ts';
import { matchDeclared } from '../../../lib/declarations/name-pattern.ts';
import { fuzzAssert } from '../fuzz/fuzz.ts';

// Rows as Cookiebot's cc.js ships them: [name, provider, purpose, expiry, type name, type id, pattern, url].
const NECESSARY = [
  [
    'CookieConsent',
    'ditmer.dk',
    "Stores the user's cookie consent state for the current domain",
    '1 year',
    'HTTP',
    1,
    '',
    '',
  ],
];
const STATISTICS = [
  [
    '_ga',
    'Google',
    'Registers a unique ID that is used to generate statistical data on how the visitor uses the website.',
    '2 years',
    'HTTP',
    1,
    '',
    '',
  ],
  [
    '_ga_#',
    'Google',
    'Used by Google Analytics to collect data on the number of times a user has visited the website.',
    '2 years',
    'HTTP',
    1,
    '^_ga_[A-Z0-9]+$',
    '',
  ],
  [
    '_hjSession_#',
    'ditmer.dk<br/>hotjar.com',
    'Collects statistics on the visitor\'s visits to the website.<br/>More <a href="https://x">here</a>',
    '1 day',
    'HTTP',
    1,
    '',
    '',
  ],
];
const MARKETING = [
  [
    'ads/ga-audiences',
    'Google',
    'Used by Google AdWords to re-engage visitors.',
    'Session',
    'Pixel',
    5,
    '',
    '',
  ],
  ['IDE', 'doubleclick.net', 'Used by Google DoubleClick.', '400 days', 'HTTP', 1, '', ''],
];

describe('Cookiebot', () => {
  test('from the dialog object', () => {
    const t = cookiebotDeclarations(
      {
        cookieTableNecessary: NECESSARY,
        cookieTableStatistics: STATISTICS,
        cookieTableAdvertising: MARKETING,
        cookieTablePreference: [],
        cookieTableUnclassified: [],
      },
      { url: 'https://consent.cookiebot.com/x/cc.js' },
    );
    expect(t.source).toBe('cookiebot');
    expect(t.cookies.map((c) => [c.name, c.category])).toEqual([
      ['CookieConsent', 'necessary'],
      ['_ga', 'statistics'],
      ['_ga_#', 'statistics'],
      ['_hjSession_#', 'statistics'],
      ['ads/ga-audiences', 'marketing'],
      ['IDE', 'marketing'],
    ]);
    expect(t.cookies[0]).toMatchObject({
      provider: 'ditmer.dk',
      domain: 'ditmer.dk',
      purpose: "Stores the user's cookie consent state for the current domain",
    });
    expect(t.cookies[0]?.duration?.days).toBe(365);
    const hj = t.cookies.find((c) => c.name === '_hjSession_#');
    expect(hj?.provider).toBe('ditmer.dk, hotjar.com');
    expect(hj?.purpose).not.toContain('<');
    expect(hj?.purpose).toContain('More here');
    expect(t.cookies.find((c) => c.name === 'ads/ga-audiences')?.duration?.session).toBe(true);
    expect(matchDeclared(t, '_ga_ABC', '.ditmer.dk')?.entry.name).toBe('_ga_#');
  });

  test('from cc.js text, past the empty defaults, without running it', () => {
    const js = `CookieControl.Dialog=function(){this.cookieTableNecessary="",this.cookieTableStatistics=""};
      CookieConsentDialog.cookieTableNecessary = ${JSON.stringify(NECESSARY)};
      CookieConsentDialog.cookieTableStatistics = [['_ga','Google','It\\'s an id','2 years','HTTP',1,'','']];
      CookieConsentDialog.cookieTableAdvertising = [];
      CookieConsentDialog.cookieTableUnclassified = [["x", (function(){ throw 1 })()]];`;
    const t = cookiebotDeclarations(js);
    expect(t.cookies.map((c) => c.name)).toEqual(['CookieConsent', '_ga']);
    expect(t.cookies[1]?.purpose).toBe("It's an id");
    expect(t.skipped?.some((s) => /unreadable table/.test(s.reason))).toBe(true);
  });

  test('malformed rows are skipped with a reason', () => {
    const t = cookiebotDeclarations({
      cookieTableNecessary: [['', 'x'], 'nope', [42, 'p', 'q', '1 day'], ['ok', null, null, null]],
    });
    expect(t.cookies.map((c) => c.name)).toEqual(['42', 'ok']);
    expect(t.cookies[1]).toMatchObject({ provider: null, purpose: null, duration: null });
    expect(t.skipped).toHaveLength(2);
  });

  test('anything else gives an empty table, never an exception (property)', () => {
    fuzzAssert(
      'cmp declarations: Cookiebot objects',
      fc.property(fc.anything(), (x) => {
        expect(Array.isArray(cookiebotDeclarations(x).cookies)).toBe(true);
      }),
      300,
    );
  });
});

const ONETRUST = {
  DomainData: {
    Language: { Culture: 'da-DK' },
    Groups: [
      {
        OptanonGroupId: 'C0001',
        GroupName: 'Strengt nødvendige cookies',
        FirstPartyCookies: [
          {
            Name: 'OptanonConsent',
            Host: 'example.dk',
            IsSession: false,
            Length: '365',
            description: 'Stores consent.',
          },
        ],
        Hosts: [],
      },
      {
        OptanonGroupId: 'C0002',
        GroupName: 'Ydeevnecookies',
        FirstPartyCookies: [
          {
            Name: '_ga',
            Host: 'example.dk',
            IsSession: false,
            Length: '730',
            description: '<p>Google Analytics</p>',
          },
          {
            Name: '_gat_UA-xxxxxxx-x',
            Host: 'example.dk',
            IsSession: false,
            Length: '0',
            description: '',
          },
        ],
        Hosts: [
          {
            HostName: 'hotjar.com',
            Cookies: [
              {
                Name: '_hjid',
                Host: 'hotjar.com',
                IsSession: false,
                Length: 365,
                description: 'Hotjar id',
              },
            ],
          },
        ],
      },
      {
        OptanonGroupId: 'C0004',
        GroupName: 'Målretningscookies',
        FirstPartyCookies: [],
        Hosts: [
          {
            HostName: 'youtube.com',
            Cookies: [
              { Name: 'YSC', Host: 'youtube.com', IsSession: true, Length: '0' },
              { Name: 'GPS', Host: 'youtube.com', IsSession: false, Length: '2914633' },
            ],
          },
        ],
      },
      {
        OptanonGroupId: 'STACK42',
        GroupName: 'Personalised ads',
        Parent: '',
        FirstPartyCookies: [],
      },
      {
        OptanonGroupId: 'SPD_BG',
        GroupName: 'Sub group',
        Parent: 'C0004',
        Cookies: [{ Name: 'sub_cookie', Host: 'example.dk', IsSession: false, Length: '30' }],
      },
      'not a group',
    ],
  },
};

describe('OneTrust', () => {
  const t = oneTrustDeclarations(ONETRUST, { url: 'https://cdn.cookielaw.org/consent/x/da.json' });

  test('groups map to categories by id; first-party and host cookies', () => {
    expect(t.source).toBe('onetrust');
    expect(t.language).toBe('da');
    expect(t.cookies.map((c) => [c.name, c.category, c.party])).toEqual([
      ['OptanonConsent', 'necessary', 'first'],
      ['_ga', 'statistics', 'first'],
      ['_gat_UA-xxxxxxx-x', 'statistics', 'first'],
      ['_hjid', 'statistics', 'third'],
      ['YSC', 'marketing', 'third'],
      ['GPS', 'marketing', 'third'],
      ['sub_cookie', 'marketing', 'first'],
    ]);
    expect(t.cookies[1]?.categoryText).toBe('Ydeevnecookies');
  });

  test('lengths in days, sessions, oddities noted', () => {
    const byName = (n: string) => t.cookies.find((c) => c.name === n);
    expect(byName('OptanonConsent')?.duration).toEqual({
      text: '365 days',
      session: false,
      days: 365,
    });
    expect(byName('_hjid')?.duration?.days).toBe(365);
    expect(byName('_hjid')?.domain).toBe('hotjar.com');
    expect(byName('YSC')?.duration).toEqual({ text: 'Session', session: true, days: null });
    expect(byName('_gat_UA-xxxxxxx-x')?.duration?.reason).toMatch(/less than a day/);
    expect(byName('GPS')?.duration?.reason).toMatch(/implausibly long/);
    expect(byName('_ga')?.purpose).toBe('Google Analytics');
  });

  test('accepts DomainData itself; rejects other shapes with a reason', () => {
    expect(oneTrustDeclarations(ONETRUST.DomainData).cookies).toHaveLength(7);
    expect(oneTrustDeclarations({ foo: 1 }).skipped).toEqual([
      { text: '', reason: 'no DomainData.Groups array' },
    ]);
  });

  test('never throws on arbitrary input (property)', () => {
    fuzzAssert(
      'cmp declarations: OneTrust objects',
      fc.property(fc.anything(), (x) => {
        expect(Array.isArray(oneTrustDeclarations(x).cookies)).toBe(true);
        expect(Array.isArray(oneTrustDeclarations({ DomainData: { Groups: [x] } }).cookies)).toBe(
          true,
        );
      }),
      300,
    );
  });
});

describe('parseJsLiteral', () => {
  test('reads arrays, strings with escapes, numbers, booleans', () => {
    const r = parseJsLiteral(
      `  [1, -2.5, 'a\\'b', "c\\n\\u00e6", true, !0, null, [], {k: 'v', "q": [1]}, ]`,
      0,
    );
    expect(r).toEqual({
      ok: true,
      value: [1, -2.5, "a'b", 'c\næ', true, true, null, [], { k: 'v', q: [1] }],
      end: expect.any(Number),
    });
  });

  test('refuses code', () => {
    expect(parseJsLiteral('[alert(1)]', 0).ok).toBe(false);
    expect(parseJsLiteral('[`template`]', 0).ok).toBe(false);
    expect(parseJsLiteral('["unterminated]', 0).ok).toBe(false);
  });

  test('__proto__ keys do not touch the prototype', () => {
    const r = parseJsLiteral('{"__proto__": {"polluted": 1}}', 0);
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('deep nesting is refused, not recursed', () => {
    expect(parseJsLiteral('['.repeat(10_000), 0)).toMatchObject({ ok: false });
  });

  test('agrees with JSON.parse on JSON (property)', () => {
    fuzzAssert(
      'cmp declarations: JS literals as JSON',
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
        const text = JSON.stringify(v);
        const r = parseJsLiteral(text, 0);
        if (!r.ok) throw new Error(r.error);
        expect(r.value).toEqual(JSON.parse(text));
      }),
      300,
    );
  });
});
