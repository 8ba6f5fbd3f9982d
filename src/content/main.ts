/**
 * Margin's content script: picks the site adapter for this page, annotates every paper on
 * it, and listens for changes made elsewhere. Runs on every supported listing, so it stays
 * small and does nothing on pages without an adapter.
 */
import browser, { type Runtime } from '../shared/browser';
import { isEvent } from '../shared/messages';
import { adapterFor } from '../sites/registry';
import { Annotator, READY_ATTR } from './annotator';

function start(): void {
  const root = document.documentElement;
  // Guard against running twice (declared and registered scripts, extension reloads).
  if (root.hasAttribute(READY_ATTR)) return;
  const adapter = adapterFor(new URL(location.href));
  if (!adapter) return;
  root.setAttribute(READY_ATTR, 'scanning');

  const annotator = new Annotator(adapter);
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || !isEvent(message)) return undefined;
    if (message.kind === 'margin/changed') annotator.applyChanges(message.records);
    else if (message.kind === 'margin/toggle-overlays') annotator.toggleHidden();
    return undefined;
  });
  void annotator.scan();
}

start();
