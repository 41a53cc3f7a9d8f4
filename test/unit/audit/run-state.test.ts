import { describe, expect, test } from 'vitest';
import {
  afterWorkerRestart,
  completedPhases,
  currentPhase,
  finishRun,
  MAX_RESTARTS,
  nextStep,
  outcomeOf,
  progressOf,
  reviveRun,
  startRun,
  stepsOf,
  stopRun,
  withOrigins,
  type AuditRun,
} from '../../../lib/audit/run-state.ts';
import type { PhaseName } from '../../../lib/report/types.ts';

const T0 = 1_763_632_800_000;

function run(phases: readonly PhaseName[] = ['initial', 'after-reject', 'after-accept']): AuditRun {
  return startRun({
    id: 'run-1',
    tabId: 7,
    url: 'https://shop.example.dk/',
    site: 'example.dk',
    phases,
    settleMs: 3000,
    now: T0,
  });
}

/** Steps the run `n` times, one second apart. */
function step(r: AuditRun, n: number): AuditRun {
  let out = r;
  for (let i = 0; i < n; i++) out = nextStep(out, T0 + (i + 1) * 1000);
  return out;
}

/** Every (phase, step) the run passes through until it has only its report left to assemble. */
function walk(r: AuditRun): string[] {
  const seen: string[] = [];
  let current = r;
  for (let i = 0; i < 50 && current.step !== 'assembling'; i++) {
    seen.push(`${currentPhase(current)}:${current.step}`);
    current = nextStep(current, T0 + i * 1000);
  }
  seen.push(current.step);
  return seen;
}

describe('the steps of a run', () => {
  test('a full run: clear, load and observe; after a choice also choose and reload', () => {
    expect(walk(run())).toEqual([
      'initial:clearing',
      'initial:loading',
      'initial:observing',
      'after-reject:clearing',
      'after-reject:loading',
      'after-reject:choosing',
      'after-reject:reloading',
      'after-reject:observing',
      'after-accept:clearing',
      'after-accept:loading',
      'after-accept:choosing',
      'after-accept:reloading',
      'after-accept:observing',
      'assembling',
    ]);
  });

  test('phases are run in the contract’s order, whatever order they are asked in', () => {
    expect(run(['after-accept', 'initial']).phases).toEqual(['initial', 'after-accept']);
    expect(() => run([])).toThrow(/at least one phase/);
  });

  test.each<[PhaseName, number]>([
    ['initial', 3],
    ['after-reject', 5],
    ['after-accept', 5],
  ])('%s has %i steps', (phase, n) => {
    expect(stepsOf(phase)).toHaveLength(n);
  });

  test('a new phase restarts the clock; steps within a phase do not', () => {
    const r = run();
    expect(step(r, 2).phaseStartedAt).toBe(T0);
    const second = step(r, 3);
    expect(currentPhase(second)).toBe('after-reject');
    expect(second.phaseStartedAt).toBe(T0 + 3000);
  });

  test('finished phases are those before the current one', () => {
    expect(completedPhases(step(run(), 4))).toEqual(['initial']);
    const assembling = step(run(), 13);
    expect(assembling.step).toBe('assembling');
    expect(completedPhases(assembling)).toEqual(['initial', 'after-reject', 'after-accept']);
    expect(currentPhase(assembling)).toBeNull();
  });

  test('only an assembled run finishes; a finished run does not move', () => {
    expect(finishRun(step(run(), 5), T0)).toMatchObject({ status: 'running' });
    const done = finishRun(step(run(), 13), T0 + 20_000);
    expect(done).toMatchObject({ status: 'done', finishedAt: T0 + 20_000 });
    expect(nextStep(done, T0 + 30_000)).toBe(done);
  });
});

describe('ending early', () => {
  test('cancel, interrupt or fail a running run; an ended run keeps its ending', () => {
    const cancelled = stopRun(step(run(), 4), 'cancelled', 'cancelled', null, T0 + 9000);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      reason: 'cancelled',
      finishedAt: T0 + 9000,
    });
    expect(stopRun(cancelled, 'failed', 'error', 'later', T0 + 10_000)).toBe(cancelled);
    const done = finishRun(step(run(), 13), T0);
    expect(stopRun(done, 'interrupted', 'tab-closed', null, T0)).toBe(done);
  });

  test('details are bounded', () => {
    const failed = stopRun(run(), 'failed', 'error', 'x'.repeat(5000), T0);
    expect(failed.detail?.length).toBe(300);
  });
});

describe('a restarted worker', () => {
  test('starts the interrupted phase again from its beginning, and says which', () => {
    const choosing = step(run(), 5);
    expect(choosing).toMatchObject({ step: 'choosing' });
    const resumed = afterWorkerRestart(choosing, T0 + 60_000);
    expect(resumed).toMatchObject({
      status: 'running',
      phaseIndex: 1,
      step: 'clearing',
      phaseStartedAt: T0 + 60_000,
      restarted: ['after-reject'],
    });
    expect(completedPhases(resumed)).toEqual(['initial']);
  });

  test(`gives up after ${MAX_RESTARTS} restarts: the run is interrupted`, () => {
    let r = step(run(), 5);
    for (let i = 0; i < MAX_RESTARTS; i++) r = afterWorkerRestart(r, T0 + i);
    expect(r.status).toBe('running');
    const given = afterWorkerRestart(r, T0 + 99);
    expect(given).toMatchObject({ status: 'interrupted', reason: 'worker-stopped' });
    expect(given.detail).toMatch(/stopped 3 times.*after-reject/);
    expect(outcomeOf(given)).toEqual({
      status: 'interrupted',
      planned: ['initial', 'after-reject', 'after-accept'],
      completed: ['initial'],
      restarted: ['after-reject', 'after-reject'],
      runner: 'extension',
      reason:
        "The extension's background was stopped during phase 2 of 3 (after-reject) and the run could not go on.",
    });
  });

  test('a run with only its report left assembles it; an ended run is left alone', () => {
    const assembling = step(run(), 13);
    expect(afterWorkerRestart(assembling, T0)).toBe(assembling);
    const done = finishRun(assembling, T0);
    expect(afterWorkerRestart(done, T0)).toBe(done);
  });
});

