import type { DeclarationSource } from '@/lib/declarations/declared.ts';
import { t } from './i18n.svelte.ts';

/** A declaration's origin as the auditor knows it: brand names as they are, the rest translated. */
export function declarationSourceLabel(source: DeclarationSource | string): string {
  switch (source) {
    case 'file':
      return t('declSourceFile');
    case 'policy-page':
      return t('declSourcePolicyPage');
    case 'cookiebot':
      return 'Cookiebot';
    case 'onetrust':
      return 'OneTrust';
    case 'cookieinformation':
      return 'Cookie Information';
    default:
      return source;
  }
}
