/**
 * Saves notes as they are typed: each paper's latest text is sent after a short pause, at
 * once when the editor closes, and when the page is hidden or closed, so closing the tab
 * never loses what was written.
 */
import type { PaperId } from '../shared/paper-id';

const PAUSE_MS = 400;
/** After a failed save (the background did not answer), the text is kept and sent again. */
const RETRY_MS = 3000;

export class NoteSaver {
  private readonly drafts = new Map<PaperId, string>();
  private readonly timers = new Map<PaperId, ReturnType<typeof setTimeout>>();

  constructor(private readonly save: (id: PaperId, note: string) => Promise<boolean>) {
    const flushAll = () => this.flushAll();
    addEventListener('pagehide', flushAll);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flushAll());
  }

  typed(id: PaperId, text: string): void {
    this.drafts.set(id, text);
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => void this.flush(id), PAUSE_MS),
    );
  }

  async flush(id: PaperId): Promise<void> {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    const text = this.drafts.get(id);
    if (text === undefined) return;
    this.drafts.delete(id);
    if (await this.save(id, text)) return;
    // Not saved: keep the text (unless newer typing replaced it) and try again.
    if (!this.drafts.has(id)) {
      this.drafts.set(id, text);
      this.timers.set(
        id,
        setTimeout(() => void this.flush(id), RETRY_MS),
      );
    }
  }

  flushAll(): void {
    for (const id of [...this.drafts.keys()]) void this.flush(id);
  }
}
