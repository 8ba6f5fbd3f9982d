/**
 * The service worker: owner of the data. Listeners are registered synchronously at the top
 * level so that a message or command that wakes a stopped worker is delivered.
 */
import browser, { type Runtime } from '../shared/browser';
import { runCommand } from './commands';
import { handlers } from './handlers';
import { createRouter } from './router';

const route = createRouter(handlers, browser.runtime.id);

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  // Only calls are answered here; events from other contexts are not ours to handle.
  if ((message as { kind?: unknown })?.kind !== 'margin/call') return undefined;
  return route(message, sender);
});

browser.commands.onCommand.addListener((name) => {
  void runCommand(name);
});
