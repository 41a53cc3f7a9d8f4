import { describe, expect, test } from 'vitest';
import type { ObservedPhase } from '../../../lib/audit/assemble-report.ts';
import { sameSiteLinks, withFollowedPages } from '../../../lib/audit/follow-links.ts';
import { startVisit, type Visit } from '../../../lib/observe/visit.ts';

const PAGE = 'https://shop.example.dk/';
const links = (...hrefs: string[]) => hrefs.map((href) => ({ href }));

describe('same-site links to follow', () => {
  test('the first distinct pages of the site, in page order', () => {
    expect(
      sameSiteLinks(
        links(
          'https://shop.example.dk/#top',
          'https://shop.example.dk/privatlivspolitik',
          'https://www.facebook.com/shop',
          'https://shop.example.dk/privatlivspolitik#cookies',
          'javascript:void(0)',
          'mailto:shop@example.dk',
          'https://cdn.example.dk/katalog.pdf',
          'https://www.example.dk/om-os',
          'https://shop.example.dk/kurv',
        ),
        PAGE,
        'example.dk',
        5,
      ),
    ).toEqual([
      'https://shop.example.dk/privatlivspolitik',
      'https://www.example.dk/om-os',
      'https://shop.example.dk/kurv',
    ]);
  });

  test.each([
    [0, 0],
    [2, 2],
    [50, 5],
    [-1, 0],
  ])('asked for %i, follows at most %i', (count, most) => {
    const many = links(...Array.from({ length: 20 }, (_, i) => `https://shop.example.dk/p${i}`));
    expect(sameSiteLinks(many, PAGE, 'example.dk', count)).toHaveLength(most);
  });
});

describe('followed pages join their phase', () => {
  function visitWith(url: string, time: number, fill: (v: Visit) => void): Visit {
    const v = startVisit(7, url, time, `r${time}`);
    fill(v);
    return v;
  }
  const request = (url: string, time: number) =>
    ({ url, host: new URL(url).host, time }) as unknown as Visit['requests'][number];

  test('requests, cookies and storage are added; counts of dropped records add up', () => {
    const main = visitWith(PAGE, 1000, (v) => {
      v.requests.push(request(PAGE, 1000));
      v.dropped.requests = 2;
    });
    const second = visitWith(`${PAGE}kurv`, 5000, (v) => {
      v.requests.push(request(`${PAGE}kurv`, 5000));
      v.dropped.requests = 3;
      v.dropped.cookies = 1;
    });
    const phase: ObservedPhase = { name: 'initial', visit: main, endedAt: 4000 };
    const joined = withFollowedPages(phase, [second], 9000);
    expect(joined.endedAt).toBe(9000);
    expect(joined.visit.requests.map((r) => r.url)).toEqual([PAGE, `${PAGE}kurv`]);
    expect(joined.visit.dropped).toEqual({
      requests: 5,
      cookies: 1,
      storage: 0,
      consentEvents: 0,
    });
    expect(joined.visit.url).toBe(PAGE);
    expect(withFollowedPages(phase, [], 9000)).toBe(phase);
  });
});
