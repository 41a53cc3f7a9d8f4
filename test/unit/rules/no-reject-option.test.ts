import { describe, expect, test } from 'vitest';
import { noRejectOption as rule } from '../../../lib/rules/no-reject-option.ts';
import type { BannerInput, RuleInput } from '../../../lib/rules/input.ts';
import { phase, project, ruleInput, type Projected } from './factories.ts';

const banner = (b: Partial<BannerInput>): BannerInput => ({
  acceptOnFirstLayer: true,
  rejectOnFirstLayer: true,
  ...b,
});
const threePhases = (b: BannerInput | null): RuleInput =>
  ruleInput({
    phases: [
      phase('initial', { banner: b }),
      phase('after-reject', { banner: b }),
      phase('after-accept', { banner: b }),
    ],
  });
const FIRES: Projected[] = [{ rule: rule.id, phase: 'initial', subject: { kind: 'banner' } }];

const cases: { name: string; input: RuleInput; expected: Projected[] }[] = [
  {
    name: 'fires once: accept without reject on the first layer',
    input: threePhases(banner({ rejectOnFirstLayer: false })),
    expected: FIRES,
  },
  {
    name: 'fires: reject present but less visible',
    input: threePhases(banner({ rejectVisibility: 'reduced' })),
    expected: FIRES,
  },
  {
    name: 'near miss: accept and reject equally visible',
    input: threePhases(banner({ rejectVisibility: 'equal' })),
    expected: [],
  },
  {
    name: 'near miss: reject present, visibility not measured',
    input: threePhases(banner({})),
    expected: [],
  },
  { name: 'near miss: no banner', input: threePhases(null), expected: [] },
  {
    name: 'near miss: first layer has neither accept nor reject (settings link only)',
    input: threePhases(banner({ acceptOnFirstLayer: false, rejectOnFirstLayer: false })),
    expected: [],
  },
  {
    name: 'fires in the first phase that shows the problem',
    input: ruleInput({
      phases: [
        phase('initial', { banner: null }),
        phase('after-reject', { banner: banner({ rejectOnFirstLayer: false }) }),
      ],
    }),
    expected: [{ rule: rule.id, phase: 'after-reject', subject: { kind: 'banner' } }],
  },
];

describe(rule.id, () => {
  test.each(cases)('$name', ({ input, expected }) => {
    expect(project(rule.evaluate(input))).toEqual(expected);
  });

  test('evidence lists every phase that showed the banner and copies the detector\u2019s evidence', () => {
    const [v] = rule.evaluate(
      threePhases(banner({ rejectOnFirstLayer: false, evidence: { acceptLabel: 'OK' } })),
    );
    expect(v?.evidence).toMatchObject({
      problem: 'no-reject',
      phases: ['initial', 'after-reject', 'after-accept'],
      banner: { acceptLabel: 'OK' },
    });
  });
});
