/** The keys on paper pages, and the browser-level shortcuts (changed in the browser's own page). */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { POPUP_SHORTCUTS, popupKeyLabel } from '../shared/shortcuts';
import { KeyTable } from '../ui/KeyTable';

interface Command {
  name: string;
  description: string;
  shortcut: string;
}

/**
 * The browser's own page for changing extension shortcuts: Firefox (137+) opens it for Margin
 * with commands.openShortcutSettings; Chrome has no such call, but its tabs API may open
 * chrome:// URLs, which pages cannot link to.
 */
function openShortcutSettings(): void {
  const commands = browser.commands as typeof browser.commands & { openShortcutSettings?: () => Promise<void> };
  void (commands.openShortcutSettings ? commands.openShortcutSettings() : browser.tabs.create({ url: 'chrome://extensions/shortcuts' }));
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
      <h3>Anywhere in the browser</h3>
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
        <button type="button" onClick={openShortcutSettings}>
          Change browser shortcuts
        </button>
      </p>
    </section>
  );
}
