/**
 * Puts a host next to every paper an adapter finds, fills it with the user's state (one
 * store round trip per scan, for the ids not yet known), and keeps hosts current when the
 * background says something changed. Interactive UI is rendered only for hosts near the
 * viewport: a 2000-entry listing gets 2000 cheap elements, not 2000 Preact trees.
 */
import { h } from 'preact';
import { mergeRecord, sameRecord } from '../shared/merge';
import { call, MarginError, type Patch } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import { hasUserState, inQueue, type PaperRecord, type Status } from '../shared/record';
import { RULE_COLORS, type Rule } from '../shared/rules/types';
import type { PaperOccurrence, SiteAdapter } from '../sites/types';
import { isHidden, metaOf, outside, override, paperLink } from './entry';
import { createHost, reflectState, setAttr, type Host } from './host';
import { NoteSaver } from '../ui/note-saver';
import { mount } from './overlay/mount';
import { PaperOverlay, type OpenRequest } from './overlay/PaperOverlay';
import type { PageCounts, PageFilters, RuleCount } from './overlay/PageBar';
import { inSlices, RuleMarks, type Marks } from './rule-marks';
import { SeenTracker } from './seen';
import { MatchSorter } from './sort-matches';

export const READY_ATTR = 'data-paper-margin';
/** Runs `fn` when the page has nothing else to do (within two seconds). */
const whenIdle = (fn: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));
/** On <html> once the rules and library signals are applied to every entry (tests wait for it). */
export const RULES_ATTR = 'data-paper-margin-rules';

interface Entry {
  id: PaperId;
  host: Host;
  occurrence: PaperOccurrence;
  rendered: boolean;
  error: string | null;
  request: OpenRequest | null;
  dimmed?: boolean;
  highlighted?: boolean;
  /** What the rules and the library say about it (see rule-marks.ts). */
  marks?: Marks;
}

const sameMarks = (a: Marks | undefined, b: Marks | undefined): boolean =>
  (a?.rules.join() ?? '') === (b?.rules.join() ?? '') &&
  (a?.library.map((p) => p.id).join() ?? '') === (b?.library.map((p) => p.id).join() ?? '');

export class Annotator {
  private readonly entries = new Map<Element, Entry>();
  private readonly byHost = new WeakMap<Element, Entry>();
  /** Entries in page order (rebuilt on every scan): what j and k walk. */
  private order: Entry[] = [];
  private readonly records = new Map<PaperId, PaperRecord | null>();
  /** Lookups under way, by paper. */
  private readonly pending = new Map<PaperId, Promise<void>>();
  /** Papers not seen before this page view: they keep their "new" mark until it ends. */
  private readonly fresh = new Set<PaperId>();
  private readonly near: IntersectionObserver;
  private readonly seen: SeenTracker;
  private readonly notes: NoteSaver;
  private hidden = false;
  private current: Entry | null = null;
  private filters: PageFilters = { hideDone: false, onlyNew: false, tag: '', onlyMatches: false, inLibrary: false, sortMatches: false };
  private readonly rules = new RuleMarks();
  private readonly sorter = new MatchSorter();
  /** The matched entries the current sort was made for: sorted again only when they change. */
  private sortedFor = '';
  private remarkTimer: ReturnType<typeof setTimeout> | undefined;
  private requestSeq = 0;
  /** Called after every change of what the page bar shows. */
  onSummary: () => void = () => undefined;

  /**
   * Whether anything can mark this page's entries (see markRules): the worker's answer to the
   * page's first call, true from the first change of the rules or the library on.
   */
  private marking: boolean | Promise<boolean>;
  /** The entries were left unread because nothing could mark them. */
  private unmarked = false;

  constructor(
    readonly adapter: SiteAdapter,
    marking: Promise<boolean> = Promise.resolve(true),
  ) {
    this.marking = marking;
    void marking.then((known) => {
      if (this.marking === marking) this.marking = known;
    });
    this.near = new IntersectionObserver((changes) => this.onNear(changes), { rootMargin: '400px 0px' });
    this.seen = new SeenTracker((host) => {
      const entry = this.byHost.get(host);
      if (!entry) return undefined;
      return { id: entry.id, meta: metaOf(entry.occurrence) };
    });
    this.notes = new NoteSaver((id, note) => this.save(id, { note }));
  }

