import type { Violation } from '../report/types.ts';
import { isAllowedCookie } from './allow-list.ts';
import { cookieAttributes, declaredEvidence, knowledgeEvidence, occurrences } from './evidence.ts';
import { cookieKey, groupBy } from './group.ts';
import type { CookieObservation, RuleInput } from './input.ts';
import { categoryLabel, pick, vendorLabel } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import { categoryRank } from './non-necessary.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'category-mismatch', severity: 'medium' } as const satisfies RuleMeta;

/**
 * Knowledge too weak to contradict what the site states about its own cookie: a heuristic guess
 * or nothing at all. The evidence must be clear before a declaration is called wrong.
 */
const WEAK_SOURCES: ReadonlySet<string> = new Set(['heuristic', 'none']);

/** Whether the declared category demands less consent than the known one. */
function isLaxer(cookie: CookieObservation): boolean {
  const declared = cookie.declared?.category;
  if (!declared || WEAK_SOURCES.has(cookie.classifiedBy)) return false;
  const declaredRank = categoryRank(declared);
  const knownRank = categoryRank(cookie.category);
  return declaredRank !== null && knownRank !== null && declaredRank < knownRank;
}

/** Cookies declared in a laxer category than the one they are known to belong to. */
export const categoryMismatch: Rule = {
  ...META,
  explain: {
    en: 'A cookie declared in a laxer category than its real purpose escapes the consent the visitor would otherwise be asked for, typically tracking declared as "necessary". This rule compares each declared category with the knowledge base\u2019s (necessary < preferences < statistics < marketing) and reports a declaration that is laxer. Heuristic guesses and unclassified cookies never contradict a declaration.',
    da: 'En cookie, der er deklareret i en mildere kategori end dens egentlige formål, undgår det samtykke, som den besøgende ellers ville blive spurgt om, typisk sporing deklareret som "nødvendig". Reglen sammenligner hver deklareret kategori med vidensbasens (nødvendig < præferencer < statistik < marketing) og melder en deklaration, der er mildere. Heuristiske gæt og uklassificerede cookies anfægter aldrig en deklaration.',
  },
  legal: {
    en: `Only storage strictly necessary for a service the visitor asked for is exempt from consent (${S.eprivacy53.en}; ${S.cookieOrder3.en}); the information given must state the real purpose (${S.gdpr411.en}, informed and specific consent; ${S.planet49.en}). Cookies inaccurately classified as essential are named as a practice in the ${S.taskforce2023.en}.`,
    da: `Kun lagring, der er strengt nødvendig for en tjeneste, som den besøgende har bedt om, er undtaget fra samtykke (${S.eprivacy53.da}; ${S.cookieOrder3.da}); informationen skal angive det egentlige formål (${S.gdpr411.da}, informeret og specifikt samtykke; ${S.planet49.da}). Cookies, der fejlagtigt klassificeres som nødvendige, er nævnt som en praksis i ${S.taskforce2023.da}.`,
  },
  remediation: {
    en: 'Re-categorise the cookie in the consent platform and in the policy by its actual purpose, so that it is blocked until its category is granted.',
    da: 'Omkategorisér cookien i samtykkeplatformen og i politikken efter dens faktiske formål, så den blokeres, indtil der er givet samtykke til dens kategori.',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const lang = settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const offending = phase.cookies.filter((c) => isLaxer(c) && !isAllowedCookie(c, settings));
      for (const group of groupBy(offending, cookieKey).values()) {
        const [first] = group;
        const declared = first?.declared?.category;
        if (!first || !declared) continue;
        const declaredLabel = categoryLabel(declared, lang);
        const knownLabel = categoryLabel(first.category, lang);
        const vendor = vendorLabel(first.vendor, lang);
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'cookie', name: first.name, domain: first.domain },
            pick(lang, {
              en: `Cookie "${first.name}" is declared as ${declaredLabel} but is known as ${knownLabel} (${vendor}).`,
              da: `Cookien "${first.name}" er deklareret som ${declaredLabel}, men er kendt som ${knownLabel} (${vendor}).`,
            }),
            {
              declaredCategory: declared,
              ...(first.declared?.categoryText
                ? { declaredCategoryText: first.declared.categoryText }
                : {}),
              knownCategory: first.category,
              knowledge: knowledgeEvidence(first),
              declared: declaredEvidence(first.declared),
              cookie: cookieAttributes(first),
              writes: occurrences(group.map((c) => c.time)),
            },
          ),
        );
      }
    }
    return out;
  },
};
