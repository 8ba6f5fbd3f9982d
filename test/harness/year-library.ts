/**
 * A heavy reader's library after a year or two of daily triage, as a Margin backup
 * (version 2, JSON Lines, gzip): `seen` papers shown to them, spread over 50 months of
 * arXiv (20,000 numbers a month, so the generated 2000-entry listing's ids are among them),
 * of which every `seen / annotated`-th carries the user's tags, notes or status, and
 * `queued` are in the reading queue. Used by the benchmark and the end-to-end tests.
 */
import { gzipSync } from 'node:zlib';

const DAY = 86_400_000;
const PER_MONTH = 20_000;

export interface YearLibrary {
  /** The backup file's bytes (gzip). */
  file: Buffer;
  seen: number;
  annotated: number;
  queued: number;
  /** A few papers to check after a round trip: [id, what the library should say]. */
  samples: { annotated: string[]; seenOnly: string[] };
}

/** The n-th seen paper's id (bare): 20,000 numbers (10000…29999) a month, from July 2026 back. */
function idOf(n: number): string {
  const month = 2026 * 12 + 6 - Math.floor(n / PER_MONTH); // months since year 0, 0-based
  const yy = Math.floor(month / 12) % 100;
  const mm = (month % 12) + 1;
  return `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${10_000 + (n % PER_MONTH)}`;
}

export function yearLibrary(options: { seen: number; annotated: number; queued: number; now?: number }): YearLibrary {
  const now = options.now ?? Date.now();
  const today = Math.floor(now / DAY);
  const every = Math.max(1, Math.floor(options.seen / Math.max(1, options.annotated)));
  const byDay = new Map<number, string[]>();
  const lines: string[] = [];
  const annotated: string[] = [];
  const seenOnly: string[] = [];
  let papers = 0;
  for (let n = 0; n < options.seen; n++) {
    const id = idOf(n);
    // Seen on one of the last 365 days, the newer months more recently.
    const day = today - 1 - Math.floor((n / options.seen) * 364) - (n % 3);
    if (n % every === 0 && papers < options.annotated) {
      const t = day * DAY + 3_600_000;
      const i = papers++;
      const queued = i < options.queued;
      lines.push(
        JSON.stringify({
          paper: {
            v: 2,
            id: `arxiv:${id}`,
            title: `Generated paper ${i} on ${['diffusion', 'retrieval', 'consensus', 'spectral methods'][i % 4]}`,
            url: `https://arxiv.org/abs/${id}`,
            authors: [`Author ${i % 97}`, `Coauthor ${i % 89}`],
            primaryClass: i % 2 ? 'cs.LG' : null,
            tags: i % 2 === 0 || i % 3 !== 0 ? [`topic-${i % 40}`] : [],
            note: i % 4 === 0 ? `Note ${i}: read section ${i % 9} carefully` : '',
            // Every paper carries something of the user's: the queue, done, a tag or a note.
            status: queued ? 'queued' : i % 3 === 0 ? 'done' : 'none',
            queuedAt: queued ? t : null,
            queuePos: queued ? t + i : null,
            firstSeenAt: t,
            createdAt: t,
            updatedAt: t,
            stamps: { tags: t, note: t, status: t },
          },
        }),
      );
      if (annotated.length < 5 || i === options.annotated - 1) annotated.push(`arxiv:${id}`);
    } else if (seenOnly.length < 5 || n === options.seen - 1) seenOnly.push(`arxiv:${id}`);
    const list = byDay.get(day);
    if (list) list.push(id);
    else byDay.set(day, [id]);
  }
  for (const [day, ids] of [...byDay].sort((a, b) => a[0] - b[0])) {
    lines.push(JSON.stringify({ seen: new Date(day * DAY).toISOString().slice(0, 10), ids }));
  }
  const header = { format: 'margin-backup', version: 2, exportedAt: new Date(now).toISOString(), papers, seen: options.seen };
  const text = `${JSON.stringify(header)}\n${lines.join('\n')}\n${JSON.stringify({ end: { papers, seen: options.seen } })}\n`;
  return { file: gzipSync(text), seen: options.seen, annotated: papers, queued: Math.min(options.queued, papers), samples: { annotated, seenOnly } };
}
