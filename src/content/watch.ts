/**
 * Keeps up with pages that change without a load (Hugging Face re-renders cards, swaps the
 * day, searches as you type; arXiv barely moves). DOM mutations and in-page navigations ask
 * for a re-scan; requests are batched so a burst of mutations costs one scan per frame.
 */
import { HOST_TAG } from './host';

/** True when a mutation only added or removed Margin's own hosts (our own writes). A scan
 *  makes 2000 of these on a big listing: checked without copying the node lists. */
function isOwnMutation(m: MutationRecord): boolean {
  const ours = (list: NodeList) => {
    for (let i = 0; i < list.length; i++) if (!list[i]!.nodeName.toLowerCase().startsWith(HOST_TAG)) return false;
    return true;
  };
  return m.type === 'childList' && ours(m.addedNodes) && ours(m.removedNodes);
}

export interface Watcher {
  stop(): void;
}

/**
 * Calls `scan` once after any burst of page changes (on the next animation frame, or after
 * 100 ms in a background tab, where frames do not run), never while a scan is running, and
 * `navigated` when the URL changes in place.
 */
export function watchPage(scan: () => Promise<void>, navigated: () => void): Watcher {
  let scheduled = false;
  let running: Promise<void> | null = null;
  let again = false;
  let lastUrl = location.href;

  const run = async () => {
    scheduled = false;
    if (running) {
      again = true;
      return;
    }
    if (location.href !== lastUrl) {
      lastUrl = location.href;
      navigated();
    }
    running = scan().catch(() => undefined);
    await running;
    running = null;
    if (again) {
      again = false;
      schedule();
    }
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      void run();
    };
    requestAnimationFrame(once);
    setTimeout(once, 100);
  };

  const observer = new MutationObserver((records) => {
    if (records.every(isOwnMutation)) return;
    schedule();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });

  // pushState/replaceState from the page's own scripts are invisible to an isolated world,
  // but the Navigation API's events are DOM events and reach us; popstate covers the rest.
  const nav = (globalThis as { navigation?: EventTarget }).navigation;
  nav?.addEventListener('navigatesuccess', schedule);
  addEventListener('popstate', schedule);

  return {
    stop() {
      observer.disconnect();
      nav?.removeEventListener('navigatesuccess', schedule);
      removeEventListener('popstate', schedule);
    },
  };
}
