/**
 * The reading queue's keys (`?`), drawn from the one list in shared/shortcuts.ts, in a modal
 * <dialog>: Esc and the button close it and the focus goes back where it was.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { POPUP_SHORTCUTS, popupKeyLabel } from '../shared/shortcuts';
import { KeyTable } from '../ui/KeyTable';

export function KeyHelp({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // The dialog itself, not its only button at the end: the list is read from the top.
    dialog.focus();
    dialog.scrollTop = 0;
  }, []);
  return (
    <dialog
      ref={ref}
      class="key-help"
      tabIndex={-1}
      aria-labelledby="key-help-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      // Esc handled here, so the popup itself (which Chrome closes on an unhandled Esc) stays.
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="key-help-title">Keys in the reading queue</h2>
      <KeyTable label="Keys in the reading queue" shortcuts={POPUP_SHORTCUTS} keyText={popupKeyLabel} wide />
      <p class="hint">Keys do nothing while you type in the search box or an editor. Any other letter starts a search.</p>
      <div class="m-dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
