/**
 * Exports for reference managers and spreadsheets: BibTeX and CSV, for the queue, one tag,
 * the papers you marked, or the whole library (which also holds papers only seen).
 */
import { useEffect, useState } from 'preact/hooks';
import { dateStamp, downloadText } from '../shared/download';
import { call, type TagCount } from '../shared/messages';
import type { PaperRecord } from '../shared/record';
import { errorText } from '../ui/errors';
import { toBibtex } from './bibtex';
import { toCsv } from './csv';
import { Messages } from '../ui/Messages';

type Scope = 'queue' | 'all' | 'library' | `tag:${string}`;

async function papersIn(scope: Scope): Promise<PaperRecord[]> {
  if (scope === 'queue') return call('list', { view: 'queue' });
  if (scope === 'all') return call('list', { view: 'all' });
  if (scope === 'library') return call('exportAll', {});
  const tag = scope.slice('tag:'.length);
  return (await call('list', { view: 'all' })).filter((r) => r.tags.includes(tag));
}

const fileSlug = (scope: Scope) => scope.replace(/^tag:/, 'tag-').replace(/[^a-z0-9-]+/gi, '_');

export function ExportSection({ tags }: { tags: TagCount[] }) {
  const [scope, setScope] = useState<Scope>('queue');
  const [withNotes, setWithNotes] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  // A tag that was renamed or deleted since it was chosen falls back to the queue.
  useEffect(() => {
    if (scope.startsWith('tag:') && !tags.some((t) => `tag:${t.tag}` === scope)) setScope('queue');
  }, [tags]);

  const save = async (kind: 'bib' | 'csv') => {
    setError('');
    try {
      const papers = await papersIn(scope);
      if (papers.length === 0) {
        setStatus('');
        setError('There are no papers to export in this selection.');
        return;
      }
      const name = `margin-${fileSlug(scope)}-${dateStamp(new Date())}.${kind}`;
      if (kind === 'bib') downloadText(name, toBibtex(papers, { withNotes }), 'application/x-bibtex');
      else downloadText(name, toCsv(papers), 'text/csv');
      setStatus(`Saved ${papers.length} ${papers.length === 1 ? 'paper' : 'papers'} to ${name}.`);
    } catch (err) {
      setError(`Nothing was saved: ${errorText(err)}`);
    }
  };

  return (
    <section aria-labelledby="export-h">
      <h2 id="export-h">Export for a reference manager or spreadsheet</h2>
      <div class="form-grid">
        <label for="export-scope">Papers</label>
        <select id="export-scope" value={scope} onChange={(e) => setScope(e.currentTarget.value as Scope)}>
          <option value="queue">The reading queue</option>
          <option value="all">Papers with your tags, notes or status</option>
          <option value="library">The whole library (also papers only seen)</option>
          {tags.map((t) => (
            <option key={t.tag} value={`tag:${t.tag}`}>
              Tagged {t.tag} ({t.count})
            </option>
          ))}
        </select>
      </div>
      <label class="check">
        <input type="checkbox" checked={withNotes} onChange={(e) => setWithNotes(e.currentTarget.checked)} />
        Put my notes in the BibTeX <code>note</code> field
      </label>
      <div class="actions">
        <button type="button" onClick={() => void save('bib')}>
          Export BibTeX
        </button>
        <button type="button" onClick={() => void save('csv')}>
          Export CSV
        </button>
      </div>
      <p class="m-muted small">
        BibTeX entries are <code>@misc</code> with the arXiv id as <code>eprint</code>, and the primary category as{' '}
        <code>primaryClass</code> where Margin saw it.
      </p>
      <Messages error={error} status={status} />
    </section>
  );
}
