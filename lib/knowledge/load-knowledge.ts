import { createKnowledge } from './create-knowledge.ts';
import { decodeBase64 } from './base64.ts';
import {
  EASYPRIVACY_ENGINE_BASE64,
  EASYPRIVACY_SCREEN,
  KNOWLEDGE_SOURCES,
  KNOWLEDGE_STAMP,
  KNOWLEDGE_TABLES_JSON,
} from './generated/knowledge-data.ts';
import type { CookieBlockEntry, KnowledgeData, OcdEntry } from './knowledge-data.ts';
import type { Knowledge } from './types.ts';

let instance: Knowledge | null = null;

/**
 * The knowledge base built from the data compiled into this build (see scripts/build-data.ts),
 * created on first call and shared afterwards. The first call restores the filter engine and
 * builds the indexes (tens of milliseconds); later calls return the same object.
 */
export function loadKnowledge(): Knowledge {
  instance ??= createKnowledge(readCompiledData());
  return instance;
}

/** The compiled data as `createKnowledge` takes it (tables parsed, engine decoded). */
export function readCompiledData(): KnowledgeData {
  const tables = JSON.parse(KNOWLEDGE_TABLES_JSON) as {
    ocd: OcdEntry[];
    cookieblock: CookieBlockEntry[];
  };
  return {
    stamp: KNOWLEDGE_STAMP,
    sources: KNOWLEDGE_SOURCES,
    ocd: tables.ocd,
    cookieblock: tables.cookieblock,
    easyprivacy: decodeBase64(EASYPRIVACY_ENGINE_BASE64),
    easyprivacyScreen: EASYPRIVACY_SCREEN,
  };
}
