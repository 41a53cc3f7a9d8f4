/**
 * Consent platforms' own records and hosts. A consent record is the one cookie a site must set
 * to honour a refusal, so it is `necessary` whatever it looks like; its lifetime is still what
 * the `consent-lifetime-too-long` rule measures. The names come from each platform's
 * documentation and cookie declarations; the hosts from the scripts they ask sites to embed.
 */

export interface ConsentPlatformCookie {
  /** Exact name, or the prefix of a family when `prefix` is true. */
  name: string;
  prefix: boolean;
  /** The platform (or framework) that writes it. */
  platform: string;
}

const exact = (platform: string, ...names: string[]): ConsentPlatformCookie[] =>
  names.map((name) => ({ name, prefix: false, platform }));
const family = (platform: string, ...names: string[]): ConsentPlatformCookie[] =>
  names.map((name) => ({ name, prefix: true, platform }));

/** Cookie and storage-key names consent platforms write to record the visitor's choice. */
export const CONSENT_PLATFORM_COOKIES: readonly ConsentPlatformCookie[] = [
  ...exact('Cookiebot', 'CookieConsent', 'CookieConsentBulkTicket', 'CrossConsent'),
  ...family('Cookiebot', 'CookieConsentBulkSetting-'),
  ...exact(
    'OneTrust',
    'OptanonConsent',
    'OptanonAlertBoxClosed',
    'OptanonControl',
    'eupubconsent-v2',
    'OTAdditionalConsentString',
  ),
  ...exact('Cookie Information', 'CookieInformationConsent'),
  ...exact('CookieConsent (orestbida)', 'cc_cookie'),
  ...exact('IAB Europe TCF', 'euconsent-v2', 'euconsent', 'eupubconsent', 'addtl_consent'),
  ...exact('IAB GPP', '__gpp', '__gpp_sid'),
  ...exact('IAB CCPA', 'usprivacy'),
  ...exact('CookieYes', 'cookieyes-consent', 'cookielawinfo-consent', 'CookieLawInfoConsent'),
  ...exact('CookieYes', 'viewed_cookie_policy', 'cli_user_preference'),
  ...family('CookieYes', 'cookielawinfo-checkbox-', 'cookieyes-'),
  ...family('Complianz', 'cmplz_', 'cmplz-'),
  ...exact('Didomi', 'didomi_token'),
  ...family('Didomi', 'didomi_dcs'),
  ...exact('Borlabs Cookie', 'borlabs-cookie'),
  ...exact('Klaro', 'klaro'),
  ...family('iubenda', '_iub_cs-'),
  ...exact('tarteaucitron', 'tarteaucitron'),
  ...exact('Osano', 'cookieconsent_status', 'osano_consentmanager', 'osano_consentmanager_uuid'),
  ...exact('Usercentrics', 'uc_settings', 'uc_user_interaction', 'uc_ui_version', 'ucData'),
  ...exact('TrustArc', 'notice_preferences', 'notice_gdpr_prefs', 'cmapi_cookie_privacy'),
  ...exact('TrustArc', 'notice_behavior', 'TAconsentID'),
  ...exact('Axeptio', 'axeptio_cookies', 'axeptio_authorized_vendors', 'axeptio_all_vendors'),
  ...exact('CookieFirst', 'cookiefirst-consent', 'cookiefirst-id'),
  ...exact('Cookie-Script', 'CookieScriptConsent'),
  ...exact('Civic Cookie Control', 'CookieControl'),
  ...exact('CookieHub', 'cookiehub'),
  ...exact('Commanders Act', 'TC_PRIVACY', 'TC_PRIVACY_CENTER'),
  ...family('consentmanager.net', '__cmpconsent', '__cmpcc'),
  ...family('Piwik PRO', 'ppms_privacy_'),
  ...exact('Shopify', '_tracking_consent'),
  ...exact('HubSpot', '__hs_opt_out', '__hs_do_not_track', '__hs_cookie_cat_pref'),
  ...exact('HubSpot', '__hs_initial_opt_in', '__hs_notify_banner_dismiss'),
  ...exact('Moove GDPR', 'moove_gdpr_popup'),
  ...exact('Cookie Notice', 'cookie_notice_accepted'),
  ...family('Ketch', '_ketch_consent_v1_'),
  ...exact('Termly', '__tlbcpv'),
];

export interface ConsentPlatformHost {
  /** A host or a parent domain: every host under it belongs to the platform. */
  domain: string;
  platform: string;
}

const hosts = (platform: string, ...domains: string[]): ConsentPlatformHost[] =>
  domains.map((domain) => ({ domain, platform }));

/**
 * Hosts that serve consent platforms' banners, scripts and consent logs. Parent domains are
 * listed only where the whole domain is the platform's; elsewhere (Quantcast, Google) only the
 * consent host, because the rest of the domain tracks.
 */
export const CONSENT_PLATFORM_HOSTS: readonly ConsentPlatformHost[] = [
  ...hosts('Cookiebot', 'cookiebot.com', 'cookiebot.eu'),
  ...hosts('OneTrust', 'cookielaw.org', 'onetrust.com', 'cookiepro.com'),
  ...hosts('OneTrust', 'optanon.blob.core.windows.net'),
  ...hosts('Cookie Information', 'cookieinformation.com'),
  ...hosts('Cookie-Script', 'cookie-script.com'),
  ...hosts('Usercentrics', 'usercentrics.eu', 'usercentrics.com'),
  ...hosts('Didomi', 'privacy-center.org'),
  ...hosts('iubenda', 'iubenda.com'),
  ...hosts('CookieYes', 'cookieyes.com', 'cdn-cookieyes.com'),
  ...hosts('Quantcast Choice', 'cmp.quantcast.com', 'quantcast.mgr.consensu.org'),
  ...hosts('IAB Europe TCF', 'consensu.org'),
  ...hosts('TrustArc', 'consent.trustarc.com', 'consent-pref.trustarc.com'),
  ...hosts('Sourcepoint', 'privacy-mgmt.com'),
  ...hosts('consentmanager.net', 'consentmanager.net'),
  ...hosts('Axeptio', 'axept.io'),
  ...hosts('CookieFirst', 'cookiefirst.com'),
  ...hosts('Termly', 'termly.io'),
  ...hosts('Osano', 'cmp.osano.com'),
  ...hosts('Ketch', 'ketchcdn.com'),
  ...hosts('CookieHub', 'cookiehub.net'),
  ...hosts('Civic Cookie Control', 'cc.cdn.civiccomputing.com'),
  ...hosts('Klaro', 'cdn.kiprotect.com'),
  ...hosts('Commanders Act', 'privacy.trustcommander.net'),
  ...hosts('Sirdata', 'consentframework.com'),
  ...hosts('LiveRamp Privacy Manager', 'gdpr.privacymanager.io'),
  ...hosts('Google Funding Choices', 'fundingchoicesmessages.google.com'),
  ...hosts('Borlabs Cookie', 'borlabs.io'),
  ...hosts('Complianz', 'complianz.io'),
];
