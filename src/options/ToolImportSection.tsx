/**
 * "Import from another tool": a Zotero/JabRef/Mendeley/Paperpile BibTeX file, Zotero's CSL
 * JSON, PaperMemory's export, or any text with arXiv links (chosen or pasted). The file is
 * read here and previewed (what was recognised, what was skipped and why, which tags are new)
 * before anything is written; one click then imports all of it in one transaction.
 */
import { useState } from 'preact/hooks';
import { call, type TagCount, type ToolImportOptions } from '../shared/messages';
import { errorText } from '../ui/errors';
import { Messages } from '../ui/Messages';
import { readFileText } from './tool-import/read-file';
import { readToolFileInWorker } from './tool-import/read-in-worker';
import { checkFileSize } from './tool-import/read-tool-file';
import { ToolImportPreview } from './ToolImportPreview';
import type { ToolFile } from './tool-import/types';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

type Stage = { kind: 'idle' } | { kind: 'reading'; progress: number | null; what: string } | { kind: 'preview'; file: ToolFile; name: string } | { kind: 'importing'; count: number };

export function ToolImportSection({ tags }: { tags: TagCount[] }) {
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [pasted, setPasted] = useState('');

  const refuse = (why: string) => {
    setStage({ kind: 'idle' });
    setError(`Nothing was imported. ${why}`);
  };

  const read = async (name: string, text: () => Promise<string>) => {
    setError('');
    setStatus('');
    try {
      const body = await text();
      setStage({ kind: 'reading', progress: null, what: `Reading the entries of ${name}…` });
      // In a worker: a large library takes a while to read, and the page should stay usable.
      setStage({ kind: 'preview', file: await readToolFileInWorker(body), name });
    } catch (err) {
      refuse(errorText(err));
    }
  };

  const chooseFile = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again reads it again
    if (!file) return;
    void read(file.name, async () => {
      checkFileSize(file.size); // before reading 60 MB into memory
      setStage({ kind: 'reading', progress: 0, what: `Reading ${file.name}…` });
      return readFileText(file, (p) => setStage({ kind: 'reading', progress: p, what: `Reading ${file.name}…` }));
    });
  };

  const runImport = async (file: ToolFile, name: string, options: ToolImportOptions) => {
    setError('');
    setStage({ kind: 'importing', count: file.papers.length });
    try {
      const papers = file.papers.map(({ id, title, authors, tags: t, note }) => ({ id, title, authors, tags: t, note }));
      const r = await call('importFromTool', { papers, options });
      setStage({ kind: 'idle' });
      setStatus(`Imported ${name}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged${r.queued ? `; ${plural(r.queued, 'paper')} queued` : ''}.`);
    } catch (err) {
      refuse(errorText(err));
    }
  };

  const busy = stage.kind === 'reading' || stage.kind === 'importing';
  return (
    <section aria-labelledby="tool-import-h">
      <h2 id="tool-import-h">Import from another tool</h2>
      <p class="m-muted">
        Your library from Zotero, JabRef, Mendeley or Paperpile (a BibTeX or CSL JSON export), PaperMemory (its JSON
        export), or any text with arXiv links. Only papers with an arXiv id are imported; you see what will change first.
      </p>
      <div class="actions">
        <label class="m-button file">
          Choose a file…
          <input type="file" disabled={busy} onChange={(e) => chooseFile(e.currentTarget)} />
        </label>
      </div>
      <label class="paste">
        <span>Or paste links or ids</span>
        <textarea rows={3} value={pasted} disabled={busy} onInput={(e) => setPasted(e.currentTarget.value)} />
      </label>
      <div class="actions">
        <button type="button" disabled={busy || pasted.trim() === ''} onClick={() => void read('the pasted text', async () => pasted)}>
          Read the pasted text
        </button>
      </div>
      {stage.kind === 'reading' && <Progress label={stage.what} value={stage.progress} />}
      {stage.kind === 'importing' && <Progress label={`Importing ${plural(stage.count, 'paper')}…`} value={null} />}
      {stage.kind === 'preview' && (
        <ToolImportPreview
          file={stage.file}
          name={stage.name}
          existingTags={tags}
          onImport={(options) => void runImport(stage.file, stage.name, options)}
          onCancel={() => setStage({ kind: 'idle' })}
        />
      )}
      <Messages error={error} status={status} />
    </section>
  );
}

/** A progress bar: a fraction when known, else indeterminate (one transaction has no steps). */
function Progress({ label, value }: { label: string; value: number | null }) {
  return (
    <div class="tool-progress">
      <span id="tool-progress-label">{label}</span>
      <progress aria-labelledby="tool-progress-label" max={1} value={value ?? undefined} />
    </div>
  );
}
