import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import {
  exportSarif,
  SARIF_LEVEL,
  SARIF_SCHEMA,
  SARIF_VERSION,
} from '../../../lib/report/export-sarif.ts';
import type { AuditReport, RuleId } from '../../../lib/report/types.ts';
import { RULES, RULES_BY_ID } from '../../../lib/rules/index.ts';
import { cleanReport, HOSTILE, hostileReport } from './fixture.ts';
import { SARIF_SUBSET_SCHEMA } from './sarif-subset-schema.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(SARIF_SUBSET_SCHEMA);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; index: number } };
    logicalLocations: { name: string; fullyQualifiedName: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  properties: { phase: string; evidence: unknown; severity: string };
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version?: string;
        rules: {
          id: string;
          shortDescription: { text: string };
          fullDescription?: { text: string };
          help?: { text: string };
          defaultConfiguration: { level: string };
          properties: { tags: string[] };
        }[];
      };
    };
    artifacts: { location: { uri: string } }[];
    invocations: unknown[];
    results: SarifResult[];
  }[];
}

const reports = [hostileReport(), cleanReport()];

function sarif(input: readonly AuditReport[], language: 'en' | 'da' = 'en'): SarifLog {
  return JSON.parse(exportSarif(input, { language })) as SarifLog;
}

/** Fails with every schema error, so a broken log explains itself. */
function assertValidSarif(log: unknown): void {
  if (!validate(log)) throw new Error(ajv.errorsText(validate.errors, { separator: '\n' }));
}

describe('exportSarif', () => {
  const log = sarif(reports);
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules;

  test('follows the SARIF 2.1.0 schema (the part the export uses)', () => {
    assertValidSarif(log);
    assertValidSarif(sarif(reports, 'da'));
    assertValidSarif(sarif([]));
  });

  test.each([
    [
      'a property SARIF does not define',
      (l: SarifLog) => Object.assign(l.runs[0]!.results[0]!, { phase: 'x' }),
    ],
    [
      'a driver without a name',
      (l: SarifLog) => Reflect.deleteProperty(l.runs[0]!.tool.driver, 'name'),
    ],
    ['an unknown level', (l: SarifLog) => Object.assign(l.runs[0]!.results[0]!, { level: 'high' })],
    ['a wrong version', (l: SarifLog) => Object.assign(l, { version: '2.0.0' })],
  ])('the check rejects %s', (_name, spoil) => {
    const spoilt = sarif(reports);
    spoil(spoilt);
    expect(() => assertValidSarif(spoilt)).toThrow();
  });

  test('the essentials: version, $schema, one run by consentlens', () => {
    expect(log.version).toBe(SARIF_VERSION);
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('consentlens');
    expect(run.tool.driver.version).toBe('0.1.0');
  });

  test('one rule descriptor per rule id, with texts from the rule', () => {
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const descriptor of rules) {
      const rule = RULES_BY_ID[descriptor.id as RuleId];
      expect(descriptor.fullDescription?.text).toBe(rule.explain.en);
      expect(descriptor.help?.text).toBe(rule.remediation.en);
      expect(descriptor.shortDescription.text.length).toBeGreaterThan(10);
      expect(descriptor.properties.tags).toContain('privacy');
      expect(descriptor.defaultConfiguration.level).toBe(SARIF_LEVEL[rule.severity]);
    }
  });

  test.each([
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'note'],
    ['info', 'note'],
  ] as const)('severity %s → level %s', (severity, level) => {
    expect(SARIF_LEVEL[severity]).toBe(level);
    const results = run.results.filter((r) => r.properties.severity === severity);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.level).toBe(level);
  });

  test('one result per violation; every ruleId and ruleIndex resolve in the driver’s rules', () => {
    expect(run.results).toHaveLength(reports.reduce((n, r) => n + r.violations.length, 0));
    for (const r of run.results) {
      expect(rules.map((d) => d.id)).toContain(r.ruleId);
      expect(rules[r.ruleIndex]?.id).toBe(r.ruleId);
    }
  });

  test('results are located at the audited URL, with the subject as a logical location', () => {
    const [first] = run.results;
    expect(first?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      new URL(reports[0]!.url).href,
    );
    expect(
      run.artifacts[first!.locations[0]!.physicalLocation.artifactLocation.index]?.location.uri,
    ).toBe(new URL(reports[0]!.url).href);
    expect(first?.locations[0]?.logicalLocations[0]?.name).toBe('_ga@.example.dk');
    expect(first?.properties.phase).toBe('initial');
    expect(first?.message.text).toBe(reports[0]!.violations[0]!.message);
    const hostile = run.results.find((r) =>
      r.locations[0]?.logicalLocations[0]?.name.startsWith(HOSTILE.img),
    );
    expect(hostile?.properties.evidence).toEqual(reports[0]!.violations[1]!.evidence);
  });

  test('fingerprints are stable and distinct per finding', () => {
    const prints = run.results.map((r) => r.partialFingerprints['consentlensSubject/v1']);
    expect(new Set(prints).size).toBe(prints.length);
    expect(
      sarif(reports).runs[0]!.results.map((r) => r.partialFingerprints['consentlensSubject/v1']),
    ).toEqual(prints);
  });

  test('Danish rule descriptions', () => {
    const da = sarif(reports, 'da').runs[0]!.tool.driver.rules[0]!;
    expect(da.fullDescription?.text).toBe(RULES[0]!.explain.da);
    expect(da.shortDescription.text).toMatch(/samtykke/);
  });

  test('a rule id this version does not know gets a descriptor', () => {
    const report = cleanReport();
    report.violations.push({
      rule: 'future-rule' as RuleId,
      severity: 'low',
      phase: 'initial',
      subject: { kind: 'banner' },
      message: 'Something new.',
      evidence: {},
    });
    const out = sarif([report]);
    assertValidSarif(out);
    const result = out.runs[0]!.results[0]!;
    expect(out.runs[0]!.tool.driver.rules[result.ruleIndex]?.id).toBe('future-rule');
    expect(result.level).toBe('note');
  });

  test('an audited URL that is not a valid URL still gives a valid log', () => {
    const report = hostileReport();
    report.url = 'not a url <>"';
    assertValidSarif(sarif([report]));
  });
});
