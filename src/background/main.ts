/**
 * The service worker: owner of the data. Listeners are registered synchronously at the top
 * level so that a message or command that wakes a stopped worker is delivered.
 */
import browser, { type Runtime } from '../shared/browser';
import { scheduleBadge } from './badge';
import { runCommand } from './commands';
import { handlers, syncedIn } from './handlers';
import { setSyncHooks, watchSync } from './sync/service';
import { seenHistoryChanged } from './sync/seen-sync';
import { transact } from './store';
import { createRouter } from './router';
import { runMigrations } from './migrations';
import { watchRevocations } from './sites';
import { sendToAll } from './broadcast';
import { onDatabaseDeleted } from './store';
import { libraryChanged } from './rules';

const route = createRouter(handlers, { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') });

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  // Only calls are answered here; events from other contexts are not ours to handle.
  if ((message as { kind?: unknown })?.kind !== 'margin/call') return undefined;
  // What Chrome says about the sender decides what it may ask (`origin` is missing from the
  // polyfill's types, not from Chrome).
  const { id, url, origin } = sender as Runtime.MessageSender & { origin?: string };
  return route(message, { id, url, origin });
});

browser.commands.onCommand.addListener((name) => {
  void runCommand(name);
});

watchRevocations();

setSyncHooks({
  changed: syncedIn,
  // Another computer's "Delete all": the seen history goes too (it is not merged by time).
  clearHistory: () => transact(['history'], 'readwrite', (tx) => void tx.objectStore('history').clear()).then(seenHistoryChanged),
  // Margin's pages only (runtime messages do not reach content scripts).
  tellPages: async (status) => {
    await browser.runtime.sendMessage({ kind: 'margin/sync', status }).catch(() => undefined);
  },
});
watchSync();

// The library was deleted under us (the user cleared the extension's data): say so, and let
// every page drop what it shows; the next action starts a new, empty library.
onDatabaseDeleted(() => {
  console.warn('Margin: the library was deleted by the browser or the user; starting an empty one.');
  libraryChanged(); // what this worker held of the library's authors went with it
  void sendToAll({ kind: 'margin/cleared' });
  scheduleBadge(0, 0);
});

// The badge is not kept across browser restarts: count once when the worker starts.
browser.runtime.onStartup.addListener(() => scheduleBadge(0));
browser.runtime.onInstalled.addListener(() => scheduleBadge(0));

// Bring an older library to the current schema once (after an update that changed it).
void runMigrations().catch((err) => console.error('Margin: migrating the library failed; records are still migrated as they are read.', err));
