import type { PhaseName, Violation } from '../report/types.ts';
import type { BannerInput, RuleInput } from './input.ts';
import { pick } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'no-reject-option', severity: 'medium' } as const satisfies RuleMeta;

/** What is wrong with a banner's first layer, or null when nothing is. */
function problemOf(banner: BannerInput): 'no-reject' | 'reduced-reject' | null {
  if (!banner.acceptOnFirstLayer) return null;
  if (!banner.rejectOnFirstLayer) return 'no-reject';
  return banner.rejectVisibility === 'reduced' ? 'reduced-reject' : null;
}

/** A banner whose first layer offers accept without an equally visible reject. */
export const noRejectOption: Rule = {
  ...META,
  explain: {
    en: 'Refusing must be as easy as accepting. This rule reports a banner whose first layer has an accept button but no reject control, or one that is less visible than accept (a link, lower contrast, smaller). The banner is one subject for the whole audit: it is reported once, in the first phase that shows the problem, with every phase that showed it in the evidence.',
    da: 'Det skal være lige så let at afvise som at acceptere. Reglen melder et banner, hvis første lag har en accept-knap, men ingen mulighed for at afvise, eller en, der er mindre synlig end accept (et link, svagere kontrast, mindre). Banneret er ét emne for hele auditten: det meldes én gang, i den første fase, der viser problemet, og alle faser, der viste det, står i beviserne.',
  },
  legal: {
    en: `Consent must be freely given and unambiguous (${S.gdpr411.en}), and withdrawing it must be as easy as giving it (${S.gdpr73.en}); the ${S.taskforce2023.en} found that most authorities consider a first layer without a reject option an infringement, and flagged deceptive button design (contrast, link-styled reject); see also ${S.edpb052020.en}. Under ${S.cookieOrder3.en} the information must offer an easily accessible way to refuse consent.`,
    da: `Samtykke skal være frivilligt og utvetydigt (${S.gdpr411.da}), og det skal være lige så let at trække det tilbage som at give det (${S.gdpr73.da}); ${S.taskforce2023.da} fandt, at de fleste tilsynsmyndigheder anser et første lag uden mulighed for at afvise for en overtrædelse, og pegede på vildledende design af knapper (kontrast, afvisning vist som link); se også ${S.edpb052020.da}. Efter ${S.cookieOrder3.da} skal informationen give en let tilgængelig mulighed for at nægte samtykke.`,
  },
  remediation: {
    en: 'Put a "Reject all" button on the first layer, next to "Accept all" and styled the same (size, colour, contrast).',
    da: 'Placér en "Afvis alle"-knap på første lag ved siden af "Accepter alle" og med samme udformning (størrelse, farve, kontrast).',
  },
  evaluate(input: RuleInput): Violation[] {
    const lang = input.settings.language;
    const seen: {
      phase: PhaseName;
      banner: BannerInput;
      problem: 'no-reject' | 'reduced-reject';
    }[] = [];
    for (const phase of input.phases) {
      const banner = phase.banner;
      const problem = banner ? problemOf(banner) : null;
      if (banner && problem) seen.push({ phase: phase.name, banner, problem });
    }
    const [first] = seen;
    if (!first) return [];
    return [
      makeViolation(
        META,
        first.phase,
        { kind: 'banner' },
        pick(
          lang,
          first.problem === 'no-reject'
            ? {
                en: 'The banner\u2019s first layer offers accept but no option to reject.',
                da: 'Bannerets første lag giver mulighed for at acceptere, men ikke for at afvise.',
              }
            : {
                en: 'The banner\u2019s first layer offers a reject option that is less visible than accept.',
                da: 'Bannerets første lag har en mulighed for at afvise, der er mindre synlig end accept.',
              },
        ),
        {
          problem: first.problem,
          acceptOnFirstLayer: first.banner.acceptOnFirstLayer,
          rejectOnFirstLayer: first.banner.rejectOnFirstLayer,
          rejectVisibility: first.banner.rejectVisibility ?? null,
          banner: first.banner.evidence ? { ...first.banner.evidence } : null,
          phases: seen.map((s) => s.phase),
        },
      ),
    ];
  },
};
