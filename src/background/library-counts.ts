/**
 * The options page's figures (`stats`, `tags`), read from the tally the writes keep
 * (tally.ts): an open options page asks for them at every change, and at 20,000 papers
 * reading and counting the records took the worker about a second each time.
 */
import type { LibraryStats, TagCount } from '../shared/messages';
import { tagList } from '../shared/tag-counts';
import { migrate, papersIn, transact } from './store';
import { asTally, TALLY_KEY, tallyOf, type Tally } from './tally';

/**
 * The stored tally; when there is none (a fresh or migrated library, after an import), the
 * library counted once and the result stored, in one transaction, so no write can come
 * between the count and the records it counted.
 */
export async function libraryTally(): Promise<Tally> {
  const stored = await transact(['settings'], 'readonly', (tx) => {
    const req = tx.objectStore('settings').get(TALLY_KEY);
    return { get value() { return asTally(req.result); } };
  });
  if (stored.value) return stored.value;
  const counted = await transact(
    ['papers', 'settings'],
    'readwrite',
    (tx) => {
      const out: { value?: Tally } = {};
      const settings = tx.objectStore('settings');
      const req = settings.get(TALLY_KEY);
      req.onsuccess = () => {
        // Counted by another call meanwhile.
        out.value = asTally(req.result);
        if (out.value) return;
        const all = papersIn(tx).getAll();
        all.onsuccess = () => {
          out.value = tallyOf((all.result as unknown[]).map(migrate).filter((r) => r !== undefined));
          settings.put(out.value, TALLY_KEY);
        };
      };
      return out;
    },
    { keeps: ['papers'] },
  );
  return counted.value!;
}

export function statsOf(t: Tally): LibraryStats {
  return { papers: t.papers, withState: t.papers, queued: t.queued, reading: t.reading, done: t.done };
}

/** Every tag with its papers, most used first. */
export function tagsOf(t: Tally): TagCount[] {
  return tagList(t.tags);
}
