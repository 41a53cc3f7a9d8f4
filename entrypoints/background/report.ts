import { assembleReport } from '@/lib/audit/assemble-report.ts';
import { matchDeclared } from '@/lib/declarations/name-pattern.ts';
import { loadKnowledge } from '@/lib/knowledge/load-knowledge.ts';
import type { Visit } from '@/lib/observe/visit.ts';
import type { AuditReport } from '@/lib/report/types.ts';
import { toRuleSettings } from '@/lib/storage/settings.ts';
import { getDeclaration } from '@/entrypoints/shared/store.ts';
import { settings, uiLanguage } from './settings.ts';

/**
 * The report of a passive visit: one `initial` phase, judged against the consent in force, the
 * auditor's settings and the declaration saved for the site.
 */
export async function reportForVisit(visit: Visit, version: string): Promise<AuditReport> {
  const stored = visit.site ? await getDeclaration(visit.site).catch(() => null) : null;
  const declared = stored?.table ?? null;
  return assembleReport({
    toolVersion: version,
    url: visit.url,
    site: visit.site,
    phases: [{ name: 'initial', visit, endedAt: Date.now(), gpcSent: visit.gpcSent }],
    knowledge: loadKnowledge(),
    declared,
    matchDeclared: declared
      ? (name, domain) => matchDeclared(declared, name, domain)?.entry ?? null
      : undefined,
    settings: toRuleSettings(settings(), visit.site, uiLanguage()),
    environment: {
      extensionVersion: version,
      gpcSent: visit.gpcSent,
      ...(stored ? { declarationSavedAt: stored.savedAt, declarationFrom: stored.source } : {}),
    },
  });
}
