import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { detectLanguage, primaryLanguage } from '../../../lib/declarations/detect-language.ts';
import { extractPolicyProse } from '../../../lib/declarations/extract-policy-prose.ts';
import { fuzzAssert } from '../fuzz/fuzz.ts';

describe('consent period in prose', () => {
  test.each([
    ['Vi husker dit samtykke i et år.', 365],
    ['Som standard gemmes dit cookie samtykke i et år.', 365],
    ['Dit valg huskes i 12 mdr.', 365],
    ['Your consent is stored for 12 months.', 365],
    ['We remember your choice for 6 months.', 182.5],
    ['Ihre Einwilligung wird für 13 Monate gespeichert.', 13 * (365 / 12)],
    ['Ditt samtycke sparas i 12 månader.', 365],
    ['Samtykket ditt lagres i 6 måneder.', 182.5],
    ['Uw toestemming wordt 1 jaar bewaard.', 365],
    ['Votre consentement est conservé pendant 13 mois.', 13 * (365 / 12)],
  ])('%s', (text, days) => {
    expect(extractPolicyProse(text).consentLifetime?.days).toBeCloseTo(days, 4);
  });

  test('consent without keeping or without a length is not a period', () => {
    expect(
      extractPolicyProse(
        'Ved at bruge hjemmesiden giver du samtykke. Du skal være 15 år for at give samtykke.',
      ).consentLifetime,
    ).toBeNull();
  });

  test('several periods: the longest, with a note', () => {
    const p = extractPolicyProse(
      'Your consent is stored for 6 months. Elsewhere: consent is kept for 13 months.',
    );
    expect(p.consentLifetime?.days).toBeCloseTo(13 * (365 / 12), 4);
    expect(p.consentLifetime?.reason).toMatch(/several consent periods/);
  });

  test('other retention statements are kept apart', () => {
    const p = extractPolicyProse(
      'Google Analytics data is kept for 26 months. Your consent is stored for 1 year.',
    );
    expect(p.consentLifetime?.days).toBe(365);
    expect(p.retentionStatements).toHaveLength(1);
    expect(p.retentionStatements[0]?.duration.days).toBeCloseTo(26 * (365 / 12), 4);
  });
});

describe('category words in prose', () => {
  test('words next to "cookies", including compounds and party words in between', () => {
    const p = extractPolicyProse(
      'Vi bruger Obligatoriske (1. parts) cookies, Funktionelle cookies og statistikcookies. Marketing-Cookies nur mit Einwilligung. Vi bruger cookies til markedsføring. Du kan slette cookies.',
    );
    expect(p.categoriesMentioned).toEqual([
      { text: 'Obligatoriske', category: 'necessary' },
      { text: 'Funktionelle', category: 'preferences' },
      { text: 'statistik', category: 'statistics' },
      { text: 'Marketing', category: 'marketing' },
      { text: 'markedsføring', category: 'marketing' },
    ]);
  });

  test('never throws and stays bounded (property)', () => {
    fuzzAssert(
      'policy prose: arbitrary strings',
      fc.property(fc.string({ maxLength: 3_000 }), (s) => {
        const p = extractPolicyProse(s);
        expect(p.categoriesMentioned.length).toBeLessThanOrEqual(40);
        expect(p.retentionStatements.length).toBeLessThanOrEqual(50);
      }),
      300,
    );
  });
});

describe('language', () => {
  test('lang attribute first, Norwegian folded to no', () => {
    expect(primaryLanguage('da-DK')).toBe('da');
    expect(primaryLanguage('nb')).toBe('no');
    expect(primaryLanguage('x')).toBeNull();
    expect(detectLanguage('sv', 'the and of to is')).toBe('sv');
  });

  test.each([
    [
      'Vi bruger cookies til at huske dit valg, og hvis du ikke vil, kan du afvise dem på hjemmesiden efter besøget.',
      'da',
    ],
    [
      'Vi bruker informasjonskapsler for å huske valget ditt, og hvis du ikke vil, kan du avvise dem etter besøket på nettstedet.',
      'no',
    ],
    [
      'Vi använder kakor för att komma ihåg ditt val och om du inte vill kan du avvisa dem på webbplatsen.',
      'sv',
    ],
    [
      'We use cookies to remember your choice and you can refuse them on this website if you want.',
      'en',
    ],
    [
      'Wir verwenden Cookies, um Ihre Auswahl zu speichern, und Sie können sie auf der Website ablehnen.',
      'de',
    ],
    [
      'Wij gebruiken cookies om uw keuze te onthouden en u kunt ze op de website weigeren als u dat wilt.',
      'nl',
    ],
    [
      'Nous utilisons des cookies pour mémoriser votre choix et vous pouvez les refuser sur le site.',
      'fr',
    ],
  ])('%s', (text, lang) => {
    expect(detectLanguage(null, text)).toBe(lang);
  });
});
