/**
 * Page-world observation hooks. Everything the page could later tamper with (prototypes,
 * `Reflect`, `JSON`, `postMessage`, timers) is captured once here, before any page script
 * runs; afterwards only the captured originals are called, and every hook falls back to the
 * original behaviour if observing fails. The page must behave exactly as without us.
 */
const CHANNEL = 'consentlens:page-world';
const MAX_QUEUE = 5000;
const BATCH = 400;
const MAX_SCAN_KEYS = 1000;

type Rec = Record<string, unknown>;

/** Installs the hooks and returns the function that forwards one record to the content script. */
export function installPageHooks(): (rec: Record<string, unknown>) => void {
  const w = window;
  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const getDescriptor = Object.getOwnPropertyDescriptor;
  const post = w.postMessage;
  const timeout = w.setTimeout;
  const ErrorCtor = Error;
  const StringCtor = String;
  const splice = Array.prototype.splice;
  const exec = RegExp.prototype.exec;
  const StorageProto = w.Storage?.prototype;
  const DocProto = w.Document?.prototype;
  const IDBProto = w.IDBFactory?.prototype;

  const queue: Rec[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    try {
      while (queue.length > 0) {
        const batch = apply(splice, queue, [0, BATCH]) as Rec[];
        apply(post, w, [{ channel: CHANNEL, records: batch }, '*']);
      }
    } catch {
      queue.length = 0;
    }
  }

  function emit(rec: Rec): void {
    if (queue.length >= MAX_QUEUE) return;
    queue[queue.length] = rec;
    if (!scheduled) {
      scheduled = true;
      apply(timeout, w, [flush, 0]);
    }
  }

  const urlInStack = /(https?:\/\/[^\s()]+?):\d+:\d+/g;
  /** The first http(s) script URL on the stack: the script that made the write. */
  function callerScript(): string | null {
    try {
      const stack = new ErrorCtor().stack;
      if (typeof stack !== 'string') return null;
      urlInStack.lastIndex = 0;
      const m = apply(exec, urlInStack, [stack.slice(0, 4000)]) as RegExpExecArray | null;
      return m ? (m[1] ?? null) : null;
    } catch {
      return null;
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
            emit({
              kind: 'cookie',
              write: text.length > 4600 ? text.slice(0, 4600) : text,
              script: callerScript(),
            });
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
  const kindOf = (s: unknown) =>
    s === local ? 'localStorage' : s === session ? 'sessionStorage' : null;
  /** Keys already reported (or there before the page ran), so the key scan reports each write once. */
  const seen = { localStorage: new Set<string>(), sessionStorage: new Set<string>() };
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
      const key = StringCtor(args[0]);
      seen[kind].add(key);
      emit({
        kind,
        op: 'set',
        key: clip(key),
        valueLength: StringCtor(args[1]).length,
      });
    });
    hook('removeItem', removeItem, (self, args) => {
      const kind = kindOf(self);
      if (!kind) return;
      const key = StringCtor(args[0]);
      seen[kind].delete(key);
      emit({ kind, op: 'remove', key: clip(key), valueLength: 0 });
    });
    hook('clear', clear, (self) => {
      const kind = kindOf(self);
      if (kind) seen[kind].clear();
      if (kind) emit({ kind, op: 'clear', key: '', valueLength: 0 });
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
            emit({ kind: 'indexedDB', name: clip(StringCtor(args[0])) });
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

  // Writes by property assignment (`localStorage.x = 1`) bypass setItem: a periodic key scan finds them.
  if (StorageProto) {
    const key = StorageProto.key;
    const getItem = StorageProto.getItem;
    const lengthGet = getDescriptor(StorageProto, 'length')?.get;
    const scan = () => {
      for (const [kind, store] of [
        ['localStorage', local],
        ['sessionStorage', session],
      ] as const) {
        if (!store || !lengthGet) continue;
        try {
          const n = Math.min(apply(lengthGet, store, []) as number, MAX_SCAN_KEYS);
          for (let i = 0; i < n; i++) {
            const k = apply(key, store, [i]) as string | null;
            if (k === null || seen[kind].has(k)) continue;
            seen[kind].add(k);
            const v = apply(getItem, store, [k]) as string | null;
            emit({ kind, op: 'set', key: clip(k), valueLength: v === null ? 0 : v.length });
          }
        } catch {
          /* storage became unavailable */
        }
      }
    };
    // What storage held before the page ran was written on earlier visits, not by this page load.
    const baseline = (kind: 'localStorage' | 'sessionStorage', store: Storage | null) => {
      if (!store || !lengthGet) return;
      try {
        const n = Math.min(apply(lengthGet, store, []) as number, MAX_SCAN_KEYS);
        for (let i = 0; i < n; i++) {
          const k = apply(key, store, [i]) as string | null;
          if (k !== null) seen[kind].add(k);
        }
      } catch {
        /* storage unavailable */
      }
    };
    baseline('localStorage', local);
    baseline('sessionStorage', session);
    let scans = 0;
    const tick = () => {
      scan();
      // Every second for the first half minute, then every ten: trackers write early.
      if (++scans < 200) apply(timeout, w, [tick, scans < 30 ? 1000 : 10_000]);
    };
    apply(timeout, w, [tick, 500]);
  }
  return emit;
}

function clip(s: string): string {
  return s.length > 1024 ? s.slice(0, 1024) : s;
}
