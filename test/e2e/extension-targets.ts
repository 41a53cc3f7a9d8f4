import type { CDPSession } from 'playwright-core';
import type { ExtensionBrowser } from '../../cli/browser.ts';

/** A DevTools target as `Target.getTargets` / `Target.targetCreated` describe it. */
export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

type Listener = (method: string, params: Record<string, unknown>) => void;

/**
 * DevTools sessions with the extension's own targets (its service worker and its pages),
 * through one browser-level session: Playwright gives page sessions only. Commands go through
 * `Target.sendMessageToTarget` (non-flat sessions), so they do not disturb Playwright's own.
 */
export class ExtensionTargets {
  private nextId = 1;
  private readonly pending = new Map<number, (value: unknown) => void>();
  private readonly sessions = new Map<string, TargetInfo>();
  private readonly listeners: Listener[] = [];

  private constructor(
    private readonly browserSession: CDPSession,
    private readonly prefix: string,
  ) {
    browserSession.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
      };
      if (message.id !== undefined) {
        this.pending.get(message.id)?.(
          message.error ? new Error(message.error.message) : message.result,
        );
        this.pending.delete(message.id);
      } else if (message.method) {
        const target = this.sessions.get(event.sessionId);
        for (const listener of this.listeners)
          listener(message.method, { ...message.params, __target: target });
      }
    });
  }

  /** Opens the browser-level session for `browser`'s extension. */
  static async open(browser: ExtensionBrowser): Promise<ExtensionTargets> {
    const owner = browser.context.browser();
    if (!owner) throw new Error('no browser-level DevTools session for this context');
    const session = await owner.newBrowserCDPSession();
    return new ExtensionTargets(session, `chrome-extension://${browser.extensionId}/`);
  }

  /** The extension's current targets. */
  async list(): Promise<TargetInfo[]> {
    const { targetInfos } = (await this.browserSession.send('Target.getTargets')) as {
      targetInfos: TargetInfo[];
    };
    return targetInfos.filter((t) => t.url.startsWith(this.prefix));
  }

  /** The running service worker's target. */
  async worker(): Promise<TargetInfo> {
    const worker = (await this.list()).find((t) => t.type === 'service_worker');
    if (!worker) throw new Error('the extension has no running service worker');
    return worker;
  }

  /** Attaches to `target` and returns its session id (commands go through `send`). */
  async attach(target: TargetInfo): Promise<string> {
    const { sessionId } = (await this.browserSession.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    })) as { sessionId: string };
    this.sessions.set(sessionId, target);
    return sessionId;
  }

  /** Calls a DevTools method in an attached target. */
  async send<T>(sessionId: string, method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve) => this.pending.set(id, resolve));
    await this.browserSession.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method, params }),
    });
    const result = await answer;
    if (result instanceof Error) throw result;
    return result as T;
  }

  /** Events from every attached target; `params.__target` names the target. */
  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** The browser-level session itself (for `Target.*` events). */
  get browser(): CDPSession {
    return this.browserSession;
  }

  get extensionPrefix(): string {
    return this.prefix;
  }

  /** The service worker's JavaScript heap after a full garbage collection, in bytes. */
  async workerHeap(): Promise<{ used: number; total: number }> {
    const sessionId = await this.attach(await this.worker());
    await this.send(sessionId, 'HeapProfiler.collectGarbage');
    const heap = await this.send<{ usedSize: number; totalSize: number }>(
      sessionId,
      'Runtime.getHeapUsage',
    );
    await this.browserSession.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    this.sessions.delete(sessionId);
    return { used: heap.usedSize, total: heap.totalSize };
  }

  async close(): Promise<void> {
    await this.browserSession.detach().catch(() => {});
  }
}
