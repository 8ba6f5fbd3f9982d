/**
 * What each of the reading queue's keys does (the keys themselves are in
 * shared/shortcuts.ts, their binding in keyboard.ts). Every action on a paper is said in the
 * popup's live region, since the row it changed may have left the list.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ListView } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import { inQueue, type PaperRecord, type Status } from '../shared/record';
import type { PopupAction } from '../shared/shortcuts';
import { bindPopupKeys } from './keyboard';
import type { EditorKind } from './RowEditor';
import type { CurrentRow } from './use-current-row';

export interface PopupKeyContext {
  /** The papers shown, in order: the view, the search results or the tag filter's. */
  rows: readonly PaperRecord[];
  row: CurrentRow;
  view: ListView;
  reorderable: boolean;
  setView(view: ListView): void;
  setStatus(r: PaperRecord, status: Status): void;
  move(id: PaperId, beforeId: PaperId | null): void;
  open(r: PaperRecord, inBackground: boolean): void;
  edit(what: EditorKind): void;
  focusSearch(): void;
  typeAhead(char: string): void;
  /** Empties the search; false when it was empty already. */
  clearSearch(): boolean;
  toggleHelp(): void;
  announce(text: string): void;
  close(): void;
}

const VIEW_FOR: Partial<Record<PopupAction, ListView>> = { viewQueue: 'queue', viewDone: 'done', viewAll: 'all' };
const VIEW_NAME: Record<ListView, string> = { queue: 'Queue', done: 'Done', all: 'All' };

const titleOf = (r: PaperRecord) => r.title || r.id;

/** Runs one action; false when it does nothing here, so the key keeps its default. */
export function runPopupAction(c: PopupKeyContext, action: PopupAction): boolean {
  const r = c.row.current;
  const say = (what: string) => r && c.announce(`${what}: ${titleOf(r)}`);
  const status = (to: Status, what: string) => {
    if (!r) return false;
    c.setStatus(r, to);
    say(what);
    return true;
  };
  switch (action) {
    case 'next':
    case 'prev': {
      if (c.rows.length === 0) return false;
      const step = action === 'next' ? 1 : -1;
      const at = Math.min(c.rows.length - 1, Math.max(0, c.row.index + step));
      c.row.choose(c.rows[at]!.id, true);
      return true;
    }
    case 'open':
    case 'openBackground':
      if (!r) return false;
      c.open(r, action === 'openBackground');
      if (action === 'openBackground') say('Opened in a background tab');
      return true;
    case 'reading':
      return status('reading', 'Reading');
    case 'done':
      return r?.status === 'done' ? status('queued', 'Back in the queue') : status('done', 'Marked done');
    case 'remove':
      return inQueue(r?.status) ? status('none', 'Removed from the queue') : status('queued', 'Added to the queue');
    case 'tag':
    case 'note':
      if (!r) return false;
      c.edit(action);
      return true;
    case 'moveUp':
    case 'moveDown': {
      if (!r || !c.reorderable) return false;
      const i = c.row.index;
      const target = action === 'moveUp' ? i - 1 : i + 1;
      if (target < 0 || target >= c.rows.length) return true;
      // Up: before the previous row. Down: before the row after the next one (or to the end).
      const beforeId = action === 'moveUp' ? c.rows[target]!.id : (c.rows[i + 2]?.id ?? null);
      c.move(r.id, beforeId);
      // The row is moved in the page: keep the keyboard on it.
      c.row.choose(r.id, true);
      c.announce(`Moved to ${target + 1} of ${c.rows.length}: ${titleOf(r)}`);
      return true;
    }
    case 'search':
      c.focusSearch();
      return true;
    case 'clear':
      if (!c.clearSearch()) c.close();
      return true;
    case 'viewQueue':
    case 'viewDone':
    case 'viewAll': {
      const view = VIEW_FOR[action]!;
      if (view !== c.view) {
        c.setView(view);
        c.announce(`Showing ${VIEW_NAME[view]}`);
      }
      c.row.focusList();
      return true;
    }
    case 'help':
      c.toggleHelp();
      return true;
  }
}

/** Binds the keys for the popup's life; they always act on the latest render's context. */
export function usePopupKeys(context: PopupKeyContext): void {
  const latest = useRef(context);
  latest.current = context;
  useEffect(
    () =>
      bindPopupKeys({
        run: (action) => runPopupAction(latest.current, action),
        typeAhead: (char) => latest.current.typeAhead(char),
      }),
    [],
  );
}
