/**
 * Papers from another tool's export (Zotero, BibTeX, PaperMemory, a reading list) filled into
 * the library: all in one transaction, each by applyPatch, so the rules are the ones every
 * edit follows. It is a fill-in, not a merge: the file has no edit times, so nothing the user
 * did in Margin is overwritten. Tags are added; a note only where the paper has none; the
 * queue only for papers without a status, in file order; title and authors only where empty.
 * Importing the same file twice changes nothing.
 */
import type { PaperMeta, Patch, ToolImportReport, ToolImportRequest } from '../shared/messages';
import { sameRecord } from '../shared/merge';
import { inQueue, normalizeTag, type PaperRecord } from '../shared/record';
import { applyPatch } from './patch';
import { dayOf } from './history-chunks';
import { markSeen } from './history';
import { updateRecords } from './store';

export async function importFromTool(
  { papers, options }: ToolImportRequest,
  now = Date.now(),
): Promise<{ report: ToolImportReport; written: PaperRecord[] }> {
  // Checked before the transaction starts: a bad tag refuses the whole import.
  const extraTag = options.tag === null || options.tag.trim() === '' ? null : normalizeTag(options.tag);
  const order = new Map(papers.map((p, i) => [p.id, i]));
  const byId = new Map(papers.map((p) => [p.id, p]));
  const report: ToolImportReport = { added: 0, updated: 0, unchanged: 0, queued: 0 };
  const written = await updateRecords([...byId.keys()], (id, current) => {
    const paper = byId.get(id)!;
    const patch: Patch = { addTags: extraTag ? [...paper.tags, extraTag] : paper.tags };
    if (paper.note.trim() && !current?.note) patch.note = paper.note;
    const queueIt = options.queue && (current?.status ?? 'none') === 'none';
    if (queueIt) patch.status = 'queued';
    const meta: PaperMeta = {};
    if (paper.title && !current?.title) meta.title = paper.title;
    if (paper.authors.length && !current?.authors.length) meta.authors = paper.authors;
    const next = applyPatch(current, id, patch, meta, now);
    if (queueIt && inQueue(next.status)) {
      // applyPatch puts every paper queued now at `now`; spread them so the file's order holds.
      next.queuePos = now + order.get(id)! / (papers.length + 1);
      report.queued++;
    }
    if (options.markSeen && next.firstSeenAt === null) next.firstSeenAt = now;
    if (current && sameRecord(current, next)) {
      report.unchanged++;
      return undefined;
    }
    if (current) report.updated++;
    else report.added++;
    return next;
  });
  // Seen: in the history too, so every paper of the file, written or not, reads as seen.
  if (options.markSeen) await markSeen([...byId.keys()], dayOf(now));
  return { report, written };
}
