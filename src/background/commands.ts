/**
 * Browser-level shortcuts (chrome://extensions/shortcuts). `_execute_action` is handled by
 * the browser itself; these are ours.
 */
import browser from '../shared/browser';
import type { PagePaper } from '../shared/messages';
import { toPaperId } from '../shared/paper-id';
import { inQueue } from '../shared/record';
import { handlers } from './handlers';
import { getRecords } from './store';

export const COMMANDS = ['queue-current-page', 'toggle-overlays'] as const;

export async function runCommand(name: string): Promise<void> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (!tab?.id) return;
  if (name === 'queue-current-page') {
    // activeTab, granted by the shortcut itself, lets us read the tab's URL (abs, pdf and
    // html pages, Hugging Face paper pages). Where it is not granted, Margin's content
    // script in the tab knows its own URL.
    const asked = tab.url
      ? null
      : ((await browser.tabs.sendMessage(tab.id, { kind: 'margin/page-paper' }).catch(() => null)) as PagePaper | null);
    const id = toPaperId(tab.url) ?? asked?.id ?? null;
    if (!id) {
      await flashBadge(tab.id, '?');
      return;
    }
    const [current] = await getRecords([id]);
    if (inQueue(current?.status)) {
      await flashBadge(tab.id, '✓');
      return;
    }
    await handlers.update({
      id,
      patch: { status: 'queued' },
      meta: { title: cleanTitle(tab.title ?? asked?.title ?? ''), ...(tab.url ? { url: tab.url } : {}) },
    });
    await flashBadge(tab.id, '+1');
  } else if (name === 'toggle-overlays') {
    await browser.tabs.sendMessage(tab.id, { kind: 'margin/toggle-overlays' }).catch(() => undefined);
  }
}

/** "[2412.13795] A title" (arXiv's tab titles) → "A title". */
function cleanTitle(title: string): string {
  return title.replace(/^\[[^\]]+\]\s*/, '').trim();
}

async function flashBadge(tabId: number, text: string): Promise<void> {
  await browser.action.setBadgeText({ tabId, text });
  setTimeout(() => void browser.action.setBadgeText({ tabId, text: '' }).catch(() => undefined), 1500);
}
