/**
 * Backup: the library and the seen history as one file, and importing such a file. Both
 * go a page at a time with a progress bar, so a library of any size is saved and restored;
 * an import is checked completely and kept apart before one step merges it, so a refused
 * or abandoned file leaves the library exactly as it was.
 */
import { useState } from 'preact/hooks';
import { dateStamp, downloadBlob } from '../shared/download';
import { call } from '../shared/messages';
import { errorText } from '../ui/errors';
import { Messages } from '../ui/Messages';
import { backupName, BackupError, readBackup, writeBackup } from './backup-file';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

interface Progress {
  label: string;
  /** 0–1, or null while the amount is unknown. */
  value: number | null;
}

export function BackupSection() {
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [gzip, setGzip] = useState(true);
  const busy = progress !== null;

  const exportBackup = async () => {
    setError('');
    setStatus('');
    setProgress({ label: 'Preparing the backup…', value: null });
    try {
      const [stats, history, rules] = await Promise.all([call('stats', {}), call('historyStats', {}), call('rules', {})]);
      const total = { papers: stats.papers, seen: history.seen };
      const all = Math.max(1, total.papers + total.seen);
      const now = new Date();
      const { blob, papers, seen } = await writeBackup((part, after) => call('exportPage', { part, after }), total, now, {
        gzip,
        rules,
        onProgress: (p) =>
          setProgress({ label: `Saving: ${plural(p.papers, 'paper')}, ${plural(p.seen, 'seen mark')}…`, value: (p.papers + p.seen) / all }),
      });
      const name = backupName(dateStamp(now), papers, seen, gzip);
      downloadBlob(name, blob);
      setStatus(`Saved ${plural(papers, 'paper')} and ${plural(seen, 'seen mark')} to ${name}.`);
    } catch (err) {
      setError(`The backup was not saved: ${errorText(err)}`);
    } finally {
      setProgress(null);
    }
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = ''; // so choosing the same file again imports it again
    if (!file) return;
    setError('');
    setStatus('');
    setProgress({ label: `Reading ${file.name}…`, value: 0 });
    let importId: string | null = null;
    try {
      importId = (await call('importBegin', {})).importId;
      let batch = 0;
      let papers = 0;
      let seen = 0;
      let rules: unknown[] | undefined;
      for await (const b of readBackup(file)) {
        rules ??= b.rules;
        const r = await call('importBatch', { importId, batch: batch++, first: b.first, papers: b.papers, seen: b.seen });
        papers += r.papers;
        seen += r.seen;
        setProgress({ label: `Checking ${file.name}: ${plural(papers, 'paper')}, ${plural(seen, 'seen mark')}…`, value: b.progress * 0.8 });
      }
      setProgress({ label: `Merging ${plural(papers, 'paper')} and ${plural(seen, 'seen mark')} into the library…`, value: 0.9 });
      const r = await call('importCommit', { importId, ...(rules ? { rules } : {}) });
      importId = null;
      const ruleText = rules?.length ? ` ${plural(r.rules ?? 0, 'rule')} added or updated.` : '';
      setStatus(
        `Imported ${file.name}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged; ${plural(r.seen, 'paper')} newly marked seen.${ruleText}`,
      );
    } catch (err) {
      setError(`Nothing was imported. ${err instanceof BackupError ? err.message : errorText(err)}`);
      if (importId) void call('importAbort', { importId }).catch(() => undefined);
    } finally {
      setProgress(null);
    }
  };

  return (
    <section aria-labelledby="backup-h">
      <h2 id="backup-h">Backup</h2>
      <p class="m-muted">
        One file with every paper, everything you added to it, which papers you have seen, and your rules. Importing merges it with
        this library, field by field (the later edit wins), so nothing is lost and importing the same file twice changes
        nothing. Backups from earlier versions of Margin import too.
      </p>
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={() => void exportBackup()}>
          Export backup
        </button>
        <label class="m-button file">
          Import a backup…
          <input
            type="file"
            accept=".json,.jsonl,.gz,application/json,application/gzip"
            disabled={busy}
            onChange={(e) => void importFile(e.currentTarget)}
          />
        </label>
        <label class="check">
          <input type="checkbox" checked={gzip} disabled={busy} onChange={(e) => setGzip(e.currentTarget.checked)} />
          Compress (gzip)
        </label>
      </div>
      {progress && (
        <div class="progress" data-testid="backup-progress">
          <progress max={1} value={progress.value ?? undefined} aria-label={progress.label} />
          <span>{progress.label}</span>
        </div>
      )}
      <Messages error={error} status={status} />
    </section>
  );
}
