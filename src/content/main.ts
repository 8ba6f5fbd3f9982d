/**
 * Margin's content script: picks the site adapter for this page, annotates every paper on
 * it, follows the page as it changes, and listens for changes made elsewhere. It runs on
 * every supported listing, so it stays small and does nothing where no adapter matches.
 */
import browser, { type Runtime } from '../shared/browser';
import { isEvent } from '../shared/messages';
import { toPaperId } from '../shared/paper-id';
import { adapterFor } from '../sites/registry';
import { Annotator, READY_ATTR } from './annotator';
import { watchPage } from './watch';

function start(): void {
  const root = document.documentElement;
  // Guard against running twice (a declared and a registered script, an extension reload).
  if (root.hasAttribute(READY_ATTR)) return;
  root.setAttribute(READY_ATTR, 'scanning');

  let annotator: Annotator | null = null;
  const pickAdapter = () => {
    const adapter = adapterFor(new URL(location.href));
    if (annotator?.adapter === adapter) return;
    annotator?.destroy();
    annotator = adapter ? new Annotator(adapter) : null;
    if (!annotator) root.setAttribute(READY_ATTR, 'ready');
  };
  pickAdapter();
  const scan = async () => {
    if (annotator) await annotator.scan();
  };
  watchPage(scan, pickAdapter);

  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || !isEvent(message)) return undefined;
    switch (message.kind) {
      case 'margin/changed':
        annotator?.applyChanges(message.records);
        return undefined;
      case 'margin/cleared':
        annotator?.forgetAll();
        return undefined;
      case 'margin/toggle-overlays':
        annotator?.toggleHidden();
        return undefined;
      case 'margin/page-paper':
        // The paper this page is about (an abs page, a Hugging Face paper page), for the
        // "add this page's paper" command; null on listings.
        return Promise.resolve({ id: toPaperId(location.href), title: document.title });
    }
  });
  void scan();
}

start();
