import type { Category } from '../../../lib/domain/category.ts';
import type {
  AuditReport,
  ReportCookie,
  ReportRequest,
  ReportStorage,
  Violation,
} from '../../../lib/report/types.ts';

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
const at = (ms: number): string => new Date(T0 + ms).toISOString();
const CATEGORIES: readonly Category[] = [
  'necessary',
  'preferences',
  'statistics',
  'marketing',
  'unclassified',
];

/**
 * A heavy page: `cookies` cookies, `requests` requests over 60 third-party sites (every other
 * one to a tracker), a fifth of the cookies and a tenth of the storage keys in violation,
 * a declared table of 300 rows and a consent choice half-way through.
 */
export function largeReport(
  cookieCount = 500,
  requestCount = 1000,
  storageCount = 200,
): AuditReport {
  const cookies: ReportCookie[] = Array.from({ length: cookieCount }, (_, i) => ({
    name: `cookie_${i}`,
    domain: i % 3 === 0 ? `.tracker${i % 60}.example` : '.shop.example.dk',
    path: '/',
    hostOnly: false,
    secure: true,
    httpOnly: false,
    sameSite: 'lax',
    session: i % 7 === 0,
    expiresAt: i % 7 === 0 ? null : at(400 * 86_400_000),
    lifetimeDays: i % 7 === 0 ? null : 400,
    requestedLifetimeDays: i % 7 === 0 ? null : 730,
    party: i % 3 === 0 ? 'third' : 'first',
    setBy: i % 2 === 0 ? 'script' : 'http',
    initiator: `cdn${i % 10}.example`,
    phase: 'initial',
    category: CATEGORIES[i % CATEGORIES.length] ?? 'unclassified',
    vendor: i % 4 === 0 ? `Vendor ${i % 40}` : null,
    declared:
      i % 2 === 0
        ? {
            name: `cookie_${i}`,
            provider: 'Shop',
            purpose: 'Purpose text',
            category: 'statistics',
            party: 'first',
            duration: { text: '1 dag', session: false, days: 1 },
          }
        : null,
    classifiedBy: 'open-cookie-database',
    firstSeenAt: at(i * 20),
    removed: false,
  }));
  const requests: ReportRequest[] = Array.from({ length: requestCount }, (_, i) => {
    const site = `tracker${i % 60}.example`;
    return {
      url: `https://cdn.${site}/pixel/${i}?id=${i}`,
      host: `cdn.${site}`,
      site,
      party: 'third',
      type: i % 3 === 0 ? 'script' : 'image',
      phase: 'initial',
      tracker:
        i % 2 === 0
          ? { vendor: `Vendor ${i % 40}`, category: 'marketing', source: 'easyprivacy' }
          : null,
      time: at(i * 10),
    };
  });
  const storage: ReportStorage[] = Array.from({ length: storageCount }, (_, i) => ({
    kind: i % 2 === 0 ? 'localStorage' : 'sessionStorage',
    origin: 'https://shop.example.dk',
    key: `key_${i}`,
    phase: 'initial',
    party: 'first',
    category: CATEGORIES[i % CATEGORIES.length] ?? 'unclassified',
    vendor: null,
    firstSeenAt: at(i * 30),
    writes: 1 + (i % 4),
    removed: false,
  }));
  const violations: Violation[] = [
    ...cookies
      .filter((_, i) => i % 5 === 0)
      .map((c): Violation => ({
        rule: 'cookie-before-consent',
        severity: 'high',
        phase: 'initial',
        subject: { kind: 'cookie', name: c.name, domain: c.domain },
        message: `Cookie "${c.name}" was set on ${c.domain} before the visitor made a consent choice.`,
        evidence: { setAt: c.firstSeenAt, cookie: { path: '/', lifetimeDays: c.lifetimeDays } },
      })),
    ...Array.from({ length: 60 }, (_, i): Violation => ({
      rule: 'tracker-before-consent',
      severity: 'high',
      phase: 'initial',
      subject: { kind: 'request', host: `cdn.tracker${i}.example` },
      message: `Requests to cdn.tracker${i}.example went out before the visitor made a consent choice.`,
      evidence: { requests: { count: 16 } },
    })),
    ...storage
      .filter((_, i) => i % 10 === 0)
      .map((s): Violation => ({
        rule: 'storage-before-consent',
        severity: 'medium',
        phase: 'initial',
        subject: { kind: 'storage', key: s.key, origin: s.origin },
        message: `Key "${s.key}" was written before the visitor made a consent choice.`,
        evidence: { writes: s.writes },
      })),
  ];
  return {
    schemaVersion: 1,
    tool: { name: 'consentlens', version: '0.1.0' },
    url: 'https://shop.example.dk/',
    site: 'example.dk',
    startedAt: at(0),
    finishedAt: at(12_000),
    phases: [
      {
        name: 'initial',
        startedAt: at(0),
        consent: {
          source: 'cookiebot',
          decision: 'reject',
          categories: { necessary: true, preferences: false, statistics: false, marketing: false },
          interaction: true,
        },
        consentEvents: [
          { time: at(0), decision: 'none', interaction: false },
          { time: at(5_000), decision: 'reject', interaction: true },
        ],
      },
    ],
    cookies,
    storage,
    requests,
    declared: {
      source: 'policy-page',
      url: 'https://shop.example.dk/cookies',
      language: 'da',
      cookies: Array.from({ length: 300 }, (_, i) => ({
        name: `cookie_${i * 2}`,
        provider: 'Shop',
        purpose: 'Purpose text',
        category: 'statistics',
        party: 'first',
        duration: { text: '1 dag', session: false, days: 1 },
      })),
    },
    violations,
  };
}
