/**
 * The reading queue's keys, bound once on the popup's document from the list in
 * shared/shortcuts.ts. A list opened from a shortcut is driven by keys at once, wherever the
 * focus is, except where keys mean something else: while the user types (the search box, a
 * tag or note editor, the tag filter), inside the help dialog, and Enter or Space on a button,
 * link or tab, which press it. A printable key that is no shortcut starts a search with it.
 */
import { popupChord, popupShortcutFor, type PopupAction } from '../shared/shortcuts';

export interface PopupKeyHandlers {
  /** Runs an action; false when it did nothing here (the key then keeps its default). */
  run(action: PopupAction): boolean;
  /** A printable key that is no shortcut: search for it. */
  typeAhead(char: string): void;
}

export function isTyping(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

function pressesSomething(el: EventTarget | null): boolean {
  return el instanceof Element && el.closest('button, a[href], [role="tab"], summary') !== null;
}

export function popupKeyHandler(handlers: PopupKeyHandlers): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.defaultPrevented || e.isComposing) return;
    const target = e.target;
    if (isTyping(target) || (target instanceof Element && target.closest('dialog'))) return;
    if ((e.key === 'Enter' || e.key === ' ') && pressesSomething(target)) return;
    const shortcut = popupShortcutFor(popupChord(e));
    if (shortcut) {
      if (handlers.run(shortcut.action)) e.preventDefault();
      return;
    }
    // Type-ahead: printable, not blank, and no modifier but Shift (Ctrl+C must still copy).
    if (e.key.length === 1 && e.key.trim() !== '' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      handlers.typeAhead(e.key);
    }
  };
}

export function bindPopupKeys(handlers: PopupKeyHandlers): () => void {
  const onKey = popupKeyHandler(handlers);
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
