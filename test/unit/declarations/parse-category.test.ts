import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CATEGORIES } from '../../../lib/domain/category.ts';
import { parseCategory } from '../../../lib/declarations/parse-category.ts';
import { fuzzAssert } from '../fuzz/fuzz.ts';

describe('parseCategory', () => {
  test.each([
    // necessary
    ['Nødvendige', 'necessary'],
    ['Nødvendig', 'necessary'],
    ['Obligatoriske', 'necessary'],
    ['Strengt nødvendige cookies', 'necessary'],
    ['Strictly necessary', 'necessary'],
    ['Essential', 'necessary'],
    ['Essenziell', 'necessary'],
    ['Technisch notwendige Cookies', 'necessary'],
    ['Nödvändiga', 'necessary'],
    ['Nødvendige informasjonskapsler', 'necessary'],
    ['Noodzakelijk', 'necessary'],
    ['Strictement nécessaires', 'necessary'],
    ['Necessary (3)', 'necessary'],
    // preferences
    ['Funktionelle', 'preferences'],
    ['Præferencer', 'preferences'],
    ['Preferences', 'preferences'],
    ['Functional', 'preferences'],
    ['Functionality cookies', 'preferences'],
    ['Präferenzen', 'preferences'],
    ['Funktionell', 'preferences'],
    ['Inställningar', 'preferences'],
    ['Preferanser', 'preferences'],
    ['Voorkeuren', 'preferences'],
    ['Functioneel', 'preferences'],
    ['Préférences', 'preferences'],
    ['Fonctionnels', 'preferences'],
    // statistics
    ['Statistik', 'statistics'],
    ['Statistiske', 'statistics'],
    ['Analyse', 'statistics'],
    ['Analytics', 'statistics'],
    ['Statistics', 'statistics'],
    ['Statistiken', 'statistics'],
    ['Performance Cookies', 'statistics'],
    ['Statistikk', 'statistics'],
    ['Statistieken', 'statistics'],
    ['Analytische cookies', 'statistics'],
    ['Mesure d’audience', 'statistics'],
    ['Statistiques', 'statistics'],
    // marketing
    ['Marketing', 'marketing'],
    ['Reklame', 'marketing'],
    ['Markedsføring', 'marketing'],
    ['Annoncering', 'marketing'],
    ['Advertising', 'marketing'],
    ['Advertisement', 'marketing'],
    ['Targeting Cookies', 'marketing'],
    ['Social Media Cookies', 'marketing'],
    ['Werbung', 'marketing'],
    ['Externe Medien', 'marketing'],
    ['Marknadsföring', 'marketing'],
    ['Advertentie', 'marketing'],
    ['Publicité', 'marketing'],
    ['Cookies publicitaires', 'marketing'],
    // unclassified
    ['Unclassified', 'unclassified'],
    ['Uklassificerede', 'unclassified'],
    ['Ikke klassificerede', 'unclassified'],
    ['Nicht klassifiziert', 'unclassified'],
    ['Other', 'unclassified'],
    ['Others', 'unclassified'],
    ['Andre cookies', 'unclassified'],
  ])('%s → %s', (text, category) => {
    expect(parseCategory(text)).toBe(category);
  });

  test.each(['', 'Cookie', 'HTTP', 'Ditmer', 'Google', '1. part', 'Name', 'Externe'])(
    '%s → null',
    (text) => {
      expect(parseCategory(text)).toBeNull();
    },
  );

  test('the first category written decides', () => {
    expect(parseCategory('Statistik og marketing')).toBe('statistics');
    expect(parseCategory('Necessary / functional')).toBe('necessary');
  });

  test('never throws; returns a known category or null', () => {
    fuzzAssert(
      'category words: arbitrary strings',
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const c = parseCategory(s);
        if (c !== null) expect(CATEGORIES).toContain(c);
      }),
      2000,
    );
  });
});
