import type { Violation } from '../report/types.ts';
import { isAllowedCookie } from './allow-list.ts';
import { isConsentRecordCookie } from './consent-cookie.ts';
import { cookieAttributes, knowledgeEvidence, occurrences } from './evidence.ts';
import { cookieKey, groupBy } from './group.ts';
import type { CookieObservation, RuleInput } from './input.ts';
import { formatDays, pick } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import { observedLifetime } from './lifetime.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'consent-lifetime-too-long', severity: 'low' } as const satisfies RuleMeta;

/**
 * Days a consent record may exceed the limit by: "12 months" is 365 or 366 days, and stored
 * expiries are rounded, so a 366-day record must not fire against 365.
 */
export const CONSENT_LIFETIME_SLACK_DAYS = 1;

/** The lifetime measured for one consent-cookie write, and which figure it is. */
interface Measured {
  cookie: CookieObservation;
  days: number;
  used: 'requested' | 'stored' | 'configured';
}

/** The consent platform's own cookie outliving the consent period the site states (or 12 months). */
export const consentLifetimeTooLong: Rule = {
  ...META,
  explain: {
    en: 'A consent is not valid for ever: the site should ask again after the period it states, or after 12 months when it states none. The consent platform\u2019s own cookie holds the choice, so its lifetime is how long the choice is kept. This rule reports that cookie when it outlives the stated period (or the configured limit, default 365 days) by more than a day.',
    da: 'Et samtykke gælder ikke for evigt: webstedet bør spørge igen efter den periode, det selv angiver, eller efter 12 måneder, når det ikke angiver nogen. Samtykkeplatformens egen cookie rummer valget, så dens levetid er, hvor længe valget gemmes. Reglen melder denne cookie, når den lever mere end en dag længere end den angivne periode (eller den indstillede grænse, standard 365 dage).',
  },
  legal: {
    en: `Consent must be specific and informed (${S.gdpr411.en}) and demonstrable (${S.gdpr7.en}(1)); the ${S.edpb052020.en} recommend refreshing consent at appropriate intervals, and keeping a choice longer than the policy says contradicts the information given under ${S.eprivacy53.en} and ${S.cookieOrder3.en}. No statute fixes a period; 12 months is the default here when the policy states none, in line with common practice.`,
    da: `Samtykke skal være specifikt og informeret (${S.gdpr411.da}) og kunne påvises (${S.gdpr7.da}, stk. 1); ${S.edpb052020.da} anbefaler at forny samtykke med passende mellemrum, og at gemme et valg længere, end politikken siger, strider mod den information, der gives efter ${S.eprivacy53.da} og ${S.cookieOrder3.da}. Ingen regel fastsætter en periode; 12 måneder er standarden her, når politikken ikke angiver nogen, i tråd med almindelig praksis.`,
  },
  remediation: {
    en: 'Set the consent platform\u2019s consent expiry to the period stated in the policy (at most 12 months), or state the real period in the policy.',
    da: 'Sæt samtykkeplatformens udløb for samtykke til den periode, der står i politikken (højst 12 måneder), eller angiv den faktiske periode i politikken.',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const lang = settings.language;
    const stated = input.declared?.consentLifetime?.days;
    const limitSource = typeof stated === 'number' && stated > 0 ? 'policy' : 'default';
    const limit =
      typeof stated === 'number' && stated > 0 ? stated : settings.consentLifetimeLimitDays;
    const configured = input.consentCookie?.lifetimeDays;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const measured: Measured[] = [];
      for (const cookie of phase.cookies) {
        if (
          !isConsentRecordCookie(cookie, input.consentCookie) ||
          isAllowedCookie(cookie, settings)
        )
          continue;
        const lifetime = observedLifetime(cookie);
        if (lifetime.session) continue;
        if (lifetime.days !== null && lifetime.used !== 'none') {
          measured.push({ cookie, days: lifetime.days, used: lifetime.used });
        } else if (typeof configured === 'number' && Number.isFinite(configured)) {
          measured.push({ cookie, days: configured, used: 'configured' });
        }
      }
      const tooLong = measured.filter((m) => m.days - limit > CONSENT_LIFETIME_SLACK_DAYS);
      for (const group of groupBy(tooLong, (m) => cookieKey(m.cookie)).values()) {
        let main = group[0];
        for (const m of group) if (main && m.days > main.days) main = m;
        if (!main) continue;
        const c = main.cookie;
        const lived = formatDays(main.days, lang);
        const limitText = formatDays(limit, lang);
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'cookie', name: c.name, domain: c.domain },
            pick(
              lang,
              limitSource === 'policy'
                ? {
                    en: `The consent record "${c.name}" is kept for ${lived}, longer than the ${limitText} the policy states.`,
                    da: `Samtykkecookien "${c.name}" gemmes i ${lived}, længere end de ${limitText}, politikken angiver.`,
                  }
                : {
                    en: `The consent record "${c.name}" is kept for ${lived}, longer than the limit of ${limitText}.`,
                    da: `Samtykkecookien "${c.name}" gemmes i ${lived}, længere end grænsen på ${limitText}.`,
                  },
            ),
            {
              lifetimeDays: main.days,
              lifetimeUsed: main.used,
              requestedLifetimeDays: c.requestedLifetimeDays,
              storedLifetimeDays: c.lifetimeDays,
              limitDays: limit,
              limitSource,
              ...(limitSource === 'policy'
                ? { statedConsentLifetime: input.declared?.consentLifetime ?? null }
                : {}),
              slackDays: CONSENT_LIFETIME_SLACK_DAYS,
              consentPlatform: input.consentCookie?.source ?? c.vendor,
              identifiedBy: input.consentCookie ? 'consentCookie' : 'classifiedBy:consent-platform',
              cookie: cookieAttributes(c),
              knowledge: knowledgeEvidence(c),
              writes: occurrences(group.map((m) => m.cookie.time)),
            },
          ),
        );
      }
    }
    return out;
  },
};
