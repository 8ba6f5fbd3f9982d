/**
 * Importing a backup of any size, all or nothing. The options page reads the file a piece
 * at a time and sends it in batches; each batch is checked completely and kept in the
 * `staging` store, apart from the library. Only when the whole file has arrived does one
 * transaction merge it into the library and the history (field by field, the later edit
 * winning, a note that loses kept as another version: shared/merge.ts), so a file refused at its last paper, or abandoned, changes
 * nothing. Staging is in the database, so a worker stopped between two batches loses
 * nothing either: the next batch finds what the earlier ones left.
 */
import type { ImportReport, SeenLine } from '../shared/messages';
import { dayFromText } from '../shared/backup-format';
import { isPaperId, type PaperId } from '../shared/paper-id';
import { InputError, type PaperRecord } from '../shared/record';
import { mergeImported, sameRecord } from '../shared/merge';
import { checkBackupPapers, emptyReport } from './backup';
import { addMarks, asChunk, countOf, entries } from './history-chunks';
import { groupMarks, writeMarks } from './history';
import { migrate, papersIn, transact } from './store';

const META = 'import';
const PAPERS = 'b:';
const CHUNK = 'h:';

interface ImportMeta {
  id: string;
  /** Batches staged so far: a batch sent again (its answer was lost) is not staged twice. */
  batches: number;
  papers: number;
  seen: number;
}

/** Starts an import: forgets whatever an earlier, unfinished one left. */
export async function beginImport(): Promise<{ importId: string }> {
  const meta: ImportMeta = { id: crypto.randomUUID(), batches: 0, papers: 0, seen: 0 };
  await transact(['staging'], 'readwrite', (tx) => {
    const os = tx.objectStore('staging');
    os.clear();
    os.put(meta, META);
  });
  return { importId: meta.id };
}

/** The meta record, checked against the caller's import id, inside `tx`. */
function withMeta(tx: IDBTransaction, importId: string, fail: (e: unknown) => void, then: (meta: ImportMeta) => void): void {
  const req = tx.objectStore('staging').get(META);
  req.onsuccess = () => {
    const meta = req.result as ImportMeta | undefined;
    if (!meta || meta.id !== importId) {
      fail(new InputError('This import was interrupted (another import started, or the library was deleted). Nothing was imported; start it again.'));
      return;
    }
    then(meta);
  };
}

/**
 * One batch: papers (numbered from `first` in the file, for messages) and seen lines, all
 * checked before any is kept. A paper listed twice in the file is refused.
 */
export async function stageBatch(
  importId: string,
  batch: number,
  first: number,
  papers: unknown[],
  seen: SeenLine[],
): Promise<{ papers: number; seen: number }> {
  const records = checkBackupPapers(papers, Date.now(), first);
  const marks: Array<[PaperId, number]> = [];
  for (const [n, line] of seen.entries()) {
    const day = dayFromText(line[0]);
    if (day === null) throw new InputError(`Seen line ${n + 1} of this batch: "${String(line[0]).slice(0, 20)}" is not a day (YYYY-MM-DD).`);
    if (day * 86_400_000 > Date.now() + 86_400_000) throw new InputError(`Seen line for ${line[0]}: that day is in the future.`);
    for (const raw of line[1]) {
      const id = `arxiv:${raw}`;
      if (!isPaperId(id)) throw new InputError(`Seen on ${line[0]}: "${String(raw).slice(0, 60)}" is not an arXiv id.`);
      marks.push([id, day]);
    }
  }
  await transact(['staging'], 'readwrite', (tx, fail) => {
    withMeta(tx, importId, fail, (meta) => {
      if (batch < meta.batches) return; // staged already
      if (batch > meta.batches) return fail(new InputError('A part of the backup went missing on the way. Nothing was imported; try again.'));
      const os = tx.objectStore('staging');
      // A batch's papers are one value: a paper a request would cost more than the checks.
      if (records.length) os.put({ first, records } satisfies StagedPapers, `${PAPERS}${String(batch).padStart(8, '0')}`);
      meta.batches++;
      meta.papers += records.length;
      meta.seen += marks.length;
      os.put(meta, META);
      writeMarks(tx, groupMarks(marks), undefined, { store: 'staging', prefix: CHUNK });
    });
  });
  return { papers: records.length, seen: marks.length };
}

