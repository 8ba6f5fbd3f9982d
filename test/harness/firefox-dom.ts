/**
 * The in-page half of the Firefox driver: finds elements the way Playwright's locators do for
 * the calls Margin's suites make (CSS that pierces open shadow roots, `getByRole` with an
 * accessible name, `getByLabel`, `getByText`, `first()`), so one set of test files drives
 * both browsers. It is sent to the page as source text and run by WebDriver BiDi, which
 * extension pages' CSP does not stop (it would stop `new Function`).
 *
 * Kept to plain functions: the text of `query` is what runs in the page.
 */

export type Text = string | { source: string; flags: string };
export type Step =
  | { kind: 'css'; selector: string }
  | { kind: 'role'; role: string; name?: Text; exact?: boolean }
  | { kind: 'label'; text: Text; exact?: boolean }
  | { kind: 'text'; text: Text; exact?: boolean }
  | { kind: 'first' };

export function toText(t: string | RegExp): Text {
  return typeof t === 'string' ? t : { source: t.source, flags: t.flags };
}

/** Runs in the page: the elements the steps select, in document order. */
export function query(steps: Step[]): Element[] {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const matchesText = (value: string, t: Text, exact?: boolean) => {
    const v = norm(value);
    if (typeof t === 'string') return exact ? v === norm(t) : v.toLowerCase().includes(norm(t).toLowerCase());
    return new RegExp(t.source, t.flags).test(v);
  };
  // Every element under root, open shadow roots included (a host's shadow tree before its children).
  const deep = (root: Document | Element): Element[] => {
    const out: Element[] = [];
    const walk = (node: Document | Element | ShadowRoot) => {
      for (let el = node.firstElementChild; el; el = el.nextElementSibling) {
        out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    };
    if (root instanceof Element && root.shadowRoot) walk(root.shadowRoot);
    walk(root);
    return out;
  };
  // Splits "a b > c" at its descendant combinators: "a", "b > c".
  const parts = (selector: string): string[] => {
    const out: string[] = [];
    let depth = 0;
    let cur = '';
    let quote = '';
    for (let i = 0; i < selector.length; i++) {
      const ch = selector[i]!;
      if (quote) {
        cur += ch;
        if (ch === quote) quote = '';
        continue;
      }
      if (ch === '"' || ch === "'") quote = ch;
      if (ch === '(' || ch === '[') depth++;
      if (ch === ')' || ch === ']') depth--;
      if (/\s/.test(ch) && depth === 0) {
        const prev = cur.trimEnd().slice(-1);
        const next = selector.slice(i).trimStart()[0];
        if (cur.trim() && !'>+~'.includes(prev) && !'>+~'.includes(next ?? '')) {
          out.push(cur.trim());
          cur = '';
        } else cur += ch;
        continue;
      }
      cur += ch;
    }
    if (cur.trim()) out.push(cur.trim());
    return out;
  };
  const css = (root: Document | Element, selector: string): Element[] => {
    let roots: Array<Document | Element> = [root];
    for (const part of parts(selector)) {
      const found = new Set<Element>();
      for (const r of roots) for (const el of deep(r)) if (el.matches(part)) found.add(el);
      roots = [...found];
    }
    return roots as Element[];
  };
  const hidden = (el: Element): boolean => {
    for (let e: Element | null = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host ?? null)) {
      if (e.getAttribute('aria-hidden') === 'true') return true;
    }
    return !(el as HTMLElement).checkVisibility?.({ visibilityProperty: true } as CheckVisibilityOptions);
  };
  const role = (el: Element): string => {
    const explicit = el.getAttribute('role')?.trim().split(/\s+/)[0];
    if (explicit) return explicit;
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (tag === 'button') return 'button';
    if (tag === 'a' || tag === 'area') return el.hasAttribute('href') ? 'link' : '';
    if (tag === 'select') return (el as HTMLSelectElement).multiple || (el as HTMLSelectElement).size > 1 ? 'listbox' : 'combobox';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'input') {
      if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
      if (type === 'checkbox' || type === 'radio') return type;
      if (el.hasAttribute('list')) return 'combobox';
      if (type === 'search') return 'searchbox';
      if (['text', 'email', 'tel', 'url'].includes(type)) return 'textbox';
      return '';
    }
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'img') return el.getAttribute('alt') === '' ? 'presentation' : 'img';
    if (tag === 'dialog') return 'dialog';
    if (tag === 'section') return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : '';
    if (tag === 'fieldset' || tag === 'details') return 'group';
    if (tag === 'ul' || tag === 'ol') return 'list';
    if (tag === 'li') return 'listitem';
    if (tag === 'nav') return 'navigation';
    if (tag === 'main') return 'main';
    if (tag === 'output') return 'status';
    if (tag === 'option') return 'option';
    if (tag === 'progress') return 'progressbar';
    return '';
  };
  const textOf = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (!(node instanceof Element)) return '';
    if (node.getAttribute('aria-hidden') === 'true') return '';
    const label = node.getAttribute('aria-label');
    if (label?.trim()) return ` ${label} `;
    if (node.tagName === 'IMG') return node.getAttribute('alt') ?? '';
    const kids = node.shadowRoot ? [...node.shadowRoot.childNodes] : [...node.childNodes];
    const text = kids.map(textOf).join('');
    return /^(DIV|P|LI|BR|H\d)$/.test(node.tagName) ? ` ${text} ` : text;
  };
  const byIds = (el: Element, ids: string) => {
    const root = el.getRootNode() as Document | ShadowRoot;
    return ids.split(/\s+/).map((id) => root.getElementById(id)).filter((e): e is HTMLElement => !!e);
  };
  const labelsOf = (el: Element): string[] => {
    const out: string[] = [];
    const lb = el.getAttribute('aria-labelledby');
    if (lb) out.push(byIds(el, lb).map((e) => textOf(e)).join(' '));
    const al = el.getAttribute('aria-label');
    if (al) out.push(al);
    for (const l of (el as HTMLInputElement).labels ?? []) out.push(textOf(l));
    return out.map(norm).filter(Boolean);
  };
  const FROM_CONTENT = new Set(['button', 'link', 'tab', 'heading', 'checkbox', 'radio', 'option', 'listitem', 'menuitem', 'cell', 'switch', 'treeitem']);
  const nameOf = (el: Element): string => {
    const labels = labelsOf(el);
    if (labels.length) return labels[0]!;
    const r = role(el);
    if (el.tagName === 'IMG') return norm(el.getAttribute('alt') ?? '');
    if (el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes((el as HTMLInputElement).type)) return norm((el as HTMLInputElement).value);
    if (FROM_CONTENT.has(r)) {
      const t = norm(textOf(el));
      if (t) return t;
    }
    return norm(el.getAttribute('title') ?? (el as HTMLInputElement).placeholder ?? '');
  };

  let current: Array<Document | Element> = [document];
  for (const step of steps) {
    const found: Element[] = [];
    const seen = new Set<Element>();
    const add = (el: Element) => {
      if (!seen.has(el)) {
        seen.add(el);
        found.push(el);
      }
    };
    if (step.kind === 'first') {
      current = current.slice(0, 1);
      continue;
    }
    for (const root of current) {
      if (step.kind === 'css') {
        css(root, step.selector).forEach(add);
      } else if (step.kind === 'role') {
        for (const el of deep(root)) {
          if (role(el) !== step.role || hidden(el)) continue;
          if (step.name !== undefined && !matchesText(nameOf(el), step.name, step.exact)) continue;
          add(el);
        }
      } else if (step.kind === 'label') {
        for (const el of deep(root)) if (labelsOf(el).some((l) => matchesText(l, step.text, step.exact))) add(el);
      } else {
        // The innermost elements whose text matches.
        const all = deep(root).filter((el) => !['SCRIPT', 'STYLE'].includes(el.tagName) && matchesText(textOf(el), step.text, step.exact));
        for (const el of all) if (!all.some((o) => o !== el && el.contains(o))) add(el);
      }
    }
    current = found;
  }
  return current as Element[];
}
