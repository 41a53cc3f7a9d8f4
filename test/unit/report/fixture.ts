import fc from 'fast-check';
import type { DeclaredCookie } from '../../../lib/declarations/declared.ts';
import type {
  AuditReport,
  PhaseName,
  ReportCookie,
  ReportRequest,
  ReportStorage,
  Violation,
} from '../../../lib/report/types.ts';

/** 2026-11-20T10:00:00Z, the audit's start. */
export const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

/** Names a hostile page can give its cookies, storage keys and URLs. */
export const HOSTILE = {
  img: '<img src=x onerror=alert(1)>',
  formula: '=HYPERLINK("http://evil","click")',
  quotedComma: '"quoted,comma"',
  multiLine: 'line1\nline2\r\nline3',
  script: '</script><script>alert(1)</script>',
  jsUrl: 'javascript:alert(document.cookie)',
  attr: '" onmouseover="alert(1)',
  pipe: 'a|b`c`',
  svg: '<svg onload=alert(1)>',
} as const;

export const GA_DECLARED: DeclaredCookie = {
  name: '_ga',
  provider: 'Google',
  purpose: 'Registrerer et unikt ID, der bruges til at føre statistik over brugen af websitet.',
  category: 'statistics',
  categoryText: 'Statistik',
  party: 'first',
  partyText: 'Førstepart',
  duration: { text: '2 år', session: false, days: 730 },
};

export function cookie(
  name: string,
  phase: PhaseName,
  seconds: number,
  overrides: Partial<ReportCookie> = {},
): ReportCookie {
  return {
    name,
    domain: '.example.dk',
    path: '/',
    hostOnly: false,
    secure: true,
    httpOnly: false,
    sameSite: 'lax',
    session: false,
    expiresAt: at(seconds + 365 * 86_400),
    lifetimeDays: 365,
    requestedLifetimeDays: null,
    party: 'first',
    setBy: 'script',
    initiator: 'www.googletagmanager.com',
    phase,
    category: 'statistics',
    vendor: null,
    declared: null,
    classifiedBy: 'open-cookie-database',
    firstSeenAt: at(seconds),
    removed: false,
    ...overrides,
  };
}

function request(
  url: string,
  phase: PhaseName,
  seconds: number,
  overrides: Partial<ReportRequest> = {},
): ReportRequest {
  let host = '';
  try {
    host = new URL(url).host;
  } catch {
    host = 'invalid';
  }
  return {
    url,
    host,
    site: host.split('.').slice(-2).join('.'),
    party: 'third',
    type: 'script',
    phase,
    tracker: null,
    time: at(seconds),
    ...overrides,
  };
}

function storage(
  key: string,
  phase: PhaseName,
  seconds: number,
  overrides: Partial<ReportStorage> = {},
): ReportStorage {
  return {
    kind: 'localStorage',
    origin: 'https://shop.example.dk',
    key,
    phase,
    party: 'first',
    category: 'statistics',
    vendor: null,
    firstSeenAt: at(seconds),
    writes: 1,
    removed: false,
    ...overrides,
  };
}

/**
 * A realistic three-phase audit of a Danish shop whose page-controlled values are hostile:
 * markup, formulas, quotes, commas, line breaks and `javascript:` URLs.
 */
