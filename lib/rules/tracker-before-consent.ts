import type { Violation } from '../report/types.ts';
import { isAllowedHost } from './allow-list.ts';
import { consentEvidence, IMPLICIT_DECISION_NOTE, isVisitorDecision } from './consent.ts';
import { requestEvidence, tcfEvidence } from './evidence.ts';
import { groupBy } from './group.ts';
import type { RuleInput } from './input.ts';
import { categoryLabel, pick, vendorLabel } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import { nonNecessaryBasis } from './non-necessary.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { isoTime } from './time.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'tracker-before-consent', severity: 'high' } as const satisfies RuleMeta;

/** Requests to tracking hosts sent while the visitor had made no consent choice. */
export const trackerBeforeConsent: Rule = {
  ...META,
  explain: {
    en: 'A request to a tracking host reads or sends identifiers from the visitor\u2019s device (cookies, pixels, fingerprinting) and hands personal data such as the IP address to a third party. This rule reports each tracking host contacted for a non-necessary purpose while no choice by the visitor was in force.',
    da: 'En forespørgsel til en sporingsvært læser eller sender identifikatorer fra den besøgendes udstyr (cookies, pixels, fingerprinting) og giver personoplysninger som IP-adressen videre til en tredjepart. Reglen melder hver sporingsvært, der blev kontaktet til et ikke-nødvendigt formål, mens den besøgende ikke havde truffet noget valg.',
  },
  legal: {
    en: `${S.eprivacy53.en} and ${S.cookieOrder3.en} cover any access to information on the device, including by tracking pixels and scripts, and require prior consent; the personal data sent needs a legal basis, here consent under ${S.gdpr61a.en}, given as defined in ${S.gdpr411.en} (${S.planet49.en}; ${S.edpb052020.en}).`,
    da: `${S.eprivacy53.da} og ${S.cookieOrder3.da} omfatter enhver adgang til oplysninger i udstyret, også via sporingspixels og scripts, og kræver forudgående samtykke; de personoplysninger, der sendes, kræver et retsgrundlag, her samtykke efter ${S.gdpr61a.da}, afgivet som defineret i ${S.gdpr411.da} (${S.planet49.da}; ${S.edpb052020.da}).`,
  },
  remediation: {
    en: 'Load tracking tags only after the consent platform reports a choice that grants their category: block them in the tag manager or with the consent platform\u2019s prior blocking, and do not send cookieless "pings" before consent.',
    da: 'Indlæs først sporingstags, når samtykkeplatformen melder et valg, der giver samtykke til deres kategori: bloker dem i tag manageren eller med samtykkeplatformens forudgående blokering, og send ikke cookieløse "pings" før samtykke.',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const lang = settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const offending = phase.requests.filter(
        (r) =>
          r.tracker !== null &&
          !isVisitorDecision(r.consent) &&
          nonNecessaryBasis(r.tracker.category, settings, 'tracking-list') !== null &&
          !isAllowedHost(r.host, settings),
      );
      for (const group of groupBy(offending, (r) => r.host).values()) {
        const [first] = group;
        if (!first?.tracker) continue;
        const category = categoryLabel(first.tracker.category, lang);
        const vendor = vendorLabel(first.tracker.vendor, lang);
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'request', host: first.host },
            pick(lang, {
              en: `A request to tracking host ${first.host} (${vendor}, ${category}) was sent before the visitor made a consent choice.`,
              da: `Der blev sendt en forespørgsel til sporingsværten ${first.host} (${vendor}, ${category}), før den besøgende havde truffet et valg om samtykke.`,
            }),
            {
              sentAt: isoTime(first.time),
              ...requestEvidence(group),
              consentInForce: consentEvidence(first.consent),
              ...(first.consent.decision !== 'none' ? { consentNote: IMPLICIT_DECISION_NOTE } : {}),
              categoryBasis: nonNecessaryBasis(first.tracker.category, settings, 'tracking-list'),
              ...tcfEvidence(first.tcfVendorId, first.consent),
            },
          ),
        );
      }
    }
    return out;
  },
};
