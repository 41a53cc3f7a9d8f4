import { expect } from 'vitest';
import type { AuditReport } from '../../lib/report/types.ts';

/** The demo shop's storage writes, each with its frame's origin and party (every browser). */
export function checkDemoShopStorage(report: AuditReport): void {
  const got = report.storage.map((s) => `${s.kind} ${s.origin} ${s.key} ${s.party}`).sort();
  expect(got).toEqual(
    [
      'indexedDB https://shop.example.dk shop-db first',
      'localStorage https://shop.example.dk _hjid first',
      'localStorage https://shop.example.dk cart first',
      'localStorage https://widget.chat-example.net chat-session third',
      'sessionStorage https://shop.example.dk checkout_step first',
    ].sort(),
  );
}

/** The demo shop's requests: every host, with site, party and type (every browser). */
export function checkDemoShopRequests(report: AuditReport): void {
  const byHost = new Map(report.requests.map((r) => [r.host, r]));
  expect([...byHost.keys()].sort()).toEqual(
    [
      'connect.facebook.net',
      'shop.example.dk',
      'static.hotjar.com',
      'widget.chat-example.net',
      'www.facebook.com',
      'www.google-analytics.com',
      'www.googletagmanager.com',
    ].sort(),
  );
  expect(byHost.get('shop.example.dk')).toMatchObject({ party: 'first', site: 'example.dk' });
  expect(byHost.get('www.google-analytics.com')).toMatchObject({
    party: 'third',
    site: 'google-analytics.com',
    type: 'xmlhttprequest',
  });
  expect(byHost.get('www.facebook.com')).toMatchObject({ party: 'third', type: 'image' });
  expect(byHost.get('widget.chat-example.net')).toMatchObject({
    party: 'third',
    type: 'sub_frame',
  });
  expect(report.requests.filter((r) => r.type === 'main_frame')).toHaveLength(1);
}