export function hostileReport(): AuditReport {
  const cookies: ReportCookie[] = [
    cookie('_ga', 'initial', 1.2, {
      vendor: 'Google Analytics',
      declared: GA_DECLARED,
      lifetimeDays: 400,
      requestedLifetimeDays: 730,
    }),
    cookie('PHPSESSID', 'initial', 0.4, {
      category: 'necessary',
      session: true,
      expiresAt: null,
      lifetimeDays: null,
      setBy: 'http',
      initiator: 'shop.example.dk',
      hostOnly: true,
    }),
    cookie(HOSTILE.img, 'initial', 2, {
      domain: '.evil.example',
      party: 'third',
      category: 'marketing',
      vendor: HOSTILE.script,
      initiator: HOSTILE.jsUrl,
    }),
    cookie(HOSTILE.formula, 'initial', 2.5, { category: 'marketing', vendor: '@SUM(A1)' }),
    cookie(HOSTILE.quotedComma, 'initial', 3, { category: 'unclassified', classifiedBy: 'none' }),
    cookie(HOSTILE.attr, 'initial', 3.5, { category: 'marketing' }),
    cookie(HOSTILE.multiLine, 'after-reject', 21, { category: 'preferences' }),
    cookie('_fbp', 'after-reject', 23, {
      category: 'marketing',
      vendor: 'Meta',
      lifetimeDays: 90,
    }),
    cookie(HOSTILE.pipe, 'after-reject', 24, { category: 'statistics', removed: true }),
    cookie('_gid', 'after-accept', 41, { vendor: 'Google Analytics', lifetimeDays: 1 }),
  ];
  const requests: ReportRequest[] = [
    request('https://shop.example.dk/', 'initial', 0.1, {
      party: 'first',
      type: 'main_frame',
      site: 'example.dk',
    }),
    request('https://www.google-analytics.com/g/collect?v=2&tid=G-XYZ&cid=123', 'initial', 1.5, {
      type: 'xmlhttprequest',
      tracker: { vendor: 'Google Analytics', category: 'statistics', source: 'easyprivacy' },
    }),
    request('https://connect.facebook.net/en_US/fbevents.js', 'initial', 1.8, {
      tracker: { vendor: 'Meta', category: 'marketing', source: 'vendor-domain' },
    }),
    request(HOSTILE.jsUrl, 'initial', 2.2, { host: HOSTILE.svg, site: HOSTILE.svg }),
    request('https://evil.example/"><img src=x onerror=alert(1)>', 'after-reject', 22.5, {
      tracker: { vendor: HOSTILE.img, category: 'marketing', source: 'vendor-domain' },
    }),
    request(
      'https://www.google-analytics.com/g/collect?v=2&tid=G-XYZ&cid=456',
      'after-accept',
      41.5,
      {
        type: 'xmlhttprequest',
        tracker: { vendor: 'Google Analytics', category: 'statistics', source: 'easyprivacy' },
      },
    ),
  ];
  const violations: Violation[] = [
    {
      rule: 'cookie-before-consent',
      severity: 'high',
      phase: 'initial',
      subject: { kind: 'cookie', name: '_ga', domain: '.example.dk' },
      message:
        'Cookie "_ga" (statistics) was set on .example.dk before the visitor made a consent choice.',
      evidence: {
        setAt: at(1.2),
        writes: { count: 2, firstAt: at(1.2), lastAt: at(4) },
        cookie: { path: '/', secure: true, lifetimeDays: 400, requestedLifetimeDays: 730 },
        consentInForce: { decision: 'none', source: 'cookiebot', interaction: false },
        declared: { name: '_ga', duration: { text: '2 år', days: 730 } },
      },
    },
    {
      rule: 'cookie-before-consent',
      severity: 'high',
      phase: 'initial',
      subject: { kind: 'cookie', name: HOSTILE.img, domain: '.evil.example' },
      message: `Cookie "${HOSTILE.img}" (marketing) was set on .evil.example before the visitor made a consent choice.`,
      evidence: {
        value: HOSTILE.script,
        initiator: HOSTILE.jsUrl,
        urls: Array.from({ length: 25 }, (_, i) => `https://evil.example/${i}?${HOSTILE.attr}`),
        deep: { a: { b: { c: { d: { e: { f: HOSTILE.svg } } } } } },
        long: 'x'.repeat(5000),
        [HOSTILE.img]: 'hostile key',
      },
    },
    {
      rule: 'tracker-before-consent',
      severity: 'high',
      phase: 'initial',
      subject: { kind: 'request', host: 'www.google-analytics.com' },
      message:
        'Requests to www.google-analytics.com (Google Analytics, statistics) went out before the visitor made a consent choice.',
      evidence: {
        requests: { count: 1, firstAt: at(1.5) },
        urls: ['https://www.google-analytics.com/g/collect?v=2'],
      },
    },
    {
      rule: 'cookie-after-reject',
      severity: 'high',
      phase: 'after-reject',
      subject: { kind: 'cookie', name: '_fbp', domain: '.example.dk' },
      message: 'Cookie "_fbp" (marketing) was set on .example.dk after the visitor rejected.',
      evidence: { setAt: at(23), consentInForce: { decision: 'reject' } },
    },
    {
      rule: 'undeclared-cookie',
      severity: 'medium',
      phase: 'initial',
      subject: { kind: 'cookie', name: HOSTILE.formula, domain: '.example.dk' },
      message: `Cookie "${HOSTILE.formula}" is not in the declared cookie table.`,
      evidence: { declaredSource: 'policy-page', multiLine: HOSTILE.multiLine },
    },
    {
      rule: 'storage-before-consent',
      severity: 'medium',
      phase: 'initial',
      subject: { kind: 'storage', key: HOSTILE.svg, origin: 'https://shop.example.dk' },
      message: `localStorage key "${HOSTILE.svg}" was written before the visitor made a consent choice.`,
      evidence: { writes: 3 },
    },
    {
      rule: 'party-mismatch',
      severity: 'low',
      phase: 'initial',
      subject: { kind: 'cookie', name: HOSTILE.quotedComma, domain: '.example.dk' },
      message: `Cookie ${HOSTILE.quotedComma} is declared third party but set for the site's own domain.`,
      evidence: {},
    },
    {
      rule: 'declared-not-observed',
      severity: 'info',
      phase: 'after-accept',
      subject: { kind: 'cookie', name: '_hjSession_*' },
      message: 'Declared cookie "_hjSession_*" was not observed in any phase.',
      evidence: { declared: { name: '_hjSession_*', category: 'statistics' } },
    },
  ];
  return {
    schemaVersion: 1,
    tool: { name: 'consentlens', version: '0.1.0' },
    url: 'https://shop.example.dk/?q=<b>"x"</b>',
    site: 'example.dk',
    startedAt: at(0),
    finishedAt: at(60),
    phases: [
      {
        name: 'initial',
        startedAt: at(0),
        consent: {
          source: 'cookiebot',
          decision: 'none',
          categories: { necessary: true, preferences: null, statistics: null, marketing: null },
          interaction: false,
        },
      },
      {
        name: 'after-reject',
        startedAt: at(20),
        consent: {
          source: 'cookiebot',
          decision: 'reject',
          categories: { necessary: true, preferences: false, statistics: false, marketing: false },
          interaction: true,
        },
        consentEvents: [{ time: at(22), decision: 'reject', interaction: true }],
      },
      {
        name: 'after-accept',
        startedAt: at(40),
        consent: {
          source: HOSTILE.img,
          decision: 'accept',
          categories: { necessary: true, preferences: true, statistics: true, marketing: true },
          interaction: true,
        },
      },
    ],
    cookies,
    storage: [
      storage('_hjid', 'initial', 1.9, { vendor: 'Hotjar' }),
      storage(HOSTILE.svg, 'initial', 2.1, { kind: 'sessionStorage', category: 'marketing' }),
    ],
    requests,
    declared: {
      source: 'policy-page',
      url: HOSTILE.jsUrl,
      language: 'da',
      retrievedAt: at(0),
      consentLifetime: { text: '12 måneder', session: false, days: 365 },
      cookies: [
        GA_DECLARED,
        {
          name: HOSTILE.quotedComma,
          provider: HOSTILE.img,
          purpose: HOSTILE.multiLine,
          category: 'marketing',
          party: 'third',
          duration: { text: 'Session', session: true, days: null },
        },
        {
          name: '_hjSession_*',
          provider: 'Hotjar',
          purpose: null,
          category: 'statistics',
          party: 'first',
          duration: { text: '30 minutter', session: false, days: 0.0208 },
        },
      ],
      skipped: [{ text: HOSTILE.script, reason: 'no name' }],
    },
    violations,
    limits: {
      dropped: { requests: 12, cookies: 0, storage: 0, consentEvents: 0 },
      caps: { requests: 5000, cookies: 2000, storage: 2000, consentEvents: 200 },
    },
    environment: {
      browser: 'Chromium 140.0.7339.0',
      browserArgs: ['--host-resolver-rules=MAP * 127.0.0.1', HOSTILE.img],
      waitMs: 2000,
      headless: true,
      data: { easyprivacy: '2026-11-01', openCookieDatabase: 'v2026.10' },
    },
  };
}

