import { NO_CONSENT } from '@/lib/consent/state.ts';
import { getKnowledge } from './knowledge.ts';
import type { Visit } from '@/lib/observe/visit.ts';
import { buildReport } from '@/lib/report/build-report.ts';
import type { AuditReport } from '@/lib/report/types.ts';

/** The report of a passive visit: one `initial` phase. */
export function reportForVisit(visit: Visit, version: string): AuditReport {
  return buildReport({
    toolVersion: version,
    url: visit.url,
    site: visit.site,
    startedAt: visit.startedAt,
    finishedAt: Date.now(),
    phases: [
      {
        name: 'initial',
        startedAt: visit.startedAt,
        consent: NO_CONSENT,
        requests: visit.requests,
        cookies: visit.cookies,
        storage: visit.storage,
        dropped: visit.dropped,
      },
    ],
    knowledge: getKnowledge(),
    declared: null,
    violations: [],
  });
}
