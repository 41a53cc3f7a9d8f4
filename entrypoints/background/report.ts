import { assembleReport } from '@/lib/audit/assemble-report.ts';
import { loadKnowledge } from '@/lib/knowledge/load-knowledge.ts';
import type { Visit } from '@/lib/observe/visit.ts';
import type { AuditReport } from '@/lib/report/types.ts';
import { ruleSettings } from '@/lib/rules/settings.ts';

/** The report of a passive visit: one `initial` phase, judged against the consent in force. */
export function reportForVisit(visit: Visit, version: string): AuditReport {
  const now = Date.now();
  return assembleReport({
    toolVersion: version,
    url: visit.url,
    site: visit.site,
    phases: [{ name: 'initial', visit, endedAt: now }],
    knowledge: loadKnowledge(),
    declared: null,
    settings: ruleSettings({
      language: navigator.language.toLowerCase().startsWith('da') ? 'da' : 'en',
    }),
  });
}
