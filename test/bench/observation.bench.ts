import { VisitStore } from '../../entrypoints/background/visit-store.ts';
import {
  recordCookieChange,
  recordPageRecords,
  recordRequest,
  recordSetCookieHeaders,
  startVisit,
  type CookieChangeEvent,
  type RequestEvent,
  type Visit,
} from '../../lib/observe/visit.ts';
import { percentiles, timeEach, type Figure } from './figures.ts';

const EVENTS = 120_000;
/** A new page load every 4,000 events keeps every event on the recording path (below the caps). */
const EVENTS_PER_VISIT = 4_000;

/**
 * The background's cost per event, through the same functions its listeners call (the store's
 * readiness gate and dirty marking included; the coalesced storage write is not per event).
 */
export default async function bench(): Promise<Figure[]> {
  const area = { get: async () => ({}), set: async () => {}, remove: async () => {} };
  const store = new VisitStore(area);
  await store.ready;
  const hosts = Array.from({ length: 400 }, (_, i) => `cdn${i % 7}.vendor-${i}.example.com`);
  const t0 = Date.now();

  let visit: Visit = startVisit(1, 'https://shop.example.dk/', t0, 'r0');
  store.set(visit);
  const requests: RequestEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
    requestId: String(i),
    url: `https://${hosts[i % hosts.length]}/path/${i}/pixel.gif?cid=${i * 7919}&ev=page_view`,
    type: i % 3 === 0 ? 'script' : i % 3 === 1 ? 'image' : 'xmlhttprequest',
    frameId: 0,
    parentFrameId: -1,
    method: 'GET',
    initiator: 'https://shop.example.dk',
    time: t0 + i,
  }));
  let n = 0;
  const requestSamples = timeEach(requests, (ev) => {
    if (++n % EVENTS_PER_VISIT === 0) {
      visit = startVisit(1, 'https://shop.example.dk/', ev.time, ev.requestId);
      store.set(visit);
    }
    store.whenReady(() => {
      recordRequest(visit, ev);
      store.markDirty(1);
    });
  });

  // A cookie event is a Set-Cookie header (or script write) and the browser's change event it pairs with.
  const visits: Visit[] = [];
  for (let i = 0; i < 3; i++) {
    const v = startVisit(10 + i, `https://site${i}.example.dk/`, t0, `v${i}`);
    for (const h of hosts.slice(0, 40)) v.hosts[h] = true;
    visits.push(v);
    store.set(v);
  }
  const cookieEvents = Array.from({ length: EVENTS }, (_, i) => {
    const change: CookieChangeEvent = {
      cookie: {
        name: `_c${i % 500}`,
        value: `GA1.1.${i}.${t0}`,
        domain: '.example.dk',
        path: '/',
        hostOnly: false,
        secure: true,
        httpOnly: false,
        sameSite: 'lax',
        session: false,
        expirationDate: t0 / 1000 + 34_560_000,
      },
      removed: false,
      cause: 'explicit',
      time: t0 + i,
    };
    return {
      i,
      change,
      header: `_c${i % 500}=GA1.1.${i}; Max-Age=63072000; Domain=example.dk; Path=/; SameSite=Lax`,
    };
  });
  const cookieSamples = timeEach(cookieEvents, ({ i, change, header }) => {
    const v = visits[i % visits.length] as Visit;
    if (v.cookies.length >= 2_500) {
      v.cookies.length = 0;
      v.pending.length = 0;
    }
    store.whenReady(() => {
      if (i % 2 === 0) recordSetCookieHeaders(v, 'https://site.example.dk/', [header], change.time);
      else
        recordPageRecords(v, 'https://site.example.dk', [
          { kind: 'cookie', write: header, script: null, time: change.time },
        ]);
      for (const got of recordCookieChange(visits, change)) store.markDirty(got.tabId);
    });
  });

  const req = percentiles(requestSamples);
  const ck = percentiles(cookieSamples);
  return [
    {
      name: `per request (${EVENTS.toLocaleString('en')} events) median`,
      value: req.median,
      unit: 'µs',
    },
    { name: 'per request p99', value: req.p99, unit: 'µs' },
    {
      name: `per cookie event (${EVENTS.toLocaleString('en')} header/script + change pairs) median`,
      value: ck.median,
      unit: 'µs',
    },
    { name: 'per cookie event p99', value: ck.p99, unit: 'µs' },
  ];
}