  /** Finds the papers on the page and brings hosts in line with them. Idempotent. */
  async scan(): Promise<void> {
    // User Timing measures: the benchmark reads Margin's own script time from these.
    const t0 = performance.now();
    const found = this.adapter.findPapers(document, new URL(location.href));
    const unknown = new Set<PaperId>();
    for (const occ of found) if (!this.records.has(occ.id)) unknown.add(occ.id);
    performance.measure('margin:scan-find', { start: t0 });
    // Asked first, so the store works while the hosts are made: on a big listing its answer
    // then waits only for the page's own layout, not for ours too.
    const learning = unknown.size > 0 ? this.learn([...unknown]) : null;
    // Where rules or the library may mark them, the entries are read next (their first slice
    // in this task) and sent to be matched, while the store answers and the page lays itself
    // out; the answer waits for that layout anyway. Measured: reading them only once the page
    // was annotated made the rules finish 16% later, and after a yield no sooner, as a
    // loading page holds timers back.
    const marking = found.some((o) => !this.entries.get(o.anchor)?.marks) ? this.markRules(found) : null;

    const t1 = performance.now();
    const live = new Set<Element>();
    const order: Entry[] = [];
    for (const occ of found) {
      if (live.has(occ.anchor)) continue;
      live.add(occ.anchor);
      let entry = this.entries.get(occ.anchor);
      if (entry && (entry.id !== occ.id || !entry.host.isConnected)) {
        this.drop(occ.anchor, entry);
        entry = undefined;
      }
      if (!entry) {
        const host = createHost(occ.id);
        host.hidden = this.hidden;
        entry = { id: occ.id, host, occurrence: occ, rendered: false, error: null, request: null };
        this.refresh(entry);
        occ.anchor.after(host);
        this.entries.set(occ.anchor, entry);
        this.byHost.set(host, entry);
        // Watched through its anchor (the paper's title): the host itself takes no layout
        // until its UI is rendered, so 2000 hosts cost the page's first layout nothing.
        this.near.observe(occ.anchor);
      } else {
        entry.occurrence = occ;
        this.refresh(entry);
      }
      order.push(entry);
    }
    for (const [anchor, entry] of this.entries) if (!live.has(anchor)) this.drop(anchor, entry);
    this.order = order;
    performance.measure('margin:scan-hosts', { start: t1 });

    if (learning) {
      const asked = performance.now();
      await learning;
      performance.measure('margin:lookup', { start: asked });
      // A newer scan took over while we waited: it shows the answer (it waited for it too).
      if (order !== this.order) return;
      const t2 = performance.now();
      for (const entry of order) if (unknown.has(entry.id)) this.refresh(entry);
      performance.measure('margin:scan-state', { start: t2 });
    }
    this.applyFilters();
    document.documentElement.setAttribute(READY_ATTR, 'ready');
    if (marking) void this.applyMarks(marking, order);
  }

  /**
   * Has these entries read (a slice at a time) and matched by the worker: see rule-marks.ts.
   * Where nothing can mark them (no rule, an empty library: the page's first question to the
   * worker says), their text is not read before the page is annotated; the listing is still
   * kept for the options page's rule test, once the page is idle.
   */
  private async markRules(found: PaperOccurrence[]): Promise<Map<Element, Marks> | null> {
    const root = document.documentElement;
    root.setAttribute(RULES_ATTR, 'marking');
    // Known by now on a listing's first scan (the page's first call answered while it loaded):
    // read synchronously, so the first slice runs before the hosts are made, not after.
    const marking = typeof this.marking === 'boolean' ? this.marking : await this.marking;
    if (!marking) {
      const run = this.rules.run;
      root.setAttribute(RULES_ATTR, 'ready');
      this.unmarked = true;
      whenIdle(() => run === this.rules.run && void this.rules.keep(found));
      return null;
    }
    this.unmarked = false;
    return this.rules.mark(found);
  }

