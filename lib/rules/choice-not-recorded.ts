import type { Violation } from '../report/types.ts';
import type { RuleInput } from './input.ts';
import { pick } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'choice-not-recorded', severity: 'medium' } as const satisfies RuleMeta;

/**
 * The stored-consent check after each banner click: the choice the audit made (reject all,
 * accept all) must be what the consent platform records. A platform nothing could read is not
 * reported (the report's phase `choice` says so); a choice that could not be made at all is
 * reported unless `no-reject-option` already explains it.
 */
export const choiceNotRecorded: Rule = {
  ...META,
  explain: {
    en: 'After the audit clicked "reject all" or "accept all" on the banner and reloaded the page, the consent platform must record that choice. This rule reports a phase where it recorded something else, or where the choice could not be made at all although the banner offered it.',
    da: 'Når auditten har klikket "afvis alle" eller "accepter alle" på banneret og genindlæst siden, skal samtykkeplatformen have registreret det valg. Reglen melder en fase, hvor den registrerede noget andet, eller hvor valget slet ikke kunne træffes, selv om banneret tilbød det.',
  },
  legal: {
    en: `Consent must be specific and unambiguous (${S.gdpr411.en}); a refusal that is not honoured leaves processing without a legal basis, and withdrawing consent must be as easy as giving it (${S.gdpr73.en}); see ${S.edpb052020.en}.`,
    da: `Samtykke skal være specifikt og utvetydigt (${S.gdpr411.da}); en afvisning, der ikke respekteres, efterlader behandlingen uden hjemmel, og det skal være lige så let at trække samtykke tilbage som at give det (${S.gdpr73.da}); se ${S.edpb052020.da}.`,
  },
  remediation: {
    en: 'Make the banner\u2019s buttons store exactly the choice they name, and read that stored choice before loading any non-necessary script on the next page view.',
    da: 'Sørg for, at bannerets knapper gemmer præcis det valg, de angiver, og at det gemte valg læses, før nogen ikke-nødvendig script indlæses ved næste sidevisning.',
  },
  evaluate(input: RuleInput): Violation[] {
    const lang = input.settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const c = phase.choice;
      if (!c) continue;
      const verb = pick(
        lang,
        c.choice === 'reject'
          ? { en: 'reject all', da: 'afvis alle' }
          : { en: 'accept all', da: 'accepter alle' },
      );
      const evidence = {
        choice: c.choice,
        method: c.method,
        clicked: c.clicked,
        cmp: c.cmp,
        label: c.label,
        consentAfter: c.consentAfter,
        detail: c.detail ?? null,
        clickedAt: c.time,
      };
      if (c.clicked && c.applied === false) {
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'consent' },
            pick(lang, {
              en: `After "${verb}" was clicked, the consent platform recorded "${c.consentAfter}" instead.`,
              da: `Efter klik på "${verb}" registrerede samtykkeplatformen "${c.consentAfter}" i stedet.`,
            }),
            evidence,
          ),
        );
      } else if (!c.clicked) {
        // A missing reject button is what no-reject-option reports; do not say it twice.
        const banner = phase.banner;
        if (
          c.choice === 'reject' &&
          banner &&
          banner.acceptOnFirstLayer &&
          !banner.rejectOnFirstLayer
        )
          continue;
        if (!banner && c.method === 'none' && !c.cmp) continue;
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'banner' },
            pick(lang, {
              en: `The audit could not make the choice "${verb}" on the banner.`,
              da: `Auditten kunne ikke træffe valget "${verb}" på banneret.`,
            }),
            evidence,
          ),
        );
      }
    }
    return out;
  },
};
