/**
 * What an import from another tool would do, before it does it: how many papers were
 * recognised, the entries skipped (with titles, so the user can check them), the tags it
 * would create, and the options (queue the new papers in file order, add a tag to all, mark
 * them seen). Titles and reasons come from a file: rendered as text only.
 */
import { useState } from 'preact/hooks';
import type { TagCount, ToolImportOptions } from '../shared/messages';
import { FORMAT_NAMES, type ToolFile } from './tool-import/types';
import { toolTag } from './tool-import/entries';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const DEFAULT_TAG = { bibtex: 'bibtex-import', 'csl-json': 'zotero-import', papermemory: 'papermemory-import', text: 'list-import' } as const;

interface Props {
  file: ToolFile;
  name: string;
  existingTags: TagCount[];
  onImport: (options: ToolImportOptions) => void;
  onCancel: () => void;
}

export function ToolImportPreview({ file, name, existingTags, onImport, onCancel }: Props) {
  const [queue, setQueue] = useState(false);
  const [markSeen, setMarkSeen] = useState(false);
  const [addTag, setAddTag] = useState(false);
  const [tag, setTag] = useState<string>(DEFAULT_TAG[file.format]);
  const normalTag = addTag ? toolTag(tag) : null;
  const known = new Set(existingTags.map((t) => t.tag));
  const newTags = [...new Set([...file.papers.flatMap((p) => p.tags), ...(normalTag ? [normalTag] : [])])].filter((t) => !known.has(t));

  return (
    <div class="tool-preview" role="group" aria-label="Import preview">
      <p class="tool-summary">
        {name} ({FORMAT_NAMES[file.format]}): <strong>{plural(file.papers.length, 'paper')} recognised</strong>
        {file.skipped.length > 0 && `, ${plural(file.skipped.length, 'entry', 'entries')} skipped`}.
      </p>
      {file.skipped.length > 0 && (
        <details class="tool-skipped">
          <summary>Skipped entries and why</summary>
          <ul aria-label="Skipped entries">
            {file.skipped.map((s, i) => (
              <li key={i}>
                <span class="tool-title">{s.title || '(no title)'}</span>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p class="tool-tags">
        {newTags.length === 0 ? 'No new tags.' : `New tags (${newTags.length}): `}
        {newTags.length > 0 && <span aria-label="New tags">{newTags.join(', ')}</span>}
      </p>
      {file.droppedTags.length > 0 && (
        <p class="m-muted small">
          Left out, as Margin cannot store them (longer than 40 characters or with a comma): {file.droppedTags.join('; ')}
        </p>
      )}
      <label class="check">
        <input type="checkbox" checked={queue} onChange={(e) => setQueue(e.currentTarget.checked)} />
        Put the new papers in the reading queue (in file order)
      </label>
      <div class="check">
        <input id="tool-add-tag" type="checkbox" checked={addTag} onChange={(e) => setAddTag(e.currentTarget.checked)} />
        <label for="tool-add-tag">Add a tag to all of them:</label>
        <input type="text" aria-label="Tag for all imported papers" value={tag} disabled={!addTag} onInput={(e) => setTag(e.currentTarget.value)} />
      </div>
      {addTag && normalTag === null && <p class="m-alert">That tag cannot be used: at most 40 characters, no comma.</p>}
      <label class="check">
        <input type="checkbox" checked={markSeen} onChange={(e) => setMarkSeen(e.currentTarget.checked)} />
        Mark them as seen (no “New” mark on listings)
      </label>
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={addTag && normalTag === null}
          onClick={() => onImport({ queue, markSeen, tag: normalTag })}
        >
          Import {plural(file.papers.length, 'paper')}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
