import { afterEach, describe, expect, test, vi } from 'vitest';
import { VisitStore } from '../../../entrypoints/background/visit-store.ts';
import { startVisit } from '../../../lib/observe/visit.ts';
import { MemoryStorageArea } from '../../support/memory-storage-area.ts';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const visitOf = (tabId: number) => startVisit(tabId, 'https://shop.example.dk/', T0, 'r1');

afterEach(() => {
  vi.useRealTimers();
});

describe('VisitStore', () => {
  test('a stopped worker’s successor restores every visit that was written', async () => {
    const area = new MemoryStorageArea();
    const first = new VisitStore(area);
    await first.ready;
    first.set(visitOf(1));
    first.set(visitOf(2));
    await first.persist();
    const second = new VisitStore(area);
    await second.ready;
    expect([...second.all()].map((v) => v.tabId).sort()).toEqual([1, 2]);
  });

  test('written() resolves only once the changes made so far are stored', async () => {
    const area = new MemoryStorageArea();
    const store = new VisitStore(area);
    await store.ready;
    const visit = visitOf(1);
    store.set(visit);
    let done = false;
    const waiting = store.written().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    expect(area.snapshot()).toEqual({});
    await waiting;
    // Each visit is stored as one JSON string.
    expect(JSON.parse(area.snapshot()['visit:1'] as string)).toMatchObject({ tabId: 1 });
    // Nothing changed since: answers at once.
    await store.written();
  });

  test('persist() writes now, and waits for a write already under way', async () => {
    const area = new MemoryStorageArea();
    const store = new VisitStore(area);
    await store.ready;
    store.set(visitOf(1));
    const flushing = store.flush();
    const persisted = store.persist();
    await persisted;
    expect(area.snapshot()['visit:1']).toBeDefined();
    await flushing;
  });

  test('a failing storage.session: observation goes on in memory and waiters are released', async () => {
    const area = new MemoryStorageArea();
    area.fail('get', new Error('IO error'));
    area.fail('set', new Error('Resource::kQuotaBytes quota exceeded'));
    const store = new VisitStore(area);
    await store.ready;
    expect(store.lastError).toBe('IO error');
    store.set(visitOf(1));
    await store.persist();
    await store.written();
    expect(store.lastError).toContain('quota');
    expect(store.get(1)?.tabId).toBe(1);
  });

  test('storage or settings that never answer hold the handlers back only so long', async () => {
    vi.useFakeTimers();
    const area = new MemoryStorageArea();
    area.hang('get');
    const store = new VisitStore(area, () => {}, new Promise(() => {}));
    let ran = false;
    store.whenReady(() => (ran = true));
    await vi.advanceTimersByTimeAsync(4_000);
    expect(ran).toBe(false);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(ran).toBe(true);
  });

  test('a badge update that throws does not stop writing', async () => {
    const area = new MemoryStorageArea();
    const store = new VisitStore(area, () => {
      throw new Error('no badge');
    });
    await store.ready;
    store.set(visitOf(1));
    await store.persist();
    store.set(visitOf(2));
    await store.persist();
    expect(Object.keys(area.snapshot()).sort()).toEqual(['visit:1', 'visit:2']);
  });
});
