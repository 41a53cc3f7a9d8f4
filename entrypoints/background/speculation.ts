import type { Visit } from '@/lib/observe/visit.ts';

/**
 * Page loads the browser makes ahead of time (speculation rules, `Sec-Purpose: prefetch` or
 * `prefetch;prerender`) look like any top-level request until their headers are sent. Without
 * care, one line of speculation rules on a page would replace the visit the tab is showing —
 * its evidence gone — by a page the visitor never opened. A speculative load is kept aside
 * instead, and becomes the tab's visit only if the tab actually shows it.
 *
 * In memory only: a worker that restarts in between forgets the speculative load (what the
 * tab shows is still recorded by its own visit).
 */
export class SpeculativeVisits {
  /** The visit a new top-level request just replaced, by tab: restored if that request was speculative. */
  private readonly replaced = new Map<number, Visit>();
  private readonly speculative = new Map<number, Visit>();

  /** A top-level request started a new visit in place of `previous` (if any). */
  started(tabId: number, previous: Visit | undefined): void {
    if (previous) this.replaced.set(tabId, previous);
    else this.replaced.delete(tabId);
    this.speculative.delete(tabId);
  }

  /**
   * The request `current` was started for turned out speculative: sets it aside and returns the
   * visit the tab should keep (the one it replaced), or undefined when there was none.
   */
  setAside(tabId: number, current: Visit): Visit | undefined {
    this.speculative.set(tabId, current);
    const previous = this.replaced.get(tabId);
    this.replaced.delete(tabId);
    return previous;
  }

  /** The speculative load of a tab, for its requests and page records while it is not shown. */
  get(tabId: number): Visit | undefined {
    return this.speculative.get(tabId);
  }

  /** The tab now shows `url`: the speculative visit for that URL, if any, to become the tab's visit. */
  activated(tabId: number, url: string): Visit | undefined {
    const visit = this.speculative.get(tabId);
    if (!visit || withoutHash(visit.url) !== withoutHash(url)) return undefined;
    this.speculative.delete(tabId);
    return visit;
  }

  forget(tabId: number): void {
    this.replaced.delete(tabId);
    this.speculative.delete(tabId);
  }
}

function withoutHash(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}
