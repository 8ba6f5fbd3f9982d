/** The keys on paper pages, and the browser-level shortcuts (changed in Chrome's own page). */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { POPUP_SHORTCUTS, popupKeyLabel } from '../shared/shortcuts';
import { KeyTable } from '../ui/KeyTable';

interface Command {
  name: string;
  description: string;
  shortcut: string;
}

export function ShortcutsSection() {
  const [commands, setCommands] = useState<Command[]>([]);
  useEffect(() => {
    void browser.commands
      .getAll()
      .then((all) =>
        setCommands(
          all.map((c) => ({
            name: c.name ?? '',
            description: c.name === '_execute_action' ? 'Open the reading queue' : (c.description ?? c.name ?? ''),
            shortcut: c.shortcut ?? '',
          })),
        ),
      )
      .catch(() => undefined);
  }, []);

  return (
    <section aria-labelledby="keys-h">
      <h2 id="keys-h">Shortcuts</h2>
      <h3>On paper pages</h3>
      <KeyTable label="Keys on paper pages" />
      <h3>In the reading queue (the toolbar button)</h3>
      <KeyTable label="Keys in the reading queue" shortcuts={POPUP_SHORTCUTS} keyText={popupKeyLabel} wide />
      <h3>Anywhere in Chrome</h3>
      {commands.length > 0 && (
        <dl class="m-keys commands" aria-label="Browser shortcuts">
          {commands.map((c) => (
            <div key={c.name} class="m-key-row">
              <dt>{c.shortcut ? <kbd>{c.shortcut}</kbd> : <span class="m-muted">not set</span>}</dt>
              <dd>{c.description}</dd>
            </div>
          ))}
        </dl>
      )}
      <p>
        {/* Pages cannot link to chrome:// URLs; the tabs API may open them. */}
        <button type="button" onClick={() => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' })}>
          Change browser shortcuts
        </button>
      </p>
    </section>
  );
}
