/**
 * Finds the links on an audited page that most likely lead to its cookie or privacy policy,
 * from their text and URL words in da/en/de/sv/no/nl/fr ("Privatlivspolitik", "Cookiepolitik",
 * "Datenschutzerklärung", "Integritetspolicy", "Personvernerklæring", "Cookiebeleid",
 * "Politique de confidentialité", …), same-site links first, as absolute URLs.
 */
import { Parser } from 'htmlparser2';
import { getDomain } from 'tldts';
import { cleanText, fold } from './text.ts';

/** A link as found on the page. */
export interface LinkCandidate {
  href: string;
  text: string;
}

/** A ranked link to a likely policy page. */
export interface PolicyLink {
  /** Absolute http(s) URL without fragment. */
  url: string;
  text: string;
  score: number;
  /** Same registrable domain as the audited page. */
  sameSite: boolean;
  /** What the words suggest: a cookie policy/declaration, or a general privacy policy. */
  kind: 'cookie' | 'privacy';
}

/** Links read from one page. */
export const MAX_LINKS = 5_000;
const HTML_LIMIT = 5 * 1024 * 1024;
const TEXT_LIMIT = 200;
/** Below this, a link only mentions cookies in passing (or is a settings button). */
const MIN_SCORE = 3;

// Folded phrases; in URLs they are also matched with "-", "_" or nothing for the spaces.
const COOKIE_TERMS = [
  'cookiepolitik',
  'cookie politik',
  'cookie policy',
  'cookies policy',
  'cookiepolicy',
  'cookie notice',
  'cookie declaration',
  'cookieerklæring',
  'cookie erklæring',
  'cookiedeklaration',
  'cookie deklaration',
  'cookie richtlinie',
  'cookierichtlinie',
  'cookie richtlinien',
  'cookie erklarung',
  'cookieerklarung',
  'cookie hinweise',
  'cookiebeleid',
  'cookie beleid',
  'cookieverklaring',
  'cookie verklaring',
  'politique de cookies',
  'politique cookies',
  'politique relative aux cookies',
  'gestion des cookies',
  'om cookies',
  'brug af cookies',
  'om kakor',
  'kakor',
  'informasjonskapsler',
  'cookieinformation',
  'cookie information',
  'cookie oversigt',
  'cookieoversigt',
  'use of cookies',
  'verwendung von cookies',
];
const PRIVACY_TERMS = [
  'privatlivspolitik',
  'privatlivs politik',
  'persondatapolitik',
  'databeskyttelsespolitik',
  'privacy policy',
  'privacy notice',
  'privacy statement',
  'datenschutzerklarung',
  'datenschutzerklaerung',
  'datenschutzhinweise',
  'datenschutzrichtlinie',
  'integritetspolicy',
  'personuppgiftspolicy',
  'personvernerklæring',
  'personvernerklaering',
  'personvernerklering',
  'personvernserklæring',
  'privacybeleid',
  'privacyverklaring',
  'privacy verklaring',
  'politique de confidentialite',
  'politique de protection des donnees',
  'protection des donnees',
  'donnees personnelles',
  'vie privee',
];
const PRIVACY_WORDS = [
  'privacy',
  'datenschutz',
  'databeskyttelse',
  'integritet',
  'personvern',
  'dataskydd',
  'privatliv',
  'persondata',
  'confidentialite',
  'gdpr',
  'dsgvo',
  'rgpd',
  'personuppgifter',
];
// "Cookie settings" opens the banner; it is not a page.
const SETTINGS_WORDS = [
  'indstillinger',
  'settings',
  'einstellungen',
  'installningar',
  'innstillinger',
  'instellingen',
  'parametres',
  'preferences',
  'praferenzen',
];

function variants(term: string): string[] {
  return term.includes(' ')
    ? [term, term.replace(/ /g, '-'), term.replace(/ /g, '_'), term.replace(/ /g, '')]
    : [term];
}
const COOKIE_URL_TERMS = COOKIE_TERMS.flatMap(variants);
const PRIVACY_URL_TERMS = PRIVACY_TERMS.flatMap(variants);

