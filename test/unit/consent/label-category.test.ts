import { expect, test } from 'vitest';
import { categoryOfLabel } from '../../../lib/consent/label-category.ts';
import { categoryOfService } from '../../../lib/consent/platforms/known-services.ts';

test.each([
  ['necessary', 'necessary'],
  ['Essenziell', 'necessary'],
  ['Nødvendige', 'necessary'],
  ['analytics', 'statistics'],
  ['analytics-NGqxWbmn', 'statistics'],
  ['cookie_cat_statistic', 'statistics'],
  ['performance', 'statistics'],
  ['marketing', 'marketing'],
  ['displayta-V8kMenYa', 'marketing'],
  ['personalized_ads', 'marketing'],
  ['ads', 'marketing'],
  ['functionality', 'preferences'],
  ['external-media', 'preferences'],
  ['Präferenzen', 'preferences'],
  ['address', null],
  ['styling', null],
  ['', null],
] as const)('%j → %s', (label, category) => {
  expect(categoryOfLabel(label)).toBe(category);
});

test.each([
  ['gtag', 'statistics'],
  ['facebookPixel', 'marketing'],
  ['youtube', 'preferences'],
  ['googleAnalytics', 'statistics'],
  ['gcmadstorage', 'marketing'],
  ['acmeWidget', null],
] as const)('service %j → %s', (name, category) => {
  expect(categoryOfService(name)).toBe(category);
});
