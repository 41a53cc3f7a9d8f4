/**
 * What a consent banner's buttons say, in Danish, English, German, Swedish, Norwegian, Dutch and
 * French. Used when no known consent platform is detected: the audit looks for the first
 * layer's buttons by their words. Matching is on whole, normalised labels (or a label that
 * starts with a phrase), so "Accept all cookies" matches but "Learn how we accept payments" does
 * not.
 */
export type ButtonRole = 'accept' | 'reject' | 'settings';

const REJECT = [
  // da
  'afvis',
  'afvis alle',
  'afvis alle cookies',
  'kun nødvendige',
  'kun nødvendige cookies',
  'tillad kun nødvendige',
  'tillad kun nødvendige cookies',
  'brug kun nødvendige cookies',
  'accepter kun nødvendige',
  'nej tak',
  'fortsæt uden at acceptere',
  // en
  'reject',
  'reject all',
  'reject all cookies',
  'decline',
  'decline all',
  'deny',
  'deny all',
  'refuse',
  'refuse all',
  'necessary only',
  'only necessary',
  'only necessary cookies',
  'use necessary cookies only',
  'accept necessary',
  'accept only necessary',
  'allow necessary only',
  'continue without accepting',
  'no thanks',
  'disagree',
  // de
  'ablehnen',
  'alle ablehnen',
  'nur notwendige',
  'nur notwendige cookies',
  'nur essenzielle',
  'nur essenzielle cookies',
  'nur erforderliche',
  'verweigern',
  'alle verweigern',
  // sv
  'avvisa',
  'avvisa alla',
  'neka',
  'neka alla',
  'endast nödvändiga',
  'bara nödvändiga',
  'tillåt endast nödvändiga',
  // no
  'avvis',
  'avvis alle',
  'avslå',
  'avslå alle',
  'kun nødvendige',
  'bare nødvendige',
  'godta kun nødvendige',
  // nl
  'weigeren',
  'alles weigeren',
  'alle weigeren',
  'afwijzen',
  'alles afwijzen',
  'alleen noodzakelijk',
  'alleen noodzakelijke cookies',
  'alleen functionele cookies',
  // fr
  'refuser',
  'tout refuser',
  'refuser tout',
  'refuser tous',
  'continuer sans accepter',
  'uniquement nécessaires',
  'seulement les nécessaires',
];

const ACCEPT = [
  // da
  'accepter',
  'accepter alle',
  'accepter alle cookies',
  'accepter cookies',
  'tillad alle',
  'tillad alle cookies',
  'tillad cookies',
  'ja tak',
  'ok',
  'forstået',
  'jeg accepterer',
  'godkend',
  'godkend alle',
  // en
  'accept',
  'accept all',
  'accept all cookies',
  'accept cookies',
  'allow all',
  'allow all cookies',
  'allow cookies',
  'agree',
  'i agree',
  'agree and close',
  'i accept',
  'got it',
  'ok, got it',
  'yes, i agree',
  // de
  'akzeptieren',
  'alle akzeptieren',
  'alle cookies akzeptieren',
  'zustimmen',
  'allen zustimmen',
  'alle zulassen',
  'alles akzeptieren',
  'einverstanden',
  'annehmen',
  'alle annehmen',
  // sv
  'acceptera',
  'acceptera alla',
  'godkänn',
  'godkänn alla',
  'tillåt alla',
  'jag godkänner',
  // no
  'aksepter',
  'aksepter alle',
  'godta',
  'godta alle',
  'tillat alle',
  'jeg godtar',
  // nl
  'accepteren',
  'alles accepteren',
  'alle cookies accepteren',
  'akkoord',
  'toestaan',
  'alles toestaan',
  'ik ga akkoord',
  // fr
  'accepter',
  'tout accepter',
  'accepter tout',
  'accepter et fermer',
  "j'accepte",
  'autoriser tous',
  'tout autoriser',
];

const SETTINGS = [
  'indstillinger',
  'tilpas',
  'tilpas indstillinger',
  'vis detaljer',
  'detaljer',
  'administrer',
  'cookie-indstillinger',
  'cookieindstillinger',
  'settings',
  'cookie settings',
  'customize',
  'customise',
  'manage',
  'manage cookies',
  'manage preferences',
  'preferences',
  'more options',
  'show details',
  'einstellungen',
  'anpassen',
  'mehr optionen',
  'details anzeigen',
  'inställningar',
  'anpassa',
  'innstillinger',
  'tilpass',
  'instellingen',
  'aanpassen',
  'paramètres',
  'personnaliser',
  'gérer',
];

/** Label → role. Reject is checked first: "accept only necessary" is a reject, not an accept. */
const EXACT = new Map<string, ButtonRole>();
for (const w of SETTINGS) EXACT.set(w, 'settings');
for (const w of ACCEPT) EXACT.set(w, 'accept');
for (const w of REJECT) EXACT.set(w, 'reject');

const MAX_LABEL = 60;

/** Lower-cases, folds whitespace, drops surrounding punctuation and typographic quotes. */
export function normaliseLabel(text: string): string {
  return text
    .slice(0, 200)
    .toLowerCase()
    .replace(/[\u2019\u2018]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'«»„“”.,:;!?()[\]-]+|[\s"'«»„“”.,:;!?()[\]-]+$/g, '');
}

/** The role a button's label gives it on a consent banner, or null for any other label. */
export function classifyButtonLabel(text: string): ButtonRole | null {
  const label = normaliseLabel(text);
  if (label.length === 0 || label.length > MAX_LABEL) return null;
  const exact = EXACT.get(label);
  if (exact) return exact;
  // "Accept all cookies and continue", "Afvis alle (anbefalet)": a known phrase and a short tail.
  for (const [phrase, role] of EXACT) {
    if (phrase.length >= 5 && label.startsWith(phrase + ' ') && label.length - phrase.length <= 24)
      return role;
  }
  return null;
}
