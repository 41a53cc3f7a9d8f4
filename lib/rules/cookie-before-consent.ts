import type { Violation } from '../report/types.ts';
import { isAllowedCookie } from './allow-list.ts';
import { consentEvidence, IMPLICIT_DECISION_NOTE, isVisitorDecision } from './consent.ts';
import { isConsentPlatformCookie } from './consent-cookie.ts';
import { cookieAttributes, declaredEvidence, knowledgeEvidence, occurrences } from './evidence.ts';
import { cookieKey, groupBy } from './group.ts';
import type { RuleInput } from './input.ts';
import { categoryLabel, pick } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import { nonNecessaryBasis, partyEvidence } from './non-necessary.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { isoTime } from './time.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'cookie-before-consent', severity: 'high' } as const satisfies RuleMeta;

/** Non-necessary cookies written while the visitor had made no consent choice. */
export const cookieBeforeConsent: Rule = {
  ...META,
  explain: {
    en: 'Cookies that are not strictly necessary may be stored only after the visitor has consented. This rule reports each non-necessary cookie written while no choice by the visitor was in force: before the banner was answered, or after the consent platform recorded a decision on its own. The consent platform\u2019s own record of the choice is exempt.',
    da: 'Cookies, der ikke er strengt nødvendige, må først gemmes, når den besøgende har givet samtykke. Reglen melder hver ikke-nødvendig cookie, der blev skrevet, mens den besøgende ikke havde truffet noget valg: før banneret blev besvaret, eller efter at samtykkeplatformen selv registrerede en beslutning. Samtykkeplatformens egen registrering af valget er undtaget.',
  },
  legal: {
    en: `${S.eprivacy53.en} and ${S.cookieOrder3.en}: storing information on, or reading it from, the visitor\u2019s device requires prior consent given after clear and comprehensive information, unless it is strictly necessary for a service the visitor explicitly asked for. Consent means ${S.gdpr411.en} and ${S.gdpr7.en}: freely given, specific, informed and unambiguous, by a clear affirmative act (${S.planet49.en}; ${S.edpb052020.en}).`,
    da: `${S.eprivacy53.da} og ${S.cookieOrder3.da}: lagring af oplysninger i den besøgendes udstyr eller adgang til dem kræver forudgående samtykke afgivet efter klar og fyldestgørende information, medmindre det er strengt nødvendigt for en tjeneste, som den besøgende udtrykkeligt har bedt om. Samtykke skal forstås som i ${S.gdpr411.da} og ${S.gdpr7.da}: frivilligt, specifikt, informeret og utvetydigt, afgivet ved en klar bekræftelse (${S.planet49.da}; ${S.edpb052020.da}).`,
  },
  remediation: {
    en: 'Hold back every non-necessary script, pixel and cookie until the consent platform reports a choice that grants its category (prior blocking; Google Consent Mode defaults set to denied), and categorise each cookie in the consent platform so that it is blocked.',
    da: 'Hold alle ikke-nødvendige scripts, pixels og cookies tilbage, indtil samtykkeplatformen melder et valg, der giver samtykke til deres kategori (forudgående blokering; Google Consent Mode med "denied" som standard), og kategorisér hver cookie i samtykkeplatformen, så den bliver blokeret.',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const offending = phase.cookies.filter(
        (c) =>
          !isVisitorDecision(c.consent) &&
          nonNecessaryBasis(c.category, settings, partyEvidence(c.party)) !== null &&
          !isConsentPlatformCookie(c, input.consentCookie) &&
          !isAllowedCookie(c, settings),
      );
      for (const group of groupBy(offending, cookieKey).values()) {
        const [first] = group;
        if (!first) continue;
        const lang = settings.language;
        const category = categoryLabel(first.category, lang);
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'cookie', name: first.name, domain: first.domain },
            pick(lang, {
              en: `Cookie "${first.name}" (${category}) was set on ${first.domain} before the visitor made a consent choice.`,
              da: `Cookien "${first.name}" (${category}) blev sat på ${first.domain}, før den besøgende havde truffet et valg om samtykke.`,
            }),
            {
              setAt: isoTime(first.time),
              writes: occurrences(group.map((c) => c.time)),
              cookie: cookieAttributes(first),
              consentInForce: consentEvidence(first.consent),
              ...(first.consent.decision !== 'none' ? { consentNote: IMPLICIT_DECISION_NOTE } : {}),
              knowledge: knowledgeEvidence(first),
              categoryBasis: nonNecessaryBasis(
                first.category,
                settings,
                partyEvidence(first.party),
              ),
              declared: declaredEvidence(first.declared),
              carriedOver: first.carriedOver === true,
            },
          ),
        );
      }
    }
    return out;
  },
};
