import type { Violation, ViolationSubject } from '../report/types.ts';
import { consentEvidence, grantedCategories } from './consent.ts';
import { groupBy } from './group.ts';
import type { ConsentInForce, PhaseInput, RuleInput } from './input.ts';
import { categoryLabel, joinList, pick } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { isoTime } from './time.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'implicit-consent', severity: 'high' } as const satisfies RuleMeta;

/** A state that grants something without interaction, and where it was read. */
interface Candidate {
  state: ConsentInForce;
  time: number;
  via: 'timeline' | 'observation';
}

/**
 * Every state of the phase that grants a non-necessary category without interaction: the
 * timeline first, then the states observations carry (in case the timeline missed a reading).
 */
function candidates(phase: PhaseInput): Candidate[] {
  const out: Candidate[] = [];
  const implicit = (s: ConsentInForce) => !s.interaction && grantedCategories(s).length > 0;
  for (const e of phase.consent)
    if (implicit(e.state)) out.push({ state: e.state, time: e.time, via: 'timeline' });
  for (const list of [phase.cookies, phase.storage, phase.requests]) {
    for (const o of list)
      if (implicit(o.consent)) out.push({ state: o.consent, time: o.time, via: 'observation' });
  }
  return out;
}

/** The earliest timeline reading, else the earliest observation. */
function strongest(group: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of group) {
    if (!best) best = c;
    else if (c.via === 'timeline' && best.via === 'observation') best = c;
    else if (c.via === best.via && c.time < best.time) best = c;
  }
  return best;
}

/** Consent recorded by the platform for a non-necessary category without any interaction. */
export const implicitConsent: Rule = {
  ...META,
  explain: {
    en: 'Consent exists only when the visitor acts: a platform that records consent on page load, on scrolling or after a timeout records no consent at all. This rule reports each consent source that granted a non-necessary category while no interaction with the banner had happened.',
    da: 'Der foreligger kun samtykke, når den besøgende handler: en platform, der registrerer samtykke ved sideindlæsning, ved scroll eller efter en tidsfrist, registrerer slet ikke noget samtykke. Reglen melder hver samtykkekilde, der gav samtykke til en ikke-nødvendig kategori, uden at der var sket nogen interaktion med banneret.',
  },
  legal: {
    en: `Consent must be an unambiguous indication by a statement or clear affirmative action (${S.gdpr411.en}); silence, pre-ticked boxes, inactivity and continued browsing are not consent (${S.planet49.en}; ${S.edpb052020.en}, on scrolling and browsing). Without it, ${S.eprivacy53.en} and ${S.cookieOrder3.en} forbid the storage and access, and the controller cannot demonstrate consent (${S.gdpr7.en}(1)).`,
    da: `Samtykke skal være en utvetydig viljestilkendegivelse ved en erklæring eller en klar bekræftelse (${S.gdpr411.da}); tavshed, forudafkrydsede felter, passivitet og fortsat browsing er ikke samtykke (${S.planet49.da}; ${S.edpb052020.da} om scroll og browsing). Uden samtykke forbyder ${S.eprivacy53.da} og ${S.cookieOrder3.da} lagringen og adgangen, og den dataansvarlige kan ikke påvise samtykke (${S.gdpr7.da}, stk. 1).`,
  },
  remediation: {
    en: 'Start every non-necessary category as denied and change it only on a click on the banner; remove "implied consent" settings (on scroll, on navigation, on close, after a timeout) from the consent platform.',
    da: 'Lad alle ikke-nødvendige kategorier starte som afvist, og ændr dem kun ved et klik på banneret; fjern indstillinger for "underforstået samtykke" (ved scroll, ved navigation, ved lukning, efter en tidsfrist) i samtykkeplatformen.',
  },
  evaluate(input: RuleInput): Violation[] {
    const lang = input.settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const groups = groupBy(candidates(phase), (c) => c.state.source ?? '');
      for (const group of groups.values()) {
        const main = strongest(group);
        if (!main) continue;
        const source = main.state.source;
        const granted = grantedCategories(main.state);
        const labels = joinList(
          granted.map((c) => categoryLabel(c, lang)),
          lang,
        );
        const subject: ViolationSubject = source
          ? { kind: 'consent', name: source }
          : { kind: 'consent' };
        out.push(
          makeViolation(
            META,
            phase.name,
            subject,
            pick(lang, {
              en: `The consent platform (${source ?? 'unknown'}) recorded consent to ${labels} without any interaction by the visitor.`,
              da: `Samtykkeplatformen (${source ?? 'ukendt'}) registrerede samtykke til ${labels} uden nogen handling fra den besøgende.`,
            }),
            {
              recordedAt: isoTime(main.time),
              via: main.via,
              grantedCategories: granted,
              consentInForce: consentEvidence(main.state),
              implicitReadings: group.length,
            },
          ),
        );
      }
    }
    return out;
  },
};
