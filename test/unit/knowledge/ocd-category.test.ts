import { describe, expect, test } from 'vitest';
import { mapOcdCategory } from '../../../lib/knowledge/ocd-category.ts';

describe('mapOcdCategory: categories that map directly', () => {
  test.each([
    ['Analytics', 'statistics'],
    ['Marketing', 'marketing'],
    ['Security', 'necessary'],
    ['Necessary', 'necessary'],
    ['Personalization', 'preferences'],
    [' analytics ', 'statistics'],
  ] as const)('%j → %s', (ocd, category) => {
    // The description must not matter for these: give a misleading one.
    expect(mapOcdCategory(ocd, 'Used for advertising and to remember your language', 'x')).toEqual({
      category,
      basis: 'direct',
    });
  });

  test.each(['', 'Performance', 'Unknown'])('unknown category %j → null (skipped)', (ocd) => {
    expect(mapOcdCategory(ocd, 'anything', 'x')).toBeNull();
  });
});

describe('mapOcdCategory: Functional rows split by their description', () => {
  test.each([
    // Consent records are necessary, whatever else the description says.
    [
      'CookieConsent',
      "Stores the user's cookie consent state for the current domain",
      'necessary',
      'functional:consent',
    ],
    [
      'cli_user_preference',
      'used to store whether or not user has consented to the use of cookies',
      'necessary',
      'functional:consent',
    ],
    [
      'li_gpc',
      "Used to remember a user's preferences on LinkedIn's Global Privacy Control",
      'necessary',
      'functional:consent',
    ],
    [
      'ckies_marketing',
      'Opt-out for marketing/third party/consent based cookies',
      'necessary',
      'functional:consent',
    ],
    ['my_consent_flag', 'Stores a flag', 'necessary', 'functional:consent'],
    [
      'SOCS',
      "Stores a user's state regarding their cookies choices",
      'necessary',
      'functional:consent',
    ],
    // Security, sign-in, load balancing, carts.
    [
      'x-ms-cpim-csrf',
      'Cross-Site Request Forgery token used for CRSF protection.',
      'necessary',
      'functional:necessary',
    ],
    [
      'AWSALB',
      'A so-called load balancer is used to determine which server',
      'necessary',
      'functional:necessary',
    ],
    [
      'li_rm',
      'Remember Me feature ... easier for him or her to sign in to that device',
      'necessary',
      'functional:necessary',
    ],
    ['Cart', 'Used in connection with shopping cart.', 'necessary', 'functional:necessary'],
    [
      '_cq_suid',
      'This cookie is used to distinguish between humans and bots.',
      'necessary',
      'functional:necessary',
    ],
    [
      'wordpress_test_cookie',
      'check if the cookies are enabled on the browser',
      'necessary',
      'functional:necessary',
    ],
    [
      '_shopify_essential_',
      'identify a device for all essential purposes.',
      'necessary',
      'functional:necessary',
    ],
    [
      '__cfruid',
      'Used by the content network, Cloudflare, to identify trusted web traffic.',
      'necessary',
      'functional:necessary',
    ],
    [
      'mage-cache-storage',
      'Local storage of visitor-specific content that enables ecommerce functions.',
      'necessary',
      'functional:necessary',
    ],
    [
      'AEC',
      'ensure that requests within a browsing session are made by the user. These cookies prevent malicious sites from acting',
      'necessary',
      'functional:necessary',
    ],
    // A stated advertising or measurement purpose wins over the Functional label.
    [
      'li_fat_id',
      'Member indirect identifier for conversion tracking, retargeting, analytics',
      'marketing',
      'functional:marketing',
    ],
    [
      'lms_analytics',
      'Used to identify LinkedIn Members off LinkedIn for analytics',
      'statistics',
      'functional:statistics',
    ],
    [
      '_gaexp',
      "Used to determine a user's inclusion in an experiment",
      'statistics',
      'functional:statistics',
    ],
    // Remembered choices.
    [
      'userlang',
      'Saves language preferences of user for a website',
      'preferences',
      'functional:preference',
    ],
    [
      'cb-currency',
      "Stores the user's currency preference",
      'preferences',
      'functional:preference',
    ],
    [
      'color_mode',
      'used to indicate the user selected theme preference.',
      'preferences',
      'functional:preference',
    ],
    // Framework session cookies.
    [
      'PHPSESSID',
      'This is a general purpose identifier used to maintain user session variables',
      'necessary',
      'functional:session',
    ],
    ['my_sess', 'Stores something', 'necessary', 'functional:session'],
    ['PLESKSESSID', 'Stores something', 'necessary', 'functional:session'],
    [
      'laravel_session',
      'Internally used to identify a session instance for a user',
      'necessary',
      'functional:session',
    ],
    // A tracker's own "session" is not the site's.
    ['acalltrackersession', 'Stores something', 'preferences', 'functional:default'],
    // Nothing says why it would be needed: the visitor must agree to it.
    [
      '_hjSession_',
      'A cookie that holds the current session data. Attributed to the same Hotjar session.',
      'preferences',
      'functional:default',
    ],
    [
      'ja_purity_tpl',
      'Indicates the website uses a JoomlArt template',
      'preferences',
      'functional:default',
    ],
  ] as const)('%s → %s (%s)', (name, description, category, basis) => {
    expect(mapOcdCategory('Functional', description, name)).toEqual({ category, basis });
  });
});
