import type { ConsentCategory } from '../domain/category.ts';

/**
 * Who runs the hosts of the major tracking and advertising services, and what for. The Open
 * Cookie Database names cookies, not hosts, and EasyPrivacy says "tracking" without saying
 * whose; this table fills the gap for the vendors that appear on most European sites.
 *
 * `tracking: true` means any third-party request to the domain contacts the vendor's tracking
 * or advertising service, so it counts as a tracker even when EasyPrivacy (a list of tracking
 * scripts and pixels, which leaves ad serving to EasyList) has no rule for it. `tracking:
 * false` names the vendor of a host that is not in itself tracking (fonts, libraries, video).
 */
export interface VendorDomain {
  /** A host or parent domain; every host under it belongs to the vendor. */
  domain: string;
  vendor: string;
  /** What tracking on the domain is for (used when a request there is a tracker); null if unknown. */
  category: ConsentCategory | null;
  tracking: boolean;
}

const stats = (vendor: string, ...domains: string[]): VendorDomain[] =>
  domains.map((domain) => ({ domain, vendor, category: 'statistics', tracking: true }));
const ads = (vendor: string, ...domains: string[]): VendorDomain[] =>
  domains.map((domain) => ({ domain, vendor, category: 'marketing', tracking: true }));
/** A vendor's host that is not tracking in itself; `category` is what tracking there would be. */
const service = (
  vendor: string,
  category: ConsentCategory | null,
  ...domains: string[]
): VendorDomain[] => domains.map((domain) => ({ domain, vendor, category, tracking: false }));

