/**
 * "Matches first" reorders a listing and puts it back exactly: the arXiv shape (dt/dd pairs
 * with headings between them, moved in the DOM) and a grid of cards (only CSS order).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MatchSorter } from '../../../src/content/sort-matches';

afterEach(() => {
  document.body.innerHTML = '';
});

function dl(): HTMLElement {
  document.body.innerHTML = `<div id="list"><dl id="articles"><h3>New</h3>${[1, 2, 3]
    .map((i) => `<dt id="t${i}">${i}</dt><dd id="d${i}">entry ${i}</dd>`)
    .join('')}</dl><dl id="articles2"><h3>Cross</h3>${[4, 5].map((i) => `<dt id="t${i}">${i}</dt><dd id="d${i}">entry ${i}</dd>`).join('')}</dl></div>`;
  return document.getElementById('list')!;
}
const pair = (i: number) => [document.getElementById(`t${i}`)!, document.getElementById(`d${i}`)!];
const ids = () => [...document.querySelectorAll('dt')].map((d) => d.id);

describe('matches first, on a list of dt/dd pairs', () => {
  it('puts matching pairs first, each dd after its dt, and restores the very same markup', () => {
    const root = dl();
    const before = root.innerHTML;
    const sorter = new MatchSorter();
    sorter.sort([1, 2, 3, 4, 5].map((i) => ({ containers: pair(i), matched: i === 3 || i === 5 })));
    expect(ids()).toEqual(['t3', 't5', 't1', 't2', 't4']);
    for (const dt of document.querySelectorAll('dt')) expect(dt.nextElementSibling!.id).toBe(dt.id.replace('t', 'd'));
    // The section headings stay where they were.
    expect([...document.querySelectorAll('dl')].map((d) => d.firstElementChild!.localName)).toEqual(['h3', 'h3']);
    sorter.restore();
    expect(root.innerHTML).toBe(before);
  });

  it('sorts again from the page order when matches change, and does nothing without matches', () => {
    const root = dl();
    const before = root.innerHTML;
    const sorter = new MatchSorter();
    sorter.sort([1, 2, 3, 4, 5].map((i) => ({ containers: pair(i), matched: i === 4 })));
    sorter.sort([1, 2, 3, 4, 5].map((i) => ({ containers: pair(i), matched: i === 2 })));
    expect(ids()).toEqual(['t2', 't1', 't3', 't4', 't5']);
    sorter.sort([1, 2, 3, 4, 5].map((i) => ({ containers: pair(i), matched: false })));
    expect(root.innerHTML).toBe(before);
    expect(sorter.active).toBe(false);
  });
});

describe('matches first, on a grid of cards', () => {
  it('changes only the CSS order of the card wrappers, and gives back their inline styles', () => {
    document.body.innerHTML = `<div id="grid" style="display: grid">${[1, 2, 3]
      .map((i) => `<div id="w${i}"${i === 2 ? ' style="order: 4"' : ''}><article id="a${i}">${i}</article></div>`)
      .join('')}</div>`;
    const grid = document.getElementById('grid')!;
    const before = grid.innerHTML;
    const sorter = new MatchSorter();
    sorter.sort([1, 2, 3].map((i) => ({ containers: [document.getElementById(`a${i}`)!], matched: i !== 1 })));
    expect(grid.innerHTML).not.toBe(before);
    expect([...grid.children].map((c) => c.id)).toEqual(['w1', 'w2', 'w3']); // the DOM is the page's
    expect([1, 2, 3].map((i) => (document.getElementById(`w${i}`) as HTMLElement).style.order)).toEqual(['', '-1', '-1']);
    sorter.restore();
    // The browser may reserialise the page's own style attribute ("order: 4;"): its value is what counts.
    expect([1, 2, 3].map((i) => (document.getElementById(`w${i}`) as HTMLElement).style.order)).toEqual(['', '4', '']);
    expect(grid.innerHTML.replace('order: 4;', 'order: 4')).toBe(before);
  });
});
