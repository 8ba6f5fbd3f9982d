/**
 * Sync's status for Margin's pages: read once, then followed through the background's
 * `margin/sync` events (sent to extension pages only), with the "2 min ago" kept fresh.
 */
import { useEffect, useState } from 'preact/hooks';
import browser, { type Runtime } from '../shared/browser';
import { call, isEvent, type SyncStatus } from '../shared/messages';

export function useSyncStatus(): [SyncStatus | null, (s: SyncStatus) => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [, tick] = useState(0);
  useEffect(() => {
    call('syncStatus', {}).then(setStatus, () => undefined);
    const listener = (message: unknown, sender: Runtime.MessageSender) => {
      if (sender.id !== browser.runtime.id || !isEvent(message) || message.kind !== 'margin/sync') return undefined;
      setStatus(message.status);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => {
      clearInterval(timer);
      browser.runtime.onMessage.removeListener(listener);
    };
  }, []);
  return [status, setStatus];
}

/** "just now", "2 min ago", "3 h ago", "on 28 Nov". */
export function ago(time: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - time) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  return `on ${new Date(time).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}`;
}

/** The one line the popup and the options page show; null when sync is off. */
export function syncLine(s: SyncStatus | null, now = Date.now()): { text: string; problem: boolean } | null {
  if (!s || (!s.webdav && !s.chrome)) return null;
  if (s.running) return { text: 'Syncing…', problem: false };
  if (s.lastError) {
    const retry = s.nextTryAt && s.nextTryAt > now ? ` Trying again in ${Math.max(1, Math.round((s.nextTryAt - now) / 60_000))} min.` : '';
    return { text: `Not synced: ${s.lastError.message}${retry}`, problem: true };
  }
  if (s.lastSyncAt) return { text: `Synced ${ago(s.lastSyncAt, now)}`, problem: false };
  return { text: 'Not synced yet', problem: false };
}