describe('what the report and the popup are told', () => {
  test('a finished run is complete, with every phase', () => {
    const done = finishRun(step(run(), 13), T0);
    expect(outcomeOf(done)).toEqual({
      status: 'complete',
      planned: ['initial', 'after-reject', 'after-accept'],
      completed: ['initial', 'after-reject', 'after-accept'],
      restarted: [],
      runner: 'extension',
    });
  });

  test.each<[AuditRun, string]>([
    [
      stopRun(step(run(), 4), 'interrupted', 'tab-closed', null, T0),
      'The audited tab was closed during phase 2 of 3 (after-reject).',
    ],
    [
      stopRun(step(run(), 9), 'failed', 'error', 'the reloaded page could not be loaded', T0),
      'The audit stopped during phase 3 of 3 (after-accept): the reloaded page could not be loaded.',
    ],
  ])('a run that ended early is interrupted, never complete: %#', (ended, reason) => {
    expect(outcomeOf(ended)).toMatchObject({ status: 'interrupted', reason });
  });

  test('progress: "Phase 2 of 3: after reject — 14 s"', () => {
    const r = step(run(), 4);
    expect(progressOf(r, r.phaseStartedAt + 14_900)).toEqual({
      phaseNumber: 2,
      phaseCount: 3,
      phase: 'after-reject',
      step: 'loading',
      seconds: 14,
    });
    expect(progressOf(step(run(), 13), T0 + 13_000)).toMatchObject({
      phaseNumber: 3,
      phase: null,
      step: 'assembling',
      seconds: 0,
    });
    // A clock that went back shows 0, not a negative time.
    expect(progressOf(r, r.phaseStartedAt - 5000).seconds).toBe(0);
  });
});

describe('origins to clear', () => {
  test('start with the audited page’s, and the site’s among what the tab already contacted', () => {
    expect(run().origins).toEqual(['https://shop.example.dk']);
    const seen = startRun({
      id: 'r',
      tabId: 1,
      url: 'https://shop.example.dk/',
      site: 'example.dk',
      phases: ['initial'],
      settleMs: 0,
      seen: ['https://www.google-analytics.com/g/collect', 'https://cdn.example.dk/app.js'],
      now: T0,
    });
    expect(seen.origins).toEqual(['https://shop.example.dk', 'https://cdn.example.dk']);
  });

  test('are added once, in order, and bounded', () => {
    const r = withOrigins(run(), ['https://shop.example.dk', 'https://cdn.example.dk']);
    expect(r.origins).toEqual(['https://shop.example.dk', 'https://cdn.example.dk']);
    expect(withOrigins(r, ['https://shop.example.dk'])).toBe(r);
    expect(withOrigins(r, ['https://www.example.dk']).origins).toEqual([
      'https://shop.example.dk',
      'https://cdn.example.dk',
      'https://www.example.dk',
    ]);
    const many = Array.from({ length: 500 }, (_, i) => `https://h${i}.example.dk`);
    expect(withOrigins(run(), many).origins).toHaveLength(200);
  });
});

describe('a run read back from storage', () => {
  test('round-trips through JSON', () => {
    const r = withOrigins(afterWorkerRestart(step(run(), 5), T0 + 1), ['https://shop.example.dk']);
    expect(reviveRun(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  test.each<[string, (r: Record<string, unknown>) => unknown]>([
    ['not an object', () => 'run'],
    ['another version', (r) => ({ ...r, version: 2 })],
    ['an unknown phase', (r) => ({ ...r, phases: ['initial', 'after-maybe'] })],
    ['no phases', (r) => ({ ...r, phases: [] })],
    ['a phase index past the end', (r) => ({ ...r, phaseIndex: 4 })],
    ['an unknown step', (r) => ({ ...r, step: 'dancing' })],
    ['an unknown status', (r) => ({ ...r, status: 'paused' })],
    ['a time as text', (r) => ({ ...r, startedAt: '2026' })],
    ['a tab id as text', (r) => ({ ...r, tabId: '7' })],
    ['an unknown reason', (r) => ({ ...r, reason: 'bored' })],
    ['origins not a list', (r) => ({ ...r, origins: 'https://x' })],
    ['too many origins', (r) => ({ ...r, origins: Array.from({ length: 201 }, () => 'o') })],
    ['a long url', (r) => ({ ...r, url: 'x'.repeat(5000) })],
  ])('refuses %s', (_, mutate) => {
    expect(reviveRun(mutate(run() as unknown as Record<string, unknown>))).toBeNull();
  });
});
