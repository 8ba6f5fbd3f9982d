import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useCurrentRow, type CurrentRow } from '../../../src/popup/use-current-row';
import type { PaperId } from '../../../src/shared/paper-id';
import type { PaperRecord } from '../../../src/shared/record';

const paper = (n: number) => ({ id: `arxiv:2401.0000${n}` as PaperId, title: `Paper ${n}` }) as PaperRecord;
const [P1, P2, P3, P4] = [1, 2, 3, 4].map(paper) as [PaperRecord, PaperRecord, PaperRecord, PaperRecord];

let root: HTMLElement;
let row: CurrentRow;
function Probe({ rows, listKey }: { rows: PaperRecord[]; listKey: string }) {
  row = useCurrentRow(rows, listKey);
  return null;
}
const show = (rows: PaperRecord[], listKey = 'queue') => act(() => render(<Probe rows={rows} listKey={listKey} />, root));

beforeEach(() => {
  root = document.createElement('div');
});
afterEach(() => render(null, root));

describe('the current row', () => {
  it('is the first row when the list opens', () => {
    show([P1, P2, P3]);
    expect(row.current).toBe(P1);
  });

  it('passes to the row that takes its place when it leaves, and never goes back to it', () => {
    show([P1, P2, P3, P4]);
    act(() => row.choose(P2.id));
    expect(row.current).toBe(P2);
    show([P1, P3, P4]); // P2 marked done
    expect(row.current).toBe(P3);
    // A reload answered before the change was saved still lists P2: the keys stay on P3.
    show([P1, P2, P3, P4]);
    expect(row.current).toBe(P3);
    show([P1, P4]);
    expect(row.current).toBe(P4);
    show([P1]); // the last row left: the one before it
    expect(row.current).toBe(P1);
  });

  it('stays on its paper when the list is reordered', () => {
    show([P1, P2, P3]);
    act(() => row.choose(P3.id));
    show([P3, P1, P2]);
    expect(row.current).toBe(P3);
    expect(row.index).toBe(0);
  });

  it('starts again at the first row of another view, search or filter', () => {
    show([P1, P2, P3]);
    act(() => row.choose(P3.id));
    show([P2, P3], 'done');
    expect(row.current).toBe(P2);
  });

  it('asks for the focus only when a key moves it', () => {
    show([P1, P2]);
    const before = row.focusSeq;
    act(() => row.choose(P2.id)); // a click or Tab reached the row: it has the focus already
    expect(row.focusSeq).toBe(before);
    act(() => row.choose(P1.id, true));
    expect(row.focusSeq).toBe(before + 1);
  });
});
