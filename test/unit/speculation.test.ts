import { describe, expect, test } from 'vitest';
import { SpeculativeVisits } from '../../entrypoints/background/speculation.ts';
import { startVisit } from '../../lib/observe/visit.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');

describe('SpeculativeVisits', () => {
  test('a prefetch that replaced the visit is set aside and the shown page gets its visit back', () => {
    const speculation = new SpeculativeVisits();
    const shown = startVisit(7, 'https://shop.example.dk/', T0, 'r1');
    const prefetch = startVisit(7, 'https://shop.example.dk/next', T0 + 5, 'r2');
    speculation.started(7, shown);
    expect(speculation.setAside(7, prefetch)).toBe(shown);
    expect(speculation.get(7)).toBe(prefetch);
  });

  test('it becomes the tab’s visit when the tab shows its URL, and only then', () => {
    const speculation = new SpeculativeVisits();
    const prefetch = startVisit(7, 'https://shop.example.dk/next', T0, 'r2');
    speculation.started(7, undefined);
    expect(speculation.setAside(7, prefetch)).toBeUndefined();
    expect(speculation.activated(7, 'https://shop.example.dk/other')).toBeUndefined();
    expect(speculation.activated(8, 'https://shop.example.dk/next')).toBeUndefined();
    expect(speculation.activated(7, 'https://shop.example.dk/next#top')).toBe(prefetch);
    expect(speculation.get(7)).toBeUndefined();
  });

  test('a real navigation forgets what was loaded ahead of time', () => {
    const speculation = new SpeculativeVisits();
    speculation.started(7, undefined);
    speculation.setAside(7, startVisit(7, 'https://shop.example.dk/next', T0, 'r2'));
    speculation.started(7, undefined);
    expect(speculation.get(7)).toBeUndefined();
    expect(speculation.activated(7, 'https://shop.example.dk/next')).toBeUndefined();
  });
});
