import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../lib/rules/engine.ts';
import { RULES_BY_ID } from '../../lib/rules/index.ts';
import type { Violation } from '../../lib/report/types.ts';
import { project } from '../unit/rules/factories.ts';
import type { Scenario } from './scenario.ts';

/** Every scenario in ./cases, in file-name order; each file's default export is a `Scenario`. */
const casesDir = new URL('./cases/', import.meta.url);
const files = readdirSync(fileURLToPath(casesDir))
  .filter((f) => f.endsWith('.ts'))
  .sort();
const scenarios: { file: string; scenario: Scenario }[] = [];
for (const file of files) {
  const module = (await import(new URL(file, casesDir).href)) as { default: Scenario };
  scenarios.push({ file, scenario: module.default });
}

/** Same projection and order as `project`, applied to the expectation. */
function expectedProjection(scenario: Scenario) {
  return project(
    scenario.expected.map(
      (e) => ({ ...e, severity: 'info', message: '', evidence: {} }) as Violation,
    ),
  );
}

test('the scenario folder holds the required scenarios', () => {
  expect(files.length).toBeGreaterThanOrEqual(6);
});

describe.each(scenarios)('$file', ({ scenario }) => {
  test('reports exactly the expected violations', () => {
    expect(project(evaluate(scenario.input))).toEqual(expectedProjection(scenario));
  });

  test('every violation is well formed in both languages', () => {
    for (const language of ['en', 'da'] as const) {
      const violations = evaluate({
        ...scenario.input,
        settings: { ...scenario.input.settings, language },
      });
      for (const v of violations) {
        expect(v.severity).toBe(RULES_BY_ID[v.rule].severity);
        expect(v.message).toMatch(/^\S[^\n]*\.$/);
        // Evidence is archived as JSON: it must survive a round trip unchanged.
        expect(JSON.parse(JSON.stringify(v.evidence))).toEqual(v.evidence);
      }
    }
  });

  test('the language changes messages, not findings', () => {
    const en = evaluate({
      ...scenario.input,
      settings: { ...scenario.input.settings, language: 'en' },
    });
    const da = evaluate({
      ...scenario.input,
      settings: { ...scenario.input.settings, language: 'da' },
    });
    expect(project(da)).toEqual(project(en));
  });
});
