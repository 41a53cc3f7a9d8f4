import { describe, expect, test } from 'vitest';
import { tcfVendorIdOf } from '../../../lib/knowledge/tcf-vendors.ts';

describe('tcfVendorIdOf', () => {
  test.each([
    ['static.criteo.net', 91],
    ['sslwidget.criteo.com', 91],
    ['www.google-analytics.com', 755],
    ['securepubads.g.doubleclick.net', 755],
    ['ib.adnxs.com', 32],
    ['track.adform.net', 50],
    ['connect.facebook.net', null],
    ['criteo.net.evil.example', null],
    [null, null],
  ])('%s → %s', (host, id) => {
    expect(tcfVendorIdOf(host)).toBe(id);
  });
});
