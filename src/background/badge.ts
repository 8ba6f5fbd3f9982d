/**
 * The toolbar badge: how many papers are in the reading queue, kept current on every change.
 * Recounting reads the whole library, so bursts of changes are folded into one recount.
 */
import browser from '../shared/browser';
import type { PaperRecord } from '../shared/record';

let timer: ReturnType<typeof setTimeout> | undefined;

export function queuedCount(records: PaperRecord[]): number {
  return records.reduce((n, r) => n + (r.status === 'queued' || r.status === 'reading' ? 1 : 0), 0);
}

export function scheduleBadge(count: () => Promise<number>, delay = 150): void {
  clearTimeout(timer);
  timer = setTimeout(() => {
    void count()
      .then(async (n) => {
        await browser.action.setBadgeBackgroundColor({ color: '#0b6bcb' });
        await browser.action.setBadgeText({ text: n > 0 ? String(n) : '' });
      })
      .catch(() => undefined);
  }, delay);
}
