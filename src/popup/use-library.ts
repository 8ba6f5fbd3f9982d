/**
 * The popup's data: the current view's papers, counts, tags and the search index, kept
 * current from the background's events. The queue is fetched first and alone, so it shows
 * at once however large the library is; everything proportional to the library (counts,
 * tags, the search index) waits until after the queue has been painted.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import browser, { type Runtime } from '../shared/browser';
import { call, isEvent, type ListView, type TagCount } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import { inQueue, type PaperRecord, type Status } from '../shared/record';
import { tagCounts } from '../shared/tag-counts';
import { errorText } from '../ui/errors';
import type { PaperIndex } from './search';

export type Counts = Record<ListView, number | null>;

/** The queue with `id` moved to just before `beforeId` (null: the end), as the background will. */
export function reorder(rows: PaperRecord[], id: PaperId, beforeId: PaperId | null): PaperRecord[] {
  const moved = rows.find((r) => r.id === id);
  if (!moved) return rows;
  const rest = rows.filter((r) => r.id !== id);
  const at = beforeId === null ? rest.length : rest.findIndex((r) => r.id === beforeId);
  return at < 0 ? rows : [...rest.slice(0, at), moved, ...rest.slice(at)];
}

/**
 * The queue, asked for as the popup's script starts (main.tsx), before the first render:
 * asked from the first render's effects, it left only after that render had been painted.
 * Taken once, by the first load of the queue view.
 */
let early: Promise<PaperRecord[]> | null = null;
export function askForQueue(): void {
  early ??= call('list', { view: 'queue' });
  early.catch(() => undefined); // the load that takes it reports the error
}
function listOf(which: ListView): Promise<PaperRecord[]> {
  const asked = which === 'queue' ? early : null;
  early = null;
  return asked ?? call('list', { view: which });
}

/** Runs `fn` once the browser is idle after the next paint (the queue is on screen by then). */
function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => {
    if ('requestIdleCallback' in window) requestIdleCallback(fn, { timeout: 300 });
    else setTimeout(fn, 0);
  });
}

export function useLibrary() {
  const [view, setViewState] = useState<ListView>('queue');
  const [rows, setRows] = useState<PaperRecord[] | null>(null);
  const [counts, setCounts] = useState<Counts>({ queue: null, done: null, all: null });
  const [tags, setTags] = useState<TagCount[]>([]);
  const [searchReady, setSearchReady] = useState(false);
  // The index is mutated in place on every change; `version` re-renders what depends on it.
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const index = useRef<PaperIndex | null>(null);
  const pending = useRef<PaperRecord[]>([]);
  const viewRef = useRef<ListView>('queue');
  const loadSeq = useRef(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const loadView = useCallback(async (which: ListView) => {
    const seq = ++loadSeq.current;
    try {
      const list = await listOf(which);
      if (seq !== loadSeq.current) return; // a later load (another view) won
      setRows(list);
      setCounts((c) => ({ ...c, [which]: list.length }));
    } catch (err) {
      setError(errorText(err));
      setRows((r) => r ?? []);
    }
  }, []);

  /**
   * Counts and tags, from the library the search index already holds: asking the
   * background for them would read the whole library twice more at every opening.
   */
  const loadExtras = useCallback(() => {
    const all = index.current?.records();
    if (!all) return;
    setCounts({ queue: all.filter((r) => inQueue(r.status)).length, done: all.filter((r) => r.status === 'done').length, all: all.length });
    setTags(tagCounts(all));
  }, []);

  const buildIndex = useCallback(async () => {
    try {
      const [{ PaperIndex }, all] = await Promise.all([import('./search'), call('exportAll', {})]);
      const built = new PaperIndex(all);
      built.upsert(pending.current.splice(0)); // changes that arrived while building
      index.current = built;
      loadExtras();
      setSearchReady(true);
      setVersion((v) => v + 1);
      performance.mark('margin:search-ready');
      document.documentElement.dataset.searchReady = 'true';
    } catch (err) {
      setError(errorText(err));
    }
  }, []);

  /** Folds a burst of change events into one reload. */
  const refresh = useCallback(() => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => {
      void loadView(viewRef.current);
      loadExtras();
    }, 60);
  }, [loadView, loadExtras]);

  useEffect(() => {
    void loadView('queue');
    const listener = (message: unknown, sender: Runtime.MessageSender) => {
      // Only the background's broadcasts; other pages' calls pass here too and are not ours.
      if (sender.id !== browser.runtime.id || !isEvent(message)) return undefined;
      if (message.kind === 'margin/changed') {
        if (index.current) index.current.upsert(message.records);
        else pending.current.push(...message.records);
      } else if (message.kind === 'margin/cleared') {
        pending.current = [];
        index.current?.clear();
      } else if (message.kind === 'margin/reload') {
        // Much changed (an import): build the search index again from the library.
        if (index.current) void buildIndex();
      } else return undefined;
      setVersion((v) => v + 1);
      refresh();
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [loadView, refresh, buildIndex]);

  // The first time the queue (or the empty state) is on screen: mark it, then do the rest.
  const firstShown = useRef(false);
  useEffect(() => {
    if (rows === null || firstShown.current) return;
    firstShown.current = true;
    performance.mark('margin:queue-rendered');
    document.documentElement.dataset.queueReady = 'true';
    afterPaint(() => void buildIndex());
  }, [rows, buildIndex]);

  const setView = useCallback(
    (next: ListView) => {
      viewRef.current = next;
      setViewState(next);
      setRows(null); // never show (or act on) one view's rows under another's name
      void loadView(next);
    },
    [loadView],
  );

  const move = useCallback(
    async (id: PaperId, beforeId: PaperId | null) => {
      setRows((r) => r && reorder(r, id, beforeId)); // at once; the background confirms
      try {
        await call('move', { id, beforeId });
      } catch (err) {
        setError(errorText(err));
      }
      refresh();
    },
    [refresh],
  );

  const setStatus = useCallback(
    async (id: PaperId, status: Status) => {
      // A paper that leaves this view leaves the list at once (the background confirms), so a
      // key pressed next acts on the row that took its place, not on this paper again.
      const stays = viewRef.current === 'all' || (viewRef.current === 'done' ? status === 'done' : inQueue(status));
      if (!stays) setRows((r) => r && r.filter((x) => x.id !== id));
      try {
        await call('update', { id, patch: { status } });
        setError(null);
      } catch (err) {
        setError(errorText(err));
      }
      refresh();
    },
    [refresh],
  );

  return { view, setView, rows, counts, tags, searchReady, version, index, error, setError, move, setStatus };
}
