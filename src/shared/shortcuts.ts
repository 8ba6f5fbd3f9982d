/**
 * The keyboard shortcuts, in two lists: the in-page keys (SHORTCUTS: the content script binds
 * them, the help overlay, the popup's empty state and the options page draw their tables from
 * them) and the reading queue's (POPUP_SHORTCUTS, below). A test checks the README's two
 * tables against them.
 */
export type ShortcutAction =
  | 'next'
  | 'prev'
  | 'nextMatch'
  | 'prevMatch'
  | 'queue'
  | 'reading'
  | 'done'
  | 'tag'
  | 'note'
  | 'open'
  | 'openNewTab'
  | 'help'
  | 'close';

export interface Shortcut {
  /** KeyboardEvent.key values that trigger it (case-sensitive: `O` is Shift+o). */
  keys: readonly string[];
  action: ShortcutAction;
  label: string;
  group: 'Move' | 'Triage' | 'Open' | 'Help';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['j'], action: 'next', label: 'Next paper', group: 'Move' },
  { keys: ['k'], action: 'prev', label: 'Previous paper', group: 'Move' },
  { keys: ['J'], action: 'nextMatch', label: 'Next paper a rule matches', group: 'Move' },
  { keys: ['K'], action: 'prevMatch', label: 'Previous paper a rule matches', group: 'Move' },
  { keys: ['q'], action: 'queue', label: 'Toggle queued (not queued ⇄ queued)', group: 'Triage' },
  { keys: ['r'], action: 'reading', label: 'Mark reading', group: 'Triage' },
  { keys: ['x'], action: 'done', label: 'Toggle done', group: 'Triage' },
  { keys: ['t'], action: 'tag', label: 'Add a tag to the current paper', group: 'Triage' },
  { keys: ['n'], action: 'note', label: 'Edit the note of the current paper', group: 'Triage' },
  { keys: ['o'], action: 'open', label: 'Open the paper in this tab', group: 'Open' },
  { keys: ['O'], action: 'openNewTab', label: 'Open the paper in a new tab', group: 'Open' },
  { keys: ['?'], action: 'help', label: 'Show all shortcuts', group: 'Help' },
  { keys: ['Escape'], action: 'close', label: 'Close the open editor or overlay (what you typed is kept)', group: 'Help' },
];

export function shortcutFor(key: string): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.keys.includes(key));
}

/** How a key is written in the help and the README. */
export function keyLabel(key: string): string {
  return key === 'Escape' ? 'Esc' : /^[A-Z]$/.test(key) ? `Shift+${key}` : key;
}

/**
 * The reading queue's keys (the toolbar popup), in the same file so both lists are read and
 * changed together. Keys with modifiers are written `Alt+ArrowUp`; `Ctrl+` means Ctrl or ⌘.
 * Plain keys never fire with Ctrl, Alt or ⌘ held (see popupChord).
 */
export type PopupAction =
  | 'next'
  | 'prev'
  | 'open'
  | 'openBackground'
  | 'reading'
  | 'done'
  | 'remove'
  | 'tag'
  | 'note'
  | 'moveUp'
  | 'moveDown'
  | 'search'
  | 'clear'
  | 'viewQueue'
  | 'viewDone'
  | 'viewAll'
  | 'help';

export interface PopupShortcut {
  keys: readonly string[];
  action: PopupAction;
  label: string;
  group: 'Move' | 'Open' | 'Triage' | 'Search and views' | 'Help';
}

export const POPUP_SHORTCUTS: readonly PopupShortcut[] = [
  { keys: ['ArrowDown', 'j'], action: 'next', label: 'Next paper', group: 'Move' },
  { keys: ['ArrowUp', 'k'], action: 'prev', label: 'Previous paper', group: 'Move' },
  { keys: ['Enter'], action: 'open', label: 'Open the paper in this tab', group: 'Open' },
  { keys: ['Ctrl+Enter'], action: 'openBackground', label: 'Open the paper in a background tab', group: 'Open' },
  { keys: ['r'], action: 'reading', label: 'Mark reading', group: 'Triage' },
  { keys: ['x'], action: 'done', label: 'Mark done (a done paper goes back to the queue)', group: 'Triage' },
  { keys: ['q'], action: 'remove', label: 'Remove from the queue (a paper not in it is added)', group: 'Triage' },
  { keys: ['t'], action: 'tag', label: 'Add a tag', group: 'Triage' },
  { keys: ['n'], action: 'note', label: 'Edit the note (saved as you type)', group: 'Triage' },
  { keys: ['Alt+ArrowUp'], action: 'moveUp', label: 'Move up in the queue', group: 'Triage' },
  { keys: ['Alt+ArrowDown'], action: 'moveDown', label: 'Move down in the queue', group: 'Triage' },
  { keys: ['/'], action: 'search', label: 'Search your library (or just start typing)', group: 'Search and views' },
  { keys: ['Escape'], action: 'clear', label: 'Clear the search and return to the list; again: close', group: 'Search and views' },
  { keys: ['1'], action: 'viewQueue', label: 'Show the queue', group: 'Search and views' },
  { keys: ['2'], action: 'viewDone', label: 'Show done papers', group: 'Search and views' },
  { keys: ['3'], action: 'viewAll', label: 'Show all papers with your state', group: 'Search and views' },
  { keys: ['?'], action: 'help', label: 'Show all keys', group: 'Help' },
];

/**
 * A key press as the popup's list writes it: `j`, `?`, `Enter`, `Shift+Enter`, `Alt+ArrowUp`,
 * `Ctrl+Enter` (⌘ counts as Ctrl). Shift is part of a printed character (`?`, `J`) and named
 * only with keys that print nothing, so Shift+Enter is not Enter.
 */
export function popupChord(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  const printed = e.key.length === 1;
  return `${e.ctrlKey || e.metaKey ? 'Ctrl+' : ''}${e.altKey ? 'Alt+' : ''}${e.shiftKey && !printed ? 'Shift+' : ''}${e.key}`;
}

export function popupShortcutFor(chord: string): PopupShortcut | undefined {
  return POPUP_SHORTCUTS.find((s) => s.keys.includes(chord));
}

const NAMED: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓', Escape: 'Esc', Ctrl: 'Ctrl/⌘' };

/** How a popup key is written in its help and the README: `Alt+↑`, `Ctrl/⌘+Enter`. */
export function popupKeyLabel(key: string): string {
  return key
    .split('+')
    .map((part) => NAMED[part] ?? part)
    .join('+');
}
