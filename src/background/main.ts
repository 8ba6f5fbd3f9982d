/**
 * The service worker: owner of the data. Listeners are registered synchronously at the top
 * level so that a message or command that wakes a stopped worker is delivered.
 */
import browser, { type Runtime } from '../shared/browser';
import { queuedCount, scheduleBadge } from './badge';
import { runCommand } from './commands';
import { handlers } from './handlers';
import { createRouter } from './router';
import { watchRevocations } from './sites';
import { allRecords } from './store';

const route = createRouter(handlers, browser.runtime.id);

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  // Only calls are answered here; events from other contexts are not ours to handle.
  if ((message as { kind?: unknown })?.kind !== 'margin/call') return undefined;
  return route(message, sender);
});

browser.commands.onCommand.addListener((name) => {
  void runCommand(name);
});

watchRevocations();

// The badge is not kept across browser restarts: count once when the worker starts.
browser.runtime.onStartup.addListener(() => scheduleBadge(async () => queuedCount(await allRecords()), 0));
browser.runtime.onInstalled.addListener(() => scheduleBadge(async () => queuedCount(await allRecords()), 0));
