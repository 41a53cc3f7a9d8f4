import type { ConsentCategory } from '../../domain/category.ts';
import { categoryOfLabel } from '../label-category.ts';
import { TARTEAUCITRON_SERVICE_TYPES } from './tarteaucitron-services.ts';

/**
 * The category of a tarteaucitron service type. Social plugins and ad services track for
 * advertising; embeds and support widgets (video, maps, chat, comments) are third-party
 * functionality the visitor chooses, read as preferences.
 */
export const TARTEAUCITRON_TYPE_CATEGORIES: Readonly<Record<string, ConsentCategory>> =
  Object.freeze({
    analytic: 'statistics',
    ads: 'marketing',
    social: 'marketing',
    video: 'preferences',
    api: 'preferences',
    support: 'preferences',
    comment: 'preferences',
    other: 'preferences',
  });

/** tarteaucitron's Consent Mode services (type `google`) name the signal they stand for. */
const GOOGLE_SIGNAL_SERVICES: Readonly<Record<string, ConsentCategory>> = Object.freeze({
  gcmanalyticsstorage: 'statistics',
  gcmadstorage: 'marketing',
  gcmadsuserdata: 'marketing',
  gcmpersonalization: 'preferences',
  gcmfunctionality: 'preferences',
  gcmsecurity: 'necessary',
});

/** The category of a service type name, or null. */
export function categoryOfServiceType(type: string): ConsentCategory | null {
  return Object.hasOwn(TARTEAUCITRON_TYPE_CATEGORIES, type)
    ? (TARTEAUCITRON_TYPE_CATEGORIES[type] ?? null)
    : null;
}

/**
 * Guesses a service's category from its name: first tarteaucitron's catalogue of services, keyed
 * by the name in lower case without punctuation (`facebookPixel` → `facebookpixel`), then the
 * words of the name (`googleAnalytics` → analytics → statistics).
 */
export function categoryOfService(name: string): ConsentCategory | null {
  if (typeof name !== 'string') return null;
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 60);
  if (Object.hasOwn(GOOGLE_SIGNAL_SERVICES, key)) return GOOGLE_SIGNAL_SERVICES[key] ?? null;
  if (Object.hasOwn(TARTEAUCITRON_SERVICE_TYPES, key)) {
    const type = TARTEAUCITRON_SERVICE_TYPES[key];
    if (type !== undefined) return categoryOfServiceType(type);
  }
  return categoryOfLabel(name);
}
