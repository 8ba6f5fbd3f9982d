/**
 * The tag input (`t`) or note editor (`n`) opened on the current row: the listing's own
 * components, saving the same way (a tag at Enter or comma, a note as it is typed).
 */
import type { TagCount } from '../shared/messages';
import { call } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import type { PaperRecord } from '../shared/record';
import type { NoteSaver } from '../ui/note-saver';
import { NoteConflicts } from '../ui/NoteConflicts';
import { NoteEditor } from '../ui/NoteEditor';
import { TagInput } from '../ui/TagInput';

export type EditorKind = 'tag' | 'note';

// One suggester per paper: the tag input keeps its draft under it, so a draft survives
// closing and opening the input again on the same paper, as on the listing.
const suggesters = new Map<PaperId, () => Promise<TagCount[]>>();
function suggestFor(id: PaperId): () => Promise<TagCount[]> {
  let fn = suggesters.get(id);
  if (!fn) suggesters.set(id, (fn = () => call('tags', {})));
  return fn;
}

export interface RowEditorProps {
  what: EditorKind;
  record: PaperRecord;
  notes: NoteSaver;
  onTagged(tag: string, r: PaperRecord): void;
  onError(err: unknown): void;
  /** The editor closed: the list takes the keyboard back. */
  onClose(): void;
}

export function RowEditor({ what, record: r, notes, onTagged, onError, onClose }: RowEditorProps) {
  const title = r.title || r.id;
  if (what === 'tag') {
    return (
      <div class="row-editor">
        <TagInput
          tags={r.tags}
          suggest={suggestFor(r.id)}
          onAdd={(tag) =>
            void call('update', { id: r.id, patch: { addTags: [tag] } }).then((saved) => {
              onTagged(saved.tags.find((t) => !r.tags.includes(t)) ?? tag, r);
            }, onError)
          }
          onRemoveLast={() => {
            const last = r.tags[r.tags.length - 1];
            if (last) call('update', { id: r.id, patch: { removeTags: [last] } }).catch(onError);
          }}
          onClose={onClose}
        />
      </div>
    );
  }
  return (
    <div class="row-editor">
      <NoteEditor
        key={r.noteConflicts?.length ?? 0}
        initial={r.note}
        label={`Note on “${title.length > 60 ? `${title.slice(0, 59)}…` : title}”`}
        onInput={(text) => notes.typed(r.id, text)}
        onClose={() => {
          void notes.flush(r.id);
          onClose();
        }}
      />
      <NoteConflicts
        conflicts={r.noteConflicts ?? []}
        onUse={(text) => void notes.flush(r.id).then(() => call('update', { id: r.id, patch: { note: text, resolveNote: true } })).catch(onError)}
        onKeep={() => void notes.flush(r.id).then(() => call('update', { id: r.id, patch: { resolveNote: true } })).catch(onError)}
      />
    </div>
  );
}
