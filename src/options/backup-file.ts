/**
 * Margin's backup file, written and read a line at a time so that a library of any size
 * fits (a year of reading is a million seen papers): writing pages through the background
 * into Blob parts, never one string; reading streams the file (gunzipped when it is gzip),
 * checks each line, and hands the background batches. Format: shared/backup-format.ts.
 *
 * Each refusal says what is wrong in words the user can act on, because "import failed"
 * leaves them guessing whether their library was touched (it never is: nothing is written
 * before the whole file has been read and checked).
 */
import { BACKUP_FORMAT, BACKUP_VERSION, dayText, type BackupHeader } from '../shared/backup-format';
import type { ExportPage, SeenLine } from '../shared/messages';
import type { Rule } from '../shared/rules/types';

export { BACKUP_FORMAT, BACKUP_VERSION };

export class BackupError extends Error {
  override name = 'BackupError';
}

// ---------------------------------------------------------------------------------- writing

export interface WriteProgress {
  papers: number;
  seen: number;
}

/**
 * The whole backup as a Blob built from many small parts. `page` asks the background for
 * the next page of papers or seen marks; `total` is what the header announces.
 */
export async function writeBackup(
  page: (part: 'papers' | 'seen', after: string | null) => Promise<ExportPage>,
  total: { papers: number; seen: number },
  now: Date,
  options: { gzip: boolean; rules?: Rule[]; onProgress?: (p: WriteProgress) => void },
): Promise<{ blob: Blob; papers: number; seen: number }> {
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now.toISOString(),
    ...total,
    ...(options.rules?.length ? { rules: options.rules } : {}),
  };
  const parts: string[] = [`${JSON.stringify(header)}\n`];
  const done: WriteProgress = { papers: 0, seen: 0 };
  for (const part of ['papers', 'seen'] as const) {
    let after: string | null = null;
    do {
      const p = await page(part, after);
      const lines: string[] = [];
      for (const r of p.papers ?? []) lines.push(JSON.stringify({ paper: r }));
      for (const [day, ids] of p.seen ?? []) lines.push(JSON.stringify({ seen: dayText(day), ids }));
      if (lines.length) parts.push(`${lines.join('\n')}\n`);
      done.papers += p.papers?.length ?? 0;
      done.seen += (p.seen ?? []).reduce((n, [, ids]) => n + ids.length, 0);
      options.onProgress?.({ ...done });
      after = p.next;
    } while (after !== null);
  }
  // The last line says exactly what came before it: a file cut short is told from a whole one.
  parts.push(`${JSON.stringify({ end: done })}\n`);
  let blob = new Blob(parts, { type: 'application/x-ndjson' });
  if (options.gzip) {
    blob = await new Response(blob.stream().pipeThrough(new CompressionStream('gzip'))).blob();
  }
  return { blob, ...done };
}

/** `margin-backup-2026-11-28-120-papers-48210-seen.jsonl.gz`: what it holds, in its name. */
export function backupName(date: string, papers: number, seen: number, gzip: boolean): string {
  return `margin-backup-${date}-${papers}-papers-${seen}-seen.jsonl${gzip ? '.gz' : ''}`;
}

// ---------------------------------------------------------------------------------- reading

export interface ReadBatch {
  /** The index in the file of the batch's first paper (for messages). */
  first: number;
  papers: unknown[];
  seen: SeenLine[];
  /** How far through the file, 0–1. */
  progress: number;
  /** What the file says it holds (version 2), for the progress text. */
  expected: { papers: number; seen: number } | null;
  /** The file's triage rules (checked by the background when the import is committed). */
  rules?: unknown[];
}

const PAPERS_PER_BATCH = 1000;
const SEEN_PER_BATCH = 50_000;

