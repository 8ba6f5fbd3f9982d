/**
 * A list of papers. In the queue it is also the place to reorder by drag and drop (the keys,
 * Alt+ArrowUp / Alt+ArrowDown among them, are bound in keyboard.ts). The current row is the
 * list's one tab stop; the list keeps it drawn, in view, and focused when a key asks.
 */
import type { ComponentChildren, TargetedDragEvent } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
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
  current: PaperId | null;
  /** Grows when a key asks for the focus on the current row. */
  focusSeq: number;
  /** The editor open on the current row, if any. */
  editor?: ComponentChildren;
  onChoose(r: PaperRecord): void;
  onMove(id: PaperId, beforeId: PaperId | null): void;
  onStatus(r: PaperRecord, status: Status): void;
  onOpen(r: PaperRecord, inBackground: boolean): void;
}

export function PaperList(p: PaperListProps) {
  const { rows, reorderable, onMove } = p;
  const [limit, setLimit] = useState(FIRST_PAINT);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setLimit((n) => Math.max(n, PAGE)));
    return () => cancelAnimationFrame(frame);
  }, []);
  const [dragId, setDragId] = useState<PaperId | null>(null);
  const [drop, setDrop] = useState<{ id: PaperId; where: 'before' | 'after' } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  // A list drawn anew (a search started, the view changed) has not been asked for the focus:
  // the search box keeps it while the user types.
  const focusedSeq = useRef(p.focusSeq);

  // Keys may walk past the rows drawn so far: draw up to the current one.
  const at = p.current ? rows.findIndex((r) => r.id === p.current) : -1;
  const drawn = Math.max(limit, at + 1);

  // Focus the current row when a key asked, and when the focus fell to the page's body (the
  // popup just opened, or the focused row left the list): the list has the keyboard.
  useLayoutEffect(() => {
    if (!p.current) return;
    const row = list.current?.querySelector<HTMLElement>(`li[data-paper-id="${CSS.escape(p.current)}"]`);
    if (!row) return;
    const active = document.activeElement;
    const asked = focusedSeq.current !== p.focusSeq;
    if (asked || !active || active === document.body) {
      focusedSeq.current = p.focusSeq;
      if (!row.contains(document.activeElement)) row.focus();
      row.scrollIntoView({ block: 'nearest' });
    }
  });

  const visible = rows.slice(0, drawn);

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
      <ol class="papers" aria-label={p.label} ref={list}>
        {visible.map((r) => (
          <PaperRow
            key={r.id}
            record={r}
            inQueue={p.inQueue}
            draggable={reorderable}
            dragging={dragId === r.id}
            dropHint={drop?.id === r.id ? drop.where : null}
            current={r.id === p.current}
            onChoose={p.onChoose}
            onOpen={p.onOpen}
            onStatus={p.onStatus}
            onDragStart={dragStart}
            onDragOver={dragOver}
            onDrop={dropOn}
            onDragEnd={() => {
              setDragId(null);
              setDrop(null);
            }}
          >
            {r.id === p.current ? p.editor : null}
          </PaperRow>
        ))}
      </ol>
      {rows.length > drawn && (
        <button type="button" class="more" onClick={() => setLimit(drawn + PAGE * 2)}>
          Show more ({rows.length - drawn} not shown)
        </button>
      )}
    </>
  );
}
