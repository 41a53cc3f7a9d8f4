/**
 * Every string the exported reports show, in English and Danish, and the locale-free number,
 * date and lifetime formatting they use. Locale-free so that a report reads the same whatever
 * machine or browser produced it.
 */
import type { ConsentDecision } from '../consent/state.ts';
import type { Category } from '../domain/category.ts';
import type { Party } from '../observe/records.ts';
import type { Language } from '../rules/settings.ts';
import type { PhaseName, RuleId, Severity } from './types.ts';

export type { Language };

/** A text in both report languages. */
type Texts = Readonly<Record<Language, string>>;

export interface ReportStrings {
  documentTitle: string;
  overview: string;
  summary: string;
  site: string;
  auditedUrl: string;
  started: string;
  finished: string;
  phases: string;
  tool: string;
  contents: string;
  violations: string;
  severity: string;
  severityHeading: Readonly<Record<Severity, string>>;
  severityLabel: Readonly<Record<Severity, string>>;
  rule: string;
  phase: string;
  subject: string;
  message: string;
  evidence: string;
  ruleExplain: string;
  ruleLegal: string;
  ruleRemediation: string;
  ruleUnknown: string;
  occurrences: string;
  phaseName: Readonly<Record<PhaseName, string>>;
  consentState: string;
  consentSource: string;
  consentDecision: string;
  consentInteraction: string;
  decision: Readonly<Record<ConsentDecision, string>>;
  granted: string;
  denied: string;
  unknown: string;
  yes: string;
  no: string;
  noneFound: string;
  category: string;
  categoryName: Readonly<Record<Category, string>>;
  party: string;
  partyName: Readonly<Record<Party, string>>;
  cookies: string;
  name: string;
  domain: string;
  vendor: string;
  lifetimeStored: string;
  lifetimeRequested: string;
  lifetime: string;
  requestedLifetime: (duration: string) => string;
  setBy: string;
  setByValue: Readonly<Record<'http' | 'script' | 'unknown', string>>;
  initiator: string;
  declaredEntry: string;
  declaredDuration: string;
  notDeclared: string;
  sessionCookie: string;
  deleted: string;
  storage: string;
  storageKind: string;
  origin: string;
  key: string;
  writes: string;
  requests: string;
  requestsBySite: string;
  requestType: string;
  host: string;
  url: string;
  tracker: string;
  trackerMark: string;
  declaration: string;
  declarationSource: string;
  declarationUrl: string;
  declarationLanguage: string;
  declarationRetrieved: string;
  declarationConsentLifetime: string;
  declarationSkipped: string;
  provider: string;
  purpose: string;
  duration: string;
  noDeclaration: string;
  reproducibility: string;
  toolVersion: string;
  schemaVersion: string;
  browser: string;
  browserFlags: string;
  dataVersions: string;
  settleTime: string;
  environmentOther: string;
  noEnvironment: string;
  timeline: string;
  timeAxis: string;
  legend: string;
  pointKind: Readonly<Record<'cookie' | 'request' | 'storage', string>>;
  none: string;
  noViolations: string;
  noViolationsNote: string;
  noCookies: string;
  noStorage: string;
  noRequests: string;
  footer: string;
  limitsNote: string;
  cappedRows: (shown: number, total: number) => string;
  moreCharacters: (n: number) => string;
  moreItems: (n: number) => string;
  severityCount: (severity: Severity, n: number) => string;
  requestCount: (n: number, trackers: number) => string;
  expiresAfter: (days: number) => string;
  days: (days: number) => string;
  finalState: (decision: string) => string;
  pointsOmitted: (omitted: number, cap: number) => string;
  categoryCount: (category: Category, kind: 'cookie' | 'request' | 'storage', n: number) => string;
  beforeChoice: (list: string) => string;
  afterChoice: (list: string) => string;
  nothingBeforeChoice: string;
  choiceTimeUnknown: (list: string) => string;
  nothingObserved: string;
  and: string;
  subjectKind: Readonly<Record<'cookie' | 'request' | 'storage' | 'consent' | 'banner', string>>;
  limitKind: Readonly<Record<'requests' | 'cookies' | 'storage' | 'consentEvents', string>>;
  limitItem: (what: string, dropped: number, cap: number) => string;
  generatedBy: (tool: string) => string;
  reportCount: (n: number) => string;
}

