import { describe, expect, test } from 'vitest';
import {
  autoconsentConfig,
  autoconsentOutcome,
  bannerOf,
  candidatesOf,
  type AutoconsentEvent,
} from '../../lib/banner/choice.ts';

describe('the banner’s buttons, read from the page', () => {
  test('labels become roles; other labels and malformed entries are dropped', () => {
    const candidates = candidatesOf([
      {
        frame: 0,
        labels: [
          { index: 3, label: 'Afvis alle' },
          { index: 4, label: 'Accepter alle' },
          { index: 5, label: 'Indstillinger' },
          { index: 6, label: 'Læs mere om os' },
          { index: -1, label: 'Accept' },
          { index: 1.5, label: 'Accept' },
          { index: 7, label: 42 },
          null,
        ],
      },
      { frame: 12, labels: 'not a list' },
      { frame: 13, labels: [{ index: 0, label: 'Reject all' }] },
    ]);
    expect(candidates.map((c) => [c.frame, c.index, c.role])).toEqual([
      [0, 3, 'reject'],
      [0, 4, 'accept'],
      [0, 5, 'settings'],
      [13, 0, 'reject'],
    ]);
  });

  test('a page cannot make the scan unbounded', () => {
    const labels = Array.from({ length: 5000 }, (_, i) => ({ index: i, label: 'OK' }));
    const frames = Array.from({ length: 50 }, (_, frame) => ({ frame, labels }));
    const candidates = candidatesOf(frames);
    expect(candidates.length).toBe(20 * 400);
    expect(candidatesOf([{ frame: 0, labels: [{ index: 0, label: 'x'.repeat(10_000) }] }])).toEqual(
      [],
    );
  });

  test('the first layer: accept without reject is what no-reject-option judges', () => {
    const onlyAccept = candidatesOf([
      {
        frame: 0,
        labels: [
          { index: 0, label: 'Accepter alle' },
          { index: 1, label: 'Tilpas' },
        ],
      },
    ]);
    expect(bannerOf(onlyAccept)).toMatchObject({
      acceptOnFirstLayer: true,
      rejectOnFirstLayer: false,
      rejectVisibility: undefined,
      evidence: { acceptLabels: ['Accepter alle'], rejectLabels: [], settingsLabels: ['Tilpas'] },
    });
    expect(bannerOf([])).toBeNull();
  });
});

describe('autoconsent', () => {
  test('is configured to click, never to hide', () => {
    expect(autoconsentConfig('reject')).toMatchObject({
      enabled: true,
      autoAction: 'optOut',
      enableCosmeticRules: false,
      enablePrehide: false,
    });
    expect(autoconsentConfig('accept')).toMatchObject({ autoAction: 'optIn' });
    expect(autoconsentConfig(null)).toMatchObject({ enabled: false, autoAction: null });
  });

  const at = (type: string, time: number, more: Partial<AutoconsentEvent> = {}) => ({
    type,
    at: time,
    ...more,
  });

  test('its result is read once it came, with the time the banner was found', () => {
    const events = [
      at('cmpDetected', 10, { cmp: 'Klaro' }),
      at('popupFound', 20, { cmp: 'Klaro' }),
      at('optOutResult', 90, { cmp: 'Klaro', result: true }),
    ];
    expect(autoconsentOutcome(events, 'optOut', 500)).toEqual({
      cmp: 'Klaro',
      done: true,
      ok: true,
      at: 20,
    });
    // The other action's result does not count.
    expect(autoconsentOutcome(events, 'optIn', 500)).toBeNull();
  });

  test('nothing detected after half the time: the button words take over', () => {
    expect(autoconsentOutcome([], 'optOut', 5_999, 12_000)).toBeNull();
    expect(autoconsentOutcome([], 'optOut', 6_000, 12_000)).toEqual({
      cmp: null,
      done: false,
      ok: false,
    });
  });

  test('a detected platform gets the whole time, then counts as failed', () => {
    const detected = [at('cmpDetected', 10, { cmp: 'Onetrust' })];
    expect(autoconsentOutcome(detected, 'optIn', 11_000, 12_000)).toBeNull();
    expect(autoconsentOutcome(detected, 'optIn', 12_000, 12_000)).toEqual({
      cmp: 'Onetrust',
      done: false,
      ok: false,
    });
  });
});
