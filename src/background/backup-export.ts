/**
 * A backup read a page at a time, so the options page can write a library of any size as
 * it goes: the library's records in key order, then the history as "seen on day D: ids".
 */
import type { ExportPage } from '../shared/messages';
import { entries, idAt } from './history-chunks';
import { historyPage } from './history';
import { migrate, papersIn, transact } from './store';

const PAPERS_PER_PAGE = 1000;
const CHUNKS_PER_PAGE = 128;

export async function exportPage(part: 'papers' | 'seen', after: string | null): Promise<ExportPage> {
  if (part === 'papers') {
    const page: ExportPage = { papers: [], next: null };
    await transact(['papers'], 'readonly', (tx) => {
      const req = papersIn(tx).getAll(after === null ? undefined : IDBKeyRange.lowerBound(after, true), PAPERS_PER_PAGE);
      req.onsuccess = () => {
        const values = req.result as unknown[];
        for (const v of values) {
          const r = migrate(v);
          if (r) page.papers!.push(r);
        }
        if (values.length === PAPERS_PER_PAGE) page.next = (values[values.length - 1] as { id: string }).id;
      };
    });
    return page;
  }
  const { chunks, next } = await historyPage(after, CHUNKS_PER_PAGE);
  const byDay = new Map<number, string[]>();
  for (const [key, chunk] of chunks) {
    for (const [slot, day] of entries(chunk)) {
      const id = idAt(key, slot).slice(6);
      const list = byDay.get(day);
      if (list) list.push(id);
      else byDay.set(day, [id]);
    }
  }
  return { seen: [...byDay].sort((a, b) => a[0] - b[0]), next };
}
