/**
 * Every tag with how many papers carry it: rename (onto an existing name merges the two)
 * and delete, which asks first and says how many papers it touches.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, type TagCount } from '../shared/messages';
import { normalizeTag } from '../shared/record';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { errorText } from '../ui/errors';
import { Messages } from '../ui/Messages';

const papers = (n: number) => `${n} ${n === 1 ? 'paper' : 'papers'}`;

function RenameForm({ tag, tags, onDone }: { tag: TagCount; tags: TagCount[]; onDone(msg: string | null, err?: string): void }) {
  const [name, setName] = useState(tag.tag);
  const input = useRef<HTMLInputElement>(null);
  // The form replaces the row the user was on: the keyboard focus belongs in it.
  useEffect(() => input.current?.select(), []);
  let target = '';
  let problem = '';
  try {
    target = normalizeTag(name);
  } catch (err) {
    problem = errorText(err);
  }
  const existing = tags.find((t) => t.tag === target && t.tag !== tag.tag);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (problem || target === tag.tag) return onDone(null);
    try {
      const r = await call('renameTag', { from: tag.tag, to: target });
      onDone(existing ? `Merged ${tag.tag} into ${target} on ${papers(r.papers)}.` : `Renamed ${tag.tag} to ${target} on ${papers(r.papers)}.`);
    } catch (err) {
      onDone(null, errorText(err));
    }
  };
  return (
    <form class="rename" onSubmit={submit}>
      <input
        type="text"
        aria-label={`New name for the tag ${tag.tag}`}
        value={name}
        maxLength={160}
        ref={input}
        onInput={(e) => setName(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Escape' && onDone(null)}
      />
      <button type="submit" class="primary" disabled={!!problem}>
        {existing ? 'Merge' : 'Rename'}
      </button>
      <button type="button" onClick={() => onDone(null)}>
        Cancel
      </button>
      <p class="hint" aria-live="polite">
        {problem || (existing ? `${target} exists (${papers(existing.count)}): the two tags will become one.` : '')}
      </p>
    </form>
  );
}

export function TagsSection({ tags }: { tags: TagCount[] }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<TagCount | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  const done = (msg: string | null, err?: string) => {
    setEditing(null);
    setError(err ?? '');
    if (msg) setStatus(msg);
  };
  const confirmDelete = async () => {
    const tag = deleting!;
    setDeleting(null);
    try {
      const r = await call('deleteTag', { tag: tag.tag });
      done(`Removed the tag ${tag.tag} from ${papers(r.papers)}.`);
    } catch (err) {
      done(null, errorText(err));
    }
  };

  return (
    <section aria-labelledby="tags-h">
      <h2 id="tags-h">Tags</h2>
      {tags.length === 0 ? (
        <p class="m-muted">No tags yet. Press t on a paper to add one.</p>
      ) : (
        <ul class="tag-list" aria-label="Your tags">
          {tags.map((t) => (
            <li key={t.tag} data-tag={t.tag}>
              {editing === t.tag ? (
                <RenameForm tag={t} tags={tags} onDone={done} />
              ) : (
                <>
                  <span class="tag-name">{t.tag}</span>
                  <span class="m-muted">{papers(t.count)}</span>
                  <span class="tag-actions">
                    <button type="button" aria-label={`Rename ${t.tag}`} onClick={() => setEditing(t.tag)}>
                      Rename
                    </button>
                    <button type="button" aria-label={`Delete ${t.tag}`} onClick={() => setDeleting(t)}>
                      Delete
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <Messages error={error} status={status} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this tag?"
        confirmLabel="Delete tag"
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
      >
        {deleting && (
          <p>
            The tag <strong>{deleting.tag}</strong> is on {papers(deleting.count)}. It will be taken off{' '}
            {deleting.count === 1 ? 'it' : 'all of them'}; the papers, their notes and their queue places stay.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
