/**
 * A site redesign, applied to a saved page: what arXiv did between 2018 and 2024 and Hugging
 * Face between its two saved daily pages, pushed further. Each entry's own elements become
 * plain divs (dl/dt/dd, the cards' <article> and <h3>), titles move within their entry, and
 * every id and class is renamed. Only the links' hrefs survive, as they have in every real
 * redesign so far: Margin's fallback should then find every paper through them.
 */

/** The pages (names from site-pages.ts) the tests and `npm run check-sites` redesign. */
export const REDESIGNED: readonly string[] = [
  'shared/arxiv/arxiv-list-cs-new-2018-07-20-old-markup.html',
  'shared/arxiv/arxiv-list-cs.CL-recent-2026-07-28.html',
  'shared/huggingface/hf-papers-daily-2024-08-01.html',
  'shared/huggingface/hf-papers-daily-2026-07-02.html',
  'own/arxiv-list-new.html',
  'own/hf-listing-edge-cases.html',
];

function retag(el: Element, name: string): void {
  const next = el.ownerDocument.createElement(name);
  for (const attr of el.attributes) next.setAttribute(attr.name, attr.value);
  next.append(...el.childNodes);
  el.replaceWith(next);
}

/** Redesigns the parsed page in place and returns it as HTML, ready to serve. */
export function redesign(doc: Document): string {
  // Titles move: arXiv's into the line above its entry's details, Hugging Face's to the card's end.
  for (const title of doc.querySelectorAll('dd .list-title')) {
    const dt = title.closest('dd')?.previousElementSibling;
    if (dt?.localName === 'dt') dt.prepend(title);
  }
  for (const heading of doc.querySelectorAll('article h3')) heading.closest('article')?.append(heading);
  // The elements that made an entry an entry become divs (a static list: parents go first).
  for (const el of [...doc.querySelectorAll('dl, dt, dd, article, h3')]) retag(el, 'div');
  for (const el of doc.querySelectorAll('[id]')) el.setAttribute('id', `x-${el.getAttribute('id')}`);
  for (const el of doc.querySelectorAll('[class]')) {
    const renamed = (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).map((c) => `x-${c}`);
    el.setAttribute('class', renamed.join(' '));
  }
  return `<!DOCTYPE html>\n${doc.documentElement.outerHTML}`;
}
