/**
 * Page-world observation hooks. Everything the page could later tamper with (prototypes,
 * `Reflect`, `JSON`, `String.prototype`, `postMessage`, timers, `Error`) is captured once here,
 * before any page script runs; afterwards only the captured originals are called, arrays are
 * filled with `defineProperty` (a page's setter on `Array.prototype` never sees a record) and
 * lookups use prototype-less objects. Every hook falls back to the original behaviour if
 * observing fails: the page must behave exactly as without us.
 *
 * What a page can still do, being the owner of this world: read the records it produces
 * (they describe its own writes), forge records for itself through `postMessage` (the content
 * script validates them; they count for the page's own origin only), and falsify the script URL
 * on the stack (`Error.prepareStackTrace` is switched off while the stack is read; a page that
 * locks it gets no script URL at all, and the write is attributed to its frame's origin).
 */
const CHANNEL = 'consentlens:page-world';
/** Records waiting for the next flush; more are counted as dropped and reported as such. */
const MAX_QUEUE = 10_000;
const BATCH = 400;
const MAX_SCAN_KEYS = 1000;
/** Keys remembered as reported (the page's own memory; Web Storage holds at most 5 MB anyway). */
const MAX_SEEN_KEYS = 50_000;
const MAX_KEY = 1024;
const MAX_COOKIE_WRITE = 4600;
const MAX_WRITES = 1_000_000;

type Rec = Record<string, unknown>;
type StorageKind = 'localStorage' | 'sessionStorage';

