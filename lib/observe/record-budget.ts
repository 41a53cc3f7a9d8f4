import type { PageRecord } from './visit.ts';

type Bucket = 'storage' | 'cookie' | 'consent';
type Limits = Readonly<Record<Bucket, { burst: number; perSecond: number }>>;

/**
 * How many page records of each kind one frame may send at once, and how fast its allowance
 * refills. A heavy page's 10,000 storage writes and 1,000 cookie writes fit in one burst.
 */
export const FRAME_BUDGET: Limits = {
  storage: { burst: 20_000, perSecond: 5_000 },
  cookie: { burst: 5_000, perSecond: 1_000 },
  consent: { burst: 500, perSecond: 50 },
};
/** The same for all frames of one tab together, enforced again by the background. */
export const TAB_BUDGET: Limits = {
  storage: { burst: 50_000, perSecond: 10_000 },
  cookie: { burst: 10_000, perSecond: 2_000 },
  consent: { burst: 1_000, perSecond: 100 },
};

/**
 * Token buckets over page records: a page may write in bursts, but a page that floods cannot
 * keep the background busy or starve other tabs — and a flood of one kind (storage writes)
 * does not starve another (the cookie writes that say who set a cookie). Trusted interactions
 * always pass. Refused storage writes are counted and reported as dropped storage, in writes.
 */
export class RecordBudget {
  private readonly tokens: Record<Bucket, number>;
  private last: number | null = null;
  private droppedStorage = 0;
  private refusedCount = 0;

  constructor(private readonly limits: Limits = FRAME_BUDGET) {
    this.tokens = {
      storage: limits.storage.burst,
      cookie: limits.cookie.burst,
      consent: limits.consent.burst,
    };
  }

  /** Whether `record`, arriving at `now` (ms), may pass. */
  admit(record: PageRecord, now: number): boolean {
    if (record.kind === 'interaction' || record.kind === 'dropped') return true;
    if (this.last !== null && now > this.last) {
      const elapsed = now - this.last;
      for (const bucket of ['storage', 'cookie', 'consent'] as const) {
        const { burst, perSecond } = this.limits[bucket];
        this.tokens[bucket] = Math.min(burst, this.tokens[bucket] + (elapsed * perSecond) / 1000);
      }
    }
    if (this.last === null || now > this.last) this.last = now;
    const bucket = bucketOf(record);
    if (this.tokens[bucket] >= 1) {
      this.tokens[bucket] -= 1;
      return true;
    }
    this.refusedCount++;
    if (record.kind === 'localStorage' || record.kind === 'sessionStorage')
      this.droppedStorage += record.writes ?? 1;
    else if (record.kind === 'indexedDB') this.droppedStorage++;
    return false;
  }

  hasDropped(): boolean {
    return this.droppedStorage > 0;
  }

  /** Refused storage writes since the last call (and resets the count). */
  takeDropped(): number {
    const n = this.droppedStorage;
    this.droppedStorage = 0;
    return n;
  }

  /** Every record refused since the budget was made. */
  get refused(): number {
    return this.refusedCount;
  }
}

function bucketOf(record: PageRecord): Bucket {
  switch (record.kind) {
    case 'cookie':
      return 'cookie';
    case 'consent':
    case 'consent-raw':
      return 'consent';
    default:
      return 'storage';
  }
}
