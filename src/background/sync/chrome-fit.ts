/**
 * What of the library goes through Chrome Sync, which holds 100 KB for every device together:
 * the compact state (statuses, queue places, tags, titles), the queue first, then the papers
 * most recently edited; notes while they fit. Nothing is dropped locally: what does not fit
 * stays on this computer (and goes through WebDAV, if that is on too), and the options page
 * says how much went.
 */
import { docHasState, viewOf, type PaperDoc } from './doc';
import { encodeSnapshot, type Snapshot } from './codec';

export interface Fit {
  papers: PaperDoc[];
  /** Papers with state in the library, papers sent, and of those, how many with their note. */
  total: number;
  sent: number;
  withNotes: number;
}

const TITLE = 120;

/** The doc without what Chrome Sync has no room for: authors, link, a long title; the note if asked. */
function compact(d: PaperDoc, note: boolean): PaperDoc {
  return {
    ...d,
    meta: d.meta ? { title: d.meta.title.slice(0, TITLE), url: '', authors: [], primaryClass: d.meta.primaryClass, at: d.meta.at } : null,
    note: note ? d.note : [],
  };
}

function lastEdit(d: PaperDoc): number {
  let t = d.status?.at ?? 0;
  for (const v of d.note) t = Math.max(t, v.at);
  for (const per of Object.values(d.tags)) for (const [a, r] of Object.values(per)) t = Math.max(t, a, r);
  return t;
}

const queued = (d: PaperDoc) => d.status?.s === 'queued' || d.status?.s === 'reading';

/** The largest prefix of `order` (first `withNotes` with notes) whose file fits `budget` bytes. */
export async function fitDocs(
  docs: PaperDoc[],
  snapshotOf: (papers: PaperDoc[]) => Snapshot,
  budget: number,
  size: (bytes: number) => number,
): Promise<Fit> {
  const order = [...docs].sort((a, b) => Number(queued(b)) - Number(queued(a)) || (queued(a) ? (a.status!.p ?? 0) - (b.status!.p ?? 0) : lastEdit(b) - lastEdit(a)));
  const withState = (list: PaperDoc[]) => list.filter((d) => docHasState(viewOf(d))).length;
  const fits = async (papers: PaperDoc[]) => size((await encodeSnapshot(snapshotOf(papers))).length) <= budget;
  const build = (n: number, notes: number) => order.slice(0, n).map((d, i) => compact(d, i < notes));
  const total = withState(docs);
  // A library that fits is sent whole; a large one is not gzipped whole to find out: the
  // search starts below where its raw size, at the ratio gzip gets on its first papers,
  // would be twice the budget (each try then compresses about the budget's worth).
  const raw = order.map((d) => JSON.stringify(compact(d, false)).length);
  const sample = build(Math.min(order.length, 300), 0);
  const ratio = sample.length ? (await encodeSnapshot(snapshotOf(sample))).length / Math.max(1, raw.slice(0, sample.length).reduce((a, b) => a + b, 0)) : 1;
  let cap = 0;
  for (let sum = 0; cap < order.length && (sum += raw[cap]!) * ratio <= budget * 2; cap++);
  if (cap === order.length && (await fits(build(order.length, order.length)))) return { papers: build(order.length, order.length), total, sent: total, withNotes: total };
  // Largest n that fits (binary search: each try is one gzip of at most the budget's worth).
  const largest = async (lo: number, hi: number, make: (n: number) => PaperDoc[]) => {
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (await fits(make(mid))) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const sent = await largest(0, cap, (n) => build(n, 0));
  const withNotes = await largest(0, sent, (k) => build(sent, k));
  const papers = build(sent, withNotes);
  return { papers, total, sent: withState(papers), withNotes: withState(papers.slice(0, withNotes)) };
}
