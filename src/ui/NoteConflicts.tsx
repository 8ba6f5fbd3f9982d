/**
 * Other versions of a note, written on another computer at the same time as the one shown
 * (sync or a backup import found both). Nothing is dropped until the user chooses: use one
 * of them, or keep the note as it is now.
 */
import type { NoteConflict } from '../shared/record';

export interface NoteConflictsProps {
  conflicts: NoteConflict[];
  /** Use this text as the note (and drop the other versions). */
  onUse(text: string): void;
  /** Keep the note as it is (and drop the other versions). */
  onKeep(): void;
}

const when = (at: number) => new Date(at).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function NoteConflicts({ conflicts, onUse, onKeep }: NoteConflictsProps) {
  if (conflicts.length === 0) return null;
  return (
    <div class="note-conflicts" role="region" aria-label="Other versions of this note">
      <p class="note-conflicts-lead">
        {conflicts.length === 1 ? 'Another version of this note was' : `${conflicts.length} other versions of this note were`} written on
        another computer at the same time. Nothing is lost until you choose.
      </p>
      {conflicts.map((c, i) => (
        <div class="note-conflict" key={`${c.at}-${i}`}>
          <div class="hint">Written {when(c.at)}</div>
          <pre class="note-conflict-text">{c.text}</pre>
          <button type="button" onClick={() => onUse(c.text)}>
            Use this version
          </button>
        </div>
      ))}
      <button type="button" onClick={onKeep}>
        Keep the note above
      </button>
    </div>
  );
}
