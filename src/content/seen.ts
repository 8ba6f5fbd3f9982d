/**
 * "Seen": a paper counts as seen once its host was on screen for about a second. Seen
 * papers are reported to the background in batches; the "new" mark stays for this page
 * view so the user can still tell what was new when they arrived.
 */
import { call } from '../shared/messages';
import type { PaperMeta } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';

const DWELL_MS = 1000;
const FLUSH_MS = 1500;

export class SeenTracker {
  private readonly timers = new Map<Element, ReturnType<typeof setTimeout>>();
  private readonly pending = new Map<PaperId, PaperMeta>();
  private readonly done = new Set<PaperId>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly observer: IntersectionObserver;

  constructor(private readonly describe: (host: Element) => { id: PaperId; meta: PaperMeta } | undefined) {
    this.observer = new IntersectionObserver((changes) => {
      for (const c of changes) {
        if (c.isIntersecting && !(c.target as HTMLElement).hidden) this.arm(c.target);
        else this.disarm(c.target);
      }
    });
  }

  watch(host: Element): void {
    this.observer.observe(host);
  }

  unwatch(host: Element): void {
    this.observer.unobserve(host);
    this.disarm(host);
  }

  stop(): void {
    this.observer.disconnect();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.flush();
  }

  private arm(host: Element): void {
    if (this.timers.has(host)) return;
    this.timers.set(
      host,
      setTimeout(() => {
        this.timers.delete(host);
        const paper = this.describe(host);
        if (!paper || this.done.has(paper.id)) return;
        this.done.add(paper.id);
        this.unwatch(host);
        this.pending.set(paper.id, paper.meta);
        this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
      }, DWELL_MS),
    );
  }

  private disarm(host: Element): void {
    clearTimeout(this.timers.get(host));
    this.timers.delete(host);
  }

  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.size === 0) return;
    const papers = [...this.pending].map(([id, meta]) => ({ id, meta }));
    this.pending.clear();
    void call('markSeen', { papers }).catch(() => {
      // Not fatal: they will count as new next time.
    });
  }
}
