import { browser } from 'wxt/browser';
import type { Message } from '@/lib/messaging/protocol.ts';
import { PAGE_CHANNEL, validatePageRecords } from '@/lib/observe/validate-page-records.ts';
import type { PageRecord } from '@/lib/observe/visit.ts';

const SEND_DELAY_MS = 50;
const MAX_BUFFER = 5000;

export function startForwarder(): void {
  const buffer: PageRecord[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const send = () => {
    timer = null;
    while (buffer.length > 0) {
      const records = buffer.splice(0, 500);
      const message: Message<'page-records'> = { type: 'page-records', records };
      browser.runtime.sendMessage(message).catch(() => {
        /* the extension was reloaded or the page is closing */
      });
    }
  };
  const enqueue = (records: readonly PageRecord[]) => {
    for (const r of records) {
      if (buffer.length >= MAX_BUFFER) break;
      buffer.push(r);
    }
    if (timer === null) timer = setTimeout(send, SEND_DELAY_MS);
  };

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window) return;
    const data: unknown = event.data;
    if (
      typeof data !== 'object' ||
      data === null ||
      (data as { channel?: unknown }).channel !== PAGE_CHANNEL
    )
      return;
    const { records } = validatePageRecords(
      (data as { records?: unknown }).records,
      Date.now(),
      'page',
    );
    if (records.length > 0) enqueue(records);
  });

  const onInteraction = (kind: 'click' | 'key') => (event: Event) => {
    if (event.isTrusted) enqueue([{ kind: 'interaction', interaction: kind, time: Date.now() }]);
  };
  // pointerdown comes before the click that makes the choice, so the interaction is on record first.
  window.addEventListener('pointerdown', onInteraction('click'), { capture: true, passive: true });
  window.addEventListener('keydown', onInteraction('key'), { capture: true, passive: true });
  // Deliver what is buffered before the document goes away.
  window.addEventListener('pagehide', send, { capture: true });
}
