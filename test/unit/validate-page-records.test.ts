import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  MAX_RECORDS_PER_MESSAGE,
  validatePageRecords,
} from '../../lib/observe/validate-page-records.ts';
import { fuzzAssert } from './fuzz/fuzz.ts';

const NOW = 1_800_000_000_000;

describe('validatePageRecords', () => {
  test.each([
    [
      { kind: 'cookie', write: 'a=1', script: 'https://t.example/x.js', time: 1 },
      { kind: 'cookie', write: 'a=1', script: 'https://t.example/x.js', time: NOW },
    ],
    [
      { kind: 'cookie', write: 'a=1', script: 'javascript:alert(1)' },
      { kind: 'cookie', write: 'a=1', script: null, time: NOW },
    ],
    [
      { kind: 'localStorage', op: 'set', key: '_hjid', valueLength: 36 },
      { kind: 'localStorage', op: 'set', key: '_hjid', valueLength: 36, time: NOW },
    ],
    [
      { kind: 'sessionStorage', op: 'clear' },
      { kind: 'sessionStorage', op: 'clear', key: '', valueLength: 0, time: NOW },
    ],
    [
      { kind: 'indexedDB', name: 'db' },
      { kind: 'indexedDB', name: 'db', time: NOW },
    ],
  ])('accepts %j', (input, expected) => {
    expect(validatePageRecords([input], NOW, 'page')).toEqual({ records: [expected], rejected: 0 });
  });

  test.each([
    [null],
    ['string'],
    [{ kind: 'cookie', write: 42 }],
    [{ kind: 'cookie', write: 'x'.repeat(10_000) }],
    [{ kind: 'localStorage', op: 'set', key: 'k', valueLength: -1 }],
    [{ kind: 'localStorage', op: 'set', key: 'k', valueLength: 1.5 }],
    [{ kind: 'localStorage', op: 'rename', key: 'k', valueLength: 1 }],
    [{ kind: 'localStorage', op: 'set', key: 'k'.repeat(2000), valueLength: 1 }],
    [{ kind: 'indexedDB', name: { toString: () => 'x' } }],
    [{ kind: 'interaction', interaction: 'click' }],
    [{ kind: 'tabs', tabId: 5 }],
  ])('rejects %j from a page', (input) => {
    expect(validatePageRecords([input], NOW, 'page')).toEqual({ records: [], rejected: 1 });
  });

  test('interactions are accepted from the content script only', () => {
    const rec = { kind: 'interaction', interaction: 'click' };
    expect(validatePageRecords([rec], NOW, 'content-script').records).toEqual([
      { ...rec, time: NOW },
    ]);
  });

  test('a non-array is rejected', () => {
    expect(validatePageRecords({ length: 3 }, NOW, 'page')).toEqual({ records: [], rejected: 1 });
  });

  test('a flood is cut at the per-message limit and counted', () => {
    const flood = Array.from({ length: MAX_RECORDS_PER_MESSAGE + 10 }, () => ({
      kind: 'indexedDB',
      name: 'x',
    }));
    const { records, rejected } = validatePageRecords(flood, NOW, 'page');
    expect(records).toHaveLength(MAX_RECORDS_PER_MESSAGE);
    expect(rejected).toBe(10);
  });

  test('never throws on arbitrary values (property)', () => {
    fuzzAssert(
      'page records: arbitrary values',
      fc.property(fc.anything(), (v) => {
        const out = validatePageRecords([v], NOW, 'page');
        return out.records.length + out.rejected === 1;
      }),
      3000,
    );
  });
});

describe('validatePageRecords: merged writes, found keys and drop counts', () => {
  test.each([
    [
      { kind: 'localStorage', op: 'set', key: 'k', valueLength: 2, writes: 5 },
      { kind: 'localStorage', op: 'set', key: 'k', valueLength: 2, writes: 5, time: NOW },
    ],
    [
      { kind: 'localStorage', op: 'set', key: 'k', valueLength: 2, writes: 1 },
      { kind: 'localStorage', op: 'set', key: 'k', valueLength: 2, time: NOW },
    ],
    [
      { kind: 'sessionStorage', op: 'found', key: 'k', valueLength: 9, writes: 50 },
      { kind: 'sessionStorage', op: 'found', key: 'k', valueLength: 9, time: NOW },
    ],
    [
      { kind: 'dropped', storage: 12, tabId: 3 },
      { kind: 'dropped', storage: 12, time: NOW },
    ],
  ])('accepts %j', (input, expected) => {
    expect(validatePageRecords([input], NOW, 'page').records).toEqual([expected]);
  });

  test.each([
    [{ kind: 'localStorage', op: 'set', key: 'k', valueLength: 1, writes: 0 }],
    [{ kind: 'localStorage', op: 'set', key: 'k', valueLength: 1, writes: 1.5 }],
    [{ kind: 'localStorage', op: 'set', key: 'k', valueLength: 1, writes: 2_000_000 }],
    [{ kind: 'localStorage', op: 'set', key: 'k', valueLength: 1, writes: '5' }],
    [{ kind: 'dropped', storage: -1 }],
    [{ kind: 'dropped', storage: 1e12 }],
    [{ kind: 'dropped' }],
  ])('rejects %j', (input) => {
    expect(validatePageRecords([input], NOW, 'page')).toEqual({ records: [], rejected: 1 });
  });
});