/** The `<a href>` links of a page (and `<link rel="privacy-policy">`), with their text. Bounded. */
export function extractLinks(html: string): { links: LinkCandidate[]; baseHref: string | null } {
  const input = html.length > HTML_LIMIT ? html.slice(0, HTML_LIMIT) : html;
  const links: LinkCandidate[] = [];
  let baseHref: string | null = null;
  let open: { href: string; parts: string[]; length: number; label: string } | null = null;
  let skip = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'script' || name === 'style' || name === 'template') skip++;
        if (name === 'base' && baseHref === null && attrs.href) baseHref = attrs.href;
        if (links.length >= MAX_LINKS) return;
        if (
          name === 'link' &&
          /(?:^|\s)privacy-policy(?:\s|$)/i.test(attrs.rel ?? '') &&
          attrs.href
        ) {
          links.push({ href: attrs.href, text: 'privacy policy' });
        }
        if (name === 'a' && attrs.href) {
          open = {
            href: attrs.href,
            parts: [],
            length: 0,
            label: attrs['aria-label'] ?? attrs.title ?? '',
          };
        }
      },
      ontext(text) {
        if (skip > 0 || open === null || open.length > TEXT_LIMIT) return;
        open.parts.push(text);
        open.length += text.length;
      },
      onclosetag(name) {
        if (name === 'script' || name === 'style' || name === 'template')
          skip = Math.max(0, skip - 1);
        if (name === 'a' && open !== null) {
          const text =
            cleanText(open.parts.join(' '), TEXT_LIMIT) || cleanText(open.label, TEXT_LIMIT);
          if (links.length < MAX_LINKS) links.push({ href: open.href, text });
          open = null;
        }
      },
    },
    { decodeEntities: true },
  );
  try {
    parser.write(input);
    parser.end();
  } catch {
    // Forgiving parser; nothing to recover.
  }
  return { links, baseHref };
}

function siteOf(host: string): string {
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

function scoreText(text: string): { cookie: number; privacy: number } {
  const t = ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const has = (terms: readonly string[]): boolean =>
    terms.some((term) => t.includes(` ${term} `) || t.includes(term));
  let cookie = has(COOKIE_TERMS) ? 10 : /\bcookies?\b/.test(t) ? 6 : 0;
  const privacy = has(PRIVACY_TERMS) ? 9 : PRIVACY_WORDS.some((w) => t.includes(w)) ? 6 : 0;
  if (cookie > 0 && SETTINGS_WORDS.some((w) => t.includes(w))) cookie -= 5;
  return { cookie, privacy };
}

function scoreUrl(url: URL): { cookie: number; privacy: number } {
  let path = url.pathname + url.search;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Keep the raw path when it is not valid percent-encoding.
  }
  const p = fold(path);
  const cookie = COOKIE_URL_TERMS.some((t) => p.includes(t)) ? 8 : /cookie/.test(p) ? 5 : 0;
  const privacy = PRIVACY_URL_TERMS.some((t) => p.includes(t))
    ? 7
    : PRIVACY_WORDS.some((w) => p.includes(w))
      ? 5
      : 0;
  return { cookie, privacy };
}

/**
 * Ranks links to the page's policy. `input` is the audited page's HTML or its links already
 * extracted. Links are resolved against `<base href>` and `pageUrl`; only http(s) links with a
 * positive score are kept, de-duplicated by URL without fragment, same-site first, then by
 * score, then in page order. At most `limit` (default 10) are returned.
 */
export function findPolicyLinks(
  input: string | readonly LinkCandidate[],
  pageUrl: string,
  options: { limit?: number } = {},
): PolicyLink[] {
  let page: URL;
  try {
    page = new URL(pageUrl);
  } catch {
    return [];
  }
  let links: readonly LinkCandidate[];
  let base = page;
  if (typeof input === 'string') {
    const extracted = extractLinks(input);
    links = extracted.links;
    if (extracted.baseHref) {
      try {
        base = new URL(extracted.baseHref, page);
      } catch {
        // An unusable <base> is ignored, as browsers do.
      }
    }
  } else {
    links = input.slice(0, MAX_LINKS);
  }
  const pageSite = siteOf(page.hostname);
  const pageWithoutHash = new URL(page.href);
  pageWithoutHash.hash = '';
  const pageHref = pageWithoutHash.href;
  const seen = new Map<string, PolicyLink & { order: number }>();
  links.forEach((link, order) => {
    if (typeof link?.href !== 'string' || link.href.trim().startsWith('#')) return;
    let url: URL;
    try {
      url = new URL(link.href.trim(), base);
    } catch {
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return;
    url.hash = '';
    // A link back to the audited page is a button in disguise ("Cookie settings").
    if (url.href === pageHref) return;
    const text = cleanText(typeof link.text === 'string' ? link.text : '', TEXT_LIMIT);
    const fromText = scoreText(text);
    const fromUrl = scoreUrl(url);
    const cookie = fromText.cookie + fromUrl.cookie * 0.8;
    const privacy = fromText.privacy + fromUrl.privacy * 0.8;
    const score = Math.round(Math.max(cookie, privacy) * 10) / 10;
    if (score < MIN_SCORE) return;
    const key = url.href;
    const candidate = {
      url: key,
      text,
      score,
      sameSite: siteOf(url.hostname) === pageSite,
      kind: cookie >= privacy ? ('cookie' as const) : ('privacy' as const),
      order,
    };
    const previous = seen.get(key);
    if (!previous || previous.score < score)
      seen.set(key, previous ? { ...candidate, order: previous.order } : candidate);
  });
  return [...seen.values()]
    .sort(
      (a, b) => Number(b.sameSite) - Number(a.sameSite) || b.score - a.score || a.order - b.order,
    )
    .slice(0, Math.max(0, options.limit ?? 10))
    .map(({ order: _order, ...link }) => link);
}
