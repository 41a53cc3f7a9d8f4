import type { Violation } from '../report/types.ts';
import { isAllowedCookie } from './allow-list.ts';
import {
  consentEvidence,
  CUSTOM_REFUSAL_NOTE,
  finalConsent,
  refusalOf,
  type Refusal,
} from './consent.ts';
import { isConsentPlatformCookie } from './consent-cookie.ts';
import { cookieAttributes, declaredEvidence, knowledgeEvidence, occurrences } from './evidence.ts';
import { cookieKey, groupBy } from './group.ts';
import type { ConsentInForce, CookieObservation, RuleInput } from './input.ts';
import { categoryLabel, pick } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import { nonNecessaryBasis, partyEvidence } from './non-necessary.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { isoTime } from './time.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'cookie-after-reject', severity: 'high' } as const satisfies RuleMeta;

/** One offending cookie write and how it offends. */
interface Offence {
  cookie: CookieObservation;
  how: 'set-after-refusal' | 'carried-over';
  refusal: Refusal;
  /** The state that refused it: in force at the write, or at the end of the phase when carried over. */
  state: ConsentInForce;
}

/** Non-necessary cookies set, or kept readable, after the visitor refused them. */
export const cookieAfterReject: Rule = {
  ...META,
  explain: {
    en: 'Once the visitor has refused, no non-necessary cookie may be set, and the ones set before the choice must stop being used. This rule reports each non-necessary cookie written while a refusal of its category was in force, and each one set before the click that is still readable after a refusal. A custom choice that denies the cookie\u2019s category counts as a refusal of that category.',
    da: 'Når den besøgende har afvist, må der ikke sættes ikke-nødvendige cookies, og dem, der blev sat før valget, må ikke længere bruges. Reglen melder hver ikke-nødvendig cookie, der blev skrevet, mens en afvisning af dens kategori var gældende, og hver cookie sat før klikket, som stadig kan læses efter en afvisning. Et tilpasset valg, der afviser cookiens kategori, tæller som en afvisning af den kategori.',
  },
  legal: {
    en: `${S.eprivacy53.en} and ${S.cookieOrder3.en} require consent for every storage and access that is not strictly necessary; a refusal leaves no legal basis (${S.gdpr61a.en}). Refusing must be as effective as accepting, and a withdrawal must be as easy as giving consent and take effect (${S.gdpr73.en}; ${S.edpb052020.en}).`,
    da: `${S.eprivacy53.da} og ${S.cookieOrder3.da} kræver samtykke til al lagring og adgang, der ikke er strengt nødvendig; en afvisning efterlader intet retsgrundlag (${S.gdpr61a.da}). Det skal have samme virkning at afvise som at acceptere, og det skal være lige så let at trække et samtykke tilbage som at give det, og tilbagetrækningen skal have virkning (${S.gdpr73.da}; ${S.edpb052020.da}).`,
  },
  remediation: {
    en: 'Apply the refusal at once and on every later page view: do not load the scripts of refused categories, and delete the cookies they set before the choice (the consent platform\u2019s cookie-deletion feature, or expiring them on the refusal event).',
    da: 'Anvend afvisningen med det samme og på alle følgende sidevisninger: indlæs ikke scripts fra afviste kategorier, og slet de cookies, de satte før valget (samtykkeplatformens funktion til sletning af cookies, eller lad dem udløbe ved afvisningen).',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const lang = settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const end = finalConsent(phase);
      const offences: Offence[] = [];
      for (const cookie of phase.cookies) {
        if (nonNecessaryBasis(cookie.category, settings, partyEvidence(cookie.party)) === null)
          continue;
        if (
          isConsentPlatformCookie(cookie, input.consentCookie) ||
          isAllowedCookie(cookie, settings)
        )
          continue;
        const atWrite = refusalOf(cookie.consent, cookie.category);
        if (atWrite) {
          offences.push({
            cookie,
            how: 'set-after-refusal',
            refusal: atWrite,
            state: cookie.consent,
          });
          continue;
        }
        const atEnd =
          cookie.carriedOver === true && !cookie.removed ? refusalOf(end, cookie.category) : null;
        if (atEnd) offences.push({ cookie, how: 'carried-over', refusal: atEnd, state: end });
      }
      for (const group of groupBy(offences, (o) => cookieKey(o.cookie)).values()) {
        // A write after the refusal is the stronger proof; fall back to the carried-over one.
        const main = group.find((o) => o.how === 'set-after-refusal') ?? group[0];
        if (!main) continue;
        const c = main.cookie;
        const category = categoryLabel(c.category, lang);
        const message =
          main.how === 'set-after-refusal'
            ? {
                en: `Cookie "${c.name}" (${category}) was set on ${c.domain} after the visitor refused consent to it.`,
                da: `Cookien "${c.name}" (${category}) blev sat på ${c.domain}, efter at den besøgende havde afvist samtykke til den.`,
              }
            : {
                en: `Cookie "${c.name}" (${category}) on ${c.domain} was set before the choice and was still readable after the visitor refused consent to it.`,
                da: `Cookien "${c.name}" (${category}) på ${c.domain} blev sat før valget og kunne stadig læses, efter at den besøgende havde afvist samtykke til den.`,
              };
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'cookie', name: c.name, domain: c.domain },
            pick(lang, message),
            {
              how: [...new Set(group.map((o) => o.how))],
              setAt: isoTime(c.time),
              writes: occurrences(group.map((o) => o.cookie.time)),
              cookie: cookieAttributes(c),
              refusal: main.refusal,
              ...(main.refusal === 'custom-denied-category'
                ? { refusalNote: CUSTOM_REFUSAL_NOTE }
                : {}),
              consentInForce: consentEvidence(main.state),
              ...(main.how === 'carried-over'
                ? { consentAtWrite: consentEvidence(c.consent) }
                : {}),
              knowledge: knowledgeEvidence(c),
              categoryBasis: nonNecessaryBasis(c.category, settings, partyEvidence(c.party)),
              declared: declaredEvidence(c.declared),
            },
          ),
        );
      }
    }
    return out;
  },
};
