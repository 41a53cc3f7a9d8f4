import { assembleReport } from '@/lib/audit/assemble-report.ts';
import { matchDeclared } from '@/lib/declarations/name-pattern.ts';
import { loadKnowledge } from '@/lib/knowledge/load-knowledge.ts';
import type { Visit } from '@/lib/observe/visit.ts';
import type { AuditReport } from '@/lib/report/types.ts';
import { toRuleSettings } from '@/lib/storage/settings.ts';
import type { DeclaredTable } from '@/lib/declarations/declared.ts';
import { getDeclaration, getDiscoveredDeclaration } from '@/entrypoints/shared/store.ts';
import { settings, uiLanguage } from './settings.ts';

/**
 * The report of a passive visit: one `initial` phase, judged against the consent in force, the
 * auditor's settings and the site's declaration — the one the auditor saved, else the one
 * found automatically.
 */
export async function reportForVisit(visit: Visit, version: string): Promise<AuditReport> {
  const stored = visit.site ? await getDeclaration(visit.site).catch(() => null) : null;
  const found =
    stored || !visit.site ? null : await getDiscoveredDeclaration(visit.site).catch(() => null);
  const declared: DeclaredTable | null = stored
    ? { ...stored.table, origin: 'user' }
    : found?.table
      ? { ...found.table, origin: 'discovered' }
      : null;
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
      ...(found && !found.table && found.note ? { declarationNote: found.note } : {}),
    },
  });
}