const EN: ReportStrings = {
  documentTitle: 'Cookie consent audit report',
  overview: 'Overview',
  summary: 'Summary',
  site: 'Site',
  auditedUrl: 'Audited URL',
  started: 'Started',
  finished: 'Finished',
  phases: 'Phases',
  tool: 'Tool',
  contents: 'Audited sites',
  violations: 'Violations',
  severity: 'Severity',
  severityHeading: {
    high: 'High severity',
    medium: 'Medium severity',
    low: 'Low severity',
    info: 'Information',
  },
  severityLabel: { high: 'high', medium: 'medium', low: 'low', info: 'info' },
  rule: 'Rule',
  phase: 'Phase',
  subject: 'Subject',
  message: 'Finding',
  evidence: 'Evidence',
  ruleExplain: 'What the rule checks',
  ruleLegal: 'Legal basis',
  ruleRemediation: 'Remediation',
  ruleUnknown: 'This version of the report viewer has no description of this rule.',
  occurrences: 'Findings',
  phaseName: {
    initial: 'Before consent',
    'after-reject': 'After reject',
    'after-accept': 'After accept',
  },
  consentState: 'Consent state per phase',
  consentSource: 'Source',
  consentDecision: 'Decision',
  consentInteraction: 'Banner interaction',
  decision: {
    none: 'No decision',
    reject: 'Rejected all',
    accept: 'Accepted all',
    custom: 'Custom choice',
  },
  granted: 'granted',
  denied: 'denied',
  unknown: 'unknown',
  yes: 'Yes',
  no: 'No',
  noneFound: 'None found',
  category: 'Category',
  categoryName: {
    necessary: 'Necessary',
    preferences: 'Preferences',
    statistics: 'Statistics',
    marketing: 'Marketing',
    unclassified: 'Unclassified',
  },
  party: 'Party',
  partyName: { first: 'First party', third: 'Third party' },
  cookies: 'Cookies',
  name: 'Name',
  domain: 'Domain',
  vendor: 'Vendor',
  lifetimeStored: 'Lifetime (stored)',
  lifetimeRequested: 'Lifetime (requested)',
  lifetime: 'Lifetime',
  requestedLifetime: (duration) => `requested: ${duration}`,
  setBy: 'Set by',
  setByValue: { http: 'HTTP header', script: 'Script', unknown: 'Unknown' },
  initiator: 'Initiator',
  declaredEntry: 'Declared entry',
  declaredDuration: 'Declared duration',
  notDeclared: 'Not declared',
  sessionCookie: 'Session cookie',
  deleted: 'deleted again',
  storage: 'Storage',
  storageKind: 'Kind',
  origin: 'Origin',
  key: 'Key',
  writes: 'Writes',
  requests: 'Requests',
  requestsBySite: 'Requests by site',
  requestType: 'Type',
  host: 'Host',
  url: 'URL',
  tracker: 'Tracker',
  trackerMark: 'Tracker',
  declaration: 'Declared cookie table',
  declarationSource: 'Source',
  declarationUrl: 'Address',
  declarationLanguage: 'Language',
  declarationRetrieved: 'Retrieved',
  declarationConsentLifetime: 'Declared consent period',
  declarationSkipped: 'Rows that could not be read',
  provider: 'Provider',
  purpose: 'Purpose',
  duration: 'Duration',
  noDeclaration: 'No declared cookie table was found or given for this audit.',
  reproducibility: 'Reproducibility',
  toolVersion: 'Tool version',
  schemaVersion: 'Report schema version',
  browser: 'Browser',
  browserFlags: 'Browser flags',
  dataVersions: 'Data versions',
  settleTime: 'Observation time after the page was idle',
  environmentOther: 'Other settings',
  noEnvironment:
    'The report does not record the environment (browser version, flags, data versions).',
  timeline: 'Timeline',
  timeAxis: 'Seconds from the start of the phase',
  legend: 'Legend',
  pointKind: { cookie: 'Cookie', request: 'Tracker request', storage: 'Storage entry' },
  none: '—',
  noViolations: 'No violations found',
  noViolationsNote:
    'None of the rules found a violation in the phases that were run. This covers only what was observed during this audit.',
  noCookies: 'No cookies were observed.',
  noStorage: 'No storage writes were observed.',
  noRequests: 'No requests were observed.',
  footer:
    'The JSON report is the complete record of this audit; this document presents it in readable form, with long values and long lists shortened.',
  limitsNote: 'Some observations were left out because a per-visit limit was reached:',
  cappedRows: (shown, total) =>
    `Showing ${formatInt(shown, 'en')} of ${formatInt(total, 'en')} rows; the JSON report has all of them.`,
  moreCharacters: (n) => `… (${formatInt(n, 'en')} more characters)`,
  moreItems: (n) => `… and ${formatInt(n, 'en')} more`,
  severityCount: (severity, n) => {
    const one = {
      high: 'high-severity violation',
      medium: 'medium-severity violation',
      low: 'low-severity violation',
      info: 'informational finding',
    }[severity];
    return `${formatInt(n, 'en')} ${n === 1 ? one : `${one}s`}`;
  },
  requestCount: (n, trackers) =>
    `${formatInt(n, 'en')} ${n === 1 ? 'request' : 'requests'}` +
    (trackers > 0 ? `, ${formatInt(trackers, 'en')} to trackers` : ''),
  expiresAfter: (days) => `Expires after ${EN.days(days)}`,
  days: (days) => formatDays(days, 'en'),
  finalState: (decision) => `At the end of the phase: ${decision}`,
  pointsOmitted: (omitted, cap) =>
    `${formatInt(omitted, 'en')} more ${omitted === 1 ? 'point is' : 'points are'} not drawn (at most ${formatInt(cap, 'en')} are drawn).`,
  categoryCount: (category, kind, n) => {
    const count = formatInt(n, 'en');
    if (kind === 'request') return `${count} ${n === 1 ? 'tracker request' : 'tracker requests'}`;
    const noun =
      kind === 'cookie'
        ? n === 1
          ? 'cookie'
          : 'cookies'
        : n === 1
          ? 'storage entry'
          : 'storage entries';
    return `${count} ${CATEGORY_ADJECTIVE.en[category]} ${noun}`;
  },
  beforeChoice: (list) => `${capitalise(list)} before the visitor made a choice.`,
  afterChoice: (list) => `After the choice: ${list}.`,
  nothingBeforeChoice:
    'No non-necessary cookies, storage entries or tracker requests before the visitor made a choice.',
  choiceTimeUnknown: (list) =>
    `${capitalise(list)} in this phase; the report does not record when the visitor made the choice.`,
  nothingObserved: 'No non-necessary cookies, storage entries or tracker requests in this phase.',
  and: 'and',
  subjectKind: {
    cookie: 'Cookie',
    request: 'Request',
    storage: 'Storage',
    consent: 'Consent',
    banner: 'Banner',
  },
  limitKind: {
    requests: 'requests',
    cookies: 'cookies',
    storage: 'storage entries',
    consentEvents: 'consent events',
  },
  limitItem: (what, dropped, cap) =>
    `${formatInt(dropped, 'en')} ${what} left out (limit ${formatInt(cap, 'en')})`,
  generatedBy: (tool) => `Generated by ${tool}.`,
  reportCount: (n) => `${formatInt(n, 'en')} ${n === 1 ? 'audited site' : 'audited sites'}`,
};

