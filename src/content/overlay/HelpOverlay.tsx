/**
 * The shortcut help, drawn from the one list in shared/shortcuts.ts.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { keyLabel, SHORTCUTS, type Shortcut } from '../../shared/shortcuts';

export function HelpOverlay({ onClose }: { onClose(): void }) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => closeButton.current?.focus(), []);
  const groups = new Map<string, Shortcut[]>();
  for (const s of SHORTCUTS) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return (
    <div
      class="help-backdrop"
      onClick={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div class="help" role="dialog" aria-modal="true" aria-labelledby="help-title">
        <h2 id="help-title">Margin keyboard shortcuts</h2>
        {[...groups].map(([group, list]) => (
          <section key={group} aria-label={group}>
            <h3>{group}</h3>
            <dl>
              {list.map((s) => (
                <div class="row" key={s.action}>
                  <dt>
                    {s.keys.map((k) => (
                      <kbd key={k}>{keyLabel(k)}</kbd>
                    ))}
                  </dt>
                  <dd>{s.label}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <p class="hint">Shortcuts do nothing while you type in a field, or with Ctrl, Alt or ⌘ held.</p>
        <button type="button" ref={closeButton} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
