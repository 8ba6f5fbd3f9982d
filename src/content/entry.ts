/**
 * What Margin reads from and does to a paper's entry on the page: the details it reports,
 * the link "open" follows, and the inline styles of the page bar's filters (hiding), of
 * done papers and rules (dimming, highlighting) and of sorting, undone exactly.
 */
import type { PaperMeta } from '../shared/messages';
import { abstractUrl, toPaperId } from '../shared/paper-id';
import { PRIMARY_CLASS } from '../shared/record';
import type { PaperOccurrence } from '../sites/types';

/** What a page tells the background about a paper (only what the page really shows). */
export function metaOf(occ: PaperOccurrence, url?: string): PaperMeta {
  const { title, authors, primaryClass } = occ;
  return {
    title,
    ...(url ? { url } : {}),
    ...(authors?.length ? { authors } : {}),
    ...(primaryClass && PRIMARY_CLASS.test(primaryClass) ? { primaryClass } : {}),
  };
}

/** Where "open" goes: the paper's own link on this page when there is one, else its abstract. */
export function paperLink(occ: PaperOccurrence): string {
  const id = occ.id;
  const links = [occ.anchor, ...(occ.container ?? [])].flatMap((el) => [
    ...(el.matches('a[href]') ? [el] : []),
    ...el.querySelectorAll('a[href]'),
  ]);
  const own = links.find((a) => toPaperId((a as HTMLAnchorElement).href) === id && !/\/pdf\//.test((a as HTMLAnchorElement).href));
  return own ? (own as HTMLAnchorElement).href : abstractUrl(id);
}

// Elements whose inline style Margin overrode, with the value the page had set, so that
// clearing a filter gives the page back exactly what it had.
const overridden = {
  display: new WeakMap<Element, string>(),
  opacity: new WeakMap<Element, string>(),
  'background-color': new WeakMap<Element, string>(),
  order: new WeakMap<Element, string>(),
};

export function override(el: Element, prop: keyof typeof overridden, value: string | null): void {
  const style = (el as HTMLElement).style;
  if (!style) return;
  const saved = overridden[prop];
  if (value !== null) {
    if (!saved.has(el)) saved.set(el, style.getPropertyValue(prop));
    if (style.getPropertyValue(prop) !== value) style.setProperty(prop, value);
  } else if (saved.has(el)) {
    style.setProperty(prop, saved.get(el)!);
    saved.delete(el);
  }
}

/**
 * The parts of a paper's entry that do not hold Margin's host: done papers are dimmed
 * through these, so the page's text fades while Margin's controls stay legible.
 */
export function outside(containers: Element[], host: Element): Element[] {
  const out: Element[] = [];
  const walk = (el: Element) => {
    if (el === host) return;
    if (!el.contains(host)) return void out.push(el);
    for (const child of el.children) walk(child);
  };
  containers.forEach(walk);
  return out;
}

/** True when Margin hid this paper (the overlays, or its entry by a filter). */
export function isHidden(host: HTMLElement, occ: PaperOccurrence): boolean {
  return host.hidden === true || (occ.container ?? []).some((el) => overridden.display.has(el));
}