interface StagedPapers {
  /** The index in the file of the first of `records`, for messages. */
  first: number;
  records: PaperRecord[];
}

export interface CommitResult {
  report: ImportReport & { seen: number };
  written: PaperRecord[];
}

/**
 * Merges everything staged into the library and the history, in one transaction. A paper
 * listed twice across batches is refused here, before anything is written.
 */
export async function commitImport(importId: string): Promise<CommitResult> {
  const report = { ...emptyReport(), seen: 0 };
  const written: PaperRecord[] = [];
  await transact(['staging', 'papers', 'history'], 'readwrite', (tx, fail) => {
    withMeta(tx, importId, fail, (meta) => {
      const staging = tx.objectStore('staging');
      const papers = papersIn(tx);
      const history = tx.objectStore('history');
      const batches = staging.getAll(IDBKeyRange.bound(PAPERS, `${PAPERS}\uffff`));
      batches.onsuccess = () => {
        const incoming = new Map<PaperId, PaperRecord>();
        for (const { first, records } of batches.result as StagedPapers[]) {
          for (const [i, r] of records.entries()) {
            if (incoming.has(r.id)) return fail(new InputError(`Paper ${first + i + 1} (${r.id}) appears twice in the backup.`));
            incoming.set(r.id, r);
          }
        }
        const merge = (mine: PaperRecord | undefined, theirs: PaperRecord) => {
          const merged = mergeImported(mine, theirs);
          if (!mine) report.added++;
          else if (sameRecord(mine, merged)) return void report.unchanged++;
          else report.updated++;
          papers.put(merged, theirs.id);
          written.push(merged);
        };
        if (incoming.size > 1000) {
          // Much of the library may be touched: one read of it beats a request per paper.
          const all = papers.getAll();
          all.onsuccess = () => {
            const mine = new Map<string, PaperRecord>();
            for (const v of all.result as unknown[]) {
              const r = migrate(v);
              if (r && incoming.has(r.id)) mine.set(r.id, r);
            }
            for (const theirs of incoming.values()) merge(mine.get(theirs.id), theirs);
          };
        } else {
          for (const theirs of incoming.values()) {
            const get = papers.get(theirs.id);
            get.onsuccess = () => merge(migrate(get.result), theirs);
          }
        }
        mergeChunks();
      };
      const mergeChunks = () => {
        const req = staging.openCursor(IDBKeyRange.bound(CHUNK, `${CHUNK}\uffff`));
        req.onsuccess = () => {
          const cursor = req.result;
          if (!cursor) return void staging.clear();
          const theirs = asChunk(cursor.value);
          const chunkKey = String(cursor.primaryKey).slice(CHUNK.length);
          const get = history.get(chunkKey);
          get.onsuccess = () => {
            const mine = asChunk(get.result);
            const next = theirs && addMarks(mine, entries(theirs));
            if (next) {
              report.seen += countOf(next) - (mine ? countOf(mine) : 0);
              history.put(next, chunkKey);
            }
          };
          cursor.continue();
        };
      };
    });
  });
  return { report, written };
}

/** Gives up an import: what was staged is dropped, the library untouched. */
export async function abortImport(importId: string): Promise<void> {
  await transact(['staging'], 'readwrite', (tx) => {
    const os = tx.objectStore('staging');
    const req = os.get(META);
    req.onsuccess = () => {
      if ((req.result as ImportMeta | undefined)?.id === importId) os.clear();
    };
  });
}
