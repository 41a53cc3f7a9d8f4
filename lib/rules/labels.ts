import type { Category } from '../domain/category.ts';
import type { Localized } from './rule.ts';
import type { Language } from './settings.ts';

const CATEGORY_LABELS: Readonly<Record<Category, Localized>> = {
  necessary: { en: 'necessary', da: 'nødvendig' },
  preferences: { en: 'preferences', da: 'præferencer' },
  statistics: { en: 'statistics', da: 'statistik' },
  marketing: { en: 'marketing', da: 'marketing' },
  unclassified: { en: 'unclassified', da: 'uklassificeret' },
};

/** The category's name as a reader of `language` expects it. */
export function categoryLabel(category: Category, language: Language): string {
  return CATEGORY_LABELS[category][language];
}

/** A message chosen by language; both texts are built eagerly because they are short. */
export function pick(language: Language, texts: Localized): string {
  return texts[language];
}

/** A number of days for a sentence: hours below one day, otherwise days to one decimal. */
export function formatDays(days: number, language: Language): string {
  if (days < 1) {
    const hours = Math.round(days * 24 * 10) / 10;
    const unit =
      language === 'da' ? (hours === 1 ? 'time' : 'timer') : hours === 1 ? 'hour' : 'hours';
    return `${formatNumber(hours, language)} ${unit}`;
  }
  const rounded = Math.round(days * 10) / 10;
  const unit =
    language === 'da' ? (rounded === 1 ? 'dag' : 'dage') : rounded === 1 ? 'day' : 'days';
  return `${formatNumber(rounded, language)} ${unit}`;
}

/** Danish writes a decimal comma. Locale-free so that output does not depend on the runtime. */
function formatNumber(value: number, language: Language): string {
  const text = String(value);
  return language === 'da' ? text.replace('.', ',') : text;
}

/** `n` with the singular or plural form. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A vendor name for a sentence, or "unknown vendor". */
export function vendorLabel(vendor: string | null, language: Language): string {
  if (vendor) return vendor;
  return language === 'da' ? 'ukendt leverandør' : 'unknown vendor';
}

/** "a, b and c" / "a, b og c". */
export function joinList(items: readonly string[], language: Language): string {
  const and = language === 'da' ? 'og' : 'and';
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1] ?? ''}`;
}
