/**
 * The toolbar badge: how many papers are in the reading queue, kept current on every change.
 * Bursts of changes are folded into one recount.
 */
import browser from '../shared/browser';

let timer: ReturnType<typeof setTimeout> | undefined;

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