  /** Puts the marks on the entries (a slice at a time), then sorts and counts. */
  private async applyMarks(marking: Promise<Map<Element, Marks> | null>, order: Entry[]): Promise<void> {
    const marks = await marking;
    const run = this.rules.run;
    if (!marks || order !== this.order) return;
    const apply = (entry: Entry) => {
      const next = marks.get(entry.occurrence.anchor) ?? entry.marks;
      const same = sameMarks(entry.marks, next);
      entry.marks = next;
      // Most entries match nothing: they are left alone (a listing's DOM is large).
      if (!same) this.refresh(entry);
      if (!same || entry.marks?.rules.length) this.applyEntry(entry);
    };
    if (!(await inSlices(order, apply, 'margin:rules-apply', () => run === this.rules.run && order === this.order))) return;
    this.sortMatches();
    this.onSummary();
    document.documentElement.setAttribute(RULES_ATTR, 'ready');
  }

  /**
   * The rules changed, or which papers are in the library: every entry is matched again
   * (its text is not read again), once for a burst of changes.
   */
  remark(): void {
    this.marking = true;
    clearTimeout(this.remarkTimer);
    this.remarkTimer = setTimeout(() => void this.applyMarks(this.markRules(this.order.map((e) => e.occurrence)), this.order), 300);
  }

  /** The rules matching an entry, in the user's order. */
  private matched(entry: Entry): Rule[] {
    return (entry.marks?.rules ?? []).map((i) => this.rules.rules[i]!);
  }

  /** `data-rules` (the matching rules' names, slugged like tags) and `data-in-library` (how many). */
  private reflectMarks(entry: Entry): void {
    const names = (entry.marks?.rules ?? []).map((i) => this.rules.slugs[i]!);
    setAttr(entry.host, 'data-rules', names.length ? names.join(' ') : null);
    const library = entry.marks?.library ?? [];
    setAttr(entry.host, 'data-in-library', library.length ? String(library.length) : null);
  }

  /**
   * Asks the background about papers not known yet, at most once per paper at a time: a
   * scan that starts while an earlier one's lookup is on its way (a page that keeps
   * changing) waits for that answer instead of asking again.
   */
  private learn(ids: PaperId[]): Promise<unknown> {
    const waits: Array<Promise<void>> = [];
    const ask: PaperId[] = [];
    for (const id of ids) {
      if (this.records.has(id)) continue;
      const pending = this.pending.get(id);
      if (pending) waits.push(pending);
      else ask.push(id);
    }
    if (ask.length > 0) {
      const request = call('lookup', { ids: ask }).then(
        (records) =>
          ask.forEach((id, i) => {
            // A number: only in the history (seen on that day), nothing of the user's on it.
            const r = records[i] ?? null;
            this.records.set(id, typeof r === 'number' ? null : r);
            if (r === null || (typeof r === 'object' && !r.firstSeenAt)) this.fresh.add(id);
          }),
        () => undefined, // the page works without Margin's state; the next scan asks again
      );
      const settled = request.finally(() => ask.forEach((id) => this.pending.get(id) === settled && this.pending.delete(id)));
      for (const id of ask) this.pending.set(id, settled);
      waits.push(settled);
    }
    return Promise.all(waits);
  }

  /** New state from the background (this tab's edit or another's). */
  applyChanges(records: PaperRecord[]): void {
    const changed = new Set<PaperId>();
    let libraryChanged = false;
    for (const r of records) {
      // Answers and broadcasts can cross: this tab's own save may come back after the
      // broadcast of another tab's later one. Field by field, the later edit wins.
      const known = this.records.get(r.id);
      const next = known ? mergeRecord(known, r) : r;
      if (known && sameRecord(known, next)) continue;
      // A paper joining or leaving the library changes the signal on its authors' other papers.
      if (!known || hasUserState(known) !== hasUserState(next)) libraryChanged = true;
      this.records.set(r.id, next);
      changed.add(r.id);
    }
    for (const entry of this.order) if (changed.has(entry.id)) this.refresh(entry);
    this.applyFilters();
    if (libraryChanged && (this.unmarked || this.order.some((e) => e.marks))) this.remark();
  }

