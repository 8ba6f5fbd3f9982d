/**
 * Backup: everything as one JSON file, and importing such a file. A file is checked
 * completely (here, then paper by paper in the background) before anything is written, so
 * a refused file leaves the library exactly as it was.
 */
import { useState } from 'preact/hooks';
import { dateStamp, downloadText } from '../shared/download';
import { call } from '../shared/messages';
import { errorText } from '../ui/errors';
import { checkBackupBytes, checkSize, makeBackup } from './backup-file';
import { Messages } from '../ui/Messages';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function BackupSection() {
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const exportJson = async () => {
    setError('');
    try {
      const papers = await call('exportAll', {});
      const now = new Date();
      const name = `margin-backup-${dateStamp(now)}.json`;
      downloadText(name, makeBackup(papers, now), 'application/json');
      setStatus(`Saved ${plural(papers.length, 'paper')} to ${name}.`);
    } catch (err) {
      setError(`The backup was not saved: ${errorText(err)}`);
    }
  };

  const refuse = (why: string) => {
    setStatus('');
    setError(`Nothing was imported. ${why}`);
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = ''; // so choosing the same file again imports it again
    if (!file) return;
    setError('');
    const sizeProblem = checkSize(file.size);
    if (sizeProblem) return refuse(sizeProblem);
    setBusy(true);
    setStatus(`Reading ${file.name}…`);
    try {
      const checked = checkBackupBytes(new Uint8Array(await file.arrayBuffer()));
      if (!checked.ok) return refuse(checked.error);
      setStatus(`Importing ${plural(checked.papers.length, 'paper')}…`);
      const r = await call('importPapers', { papers: checked.papers });
      setStatus(`Imported ${file.name}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged.`);
    } catch (err) {
      refuse(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="backup-h">
      <h2 id="backup-h">Backup</h2>
      <p class="m-muted">
        One JSON file with every paper and everything you added to it. Importing merges it with this library, field by
        field (the later edit wins), so nothing is lost and importing the same file twice changes nothing.
      </p>
      <div class="actions">
        <button type="button" class="primary" onClick={exportJson}>
          Export backup (JSON)
        </button>
        <label class="m-button file">
          Import a backup…
          <input
            type="file"
            accept=".json,application/json"
            disabled={busy}
            onChange={(e) => void importFile(e.currentTarget)}
          />
        </label>
      </div>
      <Messages error={error} status={status} />
    </section>
  );
}
