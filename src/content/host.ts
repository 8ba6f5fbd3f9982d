/**
 * The host element Margin puts next to each paper: `<paper-margin>`, carrying the paper's
 * state as data-* attributes (users may style these; tests read them), with its UI inside
 * a shadow root so the page's CSS and Margin's never meet. Plain get/setAttribute rather
 * than `dataset`: this runs for every entry of a 2000-entry listing.
 */
import type { PaperId } from '../shared/paper-id';
import type { PaperRecord } from '../shared/record';

export const HOST_TAG = 'paper-margin';

export type Host = HTMLElement;

export function createHost(id: PaperId): Host {
  const host = document.createElement(HOST_TAG);
  host.setAttribute('data-paper-id', id);
  host.setAttribute('data-status', 'none');
  // No layout box until its UI renders (near the viewport); then its shadow styles apply.
  host.style.display = 'none';
  return host;
}

/** Mirrors a record onto the host's attributes; the UI inside re-renders from the same data. */
export function reflectState(host: Host, record: PaperRecord | null): void {
  setAttr(host, 'data-status', record?.status ?? 'none');
  setAttr(host, 'data-tags', record?.tags.length ? record.tags.join(' ') : null);
  setAttr(host, 'data-has-note', record?.note ? '' : null);
}

/** Sets (or with null removes) an attribute, touching the DOM only when it changes. */
export function setAttr(el: Element, name: string, value: string | null): void {
  if (el.getAttribute(name) === value) return;
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, value);
}
