import type { DeclaredCookie } from '../declarations/declared.ts';
import type { PhaseName, Violation } from '../report/types.ts';
import { isAllowedCookie } from './allow-list.ts';
import { finalConsent, isGrantedByVisitor, isVisitorDecision } from './consent.ts';
import { declaredEvidence } from './evidence.ts';
import type { PhaseInput, RuleInput } from './input.ts';
import { pick } from './labels.ts';
import { nearMissNames } from './near-miss.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'declared-not-observed', severity: 'info' } as const satisfies RuleMeta;

/** A structural key for a declared row, so that copies of one row (e.g. from JSON) compare equal. */
function rowKey(row: DeclaredCookie): string {
  return JSON.stringify([
    row.name,
    row.provider,
    row.category,
    row.party,
    row.duration?.text ?? null,
  ]);
}

/**
 * Whether the cookie of `row` could be expected in `phase`: necessary ones always; others when
 * the visitor's choice at the end of the phase granted their category; rows of unknown category
 * only after an accept of everything. Elsewhere its absence is what consent requires.
 */
function expectedIn(row: DeclaredCookie, phase: PhaseInput): boolean {
  const state = finalConsent(phase);
  const category = row.category;
  if (category === 'necessary') return true;
  if (category === null || category === 'unclassified') {
    return isVisitorDecision(state) && state.decision === 'accept';
  }
  return isGrantedByVisitor(state, category);
}

/** Declared cookies that never appeared in a phase where they could have. */
export const declaredNotObserved: Rule = {
  ...META,
  explain: {
    en: 'A declaration that lists cookies the site no longer sets is stale, and a stale table is often also missing the cookies that replaced them. This rule reports each declared cookie that no observed cookie matched during the whole audit, if some phase would have allowed it (necessary cookies: any phase; others: a phase whose choice granted their category). It is reported once, in the last such phase.',
    da: 'En deklaration, der nævner cookies, som webstedet ikke længere sætter, er forældet, og en forældet tabel mangler ofte også de cookies, der har erstattet dem. Reglen melder hver deklareret cookie, som ingen observeret cookie matchede under hele auditten, hvis en fase ville have tilladt den (nødvendige cookies: enhver fase; andre: en fase, hvor valget gav samtykke til deres kategori). Den meldes én gang, i den sidste sådanne fase.',
  },
  legal: {
    en: 'Information must be accurate and up to date to make consent informed (GDPR art. 4(11), art. 5(1)(a) and art. 12(1)); this is a quality finding, not a breach by itself.',
    da: 'Informationen skal være korrekt og ajourført, for at samtykket er informeret (databeskyttelsesforordningen (GDPR) art. 4, nr. 11, art. 5, stk. 1, litra a, og art. 12, stk. 1); dette er et kvalitetsfund, ikke i sig selv en overtrædelse.',
  },
  remediation: {
    en: 'Remove rows for cookies the site no longer sets, and check whether the cookie was renamed (a typo in the table, or a vendor\u2019s new name).',
    da: 'Fjern rækker for cookies, som webstedet ikke længere sætter, og undersøg, om cookien har skiftet navn (en stavefejl i tabellen eller et nyt navn fra leverandøren).',
  },
  evaluate(input: RuleInput): Violation[] {
    const { declared, settings } = input;
    if (!declared || input.phases.length === 0) return [];
    const lang = settings.language;
    const matchedRows = new Set<string>();
    const observedNames = new Set<string>();
    for (const phase of input.phases) {
      for (const c of phase.cookies) {
        observedNames.add(c.name);
        if (c.declared) matchedRows.add(rowKey(c.declared));
      }
    }
    const observedList = [...observedNames];
    const reported = new Set<string>();
    const out: Violation[] = [];
    for (const row of declared.cookies) {
      const name = row.name.trim();
      if (reported.has(name) || matchedRows.has(rowKey(row)) || observedNames.has(name)) continue;
      if (isAllowedCookie({ name, domain: '' }, settings)) continue;
      const phases: PhaseName[] = input.phases.filter((p) => expectedIn(row, p)).map((p) => p.name);
      const last = phases[phases.length - 1];
      if (!last) continue;
      reported.add(name);
      const provider =
        row.provider ?? pick(lang, { en: 'provider not stated', da: 'udbyder ikke oplyst' });
      out.push(
        makeViolation(
          META,
          last,
          { kind: 'cookie', name },
          pick(lang, {
            en: `Declared cookie "${name}" (${provider}) never appeared during the audit.`,
            da: `Den deklarerede cookie "${name}" (${provider}) blev ikke set under auditten.`,
          }),
          {
            declared: declaredEvidence(row),
            phasesAudited: input.phases.map((p) => p.name),
            expectedIn: phases,
            nearMisses: nearMissNames(name, observedList),
            declaration: { source: declared.source, url: declared.url },
          },
        ),
      );
    }
    return out;
  },
};