  /**
   * Asks again about every paper on the page and shows what changed: for when this tab may
   * have missed a broadcast (the worker was stopped between saving and telling), run when
   * the user comes back to the tab.
   */
  async resync(): Promise<void> {
    const ids = [...new Set(this.order.map((e) => e.id))];
    if (ids.length === 0) return;
    try {
      const records = await call('lookup', { ids });
      const changed = records.filter(
        (r, i): r is PaperRecord => typeof r === 'object' && r !== null && r.updatedAt !== this.records.get(ids[i]!)?.updatedAt,
      );
      if (changed.length > 0) this.applyChanges(changed);
    } catch {
      // Nothing to show differently; the next change event or visit tries again.
    }
  }

  /** The library was deleted elsewhere: forget what we knew and ask again. */
  forgetAll(): void {
    this.records.clear();
    void this.scan();
  }

  /** The "show or hide Margin" command: hides every host on the page, data untouched. */
  toggleHidden(): void {
    this.hidden = !this.hidden;
    for (const entry of this.order) entry.host.hidden = this.hidden;
    this.onSummary();
  }

  get isHidden(): boolean {
    return this.hidden;
  }

  destroy(): void {
    this.near.disconnect();
    this.seen.stop();
    this.notes.flushAll();
    this.sorter.restore();
    for (const [anchor, entry] of this.entries) this.drop(anchor, entry);
    this.order = [];
  }

  // --- The page bar ------------------------------------------------------------------

  counts(): PageCounts {
    const c: PageCounts = { papers: 0, new: 0, queued: 0, tagged: 0, done: 0 };
    const ids = new Set(this.order.map((e) => e.id));
    for (const id of ids) {
      const r = this.records.get(id);
      c.papers++;
      if (this.fresh.has(id)) c.new++;
      if (inQueue(r?.status)) c.queued++;
      if (r?.status === 'done') c.done++;
      if (r?.tags.length) c.tagged++;
    }
    return c;
  }

