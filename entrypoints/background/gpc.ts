import { browser } from 'wxt/browser';

const GPC_RULE_ID = 1;
const GPC_SCRIPT_ID = 'consentlens-gpc';

/**
 * Sends Global Privacy Control, or stops sending it: the `Sec-GPC: 1` request header through a
 * declarativeNetRequest rule, and `navigator.globalPrivacyControl === true` defined in the page's
 * own world before any page script runs.
 */
export async function applyGpc(enabled: boolean): Promise<void> {
  try {
    await browser.declarativeNetRequest.updateDynamicRules({
      removeRuleIds: [GPC_RULE_ID],
      addRules: enabled
        ? [
            {
              id: GPC_RULE_ID,
              priority: 1,
              action: {
                type: 'modifyHeaders',
                requestHeaders: [{ header: 'Sec-GPC', operation: 'set', value: '1' }],
              },
              condition: { urlFilter: '*', resourceTypes: ALL_TYPES },
            },
          ]
        : [],
    });
    const registered = await browser.scripting.getRegisteredContentScripts({
      ids: [GPC_SCRIPT_ID],
    });
    if (enabled && registered.length === 0) {
      await browser.scripting.registerContentScripts([
        {
          id: GPC_SCRIPT_ID,
          js: ['/gpc.js'],
          matches: ['<all_urls>'],
          runAt: 'document_start',
          allFrames: true,
          world: 'MAIN',
          persistAcrossSessions: true,
        },
      ]);
    } else if (!enabled && registered.length > 0) {
      await browser.scripting.unregisterContentScripts({ ids: [GPC_SCRIPT_ID] });
    }
  } catch (error) {
    console.warn('ConsentLens: could not apply the Global Privacy Control setting:', error);
  }
}

/** Whether the `Sec-GPC` rule is in place (it outlives the worker); false when that cannot be told. */
export async function isGpcApplied(): Promise<boolean> {
  try {
    const rules = await browser.declarativeNetRequest.getDynamicRules();
    return rules.some((rule) => rule.id === GPC_RULE_ID);
  } catch {
    return false;
  }
}

const ALL_TYPES = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'websocket',
  'other',
] as Browser.declarativeNetRequest.ResourceType[];

import type { Browser } from 'wxt/browser';
