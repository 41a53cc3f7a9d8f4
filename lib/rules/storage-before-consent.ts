import type { Violation } from '../report/types.ts';
import { isAllowedStorage } from './allow-list.ts';
import { consentEvidence, IMPLICIT_DECISION_NOTE, isVisitorDecision } from './consent.ts';
import { knowledgeEvidence, occurrences } from './evidence.ts';
import { groupBy } from './group.ts';
import type { RuleInput } from './input.ts';
import { categoryLabel, pick } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import { nonNecessaryBasis, partyEvidence } from './non-necessary.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { isoTime } from './time.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'storage-before-consent', severity: 'medium' } as const satisfies RuleMeta;

/** Non-necessary web-storage keys written while the visitor had made no consent choice. */
export const storageBeforeConsent: Rule = {
  ...META,
  explain: {
    en: 'The consent requirement covers every way of storing information on the device, not only cookies: localStorage, sessionStorage and IndexedDB too. This rule reports each non-necessary key written while no choice by the visitor was in force. The consent platform\u2019s own keys are exempt.',
    da: 'Kravet om samtykke gælder enhver form for lagring af oplysninger i udstyret, ikke kun cookies: også localStorage, sessionStorage og IndexedDB. Reglen melder hver ikke-nødvendig nøgle, der blev skrevet, mens den besøgende ikke havde truffet noget valg. Samtykkeplatformens egne nøgler er undtaget.',
  },
  legal: {
    en: `${S.eprivacy53.en} and ${S.cookieOrder3.en} apply to any storage of information on the visitor\u2019s terminal equipment, whatever the technology, and require prior consent unless strictly necessary; consent as in ${S.gdpr411.en} (${S.edpb052020.en}).`,
    da: `${S.eprivacy53.da} og ${S.cookieOrder3.da} gælder enhver lagring af oplysninger i den besøgendes terminaludstyr, uanset teknologien, og kræver forudgående samtykke, medmindre lagringen er strengt nødvendig; samtykke som i ${S.gdpr411.da} (${S.edpb052020.da}).`,
  },
  remediation: {
    en: 'Delay the scripts that write these keys until consent for their category is given, and declare storage keys in the cookie policy like cookies.',
    da: 'Udskyd de scripts, der skriver disse nøgler, til der er givet samtykke til deres kategori, og deklarér lagringsnøgler i cookiepolitikken ligesom cookies.',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const lang = settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const offending = phase.storage.filter(
        (s) =>
          !isVisitorDecision(s.consent) &&
          nonNecessaryBasis(s.category, settings, partyEvidence(s.party)) !== null &&
          s.classifiedBy !== 'consent-platform' &&
          !isAllowedStorage(s, settings),
      );
      for (const group of groupBy(offending, (s) => `${s.key}\u0000${s.origin}`).values()) {
        const [first] = group;
        if (!first) continue;
        const category = categoryLabel(first.category, lang);
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'storage', key: first.key, origin: first.origin },
            pick(lang, {
              en: `The ${first.kind} key "${first.key}" (${category}) was written by ${first.origin} before the visitor made a consent choice.`,
              da: `${first.kind}-nøglen "${first.key}" (${category}) blev skrevet af ${first.origin}, før den besøgende havde truffet et valg om samtykke.`,
            }),
            {
              writtenAt: isoTime(first.time),
              writes: occurrences(group.map((s) => s.time)),
              kinds: [...new Set(group.map((s) => s.kind))],
              party: first.party,
              consentInForce: consentEvidence(first.consent),
              ...(first.consent.decision !== 'none' ? { consentNote: IMPLICIT_DECISION_NOTE } : {}),
              knowledge: knowledgeEvidence(first),
              categoryBasis: nonNecessaryBasis(
                first.category,
                settings,
                partyEvidence(first.party),
              ),
            },
          ),
        );
      }
    }
    return out;
  },
};
