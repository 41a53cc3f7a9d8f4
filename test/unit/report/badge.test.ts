import { describe, expect, test } from 'vitest';
import { badgeFor, SEVERITY_COLORS } from '../../../lib/report/badge.ts';
import type { Severity, Violation } from '../../../lib/report/types.ts';

const v = (severity: Severity): Violation => ({
  rule: 'cookie-before-consent',
  severity,
  phase: 'initial',
  subject: { kind: 'cookie', name: '_ga' },
  message: 'm',
  evidence: {},
});

describe('badgeFor', () => {
  test.each([
    [[], '✓', SEVERITY_COLORS.none],
    [['info'], '!', SEVERITY_COLORS.info],
    [['medium', 'low'], '!', SEVERITY_COLORS.medium],
    [['high', 'high', 'medium'], '2', SEVERITY_COLORS.high],
  ] as [Severity[], string, string][])('%j → %s', (severities, text, color) => {
    const badge = badgeFor(severities.map(v));
    expect(badge.text).toBe(text);
    expect(badge.color).toBe(color);
  });
});