/** The file's text, a line at a time (gunzipped first when it starts with gzip's magic bytes). */
async function* lines(file: Blob, onBytes: (n: number) => void): AsyncGenerator<string> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  let bytes: ReadableStream<Uint8Array> = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, c) {
        onBytes(chunk.length);
        c.enqueue(chunk);
      },
    }),
  );
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (gzip) bytes = bytes.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = bytes.getReader();
  let rest = '';
  let first = true;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw new BackupError(
        gzip
          ? 'This compressed file is damaged or cut off (perhaps an unfinished download or copy). Export the backup again.'
          : 'The file could not be read.',
      );
    }
    // JSON text never holds a NUL byte; images, archives and databases almost always do.
    if (!chunk.done && chunk.value.includes(0)) {
      throw new BackupError('This is a binary file, not a Margin backup. Choose the file that Margin exported.');
    }
    let text: string;
    try {
      text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
    } catch {
      throw new BackupError('This file is not UTF-8 text (it may be binary or in another encoding), so it is not a Margin backup.');
    }
    if (first && text.length) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    const parts = (rest + text).split('\n');
    rest = parts.pop()!;
    for (const line of parts) yield line;
    if (chunk.done) break;
  }
  if (rest) yield rest;
}

/**
 * Reads a backup (version 2 lines, or a version 1 file) and yields it in batches, every
 * line checked for its shape (the background checks every field again). Throws
 * BackupError, naming the line, at the first problem.
 */
export async function* readBackup(file: Blob): AsyncGenerator<ReadBatch> {
  if (file.size === 0) throw new BackupError('The file is empty.');
  let read = 0;
  const progress = () => (file.size ? Math.min(1, read / file.size) : 1);
  const it = lines(file, (n) => (read += n));
  let lineNo = 0;
  let firstLine: string | undefined;
  // Not a for-await loop: leaving one early would close the line reader for the rest.
  for (let r = await it.next(); !r.done; r = await it.next()) {
    lineNo++;
    if (r.value.trim()) {
      firstLine = r.value;
      break;
    }
  }
  if (firstLine === undefined) throw new BackupError('The file is empty.');
  let header: unknown;
  try {
    header = JSON.parse(firstLine);
  } catch {
    header = undefined;
  }
  const isV2 = typeof header === 'object' && header !== null && (header as { version?: unknown }).version === BACKUP_VERSION;
  if (!isV2) {
    // Version 1: one JSON object, possibly over many lines. Read it whole and check it.
    let text = firstLine;
    for await (const line of it) text += `\n${line}`;
    const { papers, rules } = checkBackupText(text);
    for (let i = 0; i < papers.length || i === 0; i += PAPERS_PER_BATCH) {
      yield { first: i, papers: papers.slice(i, i + PAPERS_PER_BATCH), seen: [], progress: progress(), expected: null, ...rules };
    }
    return;
  }
  checkEnvelope(header as Record<string, unknown>);
  const h = header as BackupHeader;
  const expected = { papers: count(h.papers), seen: count(h.seen) };
  const rules = rulesOf(h as unknown as Record<string, unknown>);
  let batch: ReadBatch = { first: 0, papers: [], seen: [], progress: 0, expected, ...rules };
  let seenInBatch = 0;
  let papersSoFar = 0;
  let seenSoFar = 0;
  let end: unknown;
  for await (const line of it) {
    lineNo++;
    if (!line.trim()) continue;
    if (end !== undefined) throw new BackupError(`Line ${lineNo} of the backup comes after its last line.`);
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      throw new BackupError(`Line ${lineNo} of the backup is not valid JSON: the file is damaged or cut off.`);
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new BackupError(`Line ${lineNo} of the backup is not a paper or a seen line.`);
    const rec = o as Record<string, unknown>;
    if ('paper' in rec) {
      batch.papers.push(rec.paper);
      papersSoFar++;
    } else if ('seen' in rec) {
      if (!Array.isArray(rec.ids) || !rec.ids.every((x) => typeof x === 'string')) {
        throw new BackupError(`Line ${lineNo} of the backup: "ids" must be a list of arXiv ids.`);
      }
      if (typeof rec.seen !== 'string') throw new BackupError(`Line ${lineNo} of the backup: "seen" must be a day (YYYY-MM-DD).`);
      // Long days are cut so that no batch grows past its bound.
      for (let i = 0; i < rec.ids.length; i += SEEN_PER_BATCH) {
        const ids = (rec.ids as string[]).slice(i, i + SEEN_PER_BATCH);
        batch.seen.push([rec.seen, ids]);
        seenInBatch += ids.length;
        seenSoFar += ids.length;
        if (seenInBatch >= SEEN_PER_BATCH) {
          yield { ...batch, progress: progress() };
          batch = { first: papersSoFar, papers: [], seen: [], progress: 0, expected, ...rules };
          seenInBatch = 0;
        }
      }
    } else if ('end' in rec) {
      end = rec.end;
      const e = end as { papers?: unknown; seen?: unknown } | null;
      if (e?.papers !== papersSoFar || e?.seen !== seenSoFar) {
        throw new BackupError(`The backup's last line says it holds ${String(e?.papers)} papers and ${String(e?.seen)} seen marks, but ${papersSoFar} and ${seenSoFar} came before it: the file was changed or damaged.`);
      }
    } else {
      throw new BackupError(`Line ${lineNo} of the backup is not a paper or a seen line.`);
    }
    if (batch.papers.length >= PAPERS_PER_BATCH) {
      yield { ...batch, progress: progress() };
      batch = { first: papersSoFar, papers: [], seen: [], progress: 0, expected, ...rules };
      seenInBatch = 0;
    }
  }
  if (end === undefined) {
    throw new BackupError('The file ends too early: it looks cut off (truncated), perhaps by an unfinished download or copy. Export the backup again.');
  }
  yield { ...batch, progress: 1 };
}

