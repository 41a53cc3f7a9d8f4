/**
 * The settings form's fields as the auditor types them, and their conversion to and from the
 * stored `Settings`. Pure: the options page only binds inputs to a `SettingsForm`.
 */
import {
  LIMITS,
  parseListText,
  siteKey,
  type LanguageChoice,
  type Settings,
  type SiteAllowList,
  type SiteBannerSelectors,
} from '../../lib/storage/settings.ts';

export interface SiteForm {
  site: string;
  cookies: string;
  hosts: string;
  storage: string;
  /** The site's own banner buttons as CSS selectors ('' for none). */
  reject: string;
  accept: string;
}

export interface SettingsForm {
  language: LanguageChoice;
  factor: string;
  minDays: string;
  months: string;
  unclassified: 'with-evidence' | 'true' | 'false';
  sendGpc: boolean;
  discoverDeclarations: boolean;
  settleSeconds: string;
  followLinks: string;
  sites: SiteForm[];
}

/** One problem with the form: a message key of messages.json and its substitutions. */
export interface FormError {
  field:
    | 'factor'
    | 'minDays'
    | 'months'
    | 'settleSeconds'
    | 'followLinks'
    | 'site'
    | 'cookies'
    | 'hosts'
    | 'storage'
    | 'reject'
    | 'accept';
  /** Index into `sites` for per-site fields. */
  site?: number;
  key: string;
  substitutions: string[];
}

export type FormResult = { ok: true; settings: Settings } | { ok: false; errors: FormError[] };

/** A non-negative number as typed; a decimal comma reads like a point ("1,5" = 1.5). */
export function parseNumber(text: string): number | null {
  const clean = text.trim().replace(',', '.');
  if (!/^\d+(?:\.\d+)?$/.test(clean)) return null;
  const n = Number(clean);
  return Number.isFinite(n) ? n : null;
}

export function formFromSettings(settings: Settings): SettingsForm {
  return {
    language: settings.language,
    factor: String(settings.retentionTolerance.factor),
    minDays: String(settings.retentionTolerance.minDays),
    months: String(settings.consentLifetimeMonths),
    unclassified:
      settings.unclassified === 'with-evidence'
        ? 'with-evidence'
        : settings.unclassified
          ? 'true'
          : 'false',
    sendGpc: settings.sendGpc,
    discoverDeclarations: settings.discoverDeclarations,
    settleSeconds: String(settings.audit.settleSeconds),
    followLinks: String(settings.audit.followLinks),
    // One card per site, whether it has an allow-list, banner selectors or both.
    sites: [
      ...new Set([...Object.keys(settings.allowList), ...Object.keys(settings.audit.selectors)]),
    ]
      .sort((a, b) => a.localeCompare(b))
      .map((site) => {
        const list = settings.allowList[site];
        const selectors = settings.audit.selectors[site];
        return {
          site,
          cookies: list?.cookies.join('\n') ?? '',
          hosts: list?.hosts.join('\n') ?? '',
          storage: list?.storage.join('\n') ?? '',
          reject: selectors?.reject ?? '',
          accept: selectors?.accept ?? '',
        };
      }),
  };
}

function numberField(
  text: string,
  field: 'factor' | 'minDays' | 'months' | 'settleSeconds' | 'followLinks',
  range: { min: number; max: number },
  errors: FormError[],
  integer = false,
): number {
  const n = parseNumber(text);
  if (n === null || n < range.min || n > range.max || (integer && !Number.isInteger(n))) {
    errors.push({
      field,
      key: 'errorNumberRange',
      substitutions: [String(range.min), String(range.max)],
    });
    return range.min;
  }
  return n;
}

/** The settings the form describes, or every problem with it (nothing is silently dropped). */
export function settingsFromForm(form: SettingsForm): FormResult {
  const errors: FormError[] = [];
  const factor = numberField(form.factor, 'factor', LIMITS.factor, errors);
  const minDays = numberField(form.minDays, 'minDays', LIMITS.minDays, errors);
  const months = numberField(form.months, 'months', LIMITS.consentLifetimeMonths, errors);
  const settleSeconds = numberField(
    form.settleSeconds,
    'settleSeconds',
    LIMITS.settleSeconds,
    errors,
  );
  const followLinks = numberField(
    form.followLinks,
    'followLinks',
    LIMITS.followLinks,
    errors,
    true,
  );
  const allowList: Record<string, SiteAllowList> = {};
  const selectors: Record<string, SiteBannerSelectors> = {};
  form.sites.forEach((entry, index) => {
    const site = siteKey(entry.site);
    if (site === null) {
      errors.push({ field: 'site', site: index, key: 'errorSite', substitutions: [entry.site] });
      return;
    }
    if (allowList[site]) {
      errors.push({ field: 'site', site: index, key: 'errorSiteTwice', substitutions: [site] });
      return;
    }
    const lists: SiteAllowList = { cookies: [], hosts: [], storage: [] };
    for (const field of ['cookies', 'hosts', 'storage'] as const) {
      const parsed = parseListText(entry[field], field === 'hosts' ? 'host' : 'name');
      if (parsed.rejected.length > 0) {
        errors.push({
          field,
          site: index,
          key: field === 'hosts' ? 'errorHosts' : 'errorNames',
          substitutions: [parsed.rejected.slice(0, 5).join(', ')],
        });
      }
      lists[field] = parsed.values;
    }
    allowList[site] = lists;
    const reject = selectorField(entry.reject, 'reject', index, errors);
    const accept = selectorField(entry.accept, 'accept', index, errors);
    if (reject !== null || accept !== null) selectors[site] = { reject, accept };
  });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      language: form.language,
      retentionTolerance: { factor, minDays },
      consentLifetimeMonths: months,
      unclassified:
        form.unclassified === 'with-evidence' ? 'with-evidence' : form.unclassified === 'true',
      allowList,
      sendGpc: form.sendGpc,
      discoverDeclarations: form.discoverDeclarations,
      audit: { settleSeconds, followLinks, selectors },
    },
  };
}

/** A CSS selector as typed: trimmed, '' for none; one line of bounded length. */
function selectorField(
  text: string,
  field: 'reject' | 'accept',
  site: number,
  errors: FormError[],
): string | null {
  const value = text.trim();
  if (value === '') return null;
  if (value.length > LIMITS.selectorLength || /[\n\r]/.test(value)) {
    errors.push({
      field,
      site,
      key: 'errorSelector',
      substitutions: [String(LIMITS.selectorLength)],
    });
    return null;
  }
  return value;
}
