import { describe, expect, test } from 'vitest';
import { VISIT_CAPS } from '../../lib/observe/caps.ts';
import { recordPageRecords, startVisit, type PageRecord } from '../../lib/observe/visit.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const ORIGIN = 'https://shop.example.dk';

const local = (op: 'set' | 'found' | 'remove', key: string, writes?: number): PageRecord => ({
  kind: 'localStorage',
  op,
  key,
  valueLength: op === 'remove' ? 0 : 3,
  time: T0,
  ...(writes ? { writes } : {}),
});

describe('storage records', () => {
  test('writes merged by the page-world script are counted in full', () => {
    const v = startVisit(1, `${ORIGIN}/`, T0, 'r1');
    recordPageRecords(v, ORIGIN, [local('set', 'k', 4), local('set', 'k', 3), local('set', 'j')]);
    expect(v.storage.map((s) => [s.key, s.writes])).toEqual([
      ['k', 7],
      ['j', 1],
    ]);
  });

  test('a key found present is recorded once and counts no write', () => {
    const v = startVisit(1, `${ORIGIN}/`, T0, 'r1');
    recordPageRecords(v, ORIGIN, [local('found', 'prop'), local('found', 'prop')]);
    recordPageRecords(v, ORIGIN, [local('set', 'k'), local('found', 'k')]);
    expect(v.storage.map((s) => [s.key, s.writes, s.removed])).toEqual([
      ['prop', 1, false],
      ['k', 1, false],
    ]);
  });

  test('past the cap, writes are counted as dropped, found keys are not', () => {
    const v = startVisit(1, `${ORIGIN}/`, T0, 'r1');
    const fill = Array.from({ length: VISIT_CAPS.storage }, (_, i) => local('set', `k${i}`));
    for (let i = 0; i < fill.length; i += 500) recordPageRecords(v, ORIGIN, fill.slice(i, i + 500));
    recordPageRecords(v, ORIGIN, [local('set', 'over', 5), local('found', 'over2')]);
    expect(v.storage).toHaveLength(VISIT_CAPS.storage);
    expect(v.dropped.storage).toBe(5);
  });

  test('what the page could not queue is added to the dropped count', () => {
    const v = startVisit(1, `${ORIGIN}/`, T0, 'r1');
    recordPageRecords(v, ORIGIN, [{ kind: 'dropped', storage: 12, time: T0 }]);
    expect(v.dropped.storage).toBe(12);
  });
});
