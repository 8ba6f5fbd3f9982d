/** How much Margin keeps, the space it takes, and whether Chrome may evict it. */
import { useEffect, useState } from 'preact/hooks';
import { call, type LibraryStats } from '../shared/messages';
import { errorText } from '../ui/errors';
import { Messages } from '../ui/Messages';

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function StorageSection({ version }: { version: number }) {
  const [stats, setStats] = useState<LibraryStats | null>(null);
  const [usage, setUsage] = useState<number | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    call('stats', {}).then(setStats, (err) => setError(errorText(err)));
    navigator.storage?.estimate().then((e) => setUsage(e.usage ?? null), () => setUsage(null));
    navigator.storage?.persisted().then(setPersisted, () => setPersisted(null));
  }, [version]);

  const persist = async () => {
    try {
      setPersisted(await navigator.storage.persist());
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section aria-labelledby="storage-h">
      <h2 id="storage-h">Storage</h2>
      <dl class="facts">
        <div>
          <dt>Papers</dt>
          <dd data-stat="papers">
            {stats
              ? `${stats.papers} in the library: ${stats.withState} with your tags, notes or status; ${stats.queued + stats.reading} in the queue, ${stats.done} done`
              : '…'}
          </dd>
        </div>
        <div>
          <dt>Space used</dt>
          <dd>{usage === null ? 'unknown' : `about ${size(usage)} on this computer`}</dd>
        </div>
        <div>
          <dt>Persistent storage</dt>
          <dd data-stat="persisted">
            {persisted === null ? 'unknown' : persisted ? 'granted: Chrome will not clear it to free space' : 'not granted'}
          </dd>
        </div>
      </dl>
      {persisted === false && (
        <>
          <p>
            <button type="button" onClick={() => void persist()}>
              Ask Chrome to keep Margin's data
            </button>
          </p>
          <p class="m-muted small">Margin also holds the unlimitedStorage permission, so Chrome does not evict it for space.</p>
        </>
      )}
      <Messages error={error} />
    </section>
  );
}
