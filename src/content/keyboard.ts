/**
 * The in-page shortcuts, bound from the one list in shared/shortcuts.ts. They never fire
 * while the user types (inputs, textareas, selects, contenteditable, Margin's own editors
 * inside shadow roots), with Ctrl, Meta or Alt held, or when the page already handled the key.
 */
import { shortcutFor, type ShortcutAction } from '../shared/shortcuts';

function isTyping(e: KeyboardEvent): boolean {
  // composedPath()[0] is the real target even inside a shadow root.
  const el = (e.composedPath()[0] ?? e.target) as HTMLElement | null;
  if (!el || !(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  // A ticked checkbox (the page bar's filters) is not typing: j and k go on working after it.
  if (tag === 'INPUT') return !/^(checkbox|radio|button|submit|reset|range|color)$/.test((el as HTMLInputElement).type);
  return tag === 'TEXTAREA' || tag === 'SELECT';
}

export function bindShortcuts(run: (action: ShortcutAction) => boolean): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (isTyping(e)) return;
    const shortcut = shortcutFor(e.key);
    if (!shortcut) return;
    if (run(shortcut.action)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  // On window, bubbling: the page's own handlers (on the document or below) run first, and
  // a key they handled (defaultPrevented) is left to them.
  addEventListener('keydown', onKey);
  return () => removeEventListener('keydown', onKey);
}
