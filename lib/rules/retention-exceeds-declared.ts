import type { Violation } from '../report/types.ts';
import { isAllowedCookie } from './allow-list.ts';
import { cookieAttributes, declaredEvidence, knowledgeEvidence, occurrences } from './evidence.ts';
import { cookieKey, groupBy } from './group.ts';
import type { CookieObservation, RuleInput } from './input.ts';
import { formatDays, pick } from './labels.ts';
import { SOURCES as S } from './legal.ts';
import { observedLifetime, type LifetimeReading } from './lifetime.ts';
import type { Rule, RuleMeta } from './rule.ts';
import type { RuleSettings } from './settings.ts';
import { makeViolation } from './violation.ts';

const META = { id: 'retention-exceeds-declared', severity: 'medium' } as const satisfies RuleMeta;

/** One write that outlives its declaration, and how. */
interface Excess {
  cookie: CookieObservation;
  lifetime: LifetimeReading;
  kind: 'persistent-declared-session' | 'longer-than-declared';
  declaredDays: number | null;
}

/** How `cookie` outlives its declared duration, or null when it does not (or cannot be compared). */
function excessOf(cookie: CookieObservation, settings: RuleSettings): Excess | null {
  const duration = cookie.declared?.duration;
  if (!duration) return null;
  const lifetime = observedLifetime(cookie);
  // A session cookie ends with the browser session, never after any declared duration.
  if (lifetime.session) return null;
  if (duration.session === true) {
    return { cookie, lifetime, kind: 'persistent-declared-session', declaredDays: null };
  }
  const declaredDays = duration.days;
  const days = lifetime.days;
  if (declaredDays === null || days === null) return null;
  const { factor, minDays } = settings.retentionTolerance;
  if (days > declaredDays * factor && days - declaredDays >= minDays) {
    return { cookie, lifetime, kind: 'longer-than-declared', declaredDays };
  }
  return null;
}

/** The write with the longest lifetime (all writes of one cookie share its declared row, so its kind). */
function worst(group: readonly Excess[]): Excess | undefined {
  let best: Excess | undefined;
  for (const e of group) {
    if (!best || (e.lifetime.days ?? 0) > (best.lifetime.days ?? 0)) best = e;
  }
  return best;
}

const USED_LABEL = {
  requested: { en: 'as requested by the site', da: 'som webstedet bad om' },
  stored: { en: 'as stored by the browser', da: 'som browseren gemte den' },
  none: { en: 'lifetime unknown', da: 'ukendt levetid' },
} as const;

/** Cookies that live longer than the duration the site declares for them. */
export const retentionExceedsDeclared: Rule = {
  ...META,
  explain: {
    en: 'The declared duration is part of the information consent rests on. This rule compares each cookie\u2019s lifetime with its declared duration and reports it when it is more than the tolerance factor (default 1.5\u00d7) longer and at least the minimum (default 1 day) longer, or when a cookie declared as a session cookie is persistent. It uses the lifetime the site requested when known (browsers such as Chromium store at most 400 days) and otherwise the stored one, and says which.',
    da: 'Den deklarerede varighed er en del af den information, samtykket hviler på. Reglen sammenligner hver cookies levetid med dens deklarerede varighed og melder den, når den er mere end tolerancefaktoren (standard 1,5\u00d7) længere og mindst minimumsforskellen (standard 1 dag) længere, eller når en cookie, der er deklareret som sessionscookie, er vedvarende. Den bruger den levetid, webstedet bad om, når den kendes (browsere som Chromium gemmer højst 400 dage), og ellers den gemte, og oplyser hvilken.',
  },
  legal: {
    en: `Information on how long cookies operate is part of the clear and comprehensive information required before consent (${S.planet49.en}, on ${S.eprivacy53.en}); ${S.cookieOrder3.en} requires it to be clear and adequate; the storage period is also information owed under GDPR art. 13(2)(a).`,
    da: `Oplysning om, hvor længe cookies er aktive, er en del af den klare og fyldestgørende information, der kræves før samtykke (${S.planet49.da} om ${S.eprivacy53.da}); ${S.cookieOrder3.da} kræver, at den er klar og fyldestgørende; opbevaringsperioden er også en oplysning, der skal gives efter GDPR art. 13, stk. 2, litra a.`,
  },
  remediation: {
    en: 'Either shorten the cookie\u2019s expiry to what is declared, or declare the real duration (the requested one, not the browser-capped one).',
    da: 'Forkort enten cookiens udløbstid til den deklarerede, eller deklarér den faktiske varighed (den anmodede, ikke den, browseren har begrænset den til).',
  },
  evaluate(input: RuleInput): Violation[] {
    const { settings } = input;
    const lang = settings.language;
    const out: Violation[] = [];
    for (const phase of input.phases) {
      const excesses: Excess[] = [];
      for (const cookie of phase.cookies) {
        if (isAllowedCookie(cookie, settings)) continue;
        const excess = excessOf(cookie, settings);
        if (excess) excesses.push(excess);
      }
      for (const group of groupBy(excesses, (e) => cookieKey(e.cookie)).values()) {
        const main = worst(group);
        if (!main) continue;
        const { cookie: c, lifetime } = main;
        const declaredText = c.declared?.duration?.text ?? '';
        const lived =
          lifetime.days === null
            ? pick(lang, { en: 'an unknown time', da: 'ukendt tid' })
            : formatDays(lifetime.days, lang);
        const used = USED_LABEL[lifetime.used][lang];
        out.push(
          makeViolation(
            META,
            phase.name,
            { kind: 'cookie', name: c.name, domain: c.domain },
            pick(
              lang,
              main.kind === 'persistent-declared-session'
                ? {
                    en: `Cookie "${c.name}" is declared as a session cookie ("${declaredText}") but is kept for ${lived} (${used}).`,
                    da: `Cookien "${c.name}" er deklareret som sessionscookie ("${declaredText}"), men gemmes i ${lived} (${used}).`,
                  }
                : {
                    en: `Cookie "${c.name}" is kept for ${lived} (${used}) but is declared as "${declaredText}".`,
                    da: `Cookien "${c.name}" gemmes i ${lived} (${used}), men er deklareret som "${declaredText}".`,
                  },
            ),
            {
              kind: main.kind,
              declared: declaredEvidence(c.declared),
              declaredDays: main.declaredDays,
              observedDays: lifetime.days,
              lifetimeUsed: lifetime.used,
              requestedLifetimeDays: lifetime.requestedDays,
              storedLifetimeDays: lifetime.storedDays,
              possiblyCappedByBrowser: lifetime.possiblyCapped,
              ratio:
                main.declaredDays && lifetime.days !== null
                  ? Math.round((lifetime.days / main.declaredDays) * 100) / 100
                  : null,
              tolerance: { ...settings.retentionTolerance },
              cookie: cookieAttributes(c),
              knowledge: knowledgeEvidence(c),
              writes: occurrences(group.map((e) => e.cookie.time)),
            },
          ),
        );
      }
    }
    return out;
  },
};