const DA: ReportStrings = {
  documentTitle: 'Rapport om cookiesamtykke',
  overview: 'Oversigt',
  summary: 'Resumé',
  site: 'Websted',
  auditedUrl: 'Undersøgt adresse',
  started: 'Påbegyndt',
  finished: 'Afsluttet',
  phases: 'Faser',
  tool: 'Værktøj',
  contents: 'Undersøgte websteder',
  violations: 'Overtrædelser',
  severity: 'Alvorlighed',
  severityHeading: {
    high: 'Høj alvorlighed',
    medium: 'Mellem alvorlighed',
    low: 'Lav alvorlighed',
    info: 'Information',
  },
  severityLabel: { high: 'høj', medium: 'mellem', low: 'lav', info: 'info' },
  rule: 'Regel',
  phase: 'Fase',
  subject: 'Genstand',
  message: 'Fund',
  evidence: 'Dokumentation',
  ruleExplain: 'Hvad reglen kontrollerer',
  ruleLegal: 'Retsgrundlag',
  ruleRemediation: 'Afhjælpning',
  ruleUnknown: 'Denne version af rapportvisningen har ingen beskrivelse af reglen.',
  occurrences: 'Fund',
  phaseName: {
    initial: 'Før samtykke',
    'after-reject': 'Efter afvisning',
    'after-accept': 'Efter accept',
  },
  consentState: 'Samtykketilstand pr. fase',
  consentSource: 'Kilde',
  consentDecision: 'Beslutning',
  consentInteraction: 'Interaktion med banneret',
  decision: {
    none: 'Ingen beslutning',
    reject: 'Afvist alle',
    accept: 'Accepteret alle',
    custom: 'Tilpasset valg',
  },
  granted: 'givet',
  denied: 'afvist',
  unknown: 'ukendt',
  yes: 'Ja',
  no: 'Nej',
  noneFound: 'Ingen fundet',
  category: 'Kategori',
  categoryName: {
    necessary: 'Nødvendige',
    preferences: 'Præferencer',
    statistics: 'Statistik',
    marketing: 'Marketing',
    unclassified: 'Uklassificeret',
  },
  party: 'Part',
  partyName: { first: 'Førstepart', third: 'Tredjepart' },
  cookies: 'Cookies',
  name: 'Navn',
  domain: 'Domæne',
  vendor: 'Leverandør',
  lifetimeStored: 'Levetid (gemt)',
  lifetimeRequested: 'Levetid (anmodet)',
  lifetime: 'Levetid',
  requestedLifetime: (duration) => `anmodet: ${duration}`,
  setBy: 'Sat af',
  setByValue: { http: 'HTTP-header', script: 'Script', unknown: 'Ukendt' },
  initiator: 'Ophav',
  declaredEntry: 'Erklæring',
  declaredDuration: 'Erklæret varighed',
  notDeclared: 'Ikke erklæret',
  sessionCookie: 'Sessionscookie',
  deleted: 'slettet igen',
  storage: 'Lokal lagring',
  storageKind: 'Type',
  origin: 'Oprindelse',
  key: 'Nøgle',
  writes: 'Skrivninger',
  requests: 'Forespørgsler',
  requestsBySite: 'Forespørgsler pr. websted',
  requestType: 'Type',
  host: 'Vært',
  url: 'Adresse',
  tracker: 'Sporing',
  trackerMark: 'Sporing',
  declaration: 'Erklæret cookieoversigt',
  declarationSource: 'Kilde',
  declarationUrl: 'Adresse',
  declarationLanguage: 'Sprog',
  declarationRetrieved: 'Hentet',
  declarationConsentLifetime: 'Erklæret samtykkeperiode',
  declarationSkipped: 'Rækker, der ikke kunne læses',
  provider: 'Udbyder',
  purpose: 'Formål',
  duration: 'Varighed',
  noDeclaration:
    'Der blev ikke fundet eller angivet nogen erklæret cookieoversigt for denne gennemgang.',
  reproducibility: 'Reproducerbarhed',
  toolVersion: 'Værktøjsversion',
  schemaVersion: 'Rapportens skemaversion',
  browser: 'Browser',
  browserFlags: 'Browserflag',
  dataVersions: 'Dataversioner',
  settleTime: 'Observationstid efter at siden var i ro',
  environmentOther: 'Andre indstillinger',
  noEnvironment: 'Rapporten registrerer ikke miljøet (browserversion, flag, dataversioner).',
  timeline: 'Tidslinje',
  timeAxis: 'Sekunder fra fasens start',
  legend: 'Signaturforklaring',
  pointKind: { cookie: 'Cookie', request: 'Sporingsforespørgsel', storage: 'Lokal lagring' },
  none: '—',
  noViolations: 'Ingen overtrædelser fundet',
  noViolationsNote:
    'Ingen af reglerne fandt en overtrædelse i de gennemførte faser. Det gælder kun det, der blev observeret under denne gennemgang.',
  noCookies: 'Der blev ikke observeret nogen cookies.',
  noStorage: 'Der blev ikke observeret nogen lokal lagring.',
  noRequests: 'Der blev ikke observeret nogen forespørgsler.',
  footer:
    'JSON-rapporten er den fuldstændige registrering af gennemgangen; dette dokument viser den i læsbar form, med lange værdier og lange lister forkortet.',
  limitsNote: 'Nogle observationer blev udeladt, fordi en grænse pr. besøg blev nået:',
  cappedRows: (shown, total) =>
    `Viser ${formatInt(shown, 'da')} af ${formatInt(total, 'da')} rækker; JSON-rapporten indeholder dem alle.`,
  moreCharacters: (n) => `… (${formatInt(n, 'da')} tegn mere)`,
  moreItems: (n) => `… og ${formatInt(n, 'da')} mere`,
  severityCount: (severity, n) => {
    const forms = {
      high: ['høj-alvorlig overtrædelse', 'høj-alvorlige overtrædelser'],
      medium: ['mellem-alvorlig overtrædelse', 'mellem-alvorlige overtrædelser'],
      low: ['lav-alvorlig overtrædelse', 'lav-alvorlige overtrædelser'],
      info: ['informativt fund', 'informative fund'],
    }[severity];
    return `${formatInt(n, 'da')} ${n === 1 ? forms[0] : forms[1]}`;
  },
  requestCount: (n, trackers) =>
    `${formatInt(n, 'da')} ${n === 1 ? 'forespørgsel' : 'forespørgsler'}` +
    (trackers > 0 ? `, heraf ${formatInt(trackers, 'da')} til sporing` : ''),
  expiresAfter: (days) => `Udløber efter ${DA.days(days)}`,
  days: (days) => formatDays(days, 'da'),
  finalState: (decision) => `Ved fasens afslutning: ${decision}`,
  pointsOmitted: (omitted, cap) =>
    `${formatInt(omitted, 'da')} ${omitted === 1 ? 'punkt mere er' : 'punkter mere er'} ikke tegnet (højst ${formatInt(cap, 'da')} tegnes).`,
  categoryCount: (category, kind, n) => {
    const count = formatInt(n, 'da');
    if (kind === 'request') {
      return `${count} ${n === 1 ? 'sporingsforespørgsel' : 'sporingsforespørgsler'}`;
    }
    if (kind === 'storage') {
      return `${count} ${n === 1 ? 'nøgle' : 'nøgler'} i lokal lagring (${CATEGORY_ADJECTIVE.da[category]})`;
    }
    // Danish joins the category and "cookie" into one word, except for the adjective forms.
    const compound: Readonly<Record<Category, [string, string]>> = {
      necessary: ['nødvendig cookie', 'nødvendige cookies'],
      preferences: ['præferencecookie', 'præferencecookies'],
      statistics: ['statistikcookie', 'statistikcookies'],
      marketing: ['marketingcookie', 'marketingcookies'],
      unclassified: ['uklassificeret cookie', 'uklassificerede cookies'],
    };
    return `${count} ${compound[category][n === 1 ? 0 : 1]}`;
  },
  beforeChoice: (list) => `${capitalise(list)} før den besøgende traf et valg.`,
  afterChoice: (list) => `Efter valget: ${list}.`,
  nothingBeforeChoice:
    'Ingen ikke-nødvendige cookies, ingen lokal lagring og ingen sporingsforespørgsler før den besøgende traf et valg.',
  choiceTimeUnknown: (list) =>
    `${capitalise(list)} i denne fase; rapporten registrerer ikke, hvornår den besøgende traf valget.`,
  nothingObserved:
    'Ingen ikke-nødvendige cookies, ingen lokal lagring og ingen sporingsforespørgsler i denne fase.',
  and: 'og',
  subjectKind: {
    cookie: 'Cookie',
    request: 'Forespørgsel',
    storage: 'Lokal lagring',
    consent: 'Samtykke',
    banner: 'Banner',
  },
  limitKind: {
    requests: 'forespørgsler',
    cookies: 'cookies',
    storage: 'nøgler i lokal lagring',
    consentEvents: 'samtykkehændelser',
  },
  limitItem: (what, dropped, cap) =>
    `${formatInt(dropped, 'da')} ${what} udeladt (grænse ${formatInt(cap, 'da')})`,
  generatedBy: (tool) => `Genereret af ${tool}.`,
  reportCount: (n) =>
    `${formatInt(n, 'da')} ${n === 1 ? 'undersøgt websted' : 'undersøgte websteder'}`,
};

