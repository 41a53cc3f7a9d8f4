import { countBySeverity, worstSeverity } from '../rules/engine.ts';
import type { Severity, Violation } from './types.ts';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

/** Colours by worst severity: red, amber, blue-grey; green for a page that kept its word. */
export const SEVERITY_COLORS: Readonly<Record<Severity | 'none', string>> = {
  high: '#c62828',
  medium: '#b26a00',
  low: '#44617b',
  info: '#44617b',
  none: '#2e7d32',
};

/**
 * The toolbar badge for a tab: the number of high-severity violations, coloured by the worst
 * severity present; a check mark when there is nothing high (so the calm state is visible, not
 * blank).
 */
export function badgeFor(violations: readonly Violation[]): Badge {
  const counts = countBySeverity(violations);
  const worst = worstSeverity(violations);
  const total = violations.length;
  return {
    text: counts.high > 0 ? String(counts.high) : total > 0 ? '!' : '✓',
    color: SEVERITY_COLORS[worst ?? 'none'],
    title:
      total === 0
        ? 'ConsentLens: no violations found on this page'
        : `ConsentLens: ${counts.high} high, ${counts.medium} medium, ${counts.low} low, ${counts.info} info`,
  };
}