const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : 0);

function checkEnvelope(o: Record<string, unknown>): void {
  if (o.format !== BACKUP_FORMAT) {
    const found = typeof o.format === 'string' ? `its "format" is "${o.format.slice(0, 60)}"` : 'it has no "format" field';
    throw new BackupError(`This is not a Margin backup: ${found}, not "${BACKUP_FORMAT}".`);
  }
  if (typeof o.version !== 'number' || !Number.isFinite(o.version)) {
    throw new BackupError('This backup has no version number, so Margin cannot tell how to read it.');
  }
  if (o.version > BACKUP_VERSION) {
    throw new BackupError(`This backup was made by a newer Margin (backup version ${o.version}); update Margin first, then import it.`);
  }
  if (!Number.isInteger(o.version) || o.version < 1) throw new BackupError(`This backup has an unknown version (${o.version}).`);
}

/** The backup's `rules` (top level), as `{ rules }` to spread into a batch, or nothing. */
function rulesOf(o: Record<string, unknown>): { rules?: unknown[] } {
  if (o.rules === undefined) return {};
  if (!Array.isArray(o.rules)) throw new BackupError('This backup\'s "rules" must be a list of rules.');
  return { rules: o.rules };
}

/** A version 1 backup (one JSON object): its papers and rules, or BackupError. */
export function checkBackupText(text: string): { papers: unknown[]; rules: { rules?: unknown[] } } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    if (looksTruncated(text)) {
      throw new BackupError('The file ends too early: it looks cut off (truncated), perhaps by an unfinished download or copy. Export the backup again.');
    }
    const detail = String((err as Error).message ?? err).slice(0, 160);
    throw new BackupError(`This file is not valid JSON (${detail}), so it is not a Margin backup.`);
  }
  if (Array.isArray(data)) {
    throw new BackupError(`This file holds a JSON list, not a Margin backup (which is an object with "format": "${BACKUP_FORMAT}").`);
  }
  if (typeof data !== 'object' || data === null) {
    throw new BackupError(`This file holds a single JSON value, not a Margin backup (which is an object with "format": "${BACKUP_FORMAT}").`);
  }
  const o = data as Record<string, unknown>;
  checkEnvelope(o);
  if (!Array.isArray(o.papers)) throw new BackupError('This backup has no list of papers ("papers" must be a list).');
  return { papers: o.papers, rules: rulesOf(o) };
}

/**
 * True when the text ends inside a string or with brackets still open: the mark of a file
 * cut short, which deserves a different fix ("export again") than a malformed one.
 */
export function looksTruncated(text: string): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return inString || depth > 0;
}
