import { describe, expect, test } from 'vitest';
import { parseOcdDomains } from '../../../lib/knowledge/ocd-domains.ts';

describe('parseOcdDomains', () => {
  test.each([
    ['', []],
    ['facebook.com (3rd party)', ['facebook.com']],
    ['.bing.com (3rd party) or .microsoft.com (3rd party)', ['bing.com', 'microsoft.com']],
    [' or 207.net (3rd party)', ['207.net']],
    ['google-analytics.com (3rd party) or ', ['google-analytics.com']],
    ['ads-[account].adhese.com', ['adhese.com']],
    ['.commander1.com\u200b', ['commander1.com']],
    ['Inspectlet.com (3rd party)', ['inspectlet.com']],
    ['accounts.google.com', ['google.com']],
    ['.go.sonobi.com (3rd party)', ['sonobi.com']],
    ['nl.sitestat.com (3rd party)', ['sitestat.com']],
    ['admatic.com.tr (3rd party)', ['admatic.com.tr']],
    ['www.googletagmanager.com', ['googletagmanager.com']],
    ['google.com, google.com', ['google.com']],
    ['not a domain', []],
  ])('%j → %j', (field, sites) => {
    expect(parseOcdDomains(field)).toEqual(sites);
  });
});
