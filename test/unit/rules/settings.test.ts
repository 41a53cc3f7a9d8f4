import { describe, expect, test } from 'vitest';
import { DEFAULT_RULE_SETTINGS, ruleSettings } from '../../../lib/rules/settings.ts';

describe('ruleSettings', () => {
  test('defaults', () => {
    expect(ruleSettings()).toEqual({
      retentionTolerance: { factor: 1.5, minDays: 1 },
      consentLifetimeLimitDays: 365,
      unclassifiedIsNonNecessary: 'with-evidence',
      allowList: {},
      language: 'en',
    });
    expect(ruleSettings()).toEqual(DEFAULT_RULE_SETTINGS);
  });

  test.each([
    {
      overrides: { retentionTolerance: { factor: 2, minDays: 1 } },
      path: 'retentionTolerance.factor',
      value: 2,
    },
    {
      overrides: { retentionTolerance: { factor: Number.NaN, minDays: 1 } },
      path: 'retentionTolerance.factor',
      value: 1.5,
    },
    {
      overrides: { retentionTolerance: { factor: 0.5, minDays: 1 } },
      path: 'retentionTolerance.factor',
      value: 1.5,
    },
    {
      overrides: { retentionTolerance: { factor: 2, minDays: -3 } },
      path: 'retentionTolerance.minDays',
      value: 1,
    },
    { overrides: { consentLifetimeLimitDays: 180 }, path: 'consentLifetimeLimitDays', value: 180 },
    { overrides: { consentLifetimeLimitDays: -1 }, path: 'consentLifetimeLimitDays', value: 365 },
    {
      overrides: { unclassifiedIsNonNecessary: false },
      path: 'unclassifiedIsNonNecessary',
      value: false,
    },
    { overrides: { language: 'da' as const }, path: 'language', value: 'da' },
    { overrides: { language: 'de' as unknown as 'en' }, path: 'language', value: 'en' },
  ])('$path ← $value', ({ overrides, path, value }) => {
    const settings = ruleSettings(overrides) as unknown as Record<string, Record<string, unknown>>;
    const [head, tail] = path.split('.') as [string, string | undefined];
    expect(tail ? settings[head]?.[tail] : settings[head]).toBe(value);
  });

  test('the defaults object is not shared with what ruleSettings returns', () => {
    const s = ruleSettings({ allowList: { cookies: ['a'] } });
    expect(DEFAULT_RULE_SETTINGS.allowList).toEqual({});
    expect(s.allowList.cookies).toEqual(['a']);
  });
});
