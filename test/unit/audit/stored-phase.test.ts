import { describe, expect, test } from 'vitest';
import type { ObservedPhase } from '../../../lib/audit/assemble-report.ts';
import {
  restoredPhase,
  reviveRunData,
  storablePhase,
  type RunData,
} from '../../../lib/audit/stored-phase.ts';
import { startVisit } from '../../../lib/observe/visit.ts';

const visit = startVisit(7, 'https://shop.example.dk/', 1000, 'r1');

const phase: ObservedPhase = {
  name: 'after-reject',
  visit,
  endedAt: 9000,
  banner: { acceptOnFirstLayer: true, rejectOnFirstLayer: true },
  gpcSent: false,
  carriedOver: new Set(['_ga@.example.dk']),
};

describe('finished phases kept between steps', () => {
  test('survive storage as JSON, carried-over cookies included', () => {
    const data: RunData = {
      phases: [storablePhase(phase)],
      declared: null,
      declarationNote: 'none',
    };
    const back = reviveRunData(JSON.parse(JSON.stringify(data)));
    expect(back).not.toBeNull();
    const restored = restoredPhase(back!.phases[0]!);
    expect(restored.carriedOver).toEqual(new Set(['_ga@.example.dk']));
    expect(restored.visit.url).toBe('https://shop.example.dk/');
    expect(back?.declarationNote).toBe('none');
  });

  test.each<[string, unknown]>([
    ['nothing', undefined],
    ['phases not a list', { phases: {}, declared: null, declarationNote: null }],
    [
      'a phase of unknown name',
      {
        phases: [{ ...storablePhase(phase), name: 'later' }],
        declared: null,
        declarationNote: null,
      },
    ],
    [
      'a phase without its requests',
      {
        phases: [{ ...storablePhase(phase), visit: { ...visit, requests: undefined } }],
        declared: null,
        declarationNote: null,
      },
    ],
    [
      'a declaration without cookies',
      { phases: [], declared: { source: 'x' }, declarationNote: null },
    ],
  ])('refuses %s', (_, value) => {
    expect(reviveRunData(value)).toBeNull();
  });
});
