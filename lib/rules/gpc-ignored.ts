import type { Violation } from '../report/types.ts';
import { isAllowedCookie, isAllowedHost } from './allow-list.ts';
import { isGrantedByVisitor } from './consent.ts';
import { isConsentPlatformCookie } from './consent-cookie.ts';
import { sample } from './evidence.ts';
import type { RuleInput } from './input.ts';
import { pick, plural } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import { nonNecessaryBasis, partyEvidence, type CategoryBasis } from './non-necessary.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { timeSpan } from './time.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'gpc-ignored', severity: 'medium' } as const satisfies RuleMeta;

/** Non-necessary cookies or trackers used although Global Privacy Control was sent. */
export const gpcIgnored: Rule = {
  ...META,
  explain: {
    en: 'Global Privacy Control is a standing, machine-readable objection to tracking sent with every request. This rule reports, once per phase in which the signal was sent, the non-necessary cookies and tracking hosts used without an affirmative choice by the visitor that granted their category; an explicit accept on the banner overrides the signal.',
    da: 'Global Privacy Control er en vedvarende, maskinlæsbar indsigelse mod sporing, der sendes med hver forespørgsel. Reglen melder én gang pr. fase, hvor signalet blev sendt, de ikke-nødvendige cookies og sporingsværter, der blev brugt uden et aktivt valg fra den besøgende, som gav samtykke til deres kategori; en udtrykkelig accept på banneret går forud for signalet.',
  },
  legal: {
    en: `The data subject may exercise the right to object by automated means using technical specifications (GDPR art. 21(5)); a signal refusing tracking rules out the unambiguous indication that consent requires (${S.gdpr411.en}; ${S.edpb052020.en}), so ${S.eprivacy53.en} and ${S.cookieOrder3.en} forbid the storage and access.`,
    da: `Den registrerede kan gøre sin ret til indsigelse gældende ad automatisk vej ved hjælp af tekniske specifikationer (GDPR art. 21, stk. 5); et signal, der afviser sporing, udelukker den utvetydige viljestilkendegivelse, som samtykke kræver (${S.gdpr411.da}; ${S.edpb052020.da}), så ${S.eprivacy53.da} og ${S.cookieOrder3.da} forbyder lagringen og adgangen.`,
  },
  remediation: {
    en: 'Read navigator.globalPrivacyControl or the Sec-GPC header and treat it as a refusal of every non-necessary category until the visitor explicitly accepts (most consent platforms have a setting for this).',
    da: 'Læs navigator.globalPrivacyControl eller Sec-GPC-headeren, og behandl signalet som en afvisning af alle ikke-nødvendige kategorier, indtil den besøgende udtrykkeligt accepterer (de fleste samtykkeplatforme har en indstilling til det).',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const lang = settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      if (!phase.gpcSent) continue;
      const cookies: string[] = [];
      const hosts: string[] = [];
      const times: number[] = [];
      const bases: CategoryBasis[] = [];
      for (const c of phase.cookies) {
        const basis = nonNecessaryBasis(c.category, settings, partyEvidence(c.party));
        if (!basis || isGrantedByVisitor(c.consent, c.category)) continue;
        if (isConsentPlatformCookie(c, input.consentCookie) || isAllowedCookie(c, settings))
          continue;
        cookies.push(`${c.name} (${c.domain})`);
        times.push(c.time);
        bases.push(basis);
      }
      for (const r of phase.requests) {
        if (!r.tracker) continue;
        const basis = nonNecessaryBasis(r.tracker.category, settings, 'tracking-list');
        if (
          !basis ||
          isGrantedByVisitor(r.consent, r.tracker.category) ||
          isAllowedHost(r.host, settings)
        )
          continue;
        hosts.push(r.host);
        times.push(r.time);
        bases.push(basis);
      }
      const cookieSample = sample(cookies);
      const hostSample = sample(hosts);
      const cookieCount = cookieSample.items.length + cookieSample.omitted;
      const hostCount = hostSample.items.length + hostSample.omitted;
      if (cookieCount + hostCount === 0) continue;
      const span = timeSpan(times);
      out.push(
        makeViolation(
          META,
          phase.name,
          { kind: 'consent', name: 'gpc' },
          pick(lang, {
            en: `Global Privacy Control was sent, yet ${plural(cookieCount, 'non-necessary cookie', 'non-necessary cookies')} and ${plural(hostCount, 'tracking host', 'tracking hosts')} were used without the visitor\u2019s consent.`,
            da: `Global Privacy Control blev sendt, men alligevel blev ${plural(cookieCount, 'ikke-nødvendig cookie', 'ikke-nødvendige cookies')} og ${plural(hostCount, 'sporingsvært', 'sporingsværter')} brugt uden den besøgendes samtykke.`,
          }),
          {
            gpcSent: true,
            cookies: cookieSample.items,
            cookiesOmitted: cookieSample.omitted,
            trackingHosts: hostSample.items,
            trackingHostsOmitted: hostSample.omitted,
            firstAt: span.first,
            lastAt: span.last,
            unclassifiedCounted: bases.filter((b) => b === 'unclassified-counted-as-non-necessary')
              .length,
          },
        ),
      );
    }
    return out;
  },
};
