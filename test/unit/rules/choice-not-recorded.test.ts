import { describe, expect, test } from 'vitest';
import { choiceNotRecorded as rule } from '../../../lib/rules/choice-not-recorded.ts';
import type { ReportPhaseChoice } from '../../../lib/report/types.ts';
import type { BannerInput } from '../../../lib/rules/input.ts';
import { phase, ruleInput } from './factories.ts';

function choice(overrides: Partial<ReportPhaseChoice> = {}): ReportPhaseChoice {
  return {
    choice: 'reject',
    method: 'heuristic',
    clicked: true,
    cmp: null,
    label: 'Afvis alle',
    time: '2026-11-20T10:00:05.000Z',
    consentAfter: 'reject',
    applied: true,
    ...overrides,
  };
}

const BOTH: BannerInput = { acceptOnFirstLayer: true, rejectOnFirstLayer: true };
const ACCEPT_ONLY: BannerInput = { acceptOnFirstLayer: true, rejectOnFirstLayer: false };

describe(rule.id, () => {
  test.each([
    ['a reject recorded as reject', choice(), BOTH, []],
    ['no choice made (a passive phase)', null, BOTH, []],
    [
      'a reject recorded as accept',
      choice({ consentAfter: 'accept', applied: false }),
      BOTH,
      [['after-reject', 'consent']],
    ],
    [
      'an accept recorded as custom',
      choice({ choice: 'accept', consentAfter: 'custom', applied: false }),
      BOTH,
      [['after-reject', 'consent']],
    ],
    ['a platform nothing could read', choice({ consentAfter: null, applied: null }), BOTH, []],
    [
      'a reject that could not be clicked although offered',
      choice({ clicked: false, method: 'heuristic' }),
      BOTH,
      [['after-reject', 'banner']],
    ],
    [
      'no reject button at all: no-reject-option says it',
      choice({ clicked: false, method: 'none' }),
      ACCEPT_ONLY,
      [],
    ],
    ['no banner and no platform', choice({ clicked: false, method: 'none' }), null, []],
  ] as const)('%s', (_name, c, banner, expected) => {
    const input = ruleInput({ phases: [phase('after-reject', { choice: c, banner })] });
    expect(rule.evaluate(input).map((v) => [v.phase, v.subject.kind])).toEqual(expected);
  });

  test('evidence says how the choice was made and what was recorded', () => {
    const input = ruleInput({
      phases: [
        phase('after-reject', {
          choice: choice({ consentAfter: 'accept', applied: false }),
          banner: BOTH,
        }),
      ],
      settings: { language: 'da' },
    });
    const [v] = rule.evaluate(input);
    expect(v?.evidence).toMatchObject({
      method: 'heuristic',
      label: 'Afvis alle',
      consentAfter: 'accept',
    });
    expect(v?.message).toBe(
      'Efter klik på "afvis alle" registrerede samtykkeplatformen "accept" i stedet.',
    );
  });
});
