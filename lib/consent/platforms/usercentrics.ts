import type { ConsentCategory } from '../../domain/category.ts';
import { categoriesOf, foldCategories } from '../categories.ts';
import { decisionOf, readingDecision } from '../decision.ts';
import {
  MAX_LIST,
  MAX_STORAGE_VALUE,
  clip,
  isRecord,
  own,
  tryParseJson,
  unknown,
} from '../safe-input.ts';
import type { CategoryConsent, ConsentDecision, DecodeResult } from '../state.ts';

export const SOURCE = 'usercentrics';
/** localStorage key of the consent settings (Usercentrics browser UI v2). */
export const SETTINGS_KEY = 'uc_settings';
/** localStorage key set to `true` once the visitor has interacted with the banner. */
export const INTERACTION_KEY = 'uc_user_interaction';

const MAX_HISTORY = 50;

export interface UsercentricsOptions {
  /** Category of each service, by Usercentrics template id or by name, when the caller knows it. */
  serviceCategories?: Readonly<Record<string, ConsentCategory>>;
  /** The `uc_user_interaction` value, when read with the settings. */
  userInteraction?: string | null;
}

interface ServiceStatus {
  id: string;
  status: boolean | null;
  category: ConsentCategory | null;
}

interface HistoryEntry {
  action: string;
  type: string;
  timestamp: number;
}

/** The decision an action name stands for, when it stands for one. */
function decisionOfAction(action: string): ConsentDecision | null {
  if (action === 'onAcceptAllServices') return 'accept';
  if (action === 'onDenyAllServices') return 'reject';
  return null;
}

/**
 * Builds a reading from Usercentrics services: their consent status, the latest history entry
 * (which says who acted: `explicit` or `implicit`, and how: accept all, deny all, update) and,
 * when known, each service's category.
 */
export function fromServices(
  services: readonly ServiceStatus[],
  latest: HistoryEntry | null,
  via: string,
  interaction: boolean | null,
  detail: Record<string, unknown> = {},
): DecodeResult {
  const byAction = latest !== null ? decisionOfAction(latest.action) : null;
  let explicit: boolean | null =
    latest?.type === 'explicit' ? true : latest?.type === 'implicit' ? false : null;
  if (interaction === true) explicit = true;

  const mapped = services.some((s) => s.category !== null);
  let categories: CategoryConsent;
  if (mapped) {
    categories = foldCategories(services.map((s) => ({ category: s.category, granted: s.status })));
  } else if (byAction === 'accept') {
    categories = categoriesOf({ preferences: true, statistics: true, marketing: true });
  } else if (byAction === 'reject') {
    categories = categoriesOf({ preferences: false, statistics: false, marketing: false });
  } else {
    categories = categoriesOf();
  }

  let decision: ConsentDecision = readingDecision(categories, explicit);
  if (decisionOf(categories) === 'none') {
    const known = services.filter((s) => s.status !== null);
    const allGranted = known.length > 0 && known.every((s) => s.status === true);
    if (byAction !== null) decision = byAction;
    else if (allGranted) decision = 'accept';
    else if (explicit === true && known.length > 0) decision = 'custom';
    else decision = 'none';
  }
  return {
    source: SOURCE,
    via,
    decision,
    categories,
    explicit,
    recordedAt: latest?.timestamp ?? null,
    detail: {
      ...detail,
      ...(latest !== null ? { lastAction: latest.action, lastType: latest.type } : {}),
      services: services.map((s) => ({ id: s.id, granted: s.status, category: s.category })),
    },
  };
}

function categoryOf(
  options: UsercentricsOptions,
  id: string,
  name: string | null,
): ConsentCategory | null {
  const map = options.serviceCategories;
  if (map === undefined) return null;
  if (Object.hasOwn(map, id)) return map[id] ?? null;
  if (name !== null && Object.hasOwn(map, name)) return map[name] ?? null;
  return null;
}

/**
 * Decodes `uc_settings`: `{controllerId, id, language, services: [{id, status, history: [{action,
 * type, status, timestamp, …}]}]}`. The settings name services by template id only, so without
 * `serviceCategories` the categories are known only after accept-all or deny-all.
 */
export function decode(value: string, options: UsercentricsOptions = {}): DecodeResult {
  if (typeof value !== 'string') return unknown(SOURCE, 'value is not a string');
  if (value.length > MAX_STORAGE_VALUE) return unknown(SOURCE, 'value too long');
  const settings = tryParseJson(value.trim());
  if (!isRecord(settings)) return unknown(SOURCE, 'not a JSON object');
  const rawServices = own(settings, 'services');
  if (!Array.isArray(rawServices)) return unknown(SOURCE, 'no services list');
  const services: ServiceStatus[] = [];
  let latest: HistoryEntry | null = null;
  const n = Math.min(rawServices.length, MAX_LIST);
  for (let i = 0; i < n; i++) {
    const raw: unknown = rawServices[i];
    if (!isRecord(raw)) continue;
    const id = own(raw, 'id');
    if (typeof id !== 'string') continue;
    const status = own(raw, 'status');
    const name = own(raw, 'name');
    services.push({
      id: clip(id, 60),
      status: typeof status === 'boolean' ? status : null,
      category: categoryOf(options, id, typeof name === 'string' ? name : null),
    });
    const history = own(raw, 'history');
    if (!Array.isArray(history)) continue;
    const h = Math.min(history.length, MAX_HISTORY);
    for (let j = 0; j < h; j++) {
      const entry: unknown = history[j];
      if (!isRecord(entry)) continue;
      const timestamp = own(entry, 'timestamp');
      const action = own(entry, 'action');
      const type = own(entry, 'type');
      if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) continue;
      if (latest === null || timestamp >= latest.timestamp) {
        latest = {
          timestamp,
          action: typeof action === 'string' ? clip(action, 40) : '',
          type: typeof type === 'string' ? clip(type, 20).toLowerCase() : '',
        };
      }
    }
  }
  const detail: Record<string, unknown> = {};
  const controllerId = own(settings, 'controllerId');
  if (typeof controllerId === 'string') detail.controllerId = clip(controllerId, 80);
  const interaction =
    options.userInteraction === 'true' ? true : options.userInteraction === 'false' ? false : null;
  return fromServices(services, latest, `storage:${SETTINGS_KEY}`, interaction, detail);
}
