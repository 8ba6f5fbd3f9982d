/**
 * Search as you type over the whole library: title, authors, tags and note, with prefix
 * matching (the last word is usually half typed) and some typo tolerance. Built after the
 * queue is on screen, then kept current from the background's change events.
 */
import MiniSearch from 'minisearch';
import type { PaperId } from '../shared/paper-id';
import { mergeRecord } from '../shared/merge';
import type { PaperRecord } from '../shared/record';

interface Doc {
  id: PaperId;
  title: string;
  authors: string;
  tags: string;
  note: string;
}

const toDoc = (r: PaperRecord): Doc => ({
  id: r.id,
  title: r.title,
  authors: r.authors.join(' '),
  // Tags are spelled with dashes ("diffusion-models"); the tokenizer splits them into words.
  tags: r.tags.join(' '),
  note: r.note,
});

export class PaperIndex {
  private readonly mini = new MiniSearch<Doc>({
    fields: ['title', 'authors', 'tags', 'note'],
    idField: 'id',
    searchOptions: {
      boost: { title: 2, tags: 1.5 },
      // Prefix matching from the second letter: a one-letter prefix matches most of a large
      // library and costs a keystroke tens of milliseconds for nothing a reader wants.
      prefix: (term) => term.length >= 2,
      // Typo tolerance only for longer words: "gan" must not match "gap" and "can".
      fuzzy: (term) => (term.length > 3 ? 0.2 : false),
      combineWith: 'AND',
    },
  });
  private readonly records = new Map<PaperId, PaperRecord>();

  constructor(records: readonly PaperRecord[] = []) {
    this.mini.addAll(records.map(toDoc));
    for (const r of records) this.records.set(r.id, r);
  }

  get size(): number {
    return this.records.size;
  }

  get(id: PaperId): PaperRecord | undefined {
    return this.records.get(id);
  }

  /** Adds new records and replaces changed ones. */
  upsert(records: readonly PaperRecord[]): void {
    for (const incoming of records) {
      // Broadcasts can arrive out of order: field by field, the later edit wins.
      const known = this.records.get(incoming.id);
      const r = known ? mergeRecord(known, incoming) : incoming;
      if (this.mini.has(r.id)) this.mini.replace(toDoc(r));
      else this.mini.add(toDoc(r));
      this.records.set(r.id, r);
    }
  }

  /** The library was deleted. */
  clear(): void {
    this.mini.removeAll();
    this.records.clear();
  }

  /** Best matches first. */
  search(query: string): PaperRecord[] {
    if (!query.trim()) return [];
    return this.mini.search(query).flatMap((hit) => this.records.get(hit.id as PaperId) ?? []);
  }
}
