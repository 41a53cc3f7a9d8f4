import { hostOf } from '../domain/site.ts';
import type { Duration } from '../duration/duration.ts';
import { parseDuration } from '../duration/parse-duration.ts';
import { createCookieClassifier } from './cookie-classifier.ts';
import { buildHostTable, buildPlatformLabels } from './host-table.ts';
import type { KnowledgeData } from './knowledge-data.ts';
import { createRequestClassifier } from './request-classifier.ts';
import { createTrackerMatcher } from './tracker-matcher.ts';
import type { Knowledge } from './types.ts';

export interface CreateKnowledgeOptions {
  /** Reads the data's retention texts (default: the declared-table reader's parseDuration). */
  parseRetention?: (text: string) => Duration;
  /** Hosts whose vendor lookups are remembered (default 16384). */
  hostCacheSize?: number;
}

/**
 * Builds the knowledge base from compiled data: restores the EasyPrivacy engine and builds the
 * name, prefix and domain indexes once, so every classification afterwards is a few Map
 * lookups. Pure: no browser API, no I/O.
 */
export function createKnowledge(
  data: KnowledgeData,
  options: CreateKnowledgeOptions = {},
): Knowledge {
  const requests = createRequestClassifier({
    hostTable: buildHostTable(data.ocd),
    platformLabels: buildPlatformLabels(data.ocd),
    tracker:
      data.easyprivacy && data.easyprivacyScreen
        ? createTrackerMatcher(data.easyprivacy, data.easyprivacyScreen)
        : null,
    cacheSize: options.hostCacheSize,
  });
  const cookies = createCookieClassifier({
    ocd: data.ocd,
    cookieblock: data.cookieblock,
    hostRecord: (host) => requests.hostRecord(host),
    parseRetention: options.parseRetention ?? ((text) => parseDuration(text)),
  });
  const sources = Object.freeze(data.sources.map((s) => Object.freeze({ ...s })));
  return {
    classifyCookie: (name, domain, context) => cookies.classify(name, domain, context),
    classifyStorageKey: (key, origin, context) =>
      cookies.classify(key, hostOf(origin) ?? '', context),
    classifyRequest: (input) => requests.classify(input),
    sources,
  };
}
