import type { Violation } from '../report/types.ts';
import { isAllowedHost } from './allow-list.ts';
import { consentEvidence, CUSTOM_REFUSAL_NOTE, refusalOf, type Refusal } from './consent.ts';
import { requestEvidence, tcfEvidence } from './evidence.ts';
import { groupBy } from './group.ts';
import type { RequestObservation, RuleInput } from './input.ts';
import { categoryLabel, pick, vendorLabel } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import { nonNecessaryBasis } from './non-necessary.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { isoTime } from './time.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'tracker-after-reject', severity: 'high' } as const satisfies RuleMeta;

/** Requests to tracking hosts sent after the visitor refused their category. */
export const trackerAfterReject: Rule = {
  ...META,
  explain: {
    en: 'After the visitor has refused, tracking for the refused purposes must stop. This rule reports each tracking host contacted while a refusal of its category was in force. A custom choice that denies the tracker\u2019s category counts as a refusal of that category; a tracker whose category was granted is not reported.',
    da: 'Når den besøgende har afvist, skal sporing til de afviste formål ophøre. Reglen melder hver sporingsvært, der blev kontaktet, mens en afvisning af dens kategori var gældende. Et tilpasset valg, der afviser sporingens kategori, tæller som en afvisning af den kategori; en sporingsvært, hvis kategori der er givet samtykke til, meldes ikke.',
  },
  legal: {
    en: `${S.eprivacy53.en} and ${S.cookieOrder3.en}: without consent no access to the device; after a refusal there is no legal basis for the data sent (${S.gdpr61a.en}). A refusal or withdrawal must take effect and be as easy as giving consent (${S.gdpr73.en}; ${S.edpb052020.en}; ${S.taskforce2023.en}).`,
    da: `${S.eprivacy53.da} og ${S.cookieOrder3.da}: uden samtykke ingen adgang til udstyret; efter en afvisning er der intet retsgrundlag for de data, der sendes (${S.gdpr61a.da}). En afvisning eller tilbagetrækning skal have virkning og være lige så let som at give samtykke (${S.gdpr73.da}; ${S.edpb052020.da}; ${S.taskforce2023.da}).`,
  },
  remediation: {
    en: 'Make every tag respect the refusal on the click and on every later page view: gate the tags on the consent platform\u2019s categories, and check that no hard-coded snippet bypasses the tag manager.',
    da: 'Sørg for, at alle tags respekterer afvisningen ved klikket og på alle følgende sidevisninger: styr dem efter samtykkeplatformens kategorier, og kontrollér, at ingen fast indlejret kode går uden om tag manageren.',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const lang = settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const offending: { request: RequestObservation; refusal: Refusal }[] = [];
      for (const request of phase.requests) {
        if (!request.tracker || isAllowedHost(request.host, settings)) continue;
        if (nonNecessaryBasis(request.tracker.category, settings, 'tracking-list') === null)
          continue;
        const refusal = refusalOf(request.consent, request.tracker.category);
        if (refusal) offending.push({ request, refusal });
      }
      for (const group of groupBy(offending, (o) => o.request.host).values()) {
        const [main] = group;
        const first = main?.request;
        if (!main || !first?.tracker) continue;
        const category = categoryLabel(first.tracker.category, lang);
        const vendor = vendorLabel(first.tracker.vendor, lang);
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'request', host: first.host },
            pick(lang, {
              en: `A request to tracking host ${first.host} (${vendor}, ${category}) was sent after the visitor refused consent to it.`,
              da: `Der blev sendt en forespørgsel til sporingsværten ${first.host} (${vendor}, ${category}), efter at den besøgende havde afvist samtykke til den.`,
            }),
            {
              sentAt: isoTime(first.time),
              ...requestEvidence(group.map((o) => o.request)),
              refusal: main.refusal,
              ...(main.refusal === 'custom-denied-category'
                ? { refusalNote: CUSTOM_REFUSAL_NOTE }
                : {}),
              consentInForce: consentEvidence(first.consent),
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
