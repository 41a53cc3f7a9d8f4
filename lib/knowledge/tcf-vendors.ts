import { siteOf } from '../domain/site.ts';

/**
 * IAB Global Vendor List ids of the ad-tech vendors behind common hosts, so that a request or a
 * cookie can be checked against the TCF vendor consents of the visitor's choice. Kept to vendors
 * whose registrable domains are theirs alone; a host not listed here is simply not checked.
 */
const VENDOR_IDS: Readonly<Record<string, number>> = {
  // Google Advertising Products
  'doubleclick.net': 755,
  'googlesyndication.com': 755,
  'googleadservices.com': 755,
  'googletagservices.com': 755,
  'google-analytics.com': 755,
  'googletagmanager.com': 755,
  // Criteo
  'criteo.com': 91,
  'criteo.net': 91,
  // Adform
  'adform.net': 50,
  // Xandr (AppNexus)
  'adnxs.com': 32,
  // The Trade Desk
  'adsrvr.org': 21,
  // Amazon Advertising
  'amazon-adsystem.com': 793,
  // Index Exchange
  'casalemedia.com': 10,
  // PubMatic
  'pubmatic.com': 76,
  // Magnite (Rubicon Project)
  'rubiconproject.com': 52,
  // OpenX
  'openx.net': 69,
  // Quantcast
  'quantserve.com': 11,
  // Taboola
  'taboola.com': 42,
  // Outbrain
  'outbrain.com': 164,
  // Teads
  'teads.tv': 132,
};

/** The GVL vendor id behind a host, or null when the host is not a known TCF vendor's. */
export function tcfVendorIdOf(host: string | null): number | null {
  if (!host) return null;
  return VENDOR_IDS[siteOf(host)] ?? null;
}
