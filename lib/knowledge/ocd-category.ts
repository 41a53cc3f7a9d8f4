import type { ConsentCategory } from '../domain/category.ts';

/** Why an Open Cookie Database row got its category (kept for tests, docs and evidence). */
export type OcdCategoryBasis =
  | 'direct'
  | 'functional:consent'
  | 'functional:necessary'
  | 'functional:marketing'
  | 'functional:statistics'
  | 'functional:preference'
  | 'functional:session'
  | 'functional:default';

export interface OcdCategoryMapping {
  category: ConsentCategory;
  basis: OcdCategoryBasis;
}

/** The Open Cookie Database categories that map one to one. */
const DIRECT: Readonly<Record<string, ConsentCategory>> = {
  analytics: 'statistics',
  marketing: 'marketing',
  security: 'necessary',
  necessary: 'necessary',
  personalization: 'preferences',
  personalisation: 'preferences',
};

// "Functional" rows mix the strictly necessary with the merely convenient. The description
// says which; the patterns are tried in this order and the first that matches decides.

/** The visitor's consent record is what makes consent enforceable: necessary. */
const CONSENT =
  /consent|cookies?[- ]?(?:preference|choice|setting|banner|agreement|law|notice|polic)|opt[- ]?(?:in|out)\b|\bgdpr\b|\bccpa\b|privacy (?:preference|setting|choice|banner|center|signal)|\btcf\b|us ?privacy string|global privacy control|do not track/i;

/** Security, sign-in, fraud and abuse prevention, load balancing, carts and payments: necessary. */
const NECESSARY =
  /\bessential\b|strictly necessary|csrf|xsrf|forger|security|securely|fraud|abuse|malicious|spam|\bbots?\b|captcha|challenge|firewall|ddos|attack|authenticat|authori[sz]ation|\blog(?:ged)?[ -]?(?:in|on)\b|\bsign(?:ed|s)?[ -]?(?:in|on)\b|single sign|\bsso\b|password|load[ -]?balanc|affinity|sticky|stickiness|\brout(?:e|es|ed|ing)\b|server|cluster|infrastructure|shopping cart|\bcart\b|basket|checkout|payment|e-?commerce|trusted (?:web )?traffic|rate limit|cookies? (?:are |is )?(?:enabled|supported|accepted|blocked)|supports? cookies|accept(?:s)? cookies|javascript (?:is )?enabled/i;

/** The description names an advertising purpose: marketing, whatever the row's label. */
const MARKETING =
  /advertis|\bads?\b|retarget|remarket|conversion|\bcampaigns?\b|affiliate|targeting|\bmarketing\b/i;

/** The description names a measurement purpose: statistics. */
const STATISTICS =
  /statistic|analytic|analys|analyz|\bmetrics?\b|measure|\bsampl(?:e|es|ed|ing)\b|experiment|\ba\/b\b|split test|multi-?variate|track(?:s|ed|ing)? (?:the )?(?:visits?|visitors?|users?|events?|impressions?|page ?views?|behaviou?r)|number of (?:visits|sessions|page ?views|times)/i;

/** Remembered choices that change how the site looks or behaves: preferences. */
const PREFERENCE =
  /language|locale|currency|preferen|remember|setting|theme|display|layout|dark mode|\bfont|volume|player|video progress|region|country|time ?zone|\bsort|filter|dismiss|collaps|expand|personali[sz]/i;

/**
 * A server-side session: necessary. Only the phrasings web frameworks use for their own session
 * cookies; "the current session" of an analytics script is that script's, not the site's.
 */
const SESSION =
  /session (?:id|identifier|cookie|management|token|instance|variables)|(?:user|browser|platform|server|login) session|maintain(?:s|ing)? (?:the |a )?(?:user )?session|identif(?:y|ies) (?:a|the) (?:specific )?session/i;
/** A framework's session cookie name: `laravel_session`, `PLESKSESSID`, `rack.session`. */
const SESSION_NAME = /(?:^|[_.-])sess(?:ion)?(?:id)?$|^sess(?:ion)?$|sessid$/i;

/**
 * Maps an Open Cookie Database row to a consent category. Analytics, Marketing, Security,
 * Necessary and Personalization map directly; Functional rows are split by their description
 * (and, for consent records, by their name). Returns null for a category the mapping does not
 * know, so the data step can count the row as skipped instead of guessing.
 */
export function mapOcdCategory(
  ocdCategory: string,
  description: string,
  name: string,
): OcdCategoryMapping | null {
  const key = ocdCategory.trim().toLowerCase();
  const direct = DIRECT[key];
  if (direct !== undefined) return { category: direct, basis: 'direct' };
  if (key !== 'functional') return null;
  if (CONSENT.test(description) || /consent|cookielaw|cookie_?notice/i.test(name)) {
    return { category: 'necessary', basis: 'functional:consent' };
  }
  if (NECESSARY.test(description)) return { category: 'necessary', basis: 'functional:necessary' };
  if (MARKETING.test(description)) return { category: 'marketing', basis: 'functional:marketing' };
  if (STATISTICS.test(description)) {
    return { category: 'statistics', basis: 'functional:statistics' };
  }
  if (PREFERENCE.test(description)) {
    return { category: 'preferences', basis: 'functional:preference' };
  }
  if (SESSION.test(description) || SESSION_NAME.test(name)) {
    return { category: 'necessary', basis: 'functional:session' };
  }
  // "Strictly necessary" is a narrow exemption: a Functional row that does not say why it is
  // needed is treated as one the visitor must agree to.
  return { category: 'preferences', basis: 'functional:default' };
}
