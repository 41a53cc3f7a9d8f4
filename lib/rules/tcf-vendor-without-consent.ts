import type { Category } from '../domain/category.ts';
import type { Violation, ViolationSubject } from '../report/types.ts';
import { isAllowedCookie, isAllowedHost } from './allow-list.ts';
import { consentEvidence, isVisitorDecision, refusalOf } from './consent.ts';
import { knowledgeEvidence, occurrences, requestEvidence } from './evidence.ts';
import { groupBy } from './group.ts';
import type {
  ConsentInForce,
  CookieObservation,
  RequestObservation,
  RuleInput,
  TcfConsent,
} from './input.ts';
import { pick, vendorLabel } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { isoTime } from './time.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'tcf-vendor-without-consent', severity: 'high' } as const satisfies RuleMeta;

/** One observation by a TCF vendor the consent string in force does not cover. */
type Offence =
  | { kind: 'request'; item: RequestObservation; vendorId: number; tcf: TcfConsent }
  | { kind: 'cookie'; item: CookieObservation; vendorId: number; tcf: TcfConsent };

/**
 * The TCF consent to check `vendorId` against, or null when this rule has nothing to say: no
 * visitor decision (the before-consent rules report it), no TCF detail, or a category the choice
 * refused (the after-reject rules report it). What is left is a category the visitor granted
 * while the vendor itself was not consented to.
 */
function tcfToCheck(state: ConsentInForce, category: Category): TcfConsent | null {
  if (!isVisitorDecision(state) || refusalOf(state, category) !== null) return null;
  return state.detail?.tcf ?? null;
}

/** Observations by IAB TCF vendors that the TCF consent in force does not include. */
export const tcfVendorWithoutConsent: Rule = {
  ...META,
  explain: {
    en: 'Under the IAB Transparency & Consent Framework the visitor consents per vendor, not only per purpose. This rule reports a request to, or a cookie of, a TCF vendor that is active after the visitor\u2019s choice while the TCF consent string in force does not list that vendor. A vendor\u2019s legitimate-interest signal excuses a request but never a cookie, since storing or reading on the device always needs consent. Observations before any choice or in a refused category are left to the before-consent and after-reject rules.',
    da: 'Under IAB\u2019s Transparency & Consent Framework giver den besøgende samtykke pr. leverandør, ikke kun pr. formål. Reglen melder en forespørgsel til, eller en cookie fra, en TCF-leverandør, der er aktiv efter den besøgendes valg, selvom den gældende TCF-samtykkestreng ikke omfatter leverandøren. En leverandørs signal om legitim interesse undskylder en forespørgsel, men aldrig en cookie, da lagring i og læsning fra udstyret altid kræver samtykke. Observationer før et valg eller i en afvist kategori overlades til reglerne om før samtykke og efter afvisning.',
  },
  legal: {
    en: `Consent is specific to the controllers and purposes it names (${S.gdpr411.en}; ${S.gdpr61a.en}; ${S.edpb052020.en}); a vendor without consent has no basis for storage or access under ${S.eprivacy53.en} and ${S.cookieOrder3.en}, nor for the data it receives. The TC string records those choices and is itself personal data (CJEU judgment of 7 March 2024, IAB Europe, C-604/22).`,
    da: `Samtykke er specifikt for de dataansvarlige og formål, det nævner (${S.gdpr411.da}; ${S.gdpr61a.da}; ${S.edpb052020.da}); en leverandør uden samtykke har intet grundlag for lagring eller adgang efter ${S.eprivacy53.da} og ${S.cookieOrder3.da}, og heller ikke for de data, den modtager. TC-strengen registrerer disse valg og er selv en personoplysning (EU-Domstolens dom af 7. marts 2024, IAB Europe, C-604/22).`,
  },
  remediation: {
    en: 'Add the vendor to the consent platform\u2019s vendor list so that the visitor is asked, or load its tags only when its vendor id has consent in the TC string (__tcfapi vendor.consents).',
    da: 'Tilføj leverandøren til samtykkeplatformens leverandørliste, så den besøgende bliver spurgt, eller indlæs kun dens tags, når leverandørens id har samtykke i TC-strengen (__tcfapi vendor.consents).',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const lang = settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const offences: Offence[] = [];
      for (const r of phase.requests) {
        const vendorId = r.tcfVendorId;
        if (typeof vendorId !== 'number' || isAllowedHost(r.host, settings)) continue;
        const tcf = tcfToCheck(r.consent, r.tracker?.category ?? 'unclassified');
        if (!tcf || tcf.vendorConsents.includes(vendorId)) continue;
        if (tcf.vendorLegitimateInterests?.includes(vendorId)) continue;
        offences.push({ kind: 'request', item: r, vendorId, tcf });
      }
      for (const c of phase.cookies) {
        const vendorId = c.tcfVendorId;
        if (typeof vendorId !== 'number' || isAllowedCookie(c, settings)) continue;
        const tcf = tcfToCheck(c.consent, c.category);
        if (!tcf || tcf.vendorConsents.includes(vendorId)) continue;
        offences.push({ kind: 'cookie', item: c, vendorId, tcf });
      }
      const key = (o: Offence) =>
        o.kind === 'request'
          ? `r\u0000${o.item.host}`
          : `c\u0000${o.item.name}\u0000${o.item.domain}`;
      for (const group of groupBy(offences, key).values()) {
        const [main] = group;
        if (!main) continue;
        const state = main.item.consent;
        const common = {
          tcfVendorId: main.vendorId,
          tcfVendorConsented: false,
          tcfVendorConsentCount: main.tcf.vendorConsents.length,
          tcfLegitimateInterest:
            main.tcf.vendorLegitimateInterests?.includes(main.vendorId) ?? false,
          ...(main.tcf.purposeConsents
            ? { tcfPurposeConsents: [...main.tcf.purposeConsents] }
            : {}),
          ...(main.tcf.cmpId != null ? { tcfCmpId: main.tcf.cmpId } : {}),
          consentInForce: consentEvidence(state),
        };
        let subject: ViolationSubject;
        let message: string;
        let evidence: Record<string, unknown>;
        if (main.kind === 'request') {
          const r = main.item;
          const vendor = vendorLabel(r.tracker?.vendor ?? null, lang);
          subject = { kind: 'request', host: r.host };
          message = pick(lang, {
            en: `TCF vendor ${main.vendorId} (${vendor}) was contacted at ${r.host} although the TCF consent in force does not include it.`,
            da: `TCF-leverandør ${main.vendorId} (${vendor}) blev kontaktet på ${r.host}, selvom det gældende TCF-samtykke ikke omfatter den.`,
          });
          evidence = {
            sentAt: isoTime(r.time),
            ...requestEvidence(group.flatMap((o) => (o.kind === 'request' ? [o.item] : []))),
            ...common,
          };
        } else {
          const c = main.item;
          const vendor = vendorLabel(c.vendor, lang);
          subject = { kind: 'cookie', name: c.name, domain: c.domain };
          message = pick(lang, {
            en: `TCF vendor ${main.vendorId} (${vendor}) set cookie "${c.name}" on ${c.domain} although the TCF consent in force does not include it.`,
            da: `TCF-leverandør ${main.vendorId} (${vendor}) satte cookien "${c.name}" på ${c.domain}, selvom det gældende TCF-samtykke ikke omfatter den.`,
          });
          evidence = {
            setAt: isoTime(c.time),
            writes: occurrences(group.map((o) => o.item.time)),
            knowledge: knowledgeEvidence(c),
            ...common,
          };
        }
        out.push(makeViolation(META, phase.name, subject, message, evidence));
      }
    }
    return out;
  },
};
