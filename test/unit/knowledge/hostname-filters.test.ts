import { NetworkFilter, Request } from '@ghostery/adblocker';
import { describe, expect, test } from 'vitest';
import {
  compileHostnameFilters,
  HostnameFilters,
  inHostnameTable,
  type ListedFilter,
} from '../../../lib/knowledge/hostname-filters.ts';

const listed = (lines: readonly string[]): ListedFilter[] =>
  lines.map((line) => ({ filter: NetworkFilter.parse(line) as NetworkFilter, line }));

const BLOCKING = [
  '||tracker.example^',
  '||stats.example^$third-party',
  '||stats.example/collect?',
  '||ads.example^*/pixel.gif',
  '||shop.example^$script,domain=a.example|~b.example',
  '||Upper.EXAMPLE^',
  '||adservice.google.^',
  '||cloud.example*/sp.js',
  '||ab.cd$third-party',
  '||.partial.example^',
  '/no-hostname.js',
];
const data = compileHostnameFilters({
  blocking: listed(BLOCKING),
  exceptions: listed(['@@||tracker.example/ok.js', '@@||cloud.example*/fine.js']),
  importants: listed(['||important.example^$important']),
  redirects: listed(['||redirect.example/a.js$redirect=noopjs']),
});
const filters = new HostnameFilters(data);
const lines = (host: string) => filters.screen(host).blocking.map((f) => f.toString());
/** How the engine itself prints the filter of a line. */
const printed = (line: string) => (NetworkFilter.parse(line) as NetworkFilter).toString();

describe('filters anchored to a whole hostname', () => {
  test('only those are stored', () => {
    expect(listed(BLOCKING).map(({ filter }) => inHostnameTable(filter))).toEqual([
      ...Array<boolean>(9).fill(true),
      false,
      false,
    ]);
  });

  test.each([
    ['tracker.example', ['||tracker.example^']],
    ['a.b.tracker.example', ['||tracker.example^']],
    ['tracker.example.co', ['||tracker.example^']],
    [
      'stats.example.tracker.example',
      ['||stats.example^$third-party', '||stats.example/collect?', '||tracker.example^'],
    ],
    // Only at the start of a label, and where the engine lets the hostname end.
    ['notracker.example', []],
    ['tracker.examples.com', []],
    ['partial.example', []],
    ['www.shop.dk', []],
  ])('%s is named by %j', (host, named) => {
    expect(lines(host)).toEqual(named.map(printed));
  });

  test('each filter reads back as the engine parses its line', () => {
    const hosts: Record<string, string> = {
      '||tracker.example^': 'tracker.example',
      '||stats.example^$third-party': 'stats.example',
      '||stats.example/collect?': 'stats.example',
      '||ads.example^*/pixel.gif': 'ads.example',
      '||shop.example^$script,domain=a.example|~b.example': 'shop.example',
      '||Upper.EXAMPLE^': 'upper.example',
      '||adservice.google.^': 'adservice.google.com',
      '||cloud.example*/sp.js': 'cloud.example',
      '||ab.cd$third-party': 'ab.cd',
    };
    for (const [line, host] of Object.entries(hosts)) {
      const expected = NetworkFilter.parse(line) as NetworkFilter;
      const found = filters.screen(host).blocking.filter((f) => f.getId() === expected.getId());
      expect(
        found.map((f) => f.toString()),
        line,
      ).toEqual([expected.toString()]);
      expect(found[0]!.getHostname()).toBe(expected.getHostname());
      expect(found[0]!.isRegex()).toBe(expected.isRegex());
    }
  });

  test('a hostname ending with a dot is found wherever its label goes on', () => {
    expect(lines('adservice.google.de')).toEqual([printed('||adservice.google.^')]);
    expect(lines('www.adservice.google.co.uk')).toEqual([printed('||adservice.google.^')]);
  });

  test('a filter whose pattern starts with a wildcard is found with its hostname ending inside a label', () => {
    // The engine accepts it there too (it is followed by a wildcard).
    expect(lines('cloud.examplex.net')).toEqual([printed('||cloud.example*/sp.js')]);
    const request = Request.fromRawDetails({
      url: 'https://cloud.examplex.net/sp.js',
      hostname: 'cloud.examplex.net',
      domain: 'examplex.net',
      sourceHostname: 'www.shop.dk',
      sourceDomain: 'shop.dk',
      type: 'script',
    });
    expect(filters.screen('cloud.examplex.net').blocking[0]!.match(request)).toBe(true);
  });

  test('a hostname inside the host is found where the engine looks for its end', () => {
    // `isAnchoredByHostname` checks host[hostname.length] for a match inside the host, so it
    // accepts `ab.cd` in `qqqqq.ab.cdzz.com`, where no label ends after it.
    const host = 'qqqqq.ab.cdzz.com';
    expect(lines(host)).toEqual([printed('||ab.cd$third-party')]);
    const request = Request.fromRawDetails({
      url: `https://${host}/`,
      hostname: host,
      domain: 'cdzz.com',
      sourceHostname: 'www.shop.dk',
      sourceDomain: 'shop.dk',
      type: 'script',
    });
    expect(filters.screen(host).blocking[0]!.match(request)).toBe(true);
    expect(lines('qqqq.ab.cdzz.com')).toEqual([]);
  });

  test('hosts under one hostname share its filters, read once', () => {
    const a = filters.screen('a.tracker.example').blocking;
    const b = filters.screen('b.tracker.example').blocking;
    expect(a[0]).toBe(b[0]);
  });
});

describe('marks of the buckets the engine keeps', () => {
  test.each([
    ['tracker.example', { exception: true, important: false, redirect: false }],
    ['cloud.examplex.net', { exception: true, important: false, redirect: false }],
    ['x.important.example', { exception: false, important: true, redirect: false }],
    ['redirect.example', { exception: false, important: false, redirect: true }],
    ['stats.example', { exception: false, important: false, redirect: false }],
    ['www.shop.dk', { exception: false, important: false, redirect: false }],
  ])('%s: %j', (host, marks) => {
    const { exception, important, redirect } = filters.screen(host);
    expect({ exception, important, redirect }).toEqual(marks);
  });

  test('a mark is not a filter', () => {
    expect(lines('important.example')).toEqual([]);
    expect(lines('redirect.example')).toEqual([]);
  });
});
