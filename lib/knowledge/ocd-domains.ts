import { siteOf } from '../domain/site.ts';

/**
 * Reads the Open Cookie Database's free-text Domain column ("facebook.com (3rd party)",
 * ".bing.com (3rd party) or .microsoft.com (3rd party)", "ads-[account].adhese.com",
 * " or 207.net (3rd party)") into the registrable domains (sites) it names, deduplicated, in
 * order. Sites, not hosts: a cookie the data lists for `go.sonobi.com` is as often set for
 * `.sonobi.com`, and matching at the site covers both.
 */
export function parseOcdDomains(field: string): string[] {
  const sites: string[] = [];
  // Zero-width and soft-hyphen characters appear in a few rows; they are never part of a name.
  const cleaned = field.replace(/[\u200b-\u200d\u00ad\ufeff]/g, '').toLowerCase();
  for (const raw of cleaned.split(/\s+or\s+|\s*[,;]\s*|\s+/).slice(0, 16)) {
    const part = raw.replace(/\(3rd|party\)|\(1st|\(|\)/g, '').trim();
    if (part === '' || part === 'or') continue;
    // A placeholder label ("ads-[account]") stands for any subdomain: keep what follows it.
    const bracket = part.lastIndexOf(']');
    const host = (bracket >= 0 ? part.slice(part.indexOf('.', bracket) + 1) : part).replace(
      /^\.+|\.+$/g,
      '',
    );
    if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(host)) continue;
    const site = siteOf(host);
    if (!sites.includes(site)) sites.push(site);
  }
  return sites;
}
