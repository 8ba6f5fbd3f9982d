/**
 * "Matches first": the listing's entries reordered so those a rule matches come first, and
 * put back exactly. Where the entries sit in a grid or flex box (Hugging Face's cards, owned
 * by the page's own scripts) only their CSS `order` changes, so the page's DOM is untouched;
 * in a plain block list (arXiv's <dl>), the entries' elements are moved, each original place
 * kept by an empty comment node, so putting them back restores the very same order.
 */
import { override } from './entry';

export interface Sortable {
  containers: Element[];
  matched: boolean;
}

/** The element that moves for an entry: its first container, or the wrapper holding only it. */
function itemOf(el: Element): Element {
  let item = el;
  while (item.parentElement && item.parentElement.childElementCount === 1 && item.parentElement !== document.body) item = item.parentElement;
  return item;
}

/** The sibling nodes from the first container to the last (or the containers, if not siblings). */
function span(containers: Element[]): ChildNode[] {
  const last = containers[containers.length - 1]!;
  const nodes: ChildNode[] = [];
  for (let n: ChildNode | null = containers[0]!; n; n = n.nextSibling) {
    nodes.push(n);
    if (n === last) return nodes;
  }
  return containers;
}

export class MatchSorter {
  private slots: Array<{ mark: Comment; nodes: ChildNode[] }> = [];
  private ordered: Element[] = [];

  get active(): boolean {
    return this.slots.length > 0 || this.ordered.length > 0;
  }

  /** Reorders (after undoing any earlier sort, so it can be called again as matches change). */
  sort(entries: Sortable[]): void {
    this.restore();
    if (!entries.some((e) => e.matched)) return;
    const moving: Array<{ nodes: ChildNode[]; matched: boolean }> = [];
    for (const e of entries) {
      if (e.containers.length === 0) continue;
      const first = itemOf(e.containers[0]!);
      const parent = first.parentElement;
      if (parent && /(grid|flex)$/.test(getComputedStyle(parent).display)) {
        if (e.matched) {
          override(first, 'order', '-1');
          this.ordered.push(first);
        }
        continue;
      }
      // A dt and its dd move together, with the text between them: siblings on every arXiv listing.
      moving.push({ nodes: e.containers.length === 1 ? [first] : span(e.containers), matched: e.matched });
    }
    if (!moving.some((m) => m.matched)) return;
    this.slots = moving.map((m) => {
      const mark = document.createComment('margin');
      m.nodes[0]!.before(mark);
      return { mark, nodes: m.nodes };
    });
    const order = [...moving.filter((m) => m.matched), ...moving.filter((m) => !m.matched)];
    order.forEach((m, i) => this.slots[i]!.mark.after(...m.nodes));
  }

  /** Puts every entry back where the page had it. */
  restore(): void {
    for (const el of this.ordered) override(el, 'order', null);
    this.ordered = [];
    for (const { mark, nodes } of this.slots) if (mark.isConnected) mark.after(...nodes);
    for (const { mark } of this.slots) mark.remove();
    this.slots = [];
  }
}
