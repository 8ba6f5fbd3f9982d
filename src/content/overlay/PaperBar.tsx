/**
 * The per-paper overlay: queue status (grows into tags and notes with the overlay issue).
 */
import type { Status } from '../../shared/record';

const LABEL: Record<Status, string> = {
  none: 'Add to queue',
  queued: 'Queued',
  reading: 'Reading',
  done: 'Done',
};

export interface PaperBarProps {
  title: string;
  status: Status;
  error: string | null;
  onStatus(next: Status): void;
}

export function PaperBar({ title, status, error, onStatus }: PaperBarProps) {
  const next: Status = status === 'none' ? 'queued' : status === 'queued' ? 'none' : status;
  return (
    <div class="bar" role="group" aria-label={`Margin: ${title || 'this paper'}`}>
      <button
        type="button"
        class="status"
        data-status={status}
        aria-pressed={status !== 'none'}
        title={status === 'none' ? 'Add to your reading queue' : 'Status in your reading queue'}
        onClick={() => onStatus(next)}
      >
        {status === 'none' ? '+ ' : '● '}
        {LABEL[status]}
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
