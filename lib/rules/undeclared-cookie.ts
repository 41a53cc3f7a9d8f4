import type { Violation } from '../report/types.ts';
import { isAllowedCookie } from './allow-list.ts';
import { cookieAttributes, knowledgeEvidence, occurrences } from './evidence.ts';
import { cookieKey, groupBy } from './group.ts';
import type { RuleInput } from './input.ts';
import { categoryLabel, pick } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import { nearMissNames } from './near-miss.ts';
import type { Rule, RuleMeta } from './rule.ts';
import { isoTime } from './time.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'undeclared-cookie', severity: 'medium' } as const satisfies RuleMeta;

/** Cookies observed that the site's declared cookie table does not list. */
export const undeclaredCookie: Rule = {
  ...META,
  explain: {
    en: 'Consent is informed only if the visitor is told about every cookie. This rule reports each observed cookie that no row of the declared cookie table matches. Names are matched exactly (patterns such as _ga_* included); a near-miss spelling is shown as a hint but does not count as declared. Without a declared table the rule is silent.',
    da: 'Et samtykke er kun informeret, hvis den besøgende får at vide om hver cookie. Reglen melder hver observeret cookie, som ingen række i den deklarerede cookietabel matcher. Navne matches nøjagtigt (mønstre som _ga_* medregnet); en stavning, der næsten passer, vises som et hint, men tæller ikke som deklareret. Uden en deklareret tabel er reglen tavs.',
  },
  legal: {
    en: `${S.eprivacy53.en} requires clear and comprehensive information before consent, and ${S.cookieOrder3.en} spells out what it must contain, including the purpose of the storage; consent must be informed (${S.gdpr411.en}; ${S.planet49.en}; ${S.edpb052020.en}).`,
    da: `${S.eprivacy53.da} kræver klar og fyldestgørende information før samtykke, og ${S.cookieOrder3.da} fastlægger, hvad den skal indeholde, herunder formålet med lagringen; samtykket skal være informeret (${S.gdpr411.da}; ${S.planet49.da}; ${S.edpb052020.da}).`,
  },
  remediation: {
    en: 'Add the cookie to the cookie declaration with its provider, purpose, category, party and duration (a consent platform\u2019s scanner does this; fix typos in hand-written tables).',
    da: 'Tilføj cookien til cookiedeklarationen med udbyder, formål, kategori, part og varighed (en samtykkeplatforms scanner gør det; ret stavefejl i håndskrevne tabeller).',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings, declared } = input;
    // A policy that states only a consent period has no table to be missing from.
    if (!declared || declared.cookies.length === 0) return [];
    const lang = settings.language;
    const declaredNames = declared.cookies.map((d) => d.name);
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const offending = phase.cookies.filter(
        (c) => c.declared === null && !isAllowedCookie(c, settings),
      );
      for (const group of groupBy(offending, cookieKey).values()) {
        const [first] = group;
        if (!first) continue;
        const category = categoryLabel(first.category, lang);
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'cookie', name: first.name, domain: first.domain },
            pick(lang, {
              en: `Cookie "${first.name}" (${category}) on ${first.domain} is not listed in the site\u2019s cookie declaration.`,
              da: `Cookien "${first.name}" (${category}) på ${first.domain} er ikke nævnt i webstedets cookiedeklaration.`,
            }),
            {
              firstSeenAt: isoTime(first.time),
              writes: occurrences(group.map((c) => c.time)),
              cookie: cookieAttributes(first),
              knowledge: knowledgeEvidence(first),
              declaration: {
                source: declared.source,
                url: declared.url,
                rows: declared.cookies.length,
              },
              nearMisses: nearMissNames(first.name, declaredNames),
            },
          ),
        );
      }
    }
    return out;
  },
};
