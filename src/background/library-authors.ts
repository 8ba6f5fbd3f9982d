/**
 * The authors of library papers, for a listing's "in your library" signal. Read at a worker's
 * first listing from the `authors` store (authors-store.ts: a base parsed in one go, and the
 * papers changed since), never from the library's records; then kept current in place by
 * libraryChanged. The base is used as parsed: the papers changed since it was written (read
 * with it, or told by libraryChanged) sit in an overlay that hides their old place in it.
 */
import type { LibraryPaperRef } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import type { PaperRecord } from '../shared/record';
import { authorEntry, COMPACT_AFTER, type AuthorBase, type AuthorEntry } from './authors-store';
import { compactAuthors, storedAuthors } from './store';

class AuthorIndex {
  /** Papers changed since the base: their entry now, or null (no longer in the library). */
  private readonly overlay = new Map<PaperId, AuthorEntry | null>();
  private readonly overlayByAuthor = new Map<string, Set<PaperId>>();

  constructor(private readonly base: AuthorBase | null) {}

  set(id: PaperId, entry: AuthorEntry | null): void {
    const old = this.overlay.get(id);
    if (old) for (const key of old.slice(1)) this.overlayByAuthor.get(key)?.delete(id);
    this.overlay.set(id, entry);
    if (!entry) return;
    for (const key of entry.slice(1)) {
      const ids = this.overlayByAuthor.get(key);
      if (ids) ids.add(id);
      else this.overlayByAuthor.set(key, new Set([id]));
    }
  }

  /** The library papers with this author key. */
  papersBy(key: string): LibraryPaperRef[] {
    const out: LibraryPaperRef[] = [];
    const b = this.base;
    // Own properties only: an author key may be spelled like one of Object's ("constructor").
    if (b && Object.hasOwn(b.authors, key)) {
      for (const n of b.authors[key]!) if (!this.overlay.has(b.ids[n]!)) out.push({ id: b.ids[n]!, title: b.titles[n]! });
    }
    for (const id of this.overlayByAuthor.get(key) ?? []) out.push({ id, title: this.overlay.get(id)![0] });
    return out;
  }
}

let index: Promise<AuthorIndex> | null = null;
let compactTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The changes kept beside the base are folded into it a little after the library changed
 * (`now`: as soon as the worker is free, after an import or a merge of many papers, or when a
 * worker found many: the next worker would read them one by one again).
 */
function compactSoon(now = false): void {
  clearTimeout(compactTimer);
  compactTimer = setTimeout(
    () => void compactAuthors().catch((err) => console.warn('Margin: could not compact the library authors; they stay correct, only slower to read.', err)),
    now ? 0 : 3000,
  );
}

async function load(): Promise<AuthorIndex> {
  const stored = await storedAuthors();
  const at = new AuthorIndex(stored.base);
  for (const id of stored.deleted) at.set(id, null);
  for (const [id, entry] of stored.changes) at.set(id, entry);
  if (stored.changes.length) compactSoon(stored.changes.length > COMPACT_AFTER);
  return at;
}

/**
 * Called whenever library records change. With the records (an edit, a small import or
 * merge), the index, if read, is brought up to date in place; without them (a big import,
 * Delete all) it is read again from the store when next needed.
 */
export function libraryChanged(records?: PaperRecord[]): void {
  compactSoon(!records || records.length > COMPACT_AFTER);
  const current = index;
  if (!records || !current) {
    index = null;
    return;
  }
  index = current.then((at) => {
    for (const r of records) at.set(r.id, authorEntry(r) ?? null); // as the store has it
    return at;
  });
}

/** The library papers by each author key. */
export async function libraryAuthors(): Promise<AuthorIndex> {
  const read = (index ??= load());
  read.catch(() => {
    if (index === read) index = null;
  });
  return read;
}