  /** Each rule with how many of this page's papers it matches, and the library signal's count. */
  ruleCounts(): { rules: RuleCount[]; inLibrary: number } {
    const counts = this.rules.rules.map((rule, i) => ({ name: rule.name, slug: this.rules.slugs[i]!, action: rule.action, color: rule.color, count: 0 }));
    let inLibrary = 0;
    const seen = new Set<PaperId>();
    for (const e of this.order) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      for (const i of e.marks?.rules ?? []) counts[i]!.count++;
      if (e.marks?.library.length) inLibrary++;
    }
    return { rules: counts, inLibrary };
  }

  pageTags(): string[] {
    const tags = new Set<string>();
    for (const e of this.order) for (const t of this.records.get(e.id)?.tags ?? []) tags.add(t);
    return [...tags].sort();
  }

  getFilters(): PageFilters {
    return this.filters;
  }

  setFilters(filters: PageFilters): void {
    this.filters = filters;
    this.applyFilters();
  }

  /**
   * Dims done papers, applies the rules (the first matching rule in the user's order decides
   * how an entry looks: highlighted, dimmed or hidden) and hides filtered entries: page
   * styles only, never data.
   */
  private applyFilters(): void {
    for (const entry of this.order) this.applyEntry(entry);
    this.sortMatches();
    this.onSummary();
  }

  private applyEntry(entry: Entry): void {
    const { hideDone, onlyNew, tag, onlyMatches, inLibrary } = this.filters;
    const id = entry.id;
    const r = this.records.get(id);
    const look = this.matched(entry)[0];
    const hide =
      (hideDone && r?.status === 'done') ||
      (onlyNew && !this.fresh.has(id)) ||
      (tag !== '' && !r?.tags.includes(tag)) ||
      look?.action === 'hide' ||
      (onlyMatches && !look) ||
      (inLibrary && !entry.marks?.library.length);
    const containers = entry.occurrence.container ?? [];
    for (const el of containers) override(el, 'display', hide ? 'none' : null);
    const dim = r?.status === 'done' || look?.action === 'dim';
    if (dim || entry.dimmed) {
      for (const el of outside(containers, entry.host)) override(el, 'opacity', dim ? '0.5' : null);
      entry.dimmed = dim;
    }
    const highlight = look?.action === 'highlight' ? RULE_COLORS[look.color ?? 'yellow'] ?? RULE_COLORS.yellow : null;
    if (highlight || entry.highlighted) {
      for (const el of containers) override(el, 'background-color', highlight);
      entry.highlighted = highlight !== null;
    }
    if (hide && this.current === entry) this.setCurrent(null);
  }

  /** "Matches first", redone only when the set of matching entries changed. */
  private sortMatches(): void {
    const on = this.filters.sortMatches;
    const key = on ? this.order.map((e) => (e.marks?.rules.length ? 1 : 0)).join('') : '';
    if (key === this.sortedFor) return;
    this.sortedFor = key;
    if (!on) return this.sorter.restore();
    this.sorter.sort(this.order.map((e) => ({ containers: e.occurrence.container ?? [], matched: !!e.marks?.rules.length })));
  }

  // --- Keyboard triage -------------------------------------------------------------------

  /** The entries as the user sees them: matches first while the listing is sorted so. */
  private shownOrder(): Entry[] {
    if (!this.filters.sortMatches) return this.order;
    const hit = (e: Entry) => !!e.marks?.rules.length;
    return [...this.order.filter(hit), ...this.order.filter((e) => !hit(e))];
  }

  /** J / K: the next or previous paper a rule matches (from the current one, or the top). */
  moveMatch(step: 1 | -1): void {
    const visible = this.shownOrder().filter((e) => !isHidden(e.host, e.occurrence));
    const at = this.current ? visible.indexOf(this.current) : step > 0 ? -1 : visible.length;
    for (let i = at + step; i >= 0 && i < visible.length; i += step) {
      if (visible[i]!.marks?.rules.length) return this.setCurrent(visible[i]!);
    }
  }

  /** j / k. The first press selects the first paper in view. */
  move(step: 1 | -1): void {
    const visible = this.shownOrder().filter((e) => !isHidden(e.host, e.occurrence));
    if (visible.length === 0) return;
    let next: Entry | undefined;
    const at = this.current ? visible.indexOf(this.current) : -1;
    if (at < 0) next = visible.find((e) => e.host.getBoundingClientRect().bottom > 0) ?? visible[0];
    else next = visible[Math.min(visible.length - 1, Math.max(0, at + step))];
    if (next) this.setCurrent(next);
  }

  private setCurrent(entry: Entry | null): void {
    if (this.current) this.current.host.removeAttribute('data-current');
    this.current = entry;
    if (!entry) return;
    entry.host.setAttribute('data-current', '');
    this.ensureRendered(entry);
    const target = entry.occurrence.container?.[0] ?? entry.host;
    target.scrollIntoView({ block: 'nearest' });
    entry.host.scrollIntoView({ block: 'nearest' });
  }

  /** Runs a triage action on the current paper (nothing when there is none). */
  act(action: 'queue' | 'reading' | 'done' | 'tag' | 'note' | 'open' | 'openNewTab'): void {
    const entry = this.current;
    if (!entry) return;
    const status = this.records.get(entry.id)?.status ?? 'none';
    switch (action) {
      case 'queue':
        return void this.setStatus(entry, status === 'queued' ? 'none' : 'queued');
      case 'reading':
        return void this.setStatus(entry, 'reading');
      case 'done':
        return void this.setStatus(entry, status === 'done' ? 'none' : 'done');
      case 'tag':
      case 'note':
        entry.request = { what: action, seq: ++this.requestSeq };
        this.ensureRendered(entry);
        return this.render(entry);
      case 'open':
      case 'openNewTab': {
        const url = paperLink(entry.occurrence);
        if (action === 'open') location.assign(url);
        else window.open(url, '_blank', 'noopener');
      }
    }
  }

  // --- Hosts and their UI ---------------------------------------------------------------

  private drop(anchor: Element, entry: Entry): void {
    this.near.unobserve(anchor);
    this.seen.unwatch(entry.host);
    entry.host.remove();
    this.entries.delete(anchor);
    if (this.current === entry) this.current = null;
  }

  private onNear(changes: IntersectionObserverEntry[]): void {
    const t0 = performance.now();
    for (const change of changes) {
      const entry = change.isIntersecting ? this.entries.get(change.target) : undefined;
      if (entry) this.ensureRendered(entry);
    }
    performance.measure('margin:render', { start: t0 });
  }

  private ensureRendered(entry: Entry): void {
    if (entry.rendered) return;
    entry.rendered = true;
    this.near.unobserve(entry.occurrence.anchor);
    entry.host.style.removeProperty('display');
    // Only a host near the viewport can be seen: watching starts here, not for all 2000.
    this.seen.watch(entry.host);
    this.render(entry);
  }

  private refresh(entry: Entry): void {
    const id = entry.id;
    reflectState(entry.host, this.records.get(id) ?? null);
    setAttr(entry.host, 'data-new', this.fresh.has(id) ? '' : null);
    if (entry.marks) this.reflectMarks(entry);
    if (entry.rendered) this.render(entry);
  }

  private render(entry: Entry): void {
    const id = entry.id;
    mount(
      entry.host,
      h(PaperOverlay, {
        title: entry.occurrence.title,
        rules: this.matched(entry),
        library: entry.marks?.library ?? [],
        authors: this.rules.subject(entry.occurrence)?.authors ?? [],
        record: this.records.get(id) ?? null,
        isNew: this.fresh.has(id),
        error: entry.error,
        request: entry.request,
        actions: {
          setStatus: (s: Status) => void this.setStatus(entry, s),
          addTag: (tag: string) => void this.save(id, { addTags: [tag] }, entry),
          removeTag: (tag: string) => void this.save(id, { removeTags: [tag] }, entry),
          noteChanged: (text: string) => this.notes.typed(id, text),
          noteClosed: () => void this.notes.flush(id),
          // What was typed is saved first: "keep the note above" means the note as typed.
          resolveNote: (text: string | null) =>
            void this.notes.flush(id).then(() => this.save(id, text === null ? { resolveNote: true } : { note: text, resolveNote: true }, entry)),
          suggestTags: () => call('tags', {}),
          follow: (author: string) => void this.follow(author, entry),
        },
      }),
    );
  }

  /** "Follow this author": the Following rule grows by one name; every tab re-marks. */
  private async follow(author: string, entry: Entry): Promise<void> {
    try {
      await call('followAuthor', { author });
      entry.error = null;
    } catch (err) {
      entry.error = err instanceof MarginError ? err.message : 'Margin could not follow this author. Try again.';
      this.render(entry);
    }
  }

  private setStatus(entry: Entry, status: Status): Promise<boolean> {
    return this.save(entry.id, { status }, entry);
  }

  /**
   * Sends one change with the paper's page metadata; errors show on the paper's overlay.
   * True when it was saved.
   */
  private async save(id: PaperId, patch: Patch, entry?: Entry): Promise<boolean> {
    const target = entry ?? this.order.find((e) => e.id === id);
    const occ = target?.occurrence;
    const meta = occ ? metaOf(occ, paperLink(target.occurrence)) : undefined;
    try {
      const record = await call('update', { id, patch, ...(meta ? { meta } : {}) });
      if (target) target.error = null;
      this.applyChanges([record]);
      return true;
    } catch (err) {
      if (!target) return false;
      target.error = err instanceof MarginError ? err.message : 'Margin could not save this change. Try again.';
      this.ensureRendered(target);
      this.render(target);
      return false;
    }
  }
}
