/**
 * Fetching a site's policy page for its declaration, without leaking anything: only http(s)
 * pages of the audited page's own site (registrable domain) unless told otherwise, no cookies
 * or other credentials sent or stored (`credentials: 'omit'`), no referrer, no HTTP cache,
 * a time limit and a size cap. The fetch function is passed in, so the same code serves the
 * extension's worker and the tests.
 */
import { siteOf } from '../domain/site.ts';
import { HTML_INPUT_LIMIT } from './html-tree.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface PolicyFetchOptions {
  /** Abort after this long (default 10 s). */
  timeoutMs?: number;
  /** Bytes of the body read at most (default the policy parser's 5 MB input limit). */
  maxBytes?: number;
  /** Also fetch pages of other sites (default false: nothing goes to another party). */
  otherSites?: boolean;
}

export type PolicyFetchResult =
  { ok: true; url: string; html: string; truncated: boolean } | { ok: false; reason: string };

export const POLICY_FETCH_TIMEOUT_MS = 10_000;

/** The request every policy fetch makes. */
export const POLICY_REQUEST: Readonly<RequestInit> = Object.freeze({
  method: 'GET',
  credentials: 'omit',
  cache: 'no-store',
  redirect: 'follow',
  referrerPolicy: 'no-referrer',
  headers: { accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5' },
});

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** Why `url` may not be fetched for the page at `pageUrl`, or null when it may. */
export function policyFetchProblem(
  url: string,
  pageUrl: string,
  otherSites = false,
): string | null {
  const target = parseUrl(url);
  if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:'))
    return 'not an http(s) address';
  if (target.username || target.password) return 'the address carries credentials';
  const page = parseUrl(pageUrl);
  if (!page) return 'the page address is unreadable';
  if (!otherSites && siteOf(target.hostname) !== siteOf(page.hostname))
    return `it is on another site (${siteOf(target.hostname)})`;
  return null;
}

/** The charset a response names in its Content-Type, or in the page's first bytes. */
function charsetOf(contentType: string, head: Uint8Array): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]{1,40})/i.exec(contentType)?.[1];
  if (fromHeader) return fromHeader;
  let ascii = '';
  for (let i = 0; i < Math.min(head.length, 2048); i++)
    ascii += String.fromCharCode(head[i] as number);
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]{1,40})/i.exec(ascii)?.[1] ?? 'utf-8';
}

function decode(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Reads at most `maxBytes` of a body; reports whether more was there. */
async function readBounded(
  response: Response,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { bytes: new Uint8Array(0), truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - size;
    if (value.length >= room) {
      chunks.push(value.subarray(0, room));
      size += room;
      truncated = value.length > room;
      if (!truncated) {
        truncated = !(await reader.read()).done;
      }
      break;
    }
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return { bytes, truncated };
}

/**
 * Fetches the policy page at `url` for the page at `pageUrl`. Redirects are followed as a
 * browser would (still without credentials); a page that ends on another site is not read.
 * Never throws.
 */
export async function fetchPolicyPage(
  fetchFn: FetchLike,
  url: string,
  pageUrl: string,
  options: PolicyFetchOptions = {},
): Promise<PolicyFetchResult> {
  const problem = policyFetchProblem(url, pageUrl, options.otherSites);
  if (problem) return { ok: false, reason: `${url} is not fetched: ${problem}` };
  const controller = new AbortController();
  const timeout = options.timeoutMs ?? POLICY_FETCH_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const response = await fetchFn(url, { ...POLICY_REQUEST, signal: controller.signal });
    const finalUrl = response.url || url;
    const moved = policyFetchProblem(finalUrl, pageUrl, options.otherSites);
    if (moved) {
      await response.body?.cancel().catch(() => {});
      return { ok: false, reason: `${url} redirected to ${finalUrl}, which is not read: ${moved}` };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      return { ok: false, reason: `${url} answered ${response.status}` };
    }
    const type = response.headers.get('content-type') ?? '';
    if (type !== '' && !/html|xml|text\/plain/i.test(type)) {
      await response.body?.cancel().catch(() => {});
      return { ok: false, reason: `${url} is not a web page (${type.slice(0, 60)})` };
    }
    const { bytes, truncated } = await readBounded(response, options.maxBytes ?? HTML_INPUT_LIMIT);
    return { ok: true, url: finalUrl, html: decode(bytes, charsetOf(type, bytes)), truncated };
  } catch (error) {
    return {
      ok: false,
      reason: controller.signal.aborted
        ? `${url} did not answer within ${Math.round(timeout / 1000)} s`
        : `${url} could not be fetched: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
    };
  } finally {
    clearTimeout(timer);
  }
}
