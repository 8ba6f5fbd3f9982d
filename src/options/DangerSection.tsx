/** Deleting the whole library, after a confirmation that says how much goes. */
import { useState } from 'preact/hooks';
import { call } from '../shared/messages';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { errorText } from '../ui/errors';
import { Messages } from '../ui/Messages';

export function DangerSection({ papers }: { papers: number | null }) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  const clear = async () => {
    setOpen(false);
    try {
      const r = await call('clearLibrary', {});
      setError('');
      setStatus(`Deleted ${r.deleted} ${r.deleted === 1 ? 'paper' : 'papers'}. Margin is empty.`);
    } catch (err) {
      setError(`Nothing was deleted: ${errorText(err)}`);
    }
  };

  return (
    <section aria-labelledby="danger-h" class="danger-zone">
      <h2 id="danger-h">Delete all data</h2>
      <p class="m-muted">
        Removes every paper, tag, note and queue place from this computer, and, if sync is on, from every computer that syncs
        with it.
      </p>
      <button type="button" class="danger" onClick={() => setOpen(true)}>
        Delete all data…
      </button>
      <Messages error={error} status={status} />
      <ConfirmDialog
        open={open}
        title="Delete all of Margin's data?"
        confirmLabel="Delete everything"
        onConfirm={() => void clear()}
        onCancel={() => setOpen(false)}
      >
        <p>
          All {papers ?? ''} {papers === 1 ? 'paper' : 'papers'} in your library, with every tag, note and queue place,
          will be deleted from this computer. This cannot be undone: export a backup first if you may want them back.
        </p>
      </ConfirmDialog>
    </section>
  );
}
