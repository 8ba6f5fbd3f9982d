/**
 * The toolbar badge: how many papers are in the reading queue, kept current on every change.
 * Bursts of changes are folded into one recount (through the status index).
 */
import browser from '../shared/browser';
import { QUEUE_STATUSES } from '../shared/record';
import { countWithStatus } from './store';

let timer: ReturnType<typeof setTimeout> | undefined;

/** Recounts the queue after `delay` ms; `known` skips the count when the caller knows it. */
export function scheduleBadge(delay = 150, known?: number): void {
  clearTimeout(timer);
  timer = setTimeout(() => {
    void (known !== undefined ? Promise.resolve(known) : countWithStatus(QUEUE_STATUSES))
      .then(async (n) => {
        await browser.action.setBadgeBackgroundColor({ color: '#0b6bcb' });
        await browser.action.setBadgeText({ text: n > 0 ? String(n) : '' });
      })
      .catch(() => undefined);
  }, delay);
}
