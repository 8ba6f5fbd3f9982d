/** Keys as a definition list, from the one shortcut file: the in-page keys (the popup's empty
 *  state, the options page) or the reading queue's own (the popup's help). */
import { keyLabel, SHORTCUTS } from '../shared/shortcuts';

interface Row {
  keys: readonly string[];
  action: string;
  label: string;
}

export interface KeyTableProps {
  label: string;
  shortcuts?: readonly Row[];
  keyText?: (key: string) => string;
  /** Keys with modifiers (`Ctrl/⌘+Enter`) need a wider column. */
  wide?: boolean;
}

export function KeyTable({ label, shortcuts = SHORTCUTS, keyText = keyLabel, wide = false }: KeyTableProps) {
  return (
    <dl class={wide ? 'm-keys m-keys-wide' : 'm-keys'} aria-label={label}>
      {shortcuts.map((s) => (
        <div key={s.action} class="m-key-row">
          <dt>
            {s.keys.map((k) => (
              <kbd key={k}>{keyText(k)}</kbd>
            ))}
          </dt>
          <dd>{s.label}</dd>
        </div>
      ))}
    </dl>
  );
}
