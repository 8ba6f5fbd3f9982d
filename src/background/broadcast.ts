/**
 * Tells every open tab and extension page what changed, so each shows the new state
 * without a reload. Tabs without Margin's content script simply do not answer.
 */
import browser from '../shared/browser';
import type { Event } from '../shared/messages';
import type { PaperRecord } from '../shared/record';

export async function sendToAll(event: Event): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all([
    ...tabs.map((tab) =>
      tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, event).catch(() => undefined),
    ),
    // The popup and the options page, when open.
    browser.runtime.sendMessage(event).catch(() => undefined),
  ]);
}

export function broadcastChanged(records: PaperRecord[]): Promise<void> {
  if (records.length === 0) return Promise.resolve();
  return sendToAll({ kind: 'margin/changed', records });
}