/** A clean second site: no violations, no declaration, no environment. */
export function cleanReport(): AuditReport {
  return {
    schemaVersion: 1,
    tool: { name: 'consentlens', version: '0.1.0' },
    url: 'https://clean.example.com/',
    site: 'example.com',
    startedAt: at(100),
    finishedAt: at(110),
    phases: [
      {
        name: 'initial',
        startedAt: at(100),
        consent: {
          source: null,
          decision: 'none',
          categories: { necessary: true, preferences: null, statistics: null, marketing: null },
          interaction: false,
        },
      },
    ],
    cookies: [
      cookie('session', 'initial', 100.5, {
        category: 'necessary',
        session: true,
        lifetimeDays: null,
        expiresAt: null,
        domain: 'clean.example.com',
        hostOnly: true,
      }),
    ],
    storage: [],
    requests: [],
    declared: null,
    violations: [],
  };
}

/** Pieces that break out of HTML, SVG, CSV and Markdown contexts when not escaped. */
export const HOSTILE_PIECES = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '`',
  '|',
  '/',
  '=',
  ' ',
  ',',
  ';',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '<img src=x onerror=alert(1)>',
  '<script>',
  '</script>',
  '</td>',
  '</table>',
  '</svg>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '&amp;',
  '&#',
  '&lt;',
  '=HYPERLINK(',
  '+1',
  '-1',
  '@',
  '\u0000',
  '\u0007',
  '\u202E',
  '\uD800',
  '\uDC00',
  '\uFFFF',
  'javascript:',
  '[x](y)',
  '**',
  '_',
  '\\',
  '#1',
] as const;

/** Strings made of hostile pieces and arbitrary code units. */
export function hostileString(maxLength = 12): fc.Arbitrary<string> {
  return fc.string({
    unit: fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ unit: 'binary', maxLength: 2 })),
    maxLength,
  });
}
