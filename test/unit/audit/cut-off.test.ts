import { describe, expect, test } from 'vitest';
import { cutOffRun, markerOf, reviveCutOff, reviveMarker } from '../../../lib/audit/cut-off.ts';
import { nextStep, startRun } from '../../../lib/audit/run-state.ts';

const T0 = 1_763_632_800_000;
let run = startRun({
  id: 'run-1',
  tabId: 7,
  url: 'https://shop.example.dk/',
  site: 'example.dk',
  phases: ['initial', 'after-reject', 'after-accept'],
  settleMs: 1000,
  now: T0,
});
for (let i = 0; i < 3; i++) run = nextStep(run, T0 + i);

describe('a run cut off by a restart', () => {
  test('the marker names the run, its site and its phase', () => {
    expect(markerOf(run)).toEqual({
      id: 'run-1',
      url: 'https://shop.example.dk/',
      site: 'example.dk',
      startedAt: T0,
      phases: ['initial', 'after-reject', 'after-accept'],
      phaseIndex: 1,
    });
  });

  test('a marker whose run is gone from the session was cut off', () => {
    const marker = JSON.parse(JSON.stringify(markerOf(run))) as unknown;
    expect(cutOffRun(marker, new Set(), T0 + 60_000)).toEqual({
      ...markerOf(run),
      foundAt: T0 + 60_000,
    });
    expect(reviveCutOff(cutOffRun(marker, new Set(), 5))).toMatchObject({ id: 'run-1' });
  });

  test('a run still in the session (a stopped worker) was not cut off', () => {
    expect(cutOffRun(markerOf(run), new Set(['run-1']), T0)).toBeNull();
  });

  test.each<[string, unknown]>([
    ['nothing', undefined],
    ['text', 'run-1'],
    ['no phases', { ...markerOf(run), phases: [] }],
    ['an unknown phase', { ...markerOf(run), phases: ['later'] }],
    ['a phase past the end', { ...markerOf(run), phaseIndex: 9 }],
    ['a long address', { ...markerOf(run), url: 'x'.repeat(5000) }],
  ])('an unreadable marker (%s) is ignored', (_, value) => {
    expect(reviveMarker(value)).toBeNull();
    expect(cutOffRun(value, new Set(), T0)).toBeNull();
  });

  test('a cut-off record needs the time it was found', () => {
    expect(reviveCutOff(markerOf(run))).toBeNull();
  });
});
