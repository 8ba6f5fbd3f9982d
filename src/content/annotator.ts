/**
 * Puts a host next to every paper an adapter finds, fills it with the user's state (one
 * store round trip per scan, for the ids not yet known), and keeps hosts current when the
 * background says something changed. Interactive UI is rendered only for hosts near the
 * viewport: a 2000-entry listing gets 2000 cheap elements, not 2000 Preact trees.
 */
import { h } from 'preact';
import { call, MarginError } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import type { PaperRecord, Status } from '../shared/record';
import type { PaperOccurrence, SiteAdapter } from '../sites/types';
import { createHost, reflectState, type Host } from './host';
import { mount } from './overlay/mount';
import { PaperBar } from './overlay/PaperBar';

export const READY_ATTR = 'data-paper-margin';

interface Entry {
  host: Host;
  occurrence: PaperOccurrence;
  rendered: boolean;
  error: string | null;
}

export class Annotator {
  private readonly entries = new Map<Element, Entry>();
  private readonly byHost = new WeakMap<Element, Entry>();
  private readonly records = new Map<PaperId, PaperRecord | null>();
  private readonly visible: IntersectionObserver;
  private hidden = false;

  constructor(readonly adapter: SiteAdapter) {
    this.visible = new IntersectionObserver((changes) => this.onVisible(changes), { rootMargin: '400px 0px' });
  }

  /** Finds the papers on the page and brings hosts in line with them. Idempotent. */
  async scan(): Promise<void> {
    const found = this.adapter.findPapers(document, new URL(location.href));
    const live = new Set<Element>();
    const unknown = new Set<PaperId>();
    for (const occ of found) {
      live.add(occ.anchor);
      let entry = this.entries.get(occ.anchor);
      if (entry && (entry.host.dataset.paperId !== occ.id || !entry.host.isConnected)) {
        this.drop(occ.anchor, entry);
        entry = undefined;
      }
      if (!entry) {
        const host = createHost(occ.id);
        host.hidden = this.hidden;
        occ.anchor.after(host);
        entry = { host, occurrence: occ, rendered: false, error: null };
        this.entries.set(occ.anchor, entry);
        this.byHost.set(host, entry);
        this.visible.observe(host);
      } else {
        entry.occurrence = occ;
      }
      if (!this.records.has(occ.id)) unknown.add(occ.id);
    }
    for (const [anchor, entry] of this.entries) if (!live.has(anchor)) this.drop(anchor, entry);

    if (unknown.size > 0) {
      const ids = [...unknown];
      try {
        const records = await call('lookup', { ids });
        ids.forEach((id, i) => this.records.set(id, records[i] ?? null));
      } catch {
        // The page still works without Margin's state; hosts show "not queued" until the
        // next scan or change event succeeds.
      }
    }
    for (const entry of this.entries.values()) this.refresh(entry);
    document.documentElement.setAttribute(READY_ATTR, 'ready');
  }

  /** New state from the background (this tab's edit or another's). */
  applyChanges(records: PaperRecord[]): void {
    const changed = new Set<PaperId>();
    for (const r of records) {
      this.records.set(r.id, r);
      changed.add(r.id);
    }
    for (const entry of this.entries.values()) if (changed.has(entry.host.dataset.paperId)) this.refresh(entry);
  }

  /** The library was deleted elsewhere: forget what we knew and ask again. */
  forgetAll(): void {
    this.records.clear();
    void this.scan();
  }

  /** The "show or hide Margin" command: hides every host on the page, data untouched. */
  toggleHidden(): void {
    this.hidden = !this.hidden;
    for (const entry of this.entries.values()) entry.host.hidden = this.hidden;
  }

  destroy(): void {
    this.visible.disconnect();
    for (const [anchor, entry] of this.entries) this.drop(anchor, entry);
    document.documentElement.removeAttribute(READY_ATTR);
  }

  private drop(anchor: Element, entry: Entry): void {
    this.visible.unobserve(entry.host);
    entry.host.remove();
    this.entries.delete(anchor);
  }

  private onVisible(changes: IntersectionObserverEntry[]): void {
    for (const change of changes) {
      if (!change.isIntersecting) continue;
      const entry = this.byHost.get(change.target);
      if (!entry || entry.rendered) continue;
      entry.rendered = true;
      this.visible.unobserve(entry.host);
      this.render(entry);
    }
  }

  private refresh(entry: Entry): void {
    reflectState(entry.host, this.records.get(entry.host.dataset.paperId) ?? null);
    if (entry.rendered) this.render(entry);
  }

  private render(entry: Entry): void {
    const id = entry.host.dataset.paperId;
    const record = this.records.get(id) ?? null;
    mount(
      entry.host,
      h(PaperBar, {
        title: entry.occurrence.title,
        status: record?.status ?? 'none',
        error: entry.error,
        onStatus: (next: Status) => void this.setStatus(entry, next),
      }),
    );
  }

  private async setStatus(entry: Entry, status: Status): Promise<void> {
    const { id, title, authors } = entry.occurrence;
    try {
      const record = await call('update', {
        id,
        patch: { status },
        meta: { title, url: location.href, ...(authors?.length ? { authors } : {}) },
      });
      entry.error = null;
      this.applyChanges([record]);
    } catch (err) {
      entry.error = err instanceof MarginError ? err.message : 'Margin could not save this change.';
      this.render(entry);
    }
  }
}
