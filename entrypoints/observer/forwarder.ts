import { browser } from 'wxt/browser';
import type { Message } from '@/lib/messaging/protocol.ts';
import { PAGE_CHANNEL, validatePageRecords } from '@/lib/observe/validate-page-records.ts';
import type { PageRecord } from '@/lib/observe/visit.ts';
import { RecordBudget } from '@/lib/observe/record-budget.ts';

const SEND_DELAY_MS = 50;
/** Records per message to the background (the background accepts no more in one). */
const SEND_BATCH = 500;
/** Delays before sending a batch again that got no answer (the worker stopped while handling it). */
const RETRY_DELAYS_MS = [250, 1000, 3000];

export function startForwarder(): void {
  const buffer: PageRecord[] = [];
  const budget = new RecordBudget();
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Batch ids: unique within the tab's visit, so the background records a batch sent twice once.
  const frameId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  let sequence = 0;

  const deliver = (message: Message<'page-records'>, attempt: number) => {
    // The worker stopped before answering, the extension was reloaded or the page is closing:
    // a stopped worker is started again by the next message, so send the batch again.
    const again = () => {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay !== undefined) setTimeout(() => deliver(message, attempt + 1), delay);
    };
    browser.runtime.sendMessage(message).then((answer: unknown) => {
      // The background always answers `{ accepted }`; the polyfill turns Chrome's "port closed
      // before a response" (a worker stopped mid-answer) into no answer at all.
      if (typeof (answer as { accepted?: unknown } | undefined)?.accepted !== 'number') again();
    }, again);
  };

  const send = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const dropped = budget.takeDropped();
    if (dropped > 0) buffer.push({ kind: 'dropped', storage: dropped, time: Date.now() });
    while (buffer.length > 0) {
      const records = buffer.splice(0, SEND_BATCH);
      deliver({ type: 'page-records', records, batch: `${frameId}:${sequence++}` }, 0);
    }
  };
  const enqueue = (records: readonly PageRecord[]) => {
    for (const r of records) if (budget.admit(r, Date.now())) buffer.push(r);
    // A burst goes out in full batches at once; a trickle waits a moment to share a message.
    if (buffer.length >= SEND_BATCH) send();
    else if (timer === null && (buffer.length > 0 || budget.hasDropped()))
      timer = setTimeout(send, SEND_DELAY_MS);
  };

  // Capture phase, registered before any page script: a page's own capturing listener on
  // `window` runs after this one and cannot stop the page-world script's messages reaching us.
  window.addEventListener(
    'message',
    (event: MessageEvent) => {
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
    },
    { capture: true },
  );

  const onInteraction = (kind: 'click' | 'key') => (event: Event) => {
    if (event.isTrusted) enqueue([{ kind: 'interaction', interaction: kind, time: Date.now() }]);
  };
  // pointerdown comes before the click that makes the choice, so the interaction is on record first.
  window.addEventListener('pointerdown', onInteraction('click'), { capture: true, passive: true });
  window.addEventListener('keydown', onInteraction('key'), { capture: true, passive: true });
  // Deliver what is buffered before the document goes away.
  window.addEventListener('pagehide', send, { capture: true });
}
