/**
 * A list of papers. In the queue it is also the place to reorder: drag a row, or focus it
 * and press Alt+ArrowUp / Alt+ArrowDown. ArrowUp/ArrowDown move between rows and Enter
 * opens the focused paper (Ctrl/Cmd+Enter in a background tab).
 */
import type { TargetedDragEvent, TargetedKeyboardEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PaperId } from '../shared/paper-id';
import type { PaperRecord, Status } from '../shared/record';
import { PaperRow } from './PaperRow';

// Rendering thousands of rows would make the popup slow to open and to scroll; nobody reads
// that far without searching. More are a click away.
// Rows drawn at first (the popup shows about eight); "Show more" draws the rest. Drawing
// 150 rows on every keystroke of a search was most of its time with a large library.
const PAGE = 50;
// The first paint draws only what fits in the popup; the rest of the page follows a frame later.
const FIRST_PAINT = 12;
const DRAG_TYPE = 'application/x-margin-paper';

export interface PaperListProps {
  label: string;
  rows: PaperRecord[];
  inQueue: boolean;
  reorderable: boolean;
  onMove(id: PaperId, beforeId: PaperId | null): void;
  onStatus(r: PaperRecord, status: Status): void;
  onOpen(r: PaperRecord, inBackground: boolean): void;
}

export function PaperList({ label, rows, inQueue, reorderable, onMove, onStatus, onOpen }: PaperListProps) {
  const [limit, setLimit] = useState(FIRST_PAINT);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setLimit((n) => Math.max(n, PAGE)));
    return () => cancelAnimationFrame(frame);
  }, []);
  const [dragId, setDragId] = useState<PaperId | null>(null);
  const [drop, setDrop] = useState<{ id: PaperId; where: 'before' | 'after' } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  // The row to focus once the list has re-rendered (after a move, or a row leaving the view).
  const focusNext = useRef<PaperId | null>(null);

  useEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    const row = list.current?.querySelector<HTMLElement>(`li[data-paper-id="${CSS.escape(id)}"]`);
    if (row) {
      focusNext.current = null;
      row.focus();
    }
  }, [rows]);

  const visible = rows.slice(0, limit);

  const moveBy = (r: PaperRecord, delta: -1 | 1) => {
    const i = rows.findIndex((x) => x.id === r.id);
    const target = i + delta;
    if (i < 0 || target < 0 || target >= rows.length) return;
    // Up: before the previous row. Down: before the row after the next one (or to the end).
    const beforeId = delta < 0 ? rows[target]!.id : (rows[i + 2]?.id ?? null);
    focusNext.current = r.id;
    onMove(r.id, beforeId);
  };

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLLIElement>, r: PaperRecord) => {
    const onRow = e.target === e.currentTarget;
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      if (reorderable) moveBy(r, e.key === 'ArrowUp' ? -1 : 1);
    } else if (onRow && !e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      const sibling = e.key === 'ArrowUp' ? e.currentTarget.previousElementSibling : e.currentTarget.nextElementSibling;
      (sibling as HTMLElement | null)?.focus();
    } else if (onRow && e.key === 'Enter') {
      e.preventDefault();
      onOpen(r, e.ctrlKey || e.metaKey);
    }
  };

  const status = (r: PaperRecord, next: Status) => {
    // The row may leave this view: keep the keyboard user's place on its neighbour.
    const i = rows.findIndex((x) => x.id === r.id);
    const neighbour = rows[i + 1] ?? rows[i - 1];
    if (list.current?.contains(document.activeElement) && neighbour) focusNext.current = neighbour.id;
    onStatus(r, next);
  };

  const dragStart = (e: TargetedDragEvent<HTMLLIElement>, r: PaperRecord) => {
    if (!reorderable || !e.dataTransfer) return;
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData(DRAG_TYPE, r.id);
    setDragId(r.id);
  };
  const dragOver = (e: TargetedDragEvent<HTMLLIElement>, r: PaperRecord) => {
    if (!dragId || !e.dataTransfer?.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    const box = e.currentTarget.getBoundingClientRect();
    const where = e.clientY < box.top + box.height / 2 ? 'before' : 'after';
    if (drop?.id !== r.id || drop.where !== where) setDrop({ id: r.id, where });
  };
  const dropOn = (e: TargetedDragEvent<HTMLLIElement>, r: PaperRecord) => {
    const id = e.dataTransfer?.getData(DRAG_TYPE) as PaperId | undefined;
    const where = drop?.id === r.id ? drop.where : 'before';
    setDrop(null);
    setDragId(null);
    if (!id || id === r.id) return;
    e.preventDefault();
    const rest = rows.filter((x) => x.id !== id);
    const at = rest.findIndex((x) => x.id === r.id);
    const beforeId = where === 'before' ? r.id : (rest[at + 1]?.id ?? null);
    onMove(id, beforeId);
  };

  return (
    <>
      <ol class="papers" aria-label={label} ref={list}>
        {visible.map((r) => (
          <PaperRow
            key={r.id}
            record={r}
            inQueue={inQueue}
            draggable={reorderable}
            dragging={dragId === r.id}
            dropHint={drop?.id === r.id ? drop.where : null}
            onOpen={onOpen}
            onStatus={status}
            onKeyDown={onKeyDown}
            onDragStart={dragStart}
            onDragOver={dragOver}
            onDrop={dropOn}
            onDragEnd={() => {
              setDragId(null);
              setDrop(null);
            }}
          />
        ))}
      </ol>
      {rows.length > limit && (
        <button type="button" class="more" onClick={() => setLimit((n) => n + PAGE * 2)}>
          Show more ({rows.length - limit} not shown)
        </button>
      )}
    </>
  );
}
