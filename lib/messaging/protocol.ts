import type { DiscoveredDeclaration } from '../declarations/discover-declaration.ts';
import type { DataSourceInfo } from '../knowledge/types.ts';
import type { AuditReport } from '../report/types.ts';
import type { PageRecord, Visit } from '../observe/visit.ts';
import type { CutOffAudit } from '../audit/cut-off.ts';
import type { AuditRun } from '../audit/run-state.ts';

/**
 * The one message protocol between the extension's contexts. Every message names its `type`;
 * the background answers each request type with the response type mapped below and rejects
 * unknown types. The tab, frame and origin of content-script messages come from the browser's
 * `sender`, never from the message.
 */
export interface Requests {
  /**
   * content script → background: validated records from the page-world script of one frame.
   * `batch` (optional, at most 64 characters) identifies the batch, so one sent again after the
   * worker stopped before answering is recorded once; the answer comes once it is stored.
   */
  'page-records': { records: PageRecord[]; batch?: string };
  /** popup / command line → background: is the worker initialised (state restored)? */
  ready: object;
  /** popup / command line → background: the visits the background holds, newest first. */
  'list-visits': object;
  /** popup / command line → background: the report for a tab's current visit. */
  'get-report': { tabId: number };
  /** command line → background: the raw observations of a tab's current visit (the audit runner assembles phases). */
  'get-visit': { tabId: number };
  /**
   * command line → background: the audit acted on the banner for the visitor at `time`. The
   * consent platform's own clicks (autoconsent clicks through script) are not trusted events,
   * so the audit says so itself; only extension pages may send it.
   */
  'record-interaction': { tabId: number; time: number };
  /** options page → background: the knowledge base's data sources, versions and licences. */
  'knowledge-sources': object;
  /**
   * popup / options page / command line → background: find a site's declaration now, from the
   * page open in `tabId`, or for `site` by reading its policy page found before (no page open).
   * Without `refresh` a cached entry that is not yet due is answered as it is. Null: there is
   * no page to start from.
   */
  'discover-declaration': { tabId?: number; site?: string; refresh?: boolean };
  /** popup → background: run the three-phase audit in this tab ("Audit this site"). */
  'start-audit': { tabId: number };
  /** popup → background: stop the tab's running audit. */
  'cancel-audit': { tabId: number };
  /** popup → background: the tab's audit run, and its report once there is one. */
  'audit-status': { tabId: number };
  /** popup → background: an audit of the tab's site that a browser or extension restart cut off. */
  'audit-cut-off': { tabId: number };
  /**
   * autoconsent's content script (injected only during an audit) → background: one of its
   * messages (`init`, `eval`, `cmpDetected`, `optOutResult`, …), validated by the handler.
   */
  autoconsent: { message: unknown };
  /**
   * command line → background: read every response's Set-Cookie headers (exact evidence, slower
   * page loads in Chrome) or infer them (the default); kept until the browser closes. Extension
   * pages only.
   */
  'set-cookie-headers': { read: boolean };
}

export interface Responses {
  'page-records': { accepted: number };
  ready: { ready: true; version: string };
  'list-visits': { tabId: number; url: string; startedAt: number }[];
  'get-report': AuditReport | null;
  'get-visit': Visit | null;
  'record-interaction': { recorded: boolean };
  'knowledge-sources': readonly DataSourceInfo[];
  'discover-declaration': DiscoveredDeclaration | null;
  'start-audit': { started: true } | { started: false; reason: 'not-a-web-page' | 'running' };
  'cancel-audit': { cancelled: boolean };
  /** null: no audit of the tab's current page. */
  'audit-status': { run: AuditRun; report: AuditReport | null } | null;
  'audit-cut-off': CutOffAudit | null;
  /** The reply autoconsent expects (`initResp`, `evalResp`), or null. */
  autoconsent: Record<string, unknown> | null;
  'set-cookie-headers': { reading: boolean };
}

export type MessageType = keyof Requests;
export type Message<T extends MessageType = MessageType> = {
  [K in T]: { type: K } & Requests[K];
}[T];

const MESSAGE_TYPES: readonly MessageType[] = [
  'page-records',
  'ready',
  'list-visits',
  'get-report',
  'get-visit',
  'record-interaction',
  'knowledge-sources',
  'discover-declaration',
  'start-audit',
  'cancel-audit',
  'audit-status',
  'audit-cut-off',
  'autoconsent',
  'set-cookie-headers',
];

/** Narrows an incoming message's envelope; payloads are validated by each handler. */
export function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    (MESSAGE_TYPES as readonly string[]).includes((value as { type: string }).type)
  );
}
