/**
 * One paper in the popup: its title (opens it), where it was found, its tags, a note
 * marker, and the status actions that fit where it stands. The current row (the one the
 * keys act on) is the list's one tab stop (a roving tabindex) and may hold an open editor.
 */
import type { ComponentChildren, TargetedDragEvent, TargetedMouseEvent } from 'preact';
import type { PaperRecord, Status } from '../shared/record';
import { foundOn, paperUrl } from './open-paper';

const STATUS_LABEL: Record<Status, string> = { none: 'Not queued', queued: 'Queued', reading: 'Reading', done: 'Done' };

interface Action {
  to: Status;
  label: string;
  icon: string;
}

function actionsFor(status: Status): Action[] {
  switch (status) {
    case 'queued':
      return [
        { to: 'reading', label: 'Start reading', icon: '▶' },
        { to: 'done', label: 'Mark done', icon: '✓' },
        { to: 'none', label: 'Remove from queue', icon: '✕' },
      ];
    case 'reading':
      return [
        { to: 'done', label: 'Mark done', icon: '✓' },
        { to: 'none', label: 'Remove from queue', icon: '✕' },
      ];
    case 'done':
      return [{ to: 'queued', label: 'Back to the queue', icon: '↺' }];
    case 'none':
      return [{ to: 'queued', label: 'Add to queue', icon: '+' }];
  }
}

export interface PaperRowProps {
  record: PaperRecord;
  /** In the queue every row is queued: only "Reading" is worth saying there. */
  inQueue: boolean;
  draggable: boolean;
  dropHint: 'before' | 'after' | null;
  dragging: boolean;
  current: boolean;
  /** The tag input or note editor open on this row. */
  children?: ComponentChildren;
  onOpen(r: PaperRecord, inBackground: boolean): void;
  onStatus(r: PaperRecord, status: Status): void;
  /** Focus reached the row or one of its buttons (a click, Tab): it becomes current. */
  onChoose(r: PaperRecord): void;
  onDragStart(e: TargetedDragEvent<HTMLLIElement>, r: PaperRecord): void;
  onDragOver(e: TargetedDragEvent<HTMLLIElement>, r: PaperRecord): void;
  onDrop(e: TargetedDragEvent<HTMLLIElement>, r: PaperRecord): void;
  onDragEnd(): void;
}

export function PaperRow(p: PaperRowProps) {
  const r = p.record;
  const titleId = `t-${r.id}`;
  const metaId = `m-${r.id}`;
  const host = foundOn(r);
  const title = r.title || r.id;
  const click = (e: TargetedMouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    p.onOpen(r, e.ctrlKey || e.metaKey || e.shiftKey);
  };
  const auxClick = (e: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 1) return;
    e.preventDefault();
    p.onOpen(r, true);
  };
  return (
    <li
      class="row"
      data-paper-id={r.id}
      data-status={r.status}
      data-drop={p.dropHint ?? undefined}
      data-dragging={p.dragging ? 'true' : undefined}
      data-current={p.current ? 'true' : undefined}
      tabIndex={p.current ? 0 : -1}
      aria-labelledby={titleId}
      aria-describedby={metaId}
      aria-keyshortcuts={`Enter Control+Enter R X Q T N${p.draggable ? ' Alt+ArrowUp Alt+ArrowDown' : ''}`}
      // Not while an editor is open: a draggable row would take the editor's text selection.
      draggable={p.draggable && !p.children}
      onFocusIn={() => !p.current && p.onChoose(r)}
      onDragStart={(e) => p.onDragStart(e, r)}
      onDragOver={(e) => p.onDragOver(e, r)}
      onDrop={(e) => p.onDrop(e, r)}
      onDragEnd={p.onDragEnd}
    >
      {p.draggable && (
        <span class="grip" aria-hidden="true" title="Drag to reorder (or Alt+↑ / Alt+↓)">
          ⋮⋮
        </span>
      )}
      <div class="body">
        <a
          class="title"
          id={titleId}
          href={paperUrl(r)}
          tabIndex={-1}
          draggable={false}
          onClick={click}
          onAuxClick={auxClick}
          // A middle press would start autoscroll before auxclick arrives.
          onMouseDown={(e) => e.button === 1 && e.preventDefault()}
        >
          {title}
        </a>
        <div class="meta" id={metaId}>
          {r.status === 'reading' || !p.inQueue ? (
            <span class="status" data-status={r.status}>
              {STATUS_LABEL[r.status]}
            </span>
          ) : null}
          {host && <span class="host">{host}</span>}
          {r.note && (
            <span class="note" role="img" aria-label="Has a note" title={r.note.slice(0, 300)}>
              ✎
            </span>
          )}
          {(r.noteConflicts?.length ?? 0) > 0 && (
            <span class="note-versions" title="Two computers edited this note at once: press n to choose a version">
              {r.noteConflicts!.length + 1} note versions
            </span>
          )}
          {r.tags.map((t) => (
            <span key={t} class="tag">
              {t}
            </span>
          ))}
        </div>
        {p.children}
      </div>
      <div class="actions">
        {actionsFor(r.status).map((a) => (
          <button
            key={a.to}
            type="button"
            class="icon"
            data-action={a.to}
            aria-label={a.label}
            title={a.label}
            onClick={() => p.onStatus(r, a.to)}
          >
            <span aria-hidden="true">{a.icon}</span>
          </button>
        ))}
      </div>
    </li>
  );
}
