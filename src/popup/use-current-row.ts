/**
 * The current row: the paper the popup's keys act on. The first row is current when a list
 * opens (or the view, search or tag filter changes). When the current paper leaves the list
 * (done, removed, changed elsewhere) the row that takes its place becomes current, so the
 * next key acts on the next paper, never again on the one that left.
 */
import { useRef, useState } from 'preact/hooks';
import type { PaperId } from '../shared/paper-id';
import type { PaperRecord } from '../shared/record';

export interface CurrentRow {
  current: PaperRecord | null;
  index: number;
  /** Makes a row current; `focus` moves the keyboard focus there too (keys, not the mouse). */
  choose(id: PaperId, focus?: boolean): void;
  /** Grows each time a key asks for the focus on the current row. */
  focusSeq: number;
  /** Asks for the focus on the current row (back from the search box or an editor). */
  focusList(): void;
}

export function useCurrentRow(rows: readonly PaperRecord[], listKey: string): CurrentRow {
  // Refs, not state, for the choice: it must follow a row leaving within the same render,
  // before another key press can act on it.
  const chosen = useRef<PaperId | null>(null);
  const lastIndex = useRef(0);
  const lastKey = useRef(listKey);
  const [focusSeq, setFocusSeq] = useState(0);
  const [, rerender] = useState(0);

  if (lastKey.current !== listKey) {
    lastKey.current = listKey;
    chosen.current = null;
    lastIndex.current = 0;
  }
  let index = chosen.current ? rows.findIndex((r) => r.id === chosen.current) : -1;
  if (index < 0 && rows.length > 0) index = Math.min(lastIndex.current, rows.length - 1);
  const current = rows[index] ?? null;
  if (current) {
    chosen.current = current.id;
    lastIndex.current = index;
  }

  return {
    current,
    index,
    focusSeq,
    choose(id, focus = false) {
      chosen.current = id;
      const at = rows.findIndex((r) => r.id === id);
      if (at >= 0) lastIndex.current = at;
      if (focus) setFocusSeq((n) => n + 1);
      rerender((n) => n + 1);
    },
    focusList() {
      setFocusSeq((n) => n + 1);
    },
  };
}
