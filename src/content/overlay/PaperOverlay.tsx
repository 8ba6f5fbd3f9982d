/**
 * The per-paper overlay: new mark, queue status, tags and note, on one line under the
 * paper's title. Editors open in place; what is typed is kept when they close.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LibraryPaperRef, TagCount } from '../../shared/messages';
import { RULE_COLORS, type Rule } from '../../shared/rules/types';
import type { PaperRecord, Status } from '../../shared/record';
import { NoteConflicts } from '../../ui/NoteConflicts';
import { NoteEditor } from '../../ui/NoteEditor';
import { TagInput } from '../../ui/TagInput';

export interface OverlayActions {
  setStatus(status: Status): void;
  addTag(tag: string): void;
  removeTag(tag: string): void;
  /** Every keystroke: the owner saves it, debounced, and on page hide. */
  noteChanged(text: string): void;
  /** The editor closed: save now. */
  noteClosed(): void;
  /** Another computer's version of the note chosen (text), or the note kept as it is (null). */
  resolveNote(text: string | null): void;
  suggestTags(): Promise<TagCount[]>;
  /** Adds the author to the Following rule. */
  follow(author: string): void;
}

export interface OpenRequest {
  what: 'tag' | 'note';
  /** Grows with each request, so asking twice opens twice. */
  seq: number;
}

export interface PaperOverlayProps {
  title: string;
  record: PaperRecord | null;
  isNew: boolean;
  error: string | null;
  request: OpenRequest | null;
  /** The rules matching this paper, in the user's order. */
  rules: Rule[];
  /** Library papers by this paper's authors. */
  library: LibraryPaperRef[];
  authors: string[];
  actions: OverlayActions;
}

const STATUS_LABEL: Record<Status, string> = {
  none: 'Not queued',
  queued: 'Queued',
  reading: 'Reading',
  done: 'Done',
};

export function PaperOverlay({ title, record, isNew, error, request, rules, library, authors, actions }: PaperOverlayProps) {
  const status = record?.status ?? 'none';
  const tags = record?.tags ?? [];
  const note = record?.note ?? '';
  const conflicts = record?.noteConflicts ?? [];
  const [tagOpen, setTagOpen] = useState(false);
  const [noteOpen, setNoteOpen] = useState(false);
  const noteButton = useRef<HTMLButtonElement>(null);
  const tagButton = useRef<HTMLButtonElement>(null);
  const paper = title ? `“${truncate(title, 60)}”` : 'this paper';

  // Opened from the keyboard (t, n): before the next key arrives, so it lands in the editor.
  useLayoutEffect(() => {
    if (request?.what === 'tag') setTagOpen(true);
    if (request?.what === 'note') setNoteOpen(true);
  }, [request?.seq]);

  return (
    <div class="overlay">
      <div class="bar" role="group" aria-label={`Margin for ${paper}`}>
        {isNew && (
          <span class="new" title="You have not seen this paper before">
            New
          </span>
        )}
        <label class="status" data-status={status}>
          <span class="dot" aria-hidden="true" />
          <select
            aria-label={`Reading queue status of ${paper}`}
            value={status}
            onChange={(e) => actions.setStatus((e.currentTarget as HTMLSelectElement).value as Status)}
          >
            {(Object.keys(STATUS_LABEL) as Status[]).map((s) => (
              <option value={s} key={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <ul class="tags" aria-label="Tags">
          {tags.map((tag) => (
            <li class="tag" key={tag}>
              <span>{tag}</span>
              <button type="button" class="remove" aria-label={`Remove tag ${tag}`} onClick={() => actions.removeTag(tag)}>
                ×
              </button>
            </li>
          ))}
        </ul>
        {tagOpen ? (
          <TagInput
            tags={tags}
            suggest={actions.suggestTags}
            onAdd={actions.addTag}
            onRemoveLast={() => tags.length && actions.removeTag(tags[tags.length - 1]!)}
            onClose={(refocus) => {
              setTagOpen(false);
              if (refocus) queueMicrotask(() => tagButton.current?.focus());
            }}
          />
        ) : (
          <button type="button" class="add-tag" ref={tagButton} aria-label={`Add a tag to ${paper}`} onClick={() => setTagOpen(true)}>
            + Tag
          </button>
        )}
        <button
          type="button"
          class={note || conflicts.length ? 'note has-note' : 'note'}
          ref={noteButton}
          aria-expanded={noteOpen}
          aria-label={
            conflicts.length
              ? `The note on ${paper} has ${conflicts.length + 1} versions: choose one`
              : note
                ? `Edit the note on ${paper}`
                : `Add a note to ${paper}`
          }
          title={conflicts.length ? 'Two computers edited this note at once: open it to choose' : note ? note.split('\n', 1)[0] : 'Add a note'}
          data-conflicts={conflicts.length || undefined}
          onClick={() => setNoteOpen(!noteOpen)}
        >
          {conflicts.length ? `✎ Note (${conflicts.length + 1} versions)` : note ? '✎ Note' : '+ Note'}
        </button>
        {rules.length > 0 && (
          <ul class="rules" aria-label="Matching rules">
            {rules.map((r) => (
              <li key={r.name} class="rule" data-action={r.action} title={`Rule “${r.name}”: ${r.query}`}>
                {r.action === 'highlight' && <span class="swatch" aria-hidden="true" style={{ background: RULE_COLORS[r.color ?? 'yellow'] }} />}
                {r.name}
              </li>
            ))}
          </ul>
        )}
        {library.length > 0 && (
          <span class="in-library" tabIndex={0} title={library.map((p) => p.title || p.id).join('\n')}>
            {library.length} in your library
            <span class="visually-hidden">: {library.map((p) => p.title || p.id).join('; ')}</span>
          </span>
        )}
        {authors.length > 0 && (
          <select
            class="follow"
            aria-label={`Follow an author of ${paper}`}
            value=""
            onChange={(e) => {
              const name = e.currentTarget.value;
              e.currentTarget.value = '';
              if (name) actions.follow(name);
            }}
          >
            <option value="">Follow…</option>
            {authors.slice(0, 50).map((a) => (
              <option value={a} key={a}>
                {a}
              </option>
            ))}
          </select>
        )}
        {error && (
          <span class="error" role="alert">
            {error}
          </span>
        )}
      </div>
      {noteOpen && (
        <NoteEditor
          key={conflicts.length}
          initial={note}
          label={`Note on ${paper}`}
          onInput={actions.noteChanged}
          onClose={(refocus) => {
            setNoteOpen(false);
            actions.noteClosed();
            if (refocus) queueMicrotask(() => noteButton.current?.focus());
          }}
        />
      )}
      {noteOpen && <NoteConflicts conflicts={conflicts} onUse={(t) => actions.resolveNote(t)} onKeep={() => actions.resolveNote(null)} />}
    </div>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
