/**
 * Margin's content script: picks the site adapter for this page, annotates every paper on
 * it, follows the page as it changes, binds the keyboard, and listens for changes made
 * elsewhere. It runs on every supported listing, so it stays small and does nothing where
 * no adapter matches.
 */
import browser, { type Runtime } from '../shared/browser';
import { call, isEvent } from '../shared/messages';
import { toPaperId } from '../shared/paper-id';
import type { ShortcutAction } from '../shared/shortcuts';
import { adapterFor } from '../sites/registry';
import type { SiteAdapter } from '../sites/types';
import { Annotator, READY_ATTR } from './annotator';
import { FALLBACK_ATTR, withFallback } from './fallback';
import { bindShortcuts } from './keyboard';
import { PageUi } from './page-ui';
import { watchPage } from './watch';

function start(): void {
  const root = document.documentElement;
  // Guard against running twice (a declared and a registered script, an extension reload).
  if (root.hasAttribute(READY_ATTR)) return;
  root.setAttribute(READY_ATTR, 'scanning');

  let annotator: Annotator | null = null;
  let ui: PageUi | null = null;
  let site: SiteAdapter | undefined | null = null; // null: not picked yet
  const pickAdapter = () => {
    const next = adapterFor(new URL(location.href));
    if (next === site) return;
    site = next;
    annotator?.destroy();
    ui?.destroy();
    root.removeAttribute(FALLBACK_ATTR);
    // A redesigned page the site's adapter no longer recognises still shows its paper links.
    const adapter = next && withFallback(next);
    annotator = adapter ? new Annotator(adapter, marking) : null;
    ui = annotator && adapter ? new PageUi(annotator, () => adapter.fallback) : null;
    if (annotator && ui) annotator.onSummary = () => ui?.update();
    if (!annotator) root.setAttribute(READY_ATTR, 'ready');
  };
  // Injected at document_start: the first question wakes the background now, while the page
  // is still parsing, so its start-up is not on the path to the first scan; its answer says
  // whether the entries' text will be needed for marks.
  const marking = adapterFor(new URL(location.href))
    ? call('pageStart', {}).then(
        (r) => r.marking,
        () => true,
      )
    : Promise.resolve(false);
  pickAdapter();
  const scan = async () => {
    if (annotator) await annotator.scan();
  };
  // The first scan starts at DOMContentLoaded, so its one store request is under way while
  // the browser lays the page out (deferring it past that first layout measured slower).
  const whenParsed = (fn: () => void) =>
    document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', fn, { once: true }) : fn();

  bindShortcuts((action: ShortcutAction) => {
    if (!annotator || !ui) return false;
    switch (action) {
      case 'next':
        annotator.move(1);
        return true;
      case 'prev':
        annotator.move(-1);
        return true;
      case 'nextMatch':
        annotator.moveMatch(1);
        return true;
      case 'prevMatch':
        annotator.moveMatch(-1);
        return true;
      case 'help':
        ui.toggleHelp();
        return true;
      case 'close':
        if (!ui.helpOpen) return false;
        ui.closeHelp();
        return true;
      default:
        annotator.act(action);
        return true;
    }
  });

  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || !isEvent(message)) return undefined;
    switch (message.kind) {
      case 'margin/changed':
        annotator?.applyChanges(message.records);
        return undefined;
      case 'margin/cleared':
      case 'margin/reload':
        annotator?.forgetAll();
        return undefined;
      case 'margin/rules':
        annotator?.remark();
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
  // Coming back to the tab: catch up on anything a stopped worker failed to tell us.
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void annotator?.resync());
  addEventListener('focus', () => void annotator?.resync());
  whenParsed(() => {
    watchPage(scan, pickAdapter);
    void scan();
  });
}

start();
