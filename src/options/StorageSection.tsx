/**
 * How much Margin keeps (the library, the seen history, the bytes on disk), whether Chrome
 * may evict it, and forgetting old history. Follows every change live (an import, a rename,
 * a paper tagged in a tab) through `version`.
 */
import { useEffect, useState } from 'preact/hooks';
import { call, type HistoryStats, type LibraryStats } from '../shared/messages';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { errorText } from '../ui/errors';
import { Messages } from '../ui/Messages';

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
const n = (x: number) => x.toLocaleString('en');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

const FORGET_CHOICES = [
  { months: 1, label: 'a month' },
  { months: 3, label: '3 months' },
  { months: 6, label: '6 months' },
  { months: 12, label: 'a year' },
  { months: 24, label: '2 years' },
];

async function usage(): Promise<number | null> {
  try {
    return (await navigator.storage.estimate()).usage ?? null;
  } catch {
    return null;
  }
}

export function StorageSection({ version }: { version: number }) {
  const [stats, setStats] = useState<LibraryStats | null>(null);
  const [history, setHistory] = useState<HistoryStats | null>(null);
  const [used, setUsed] = useState<number | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [months, setMonths] = useState(12);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    // Counts asked for an earlier version of the library may answer after later ones (a burst
    // of changes, an import): only the latest answer is shown, never a stale one over it.
    let latest = true;
    const keep =
      <T,>(set: (v: T) => void) =>
      (v: T) => {
        if (latest) set(v);
      };
    call('stats', {}).then(keep(setStats), (err) => setError(errorText(err)));
    call('historyStats', {}).then(keep(setHistory), (err) => setError(errorText(err)));
    void usage().then(keep(setUsed));
    navigator.storage?.persisted().then(keep(setPersisted), () => setPersisted(null));
    return () => {
      latest = false;
    };
  }, [version]);

  const persist = async () => {
    try {
      setPersisted(await navigator.storage.persist());
    } catch (err) {
      setError(errorText(err));
    }
  };

  const cutoff = () => {
    const d = new Date();
    d.setMonth(d.getMonth() - months);
    return d;
  };

  const forget = async () => {
    setConfirming(false);
    setError('');
    try {
      const before = await usage();
      const { forgotten } = await call('forgetHistory', { before: cutoff().getTime() });
      const after = await usage();
      const freed = before !== null && after !== null && before > after ? `, about ${size(before - after)} freed so far` : '';
      setStatus(
        forgotten
          ? `Forgot ${plural(forgotten, 'seen paper')}${freed}. They will show as new if you meet them again; your library is untouched.`
          : `No seen papers older than ${FORGET_CHOICES.find((c) => c.months === months)!.label}: nothing to forget.`,
      );
      setHistory(await call('historyStats', {}));
    } catch (err) {
      setError(`Nothing was forgotten: ${errorText(err)}`);
    }
  };

  const choice = FORGET_CHOICES.find((c) => c.months === months)!;
  return (
    <section aria-labelledby="storage-h">
      <h2 id="storage-h">Storage</h2>
      <dl class="facts">
        <div>
          <dt>Library</dt>
          <dd data-stat="papers">
            {stats
              ? `${plural(stats.papers, 'paper')} with your tags, notes or status: ${n(stats.queued + stats.reading)} in the queue, ${n(stats.done)} done`
              : '…'}
          </dd>
        </div>
        <div>
          <dt>Seen history</dt>
          <dd data-stat="seen">
            {history
              ? history.seen
                ? `${plural(history.seen, 'paper')} seen since ${new Date(history.oldest!).toLocaleDateString('en', { dateStyle: 'medium', timeZone: 'UTC' })}`
                : 'No papers seen yet'
              : '…'}
          </dd>
        </div>
        <div>
          <dt>Space used</dt>
          <dd data-stat="bytes">{used === null ? 'unknown' : `about ${size(used)} on this computer`}</dd>
        </div>
        <div>
          <dt>Persistent storage</dt>
          <dd data-stat="persisted">
            {persisted === null ? 'unknown' : persisted ? 'granted: the browser will not clear it to free space' : 'not granted'}
          </dd>
        </div>
      </dl>
      {persisted === false && (
        <>
          <p>
            <button type="button" onClick={() => void persist()}>
              Ask the browser to keep Margin's data
            </button>
          </p>
          <p class="m-muted small">Margin also holds the unlimitedStorage permission, so the browser does not evict it for space.</p>
        </>
      )}
      <div class="form-grid">
        <label for="forget-months">Forget seen papers older than</label>
        <select id="forget-months" value={months} onChange={(e) => setMonths(Number(e.currentTarget.value))}>
          {FORGET_CHOICES.map((c) => (
            <option key={c.months} value={c.months}>
              {c.label}
            </option>
          ))}
        </select>
        <button type="button" disabled={!history?.seen} onClick={() => setConfirming(true)}>
          Forget…
        </button>
      </div>
      <Messages error={error} status={status} />
      <ConfirmDialog
        open={confirming}
        title="Forget old seen history?"
        confirmLabel="Forget"
        onConfirm={() => void forget()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Papers first seen more than {choice.label} ago (before {cutoff().toLocaleDateString('en', { dateStyle: 'medium' })})
          will show as new again. Papers in your library, with their tags, notes and queue places, are kept.
        </p>
      </ConfirmDialog>
    </section>
  );
}
