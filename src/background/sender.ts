/**
 * Who sent a message, as Chrome reports it. The browser process fills in `sender` from the
 * frame that sent the message, so a page cannot forge it; only what it says is trusted.
 */

/** The fields of runtime.MessageSender the router reads (`origin`: Chrome and Firefox). */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
}

/** This extension: its id and its base URL (`runtime.getURL('')`, ending in `/`). */
export interface Self {
  id: string;
  baseUrl: string;
}

/** Sent by this extension: one of Margin's pages or a content script Margin injected. */
export const fromThisExtension = (sender: SenderInfo, self: Self): boolean => sender.id === self.id;

/**
 * True for Margin's own pages (popup, options), wherever they are open. Not `sender.tab`:
 * the options page opened in a tab has one too, and a content script always does. A content
 * script's `url` is the web page's URL; an extension page's is on the extension's origin
 * (`chrome-extension://<id>/…`, in Firefox `moz-extension://<uuid>/…`). Where Chrome also
 * gives `origin`, it must agree (a frame's URL and origin can differ, as about:blank shows).
 */
export function isMarginPage(sender: SenderInfo, self: Self): boolean {
  if (!fromThisExtension(sender, self) || !self.baseUrl.endsWith('/')) return false;
  if (typeof sender.url !== 'string' || !sender.url.startsWith(self.baseUrl)) return false;
  return sender.origin === undefined || sender.origin === self.baseUrl.slice(0, -1);
}
