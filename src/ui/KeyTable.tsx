/** The in-page keys as a definition list, from the one shortcut list: shared by the popup's
 *  empty state and the options page. */
import { keyLabel, SHORTCUTS } from '../shared/shortcuts';

export function KeyTable({ label }: { label: string }) {
  return (
    <dl class="m-keys" aria-label={label}>
      {SHORTCUTS.map((s) => (
        <div key={s.action} class="m-key-row">
          <dt>
            {s.keys.map((k) => (
              <kbd key={k}>{keyLabel(k)}</kbd>
            ))}
          </dt>
          <dd>{s.label}</dd>
        </div>
      ))}
    </dl>
  );
}
