/**
 * What an empty view says. The empty queue is often the first thing a new user sees, so
 * it explains what Margin does, where it works, and the keys to use there.
 */
import type { ListView } from '../shared/messages';
import { KeyTable } from '../ui/KeyTable';

export function EmptyState({ view }: { view: ListView }) {
  if (view === 'done') {
    return (
      <div class="empty" role="note">
        <p>Nothing marked done yet. Press <kbd>x</kbd> on a paper, or ✓ in the queue.</p>
      </div>
    );
  }
  return (
    <div class="empty" role="note">
      <p class="lead">{view === 'queue' ? 'Your reading queue is empty.' : 'No papers with your tags, notes or status yet.'}</p>
      <p>
        Margin puts your own tags, a note, your reading queue and what you have already seen next to every
        paper on <strong>huggingface.co/papers</strong> and <strong>arxiv.org</strong> listings, abstract and
        search pages. It all stays on this computer.
      </p>
      <p>On those pages:</p>
      <KeyTable label="Keys on paper pages" />
    </div>
  );
}
