import type { ReportCookie } from '../report/types.ts';
import type { ConsentCookieInfo } from './input.ts';

function bareDomain(domain: string): string {
  return domain.replace(/^\./, '').toLowerCase();
}

/** Whether `cookie` is the one `info` names (any domain when `info.domain` is absent). */
function matchesInfo(
  cookie: Pick<ReportCookie, 'name' | 'domain'>,
  info: ConsentCookieInfo,
): boolean {
  if (cookie.name !== info.name) return false;
  return info.domain == null || bareDomain(info.domain) === bareDomain(cookie.domain);
}

/**
 * Whether `cookie` is the consent platform's own record: the one `info` names, or any cookie the
 * knowledge base attributes to a consent platform. Such cookies hold the visitor's choice, so
 * the before-consent and after-reject rules never report them.
 */
export function isConsentPlatformCookie(
  cookie: Pick<ReportCookie, 'name' | 'domain' | 'classifiedBy'>,
  info: ConsentCookieInfo | null | undefined,
): boolean {
  if (info && matchesInfo(cookie, info)) return true;
  return cookie.classifiedBy === 'consent-platform';
}

/**
 * Whether `cookie` is the consent record whose lifetime `consent-lifetime-too-long` measures:
 * the one `info` names when given; otherwise a `necessary` cookie classified by `consent-platform`.
 */
export function isConsentRecordCookie(
  cookie: Pick<ReportCookie, 'name' | 'domain' | 'classifiedBy' | 'category'>,
  info: ConsentCookieInfo | null | undefined,
): boolean {
  if (info) return matchesInfo(cookie, info);
  return cookie.classifiedBy === 'consent-platform' && cookie.category === 'necessary';
}
