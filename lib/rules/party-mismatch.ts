import type { Violation } from '../report/types.ts';
import { isAllowedCookie } from './allow-list.ts';
import { cookieAttributes, declaredEvidence, knowledgeEvidence, occurrences } from './evidence.ts';
import { cookieKey, groupBy } from './group.ts';
import type { RuleInput } from './input.ts';
import { pick } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'party-mismatch', severity: 'low' } as const satisfies RuleMeta;

const PARTY_LABEL = {
  first: { en: 'a first-party cookie', da: 'førstepartscookie' },
  third: { en: 'a third-party cookie', da: 'tredjepartscookie' },
} as const;

/** Cookies declared first party but set for a third-party domain, or the reverse. */
export const partyMismatch: Rule = {
  ...META,
  explain: {
    en: 'Whether a third party can read a cookie is information the visitor is owed. This rule reports a cookie declared as first party that is set for a third-party domain, or declared as third party and set for the audited site\u2019s own domain (often a third-party script writing first-party cookies, which is the more important thing to disclose).',
    da: 'Om en tredjepart kan læse en cookie, er en oplysning, den besøgende har krav på. Reglen melder en cookie, der er deklareret som førstepart, men sættes for et tredjepartsdomæne, eller som er deklareret som tredjepart, men sættes for det auditerede websteds eget domæne (ofte et tredjepartsscript, der skriver førstepartscookies, hvilket netop er vigtigt at oplyse).',
  },
  legal: {
    en: `Whether third parties may have access to the cookies is part of the information required before consent (${S.planet49.en}, on ${S.eprivacy53.en}); ${S.cookieOrder3.en} requires the information to name who stores or accesses the information; recipients are owed under GDPR art. 13(1)(e).`,
    da: `Om tredjeparter kan få adgang til cookies, er en del af den information, der kræves før samtykke (${S.planet49.da} om ${S.eprivacy53.da}); ${S.cookieOrder3.da} kræver, at informationen oplyser, hvem der lagrer oplysningerne eller får adgang til dem; modtagere skal oplyses efter GDPR art. 13, stk. 1, litra e.`,
  },
  remediation: {
    en: 'Correct the party in the cookie declaration; for a third-party vendor writing first-party cookies, name the vendor as the one with access.',
    da: 'Ret parten i cookiedeklarationen; når en tredjepartsleverandør skriver førstepartscookies, så nævn leverandøren som den, der har adgang.',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const lang = settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const offending = phase.cookies.filter(
        (c) =>
          c.declared?.party != null &&
          c.declared.party !== c.party &&
          !isAllowedCookie(c, settings),
      );
      for (const group of groupBy(offending, cookieKey).values()) {
        const [first] = group;
        const declaredParty = first?.declared?.party;
        if (!first || !declaredParty) continue;
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'cookie', name: first.name, domain: first.domain },
            pick(lang, {
              en: `Cookie "${first.name}" is declared as ${PARTY_LABEL[declaredParty].en} but was set as ${PARTY_LABEL[first.party].en} on ${first.domain}.`,
              da: `Cookien "${first.name}" er deklareret som ${PARTY_LABEL[declaredParty].da}, men blev sat som ${PARTY_LABEL[first.party].da} på ${first.domain}.`,
            }),
            {
              declaredParty,
              ...(first.declared?.partyText ? { declaredPartyText: first.declared.partyText } : {}),
              observedParty: first.party,
              auditedSite: input.site,
              declared: declaredEvidence(first.declared),
              cookie: cookieAttributes(first),
              knowledge: knowledgeEvidence(first),
              writes: occurrences(group.map((c) => c.time)),
            },
          ),
        );
      }
    }
    return out;
  },
};
