/**
 * The one list of in-page keyboard shortcuts. The content script binds these, the help
 * overlay and the options page draw their tables from it, and a test checks the README's
 * table against it.
 */
export type ShortcutAction =
  | 'next'
  | 'prev'
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
  return key === 'Escape' ? 'Esc' : key === 'O' ? 'Shift+O' : key;
}