/** Installs the hooks and returns the function that forwards one record to the content script. */
export function installPageHooks(): (rec: Record<string, unknown>) => void {
  const w = window;
  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const getDescriptor = Object.getOwnPropertyDescriptor;
  const create = Object.create;
  const keysOf = Object.keys;
  const post = w.postMessage;
  const timeout = w.setTimeout;
  const addListener = w.addEventListener;
  const ErrorCtor = Error;
  const StringCtor = String;
  const NumberCtor = Number;
  const isFiniteNumber = Number.isFinite;
  const DateCtor = Date;
  const dateNow = Date.now;
  const sliceString = String.prototype.slice;
  const exec = RegExp.prototype.exec;
  const StorageProto = w.Storage?.prototype;
  const DocProto = w.Document?.prototype;
  const IDBProto = w.IDBFactory?.prototype;
  const CookieStoreProto = (w as unknown as { CookieStore?: { prototype: object } }).CookieStore
    ?.prototype;

  const clip = (s: string, max: number): string =>
    s.length > max ? (apply(sliceString, s, [0, max]) as string) : s;
  /** Appends without consulting `Array.prototype` (a page may define index setters on it). */
  const append = (list: unknown[], value: unknown): void => {
    defineProperty(list, list.length, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  };

  let queue: Rec[] = [];
  /** `kind|key` → the queued storage `set` record repeated writes are added to. */
  let pendingSets: Record<string, Rec> = create(null) as Record<string, Rec>;
  let droppedStorage = 0;
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const records = queue;
    queue = [];
    pendingSets = create(null) as Record<string, Rec>;
    if (droppedStorage > 0) {
      append(records, { kind: 'dropped', storage: droppedStorage });
      droppedStorage = 0;
    }
    try {
      for (let start = 0; start < records.length; start += BATCH) {
        const batch: Rec[] = [];
        for (let i = start; i < records.length && i < start + BATCH; i++) append(batch, records[i]);
        apply(post, w, [{ channel: CHANNEL, records: batch }, '*']);
      }
    } catch {
      /* the window is closing */
    }
  }

  function schedule(): void {
    if (!scheduled) {
      scheduled = true;
      apply(timeout, w, [flush, 0]);
    }
  }

  function emit(rec: Rec): void {
    if (queue.length >= MAX_QUEUE) {
      // Writes are counted; a key found present is not a write (see recordStorage).
      if ((rec.kind === 'localStorage' || rec.kind === 'sessionStorage') && rec.op !== 'found')
        droppedStorage++;
      return;
    }
    append(queue, rec);
    schedule();
  }

  /** A storage write; repeated writes of one key before the next flush become one record. */
  function emitStorageSet(kind: StorageKind, key: string, valueLength: number): void {
    const id = kind + '|' + key;
    const queued = pendingSets[id];
    if (queued) {
      const writes = queued.writes as number;
      if (writes < MAX_WRITES) queued.writes = writes + 1;
      queued.valueLength = valueLength;
      return;
    }
    const rec: Rec = { kind, op: 'set', key, valueLength, writes: 1 };
    const before = queue.length;
    emit(rec);
    if (queue.length > before) pendingSets[id] = rec;
  }

  /** Another operation on a key ends the run of writes that can be merged. */
  function emitStorageOther(kind: StorageKind, op: 'remove' | 'clear', key: string): void {
    if (op === 'clear') pendingSets = create(null) as Record<string, Rec>;
    else delete pendingSets[kind + '|' + key];
    emit({ kind, op, key, valueLength: 0 });
  }

  const urlInStack = /(https?:\/\/[^\s()]+?):\d+:\d+/g;
  /** The first http(s) script URL on the stack: the script that made the write. */
  function callerScript(): string | null {
    const E = ErrorCtor as unknown as {
      prepareStackTrace?: unknown;
      stackTraceLimit?: unknown;
    };
    let prepare: unknown;
    let limit: unknown;
    try {
      prepare = E.prepareStackTrace;
      limit = E.stackTraceLimit;
      // A page's formatter could write any URL it likes: read the engine's own stack.
      if (prepare !== undefined) E.prepareStackTrace = undefined;
      if (limit !== 10) E.stackTraceLimit = 10;
      if (E.prepareStackTrace !== undefined) return null;
      const stack = new ErrorCtor().stack;
      if (typeof stack !== 'string') return null;
      urlInStack.lastIndex = 0;
      const m = apply(exec, urlInStack, [clip(stack, 4000)]) as RegExpExecArray | null;
      return m ? (m[1] ?? null) : null;
    } catch {
      return null;
    } finally {
      try {
        if (E.prepareStackTrace !== prepare) E.prepareStackTrace = prepare;
        if (E.stackTraceLimit !== limit) E.stackTraceLimit = limit;
      } catch {
        /* locked by the page */
      }
    }
  }

  // document.cookie
  const cookieDesc = DocProto ? getDescriptor(DocProto, 'cookie') : undefined;
  if (DocProto && cookieDesc?.get && cookieDesc.set) {
    const get = cookieDesc.get;
    const set = cookieDesc.set;
    try {
      defineProperty(DocProto, 'cookie', {
        configurable: true,
        enumerable: cookieDesc.enumerable ?? true,
        get() {
          return apply(get, this, []);
        },
        set(value: unknown) {
          // Convert once, as the original setter would, so the page's toString runs once.
          const text = StringCtor(value);
          try {
            emit({ kind: 'cookie', write: clip(text, MAX_COOKIE_WRITE), script: callerScript() });
          } catch {
            /* observing must never change the page's behaviour */
          }
          apply(set, this, [text]);
        },
      });
    } catch {
      /* a frozen prototype: nothing to hook */
    }
  }

  // CookieStore (`cookieStore.set` / `delete`): the other way a script writes cookies.
  if (CookieStoreProto) {
    const hookCookieStore = (name: 'set' | 'delete') => {
      const original = getDescriptor(CookieStoreProto, name)?.value as unknown;
      if (typeof original !== 'function') return;
      try {
        defineProperty(CookieStoreProto, name, {
          configurable: true,
          enumerable: true,
          writable: true,
          value: function (this: unknown, ...args: unknown[]) {
            try {
              const write = cookieStoreWrite(name, args);
              if (write !== null) emit({ kind: 'cookie', write, script: callerScript() });
            } catch {
              /* never change the page's behaviour */
            }
            return apply(original as (...a: unknown[]) => unknown, this, args);
          },
        });
      } catch {
        /* frozen */
      }
    };
    hookCookieStore('set');
    hookCookieStore('delete');
  }

  /**
   * The `cookieStore` call as the equivalent `document.cookie` write, so one parser reads both.
   * Only plain values are read: a getter or `toString` of the page is never run by us.
   */
  function cookieStoreWrite(op: 'set' | 'delete', args: unknown[]): string | null {
    const first = args[0];
    const field = (name: string): unknown =>
      typeof first === 'object' && first !== null
        ? (getDescriptor(first, name) as { value?: unknown } | undefined)?.value
        : undefined;
    const name = typeof first === 'string' ? first : field('name');
    if (typeof name !== 'string') return null;
    if (op === 'delete') return clip(name, MAX_KEY) + '=; max-age=0';
    const value = typeof first === 'string' ? args[1] : field('value');
    if (typeof value !== 'string') return null;
    let text = name + '=' + value;
    const domain = field('domain');
    const path = field('path');
    const expires = field('expires');
    if (typeof domain === 'string') text += '; domain=' + domain;
    if (typeof path === 'string') text += '; path=' + path;
    if (typeof expires === 'number' && isFiniteNumber(expires)) {
      const now = apply(dateNow, DateCtor, []) as number;
      text += '; max-age=' + StringCtor(NumberCtor((expires - now) / 1000) | 0);
    }
    return clip(text, MAX_COOKIE_WRITE);
  }

  // Web Storage
  let local: Storage | null = null;
  let session: Storage | null = null;
  try {
    local = w.localStorage;
  } catch {
    /* sandboxed or storage disabled */
  }
  try {
    session = w.sessionStorage;
  } catch {
    /* sandboxed or storage disabled */
  }
  const kindOf = (s: unknown): StorageKind | null =>
    s === local ? 'localStorage' : s === session ? 'sessionStorage' : null;
  /** Keys this frame has reported, so the key scan does not report them again. */
  const seen: Record<StorageKind, Record<string, true | undefined>> = {
    localStorage: create(null) as Record<string, true>,
    sessionStorage: create(null) as Record<string, true>,
  };
  let seenCount = 0;
  const markSeen = (kind: StorageKind, key: string) => {
    if (seen[kind][key] || seenCount >= MAX_SEEN_KEYS) return;
    seen[kind][key] = true;
    seenCount++;
  };
  // A key removed (or cleared) and written again, by any means, is new to the scan.
  const unmarkSeen = (kind: StorageKind, key: string) => {
    if (!seen[kind][key]) return;
    seen[kind][key] = undefined;
    seenCount--;
  };
  if (StorageProto) {
    const setItem = StorageProto.setItem;
    const removeItem = StorageProto.removeItem;
    const clear = StorageProto.clear;
    const hook = (
      name: 'setItem' | 'removeItem' | 'clear',
      original: (...args: never[]) => unknown,
      record: (self: unknown, args: unknown[]) => void,
    ) => {
      try {
        defineProperty(StorageProto, name, {
          configurable: true,
          enumerable: true,
          writable: true,
          value: function (this: Storage, ...args: unknown[]) {
            const result = apply(original, this, args);
            try {
              record(this, args);
            } catch {
              /* never change the page's behaviour */
            }
            return result;
          },
        });
      } catch {
        /* frozen */
      }
    };
    hook('setItem', setItem, (self, args) => {
      const kind = kindOf(self);
      if (!kind) return;
      const key = clip(StringCtor(args[0]), MAX_KEY);
      markSeen(kind, key);
      emitStorageSet(kind, key, StringCtor(args[1]).length);
    });
    hook('removeItem', removeItem, (self, args) => {
      const kind = kindOf(self);
      if (!kind) return;
      const key = clip(StringCtor(args[0]), MAX_KEY);
      unmarkSeen(kind, key);
      emitStorageOther(kind, 'remove', key);
    });
    hook('clear', clear, (self) => {
      const kind = kindOf(self);
      if (!kind) return;
      const cleared = keysOf(seen[kind]);
      for (let i = 0; i < cleared.length; i++) unmarkSeen(kind, cleared[i] as string);
      emitStorageOther(kind, 'clear', '');
    });
  }

  // IndexedDB
  if (IDBProto) {
    const open = IDBProto.open;
    try {
      defineProperty(IDBProto, 'open', {
        configurable: true,
        enumerable: true,
        writable: true,
        value: function (this: IDBFactory, ...args: unknown[]) {
          try {
            emit({ kind: 'indexedDB', name: clip(StringCtor(args[0]), MAX_KEY) });
          } catch {
            /* never change the page's behaviour */
          }
          return apply(open, this, args);
        },
      });
    } catch {
      /* frozen */
    }
  }

  // Writes by property assignment (`localStorage.x = 1`) bypass setItem: a periodic key scan
  // finds them. It reports keys as `found` (present), not as writes: every frame of an origin
  // scans the same storage, and the background counts a found key once.
  if (StorageProto) {
    const key = StorageProto.key;
    const getItem = StorageProto.getItem;
    const lengthGet = getDescriptor(StorageProto, 'length')?.get;
    const count = (store: Storage): number => {
      const n = apply(lengthGet as () => unknown, store, []);
      return typeof n === 'number' && n < MAX_SCAN_KEYS ? n : MAX_SCAN_KEYS;
    };
    const scan = (kind: StorageKind, store: Storage | null, report: boolean) => {
      // Past MAX_SEEN_KEYS the scan could no longer tell new keys from reported ones.
      if (!store || !lengthGet || seenCount >= MAX_SEEN_KEYS) return;
      try {
        const n = count(store);
        for (let i = 0; i < n; i++) {
          const k = apply(key, store, [i]) as string | null;
          if (k === null) continue;
          const clipped = clip(k, MAX_KEY);
          if (seen[kind][clipped]) continue;
          markSeen(kind, clipped);
          if (!report) continue;
          const v = apply(getItem, store, [k]) as string | null;
          emit({ kind, op: 'found', key: clipped, valueLength: v === null ? 0 : v.length });
        }
      } catch {
        /* storage became unavailable */
      }
    };
    // What storage held before the page ran was written on earlier visits, not by this page load.
    scan('localStorage', local, false);
    scan('sessionStorage', session, false);
    // localStorage is shared by every tab of the origin: what another document writes arrives
    // here as a trusted `storage` event, and is that document's write, not this page's.
    const StorageEventProto = w.StorageEvent?.prototype;
    const keyGet = StorageEventProto ? getDescriptor(StorageEventProto, 'key')?.get : undefined;
    const areaGet = StorageEventProto
      ? getDescriptor(StorageEventProto, 'storageArea')?.get
      : undefined;
    if (keyGet && areaGet)
      apply(addListener, w, [
        'storage',
        (event: Event) => {
          try {
            if (!event.isTrusted) return;
            const kind = kindOf(apply(areaGet, event, []));
            const k = apply(keyGet, event, []) as unknown;
            if (kind && typeof k === 'string') markSeen(kind, clip(k, MAX_KEY));
          } catch {
            /* never change the page's behaviour */
          }
        },
        true,
      ]);
    let scans = 0;
    const tick = () => {
      scan('localStorage', local, true);
      scan('sessionStorage', session, true);
      // Every second for the first half minute, then every ten: trackers write early.
      if (++scans < 200) apply(timeout, w, [tick, scans < 30 ? 1000 : 10_000]);
    };
    apply(timeout, w, [tick, 500]);
  }
  return emit;
}
