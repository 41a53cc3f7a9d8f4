/**
 * The SARIF 2.1.0 export, for code-scanning dashboards and CI: one run of the consentlens
 * driver with a rule descriptor per rule id and one result per violation. Only properties the
 * SARIF schema defines are used (it forbids others); everything else goes in property bags.
 */
import { RULES_BY_ID, type Rule } from '../rules/index.ts';
import { ruleTitle, type Language } from './i18n-report.ts';
import type { AuditReport, RuleId, Severity, Violation } from './types.ts';

export interface SarifExportOptions {
  /** Language of the rule descriptions; result messages are in the audit's language. */
  language: Language;
}

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** How a severity maps onto SARIF's levels: only high fails a build that fails on errors. */
export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = {
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** Tags per rule, for filtering in code-scanning views. */
const RULE_TAGS: Readonly<Record<RuleId, readonly string[]>> = {
  'cookie-before-consent': ['privacy', 'consent', 'cookies'],
  'cookie-after-reject': ['privacy', 'consent', 'cookies'],
  'tracker-before-consent': ['privacy', 'consent', 'tracking'],
  'tracker-after-reject': ['privacy', 'consent', 'tracking'],
  'storage-before-consent': ['privacy', 'consent', 'storage'],
  'implicit-consent': ['privacy', 'consent', 'banner'],
  'undeclared-cookie': ['privacy', 'declaration', 'cookies'],
  'category-mismatch': ['privacy', 'declaration', 'cookies'],
  'retention-exceeds-declared': ['privacy', 'declaration', 'retention'],
  'party-mismatch': ['privacy', 'declaration', 'cookies'],
  'consent-lifetime-too-long': ['privacy', 'consent', 'retention'],
  'no-reject-option': ['privacy', 'consent', 'banner'],
  'gpc-ignored': ['privacy', 'consent', 'gpc'],
  'declared-not-observed': ['privacy', 'declaration'],
  'tcf-vendor-without-consent': ['privacy', 'consent', 'tcf'],
  'choice-not-recorded': ['privacy', 'consent', 'banner'],
};

/**
 * The reports as one SARIF 2.1.0 log (pretty-printed JSON). `runs[0].tool.driver.rules` lists
 * every known rule (and any unknown rule id a report names), so every result's `ruleId` and
 * `ruleIndex` resolve. Each result is located at the audited URL, with the violation's subject
 * as a logical location and its phase and evidence as properties.
 */
export function exportSarif(reports: readonly AuditReport[], options: SarifExportOptions): string {
  return JSON.stringify(sarifLog(reports, options), null, 2) + '\n';
}

/** The SARIF log as an object, before serialisation. */
export function sarifLog(
  reports: readonly AuditReport[],
  options: SarifExportOptions,
): Record<string, unknown> {
  const language: Language = options.language === 'da' ? 'da' : 'en';
  const known = Object.values(RULES_BY_ID) as Rule[];
  const ruleIds: string[] = known.map((r) => r.id);
  const descriptors: Record<string, unknown>[] = known.map((r) => knownDescriptor(r, language));
  for (const report of reports) {
    for (const v of report.violations) {
      const id = String(v.rule);
      if (!ruleIds.includes(id)) {
        ruleIds.push(id);
        descriptors.push(unknownDescriptor(id, v));
      }
    }
  }

  const artifactIndex = new Map<string, number>();
  const artifacts: Record<string, unknown>[] = [];
  const invocations: Record<string, unknown>[] = [];
  const results: Record<string, unknown>[] = [];
  reports.forEach((report, reportIndex) => {
    const uri = uriOf(report.url);
    let index = artifactIndex.get(uri);
    if (index === undefined) {
      index = artifacts.length;
      artifactIndex.set(uri, index);
      artifacts.push({ location: { uri }, roles: ['analysisTarget'] });
    }
    invocations.push({
      executionSuccessful: true,
      ...(isTime(report.startedAt) ? { startTimeUtc: report.startedAt } : {}),
      ...(isTime(report.finishedAt) ? { endTimeUtc: report.finishedAt } : {}),
      properties: {
        url: String(report.url),
        site: String(report.site),
        schemaVersion: report.schemaVersion,
        ...(report.environment ? { environment: report.environment } : {}),
      },
    });
    for (const v of report.violations) {
      results.push(result(v, report, uri, index, reportIndex, ruleIds.indexOf(String(v.rule))));
    }
  });

  const first = reports[0];
  const version = first?.tool?.version ? String(first.tool.version) : undefined;
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: 'consentlens',
            ...(version ? { version, semanticVersion: version } : {}),
            language,
            rules: descriptors,
          },
        },
        invocations,
        artifacts,
        results,
        language,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
}

function knownDescriptor(rule: Rule, language: Language): Record<string, unknown> {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: ruleTitle(rule.id, language) },
    fullDescription: { text: rule.explain[language] },
    help: { text: rule.remediation[language] },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      // A report may come from a build that knows more rules than this one.
      tags: [
        ...((RULE_TAGS as Partial<Record<string, readonly string[]>>)[rule.id] ?? ['privacy']),
      ],
      severity: rule.severity,
      legal: rule.legal[language],
    },
  };
}

/** A rule id from a newer report: described by what the violation itself says. */
function unknownDescriptor(id: string, v: Violation): Record<string, unknown> {
  return {
    id,
    shortDescription: { text: id },
    defaultConfiguration: { level: levelOf(v.severity) },
    properties: { tags: ['privacy'] },
  };
}

function result(
  v: Violation,
  report: AuditReport,
  uri: string,
  artifactIndex: number,
  invocationIndex: number,
  ruleIndex: number,
): Record<string, unknown> {
  const subject = v.subject ?? { kind: 'consent' };
  const name = subjectName(subject);
  return {
    ruleId: String(v.rule),
    ruleIndex,
    level: levelOf(v.severity),
    message: { text: String(v.message ?? '') || String(v.rule) },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri, index: artifactIndex } },
        logicalLocations: [
          {
            name,
            fullyQualifiedName: `${String(report.site)}/${String(v.phase)}/${String(subject.kind)}/${name}`,
            kind: 'resource',
          },
        ],
      },
    ],
    // Stable across runs of the same audit, so that dashboards track one finding over time.
    partialFingerprints: {
      'consentlensSubject/v1': [v.rule, v.phase, subject.kind, name].map(String).join('|'),
    },
    provenance: { invocationIndex },
    properties: {
      severity: String(v.severity),
      phase: String(v.phase),
      site: String(report.site),
      subject,
      evidence: v.evidence ?? {},
    },
  };
}

/** "name@domain" for a cookie, "key@origin" for storage, the host for a request, else the kind. */
function subjectName(subject: Violation['subject']): string {
  const id = subject.name ?? subject.key;
  const where = subject.domain ?? subject.origin ?? subject.host;
  if (id && where) return `${id}@${where}`;
  return String(id ?? where ?? subject.kind);
}

function levelOf(severity: string): SarifLevel {
  return (SARIF_LEVEL as Readonly<Record<string, SarifLevel | undefined>>)[severity] ?? 'note';
}

/** The audited URL as a valid URI reference (SARIF requires one). */
function uriOf(url: unknown): string {
  if (typeof url === 'string') {
    try {
      return new URL(url).href;
    } catch {
      try {
        return encodeURI(url);
      } catch {
        // A lone surrogate cannot be percent-encoded.
      }
    }
  }
  return 'urn:consentlens:unknown-url';
}

function isTime(value: unknown): value is string {
  return typeof value === 'string' && Number.isFinite(Date.parse(value));
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