export const VENDOR_DOMAINS: readonly VendorDomain[] = [
  // Google
  ...stats('Google Analytics', 'google-analytics.com', 'analytics.google.com'),
  ...stats('Google Tag Manager', 'googletagmanager.com'),
  ...stats('Google Optimize', 'googleoptimize.com'),
  ...ads('Google Ads', 'doubleclick.net', 'googleadservices.com', 'adservice.google.com'),
  ...ads('Google AdSense', 'googlesyndication.com', 'adtrafficquality.google'),
  ...service('Google', 'marketing', 'google.com', 'googleapis.com', 'googleusercontent.com'),
  ...service('Google', null, 'gstatic.com'),
  ...service('Google Fonts', null, 'fonts.googleapis.com', 'fonts.gstatic.com'),
  ...service('Google Hosted Libraries', null, 'ajax.googleapis.com'),
  ...service('Google reCAPTCHA', null, 'recaptcha.net'),
  ...service('YouTube', 'marketing', 'youtube.com', 'youtube-nocookie.com'),
  ...service('YouTube', null, 'ytimg.com', 'googlevideo.com'),
  // Meta
  ...ads('Meta', 'facebook.net', 'connect.facebook.net'),
  ...service('Meta', 'marketing', 'facebook.com', 'instagram.com', 'fbcdn.net', 'cdninstagram.com'),
  // Microsoft
  ...ads('Microsoft Advertising', 'bat.bing.com', 'bat.bing.net', 'ads.microsoft.com'),
  ...stats('Microsoft Clarity', 'clarity.ms'),
  ...service('Microsoft', 'marketing', 'bing.com', 'microsoft.com', 'msn.com'),
  // Social and advertising networks
  ...ads('LinkedIn', 'snap.licdn.com', 'px.ads.linkedin.com', 'ads.linkedin.com'),
  ...service('LinkedIn', 'marketing', 'linkedin.com', 'licdn.com'),
  ...ads('TikTok', 'analytics.tiktok.com', 'analytics-sg.tiktok.com'),
  ...service('TikTok', 'marketing', 'tiktok.com', 'tiktokcdn.com', 'ttwstatic.com'),
  ...ads('Snap', 'sc-static.net', 'tr.snapchat.com', 'tr-shadow.snapchat.com'),
  ...service('Snap', 'marketing', 'snapchat.com'),
  ...ads('Pinterest', 'ct.pinterest.com', 'trk.pinterest.com'),
  ...service('Pinterest', 'marketing', 'pinterest.com', 'pinimg.com'),
  ...ads('X (Twitter)', 'ads-twitter.com', 'analytics.twitter.com', 'ads-api.twitter.com', 't.co'),
  ...service('X (Twitter)', 'marketing', 'twitter.com', 'x.com', 'twimg.com'),
  ...ads('Criteo', 'criteo.com', 'criteo.net'),
  ...ads('Adform', 'adform.net', 'adformdsp.net', 'seadform.net'),
  ...ads('Xandr', 'adnxs.com', 'adnxs-simple.com'),
  ...ads('Magnite', 'rubiconproject.com'),
  ...ads('PubMatic', 'pubmatic.com'),
  ...ads('Index Exchange', 'casalemedia.com', 'indexww.com'),
  ...ads('OpenX', 'openx.net'),
  ...ads('The Trade Desk', 'adsrvr.org'),
  ...ads('Amazon Ads', 'amazon-adsystem.com'),
  ...ads('Taboola', 'taboola.com'),
  ...ads('Outbrain', 'outbrain.com'),
  ...ads('Quantcast', 'quantserve.com', 'quantcount.com'),
  ...ads('Yahoo', 'ads.yahoo.com', 'analytics.yahoo.com'),
  ...ads('Equativ (Smart AdServer)', 'smartadserver.com'),
  ...ads('Teads', 'teads.tv'),
  ...ads('ID5', 'id5-sync.com'),
  ...ads('LiveRamp', 'rlcdn.com'),
  ...ads('Partner-ads', 'partner-ads.com'),
  ...ads('AddThis', 'addthis.com'),
  ...ads('ShareThis', 'sharethis.com'),
  ...ads('HubSpot', 'hs-analytics.net', 'hs-scripts.com', 'hsadspixel.net', 'hs-banner.com'),
  ...service('HubSpot', 'marketing', 'hubspot.com'),
  // Analytics and session recording
  ...stats('Hotjar', 'hotjar.com', 'hotjar.io'),
  ...stats('Comscore', 'scorecardresearch.com'),
  ...stats('Yandex Metrica', 'mc.yandex.ru', 'mc.yandex.com'),
  ...stats('Matomo', 'matomo.cloud'),
  ...stats('Plausible', 'plausible.io'),
  ...stats('Segment', 'segment.com', 'segment.io'),
  ...stats('Mixpanel', 'mixpanel.com', 'mxpnl.com'),
  ...stats('Amplitude', 'amplitude.com'),
  ...stats('Heap', 'heapanalytics.com'),
  ...stats('FullStory', 'fullstory.com'),
  ...stats('Mouseflow', 'mouseflow.com'),
  ...stats('Crazy Egg', 'crazyegg.com'),
  ...stats('Contentsquare', 'contentsquare.net'),
  ...stats('New Relic', 'nr-data.net'),
  ...stats('Cloudflare Web Analytics', 'cloudflareinsights.com'),
  ...stats('WordPress.com Stats', 'stats.wp.com', 'pixel.wp.com'),
  ...stats('Adobe Analytics', 'omtrdc.net', '2o7.net'),
  ...ads('Adobe Audience Manager', 'demdex.net', 'everesttech.net'),
  ...stats('Kantar Gallup', 'tns-gallup.dk'),
  ...stats('Gemius', 'gemius.pl'),
  ...stats('Piwik PRO', 'piwik.pro'),
  // Services that are not tracking in themselves
  ...service('Cloudflare', null, 'cdnjs.cloudflare.com'),
  ...service('jsDelivr', null, 'jsdelivr.net'),
  ...service('unpkg', null, 'unpkg.com'),
  ...service('Shopify', null, 'cdn.shopify.com', 'shopifycdn.com'),
  ...service('Vimeo', 'marketing', 'vimeo.com', 'vimeocdn.com'),
  ...service('Adobe Fonts', null, 'typekit.net'),
  ...service('Stripe', null, 'stripe.com'),
];