/** Category as an adjective before a noun ("3 marketing cookies"). */
const CATEGORY_ADJECTIVE: Readonly<Record<Language, Readonly<Record<Category, string>>>> = {
  en: {
    necessary: 'necessary',
    preferences: 'preferences',
    statistics: 'statistics',
    marketing: 'marketing',
    unclassified: 'unclassified',
  },
  da: {
    necessary: 'nødvendig',
    preferences: 'præferencer',
    statistics: 'statistik',
    marketing: 'marketing',
    unclassified: 'uklassificeret',
  },
};

/** Every report string, by language. */
export const REPORT_STRINGS: Readonly<Record<Language, ReportStrings>> = { en: EN, da: DA };

/** The report strings for `language`; anything but 'da' reads English. */
export function reportStrings(language: Language): ReportStrings {
  return language === 'da' ? DA : EN;
}

/**
 * A one-line title per rule (what fires it), for headings and SARIF's `shortDescription`.
 * Typed by `RuleId` so that a new rule without a title does not compile.
 */
export const RULE_TITLES: Readonly<Record<RuleId, Texts>> = {
  'cookie-before-consent': {
    en: 'Non-necessary cookie set before any consent decision',
    da: 'Ikke-nødvendig cookie sat, før der var truffet et valg om samtykke',
  },
  'cookie-after-reject': {
    en: 'Non-necessary cookie set or still readable after the visitor rejected',
    da: 'Ikke-nødvendig cookie sat eller stadig læsbar, efter at den besøgende afviste',
  },
  'tracker-before-consent': {
    en: 'Request to a tracking host before any consent decision',
    da: 'Forespørgsel til en sporingstjeneste, før der var truffet et valg om samtykke',
  },
  'tracker-after-reject': {
    en: 'Request to a tracking host after the visitor rejected',
    da: 'Forespørgsel til en sporingstjeneste, efter at den besøgende afviste',
  },
  'storage-before-consent': {
    en: 'Non-necessary local storage written before any consent decision',
    da: 'Ikke-nødvendig lokal lagring skrevet, før der var truffet et valg om samtykke',
  },
  'implicit-consent': {
    en: 'Consent recorded without any interaction by the visitor',
    da: 'Samtykke registreret uden nogen handling fra den besøgende',
  },
  'undeclared-cookie': {
    en: 'Cookie not listed in the declared cookie table',
    da: 'Cookie, der ikke står i den erklærede cookieoversigt',
  },
  'category-mismatch': {
    en: 'Declared category laxer than the cookie’s known purpose',
    da: 'Erklæret kategori mildere end cookiens kendte formål',
  },
  'retention-exceeds-declared': {
    en: 'Cookie lives longer than its declared duration',
    da: 'Cookien lever længere end den erklærede varighed',
  },
  'party-mismatch': {
    en: 'Declared first or third party does not match the cookie’s domain',
    da: 'Erklæret første- eller tredjepart passer ikke med cookiens domæne',
  },
  'consent-lifetime-too-long': {
    en: 'Consent record kept longer than the declared or customary consent period',
    da: 'Samtykket opbevares længere end den erklærede eller sædvanlige periode',
  },
  'no-reject-option': {
    en: 'Banner offers accept on its first layer without an equally visible reject',
    da: 'Banneret tilbyder accept på første niveau uden en lige så synlig afvisning',
  },
  'gpc-ignored': {
    en: 'Global Privacy Control signal ignored',
    da: 'Signalet Global Privacy Control ignoreret',
  },
  'declared-not-observed': {
    en: 'Declared cookie never observed during the audit',
    da: 'Erklæret cookie blev ikke observeret under gennemgangen',
  },
  'tcf-vendor-without-consent': {
    en: 'TCF vendor active without consent in the TCF string',
    da: 'TCF-leverandør aktiv uden samtykke i TCF-strengen',
  },
  'choice-not-recorded': {
    en: 'The visitor’s choice on the banner was not recorded as made',
    da: 'Den besøgendes valg på banneret blev ikke registreret som truffet',
  },
};

