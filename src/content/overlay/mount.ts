/**
 * Renders a Preact tree inside a host's shadow root with Margin's stylesheet adopted there.
 * `all: initial` on :host stops the page's inherited properties (font, colour) reaching in.
 */
import { render, type ComponentChild } from 'preact';
import css from './overlay.css?inline';

let sheet: CSSStyleSheet | undefined;
function overlaySheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}

export function mount(host: HTMLElement, vnode: ComponentChild): () => void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  if (root.adoptedStyleSheets.length === 0) root.adoptedStyleSheets = [overlaySheet()];
  render(vnode, root);
  return () => render(null, root);
}
