import { describe, expect, test } from 'vitest';
import { FRAME_BUDGET, RecordBudget } from '../../lib/observe/record-budget.ts';
import type { PageRecord } from '../../lib/observe/visit.ts';

const T0 = 1_800_000_000_000;
const set = (key: string, writes?: number): PageRecord => ({
  kind: 'localStorage',
  op: 'set',
  key,
  valueLength: 1,
  time: T0,
  ...(writes ? { writes } : {}),
});
const cookie: PageRecord = { kind: 'cookie', write: 'a=1', script: null, time: T0 };

describe('RecordBudget', () => {
  test('a burst up to the allowance passes; the rest is refused and counted in writes', () => {
    const budget = new RecordBudget();
    const burst = FRAME_BUDGET.storage.burst;
    let admitted = 0;
    for (let i = 0; i < burst + 10; i++) if (budget.admit(set(`k${i}`, 3), T0)) admitted++;
    expect(admitted).toBe(burst);
    expect(budget.refused).toBe(10);
    expect(budget.takeDropped()).toBe(30);
    expect(budget.takeDropped()).toBe(0);
  });

  test('the allowance refills with time', () => {
    const budget = new RecordBudget();
    for (let i = 0; i < FRAME_BUDGET.storage.burst; i++) budget.admit(set('k'), T0);
    expect(budget.admit(set('k'), T0)).toBe(false);
    // A tenth of a second later: a tenth of the per-second rate is back.
    const later = T0 + 100;
    let admitted = 0;
    while (budget.admit(set('k'), later)) admitted++;
    expect(admitted).toBe(FRAME_BUDGET.storage.perSecond / 10);
  });

  test('a storage flood does not starve cookie writes, nor trusted interactions', () => {
    const budget = new RecordBudget();
    for (let i = 0; i < FRAME_BUDGET.storage.burst * 2; i++) budget.admit(set('flood'), T0);
    expect(budget.admit(cookie, T0)).toBe(true);
    expect(budget.admit({ kind: 'interaction', interaction: 'click', time: T0 }, T0)).toBe(true);
  });

  test('a clock that goes backwards refills nothing', () => {
    const budget = new RecordBudget();
    for (let i = 0; i < FRAME_BUDGET.cookie.burst; i++) budget.admit(cookie, T0);
    expect(budget.admit(cookie, T0 - 60_000)).toBe(false);
    expect(budget.admit(cookie, T0)).toBe(false);
  });
});