/** The rule's title in `language`, or its id for a rule this version does not know. */
export function ruleTitle(rule: string, language: Language): string {
  const titles = (RULE_TITLES as Readonly<Record<string, Texts | undefined>>)[rule];
  return titles ? titles[language] : rule;
}

/** The report's overall verdict: "3 high-severity violations, 1 medium-severity violation …". */
export function verdictText(
  counts: Readonly<Record<Severity, number>>,
  language: Language,
): string {
  const s = reportStrings(language);
  const parts = (['high', 'medium', 'low', 'info'] as const)
    .filter((severity) => counts[severity] > 0)
    .map((severity) => s.severityCount(severity, counts[severity]));
  return parts.length === 0 ? s.noViolations : joinList(parts, language);
}

/** "a, b and c" / "a, b og c". */
export function joinList(items: readonly string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${reportStrings(language).and} ${items[items.length - 1] ?? ''}`;
}

/** An integer with thousands separators: "12,345" / "12.345". */
export function formatInt(n: number, language: Language): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, language === 'da' ? '.' : ',');
  return sign + grouped;
}

/** A number with at most `decimals` decimals, without trailing zeros: "1.5" / "1,5". */
export function formatDecimal(n: number, language: Language, decimals = 1): string {
  if (!Number.isFinite(n)) return String(n);
  const factor = 10 ** decimals;
  const rounded = Math.round(n * factor) / factor;
  const whole = Math.trunc(rounded);
  const fraction = Math.abs(rounded - whole);
  const intPart = formatInt(whole, language);
  const sign = rounded < 0 && whole === 0 ? '-' : '';
  if (fraction === 0) return sign + intPart;
  const fractionDigits = fraction.toFixed(decimals).slice(2).replace(/0+$/, '');
  return `${sign}${intPart}${language === 'da' ? ',' : '.'}${fractionDigits}`;
}

/** "730 days", "1 day", "12 hours", "30 minutes" (Danish: "730 dage", "12 timer", "30 minutter"). */
export function formatDays(days: number, language: Language): string {
  if (!Number.isFinite(days)) return String(days);
  const da = language === 'da';
  if (days >= 1) {
    const n = formatDecimal(days, language);
    const one = Math.round(days * 10) === 10;
    return `${n} ${da ? (one ? 'dag' : 'dage') : one ? 'day' : 'days'}`;
  }
  const hours = days * 24;
  if (hours >= 1) {
    const one = Math.round(hours * 10) === 10;
    return `${formatDecimal(hours, language)} ${da ? (one ? 'time' : 'timer') : one ? 'hour' : 'hours'}`;
  }
  const minutes = Math.max(0, Math.round(hours * 60));
  const one = minutes === 1;
  return `${formatInt(minutes, language)} ${da ? (one ? 'minut' : 'minutter') : one ? 'minute' : 'minutes'}`;
}

/**
 * An ISO time as "2026-11-20 10:00:09 UTC", the same in both languages: unambiguous for any
 * reader and independent of the time zone of the machine that renders it. Unparseable input
 * is returned as it is (still to be escaped by the caller).
 */
export function formatTime(iso: unknown): string {
  if (typeof iso !== 'string') return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const millis = d.getUTCMilliseconds();
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (millis ? `.${pad(millis, 3)}` : '') +
    ' UTC'
  );
}

/** The phase's display name; an unknown phase name is shown as it is. */
export function phaseLabel(phase: string, language: Language): string {
  const names = reportStrings(language).phaseName as Readonly<Record<string, string | undefined>>;
  return names[phase] ?? phase;
}

/** The category's display name; an unknown category is shown as it is. */
export function categoryLabel(category: string, language: Language): string {
  const names = reportStrings(language).categoryName as Readonly<
    Record<string, string | undefined>
  >;
  return names[category] ?? category;
}

/** The decision's display name; an unknown decision is shown as it is. */
export function decisionLabel(decision: string, language: Language): string {
  const names = reportStrings(language).decision as Readonly<Record<string, string | undefined>>;
  return names[decision] ?? decision;
}

/** The severity's short label (high / høj …); an unknown severity is shown as it is. */
export function severityLabel(severity: string, language: Language): string {
  const names = reportStrings(language).severityLabel as Readonly<
    Record<string, string | undefined>
  >;
  return names[severity] ?? severity;
}

/** The party's display name; an unknown party is shown as it is. */
export function partyLabel(party: string, language: Language): string {
  const names = reportStrings(language).partyName as Readonly<Record<string, string | undefined>>;
  return names[party] ?? party;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
