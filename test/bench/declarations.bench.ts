/**
 * Declared-table reading: a 5 MB policy page, the Ditmer page and a 10,000-row table, each
 * the median of several runs. Prints figures; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { cookieInformationDeclarations } from '../../lib/declarations/cookie-information.ts';
import { parsePolicyHtml } from '../../lib/declarations/parse-policy-html.ts';
import { percentiles, type Figure } from './figures.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/policies/${name}`, import.meta.url), 'utf8');

function rowsTable(n: number): string {
  const rows: string[] = [
    '<table><tr><th>Cookie</th><th>Udbyder</th><th>Formål</th><th>Varighed</th></tr>',
  ];
  for (let i = 0; i < n; i++) {
    rows.push(
      `<tr><td>c_${i}, c_${i}_#</td><td>P${i % 7}</td><td>Formål nummer ${i}</td><td>${(i % 24) + 1} måneder</td></tr>`,
    );
  }
  rows.push('</table>');
  return rows.join('\n');
}

/** Cookie Information's markup for `n` cookies in one category. */
function cookieInformationList(n: number): string {
  const row = (field: string, label: string, value: string) =>
    `<div role="row" class="cookie-details__detail-container cookie-details__detail-container-${field}"><span role="cell" class="cookie-details__detail-title">${label}</span><span role="cell" class="cookie-details__detail-content">${value}</span></div>`;
  const cookies: string[] = [];
  for (let i = 0; i < n; i++) {
    cookies.push(
      `<div role="rowgroup" class="coi-consent-banner__cookie-details">${row('name', 'Navn:', `c_${i}`)}${row('expiry', 'Udløb:', `${(i % 24) + 1} måneder`)}${row('provider', 'Udbyder:', '.example.dk')}</div>`,
    );
  }
  return `<div class="coi-consent-banner__category-container"><h3>Statistiske</h3><div id="description-container-cookie_cat_statistic"><div class="coi-consent-banner__found-cookies">${cookies.join('')}</div></div></div>`;
}

/** A realistic large page: the Ditmer policy, padded with prose and tables to just over 5 MB. */
function fiveMegabytePage(): string {
  const ditmer = fixture('da-ditmer-databeskyttelsespolitik.html');
  const prose = fixture('da-privatlivspolitik-kategorier.html');
  const parts: string[] = [ditmer];
  let length = ditmer.length;
  while (length < 5 * 1024 * 1024) {
    parts.push(prose, rowsTable(20));
    length += prose.length + 2_000;
  }
  return parts.join('\n');
}

/** Median wall and CPU milliseconds; CPU time is the steadier figure on a shared machine. */
function medianMs(runs: number, fn: () => unknown): { median: number; max: number; cpu: number } {
  fn(); // Warm-up: the first run pays for compilation.
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    fn();
    const used = process.cpuUsage(cpuStart);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((used.user + used.system) / 1e3);
  }
  const p = percentiles(wall);
  return { median: p.median, max: p.max, cpu: percentiles(cpu).median };
}

export default async function (): Promise<Figure[]> {
  const big = fiveMegabytePage();
  const ditmer = fixture('da-ditmer-databeskyttelsespolitik.html');
  const table = rowsTable(10_000);

  const bigTime = medianMs(5, () => parsePolicyHtml(big, null));
  const ditmerTime = medianMs(50, () => parsePolicyHtml(ditmer, null));
  const tableTime = medianMs(7, () => parsePolicyHtml(table, null));
  const coiList = cookieInformationList(6_000);
  const coiTime = medianMs(7, () => cookieInformationDeclarations(coiList));
  const mb = (big.length / (1024 * 1024)).toFixed(1);

  return [
    {
      name: `parse ${mb} MB policy page (median of 5)`,
      value: Math.round(bigTime.median),
      unit: 'ms',
      note: `CPU ${Math.round(bigTime.cpu)} ms; max ${Math.round(bigTime.max)} ms`,
    },
    {
      name: 'parse Ditmer policy page (median of 50)',
      value: Number(ditmerTime.median.toFixed(2)),
      unit: 'ms',
      note: `CPU ${ditmerTime.cpu.toFixed(2)} ms; ${(ditmer.length / 1024).toFixed(0)} KB, 17 rows`,
    },
    {
      name: 'parse 10,000-row table (median of 7)',
      value: Math.round(tableTime.median),
      unit: 'ms',
      note: `CPU ${Math.round(tableTime.cpu)} ms; 5,000 rows read (per-table cap)`,
    },
    {
      name: 'read 6,000 cookies of Cookie Information markup (median of 7)',
      value: Math.round(coiTime.median),
      unit: 'ms',
      note: `CPU ${Math.round(coiTime.cpu)} ms; ${(coiList.length / (1024 * 1024)).toFixed(1)} MB`,
    },
  ];
}
