/**
 * The host element Margin puts next to each paper: `<paper-margin>`, carrying the paper's
 * state as data-* attributes (users may style these; tests read them), with its UI inside
 * a shadow root so the page's CSS and Margin's never meet.
 */
import type { PaperId } from '../shared/paper-id';
import type { PaperRecord } from '../shared/record';

export const HOST_TAG = 'paper-margin';

export interface Host extends HTMLElement {
  dataset: DOMStringMap & { paperId: PaperId };
}

export function createHost(id: PaperId): Host {
  const host = document.createElement(HOST_TAG) as Host;
  host.dataset.paperId = id;
  host.dataset.status = 'none';
  return host;
}

/** Mirrors a record onto the host's attributes; the UI inside re-renders from the same data. */
export function reflectState(host: Host, record: PaperRecord | null): void {
  const status = record?.status ?? 'none';
  if (host.dataset.status !== status) host.dataset.status = status;
  const tags = record?.tags.join(' ') ?? '';
  if (tags) {
    if (host.dataset.tags !== tags) host.dataset.tags = tags;
  } else if (host.hasAttribute('data-tags')) {
    host.removeAttribute('data-tags');
  }
  toggleAttr(host, 'data-has-note', Boolean(record?.note));
}

function toggleAttr(el: Element, name: string, on: boolean): void {
  if (on && !el.hasAttribute(name)) el.setAttribute(name, '');
  else if (!on && el.hasAttribute(name)) el.removeAttribute(name);
}
