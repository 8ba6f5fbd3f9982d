/**
 * The protocol between Margin's contexts: one typed map of calls that pages and content
 * scripts make to the background, and the events the background sends back. The background
 * is the only context that touches storage, so every read and write is one of these calls.
 */
import browser from './browser';
import type { PaperId } from './paper-id';
import type { PaperRecord, Status } from './record';
import type { Rule, RuleSubject } from './rules/types';

export interface PaperMeta {
  title?: string;
  url?: string;
  authors?: string[];
  primaryClass?: string;
}

/** A change to one paper. Every field is idempotent, so a retried call does no harm. */
export interface Patch {
  addTags?: string[];
  removeTags?: string[];
  note?: string;
  /** The note as it is now is the one: the other versions (conflicts) are dropped. */
  resolveNote?: boolean;
  status?: Status;
}

export interface Calls {
  /**
   * One round trip for every paper on a page: the record where the paper is in the library,
   * the time of the day it was first seen where it is only in the history, null where Margin
   * knows nothing of it.
   */
  lookup: { req: { ids: PaperId[] }; res: Array<PaperRecord | number | null> };
  /**
   * Sent as a listing starts to load (it also wakes a stopped worker early): whether anything
   * could mark its entries (a rule, or a library paper whose authors may be on it). When not,
   * the page does not read its entries' text before it is annotated.
   */
  pageStart: { req: Record<string, never>; res: { marking: boolean } };
  /** Read-modify-write of one paper in one transaction; meta fills in title/url/authors. */
  update: { req: { id: PaperId; patch: Patch; meta?: PaperMeta }; res: PaperRecord };
  /** Papers that were on screen: marks them seen in the history (their first day kept). */
  markSeen: { req: { papers: Array<{ id: PaperId; meta?: PaperMeta }> }; res: { marked: number } };

  /** The popup's views: the queue in the user's order, done (latest first), or all with state. */
  list: { req: { view: ListView }; res: PaperRecord[] };
  /** Moves a queued paper to just before another (null: to the end). */
  move: { req: { id: PaperId; beforeId: PaperId | null }; res: PaperRecord };
  /** Every tag with how many papers carry it, most used first. */
  tags: { req: Record<string, never>; res: TagCount[] };
  /** Renames a tag everywhere; renaming onto an existing tag merges the two. */
  renameTag: { req: { from: string; to: string }; res: { papers: number } };
  deleteTag: { req: { tag: string }; res: { papers: number } };
  /** Every library paper (with the user's state; not the history): BibTeX/CSV exports, the popup's search. */
  exportAll: { req: Record<string, never>; res: PaperRecord[] };
  /** A backup a page at a time: the library's records, then the history (`next`: where to go on). */
  exportPage: { req: { part: 'papers' | 'seen'; after: string | null }; res: ExportPage };
  /** Merges a small backup's papers at once, all or nothing (the staged import in one call). */
  importPapers: { req: { papers: unknown[]; rules?: unknown[] }; res: ImportReport };
  /** A backup of any size: begin, send batches (each checked, kept apart), then commit at once. */
  importBegin: { req: Record<string, never>; res: { importId: string } };
  importBatch: { req: { importId: string; batch: number; first: number; papers: unknown[]; seen: SeenLine[] }; res: { papers: number; seen: number } };
  /** `rules`: the backup's rules (checked with the request), merged by name once the papers are in. */
  importCommit: { req: { importId: string; rules?: unknown[] }; res: ImportReport & { seen: number; rules?: number } };
  importAbort: { req: { importId: string }; res: Record<string, never> };
  /** How many papers the history holds (reads all of it: the options page only). */
  historyStats: { req: Record<string, never>; res: HistoryStats };
  /** Forgets seen marks of days before `before` (a time); never the library. */
  forgetHistory: { req: { before: number }; res: { forgotten: number } };
  /** Papers read from another tool's export, filled into the library in one transaction. */
  importFromTool: { req: ToolImportRequest; res: ToolImportReport };
  /** Deletes every record (the options page asks first). */
  clearLibrary: { req: Record<string, never>; res: { deleted: number } };
  stats: { req: Record<string, never>; res: LibraryStats };
  /** The triage rules, in the user's order, as stored (the options page's editor). */
  rules: { req: Record<string, never>; res: Rule[] };
  /** Replaces every rule at once (the options page's editor): each checked, names distinct. */
  setRules: { req: { rules: Rule[] }; res: Rule[] };
  /** "Follow this author" on a listing: adds the name to the Following rule (made on first use). */
  followAuthor: { req: { author: string }; res: Rule };
  /**
   * A listing's entries (what the page shows of each, in page order), matched against the
   * rules and the library's authors in the background: the content script stays small and
   * never holds the library. Also kept as the last listing, for the options page's rule test.
   */
  markListing: { req: { url: string; ids: PaperId[]; papers: RuleSubject[] }; res: ListingMarks };
  lastListing: { req: Record<string, never>; res: LastListing | null };
  /** Sync: where, when it last ran, the last problem (never the password). */
  syncStatus: { req: Record<string, never>; res: SyncStatus };
  /** Checks the server with these credentials, keeps them, syncs; null turns WebDAV sync off. */
  syncSetup: { req: { webdav?: { url: string; user: string; password: string } | null; chrome?: boolean; passphrase?: string | null }; res: SyncStatus };
  /** "Sync now". */
  syncNow: { req: Record<string, never>; res: SyncStatus };
  /** Margin on another site: registered after the user granted the origin. */
  siteAccess: { req: { origin: string; on?: boolean }; res: { origin: string; on: boolean } };
}

export type ListView = 'queue' | 'done' | 'all';
export interface SyncStatus {
  /** The WebDAV server and user name, when WebDAV sync is on. */
  webdav: { url: string; user: string } | null;
  /** Chrome Sync, when on: papers with state, how many went in the last write, how many with notes. */
  chrome: { total: number; sent: number; withNotes: number } | null;
  /** Files are encrypted with a passphrase (end to end). */
  encrypted: boolean;
  /** This computer as the others see it ("Chromium on Linux"). */
  device: string;
  running: boolean;
  lastSyncAt: number | null;
  /** The problem of the last try, in words; cleared by the next sync that works. */
  lastError: { message: string; at: number } | null;
  nextTryAt: number | null;
  /** Other devices' files that could not be read, and why. */
  unreadable: Record<string, string>;
  /** Papers in this computer's sync file. */
  papers: number;
}
export interface LibraryPaperRef {
  id: PaperId;
  title: string;
}
/** Per entry of a listing, in the order sent: the rules it matches, library papers by its authors. */
export interface ListingMarks {
  /** The rules the indices refer to (the user's, in order; any that no longer parse are left out). */
  rules: Rule[];
  matches: number[][];
  library: LibraryPaperRef[][];
}
export interface LastListing {
  url: string;
  /** When it was seen (ms). */
  at: number;
  papers: RuleSubject[];
}
/** A backup's seen line: the day (`2026-11-28`) and the arXiv ids first seen that day. */
export type SeenLine = [day: string, ids: string[]];
export interface ExportPage {
  papers?: PaperRecord[];
  /** [day number, ids] */
  seen?: Array<[number, string[]]>;
  next: string | null;
}
export interface HistoryStats {
  seen: number;
  oldest: number | null;
}
export interface TagCount {
  tag: string;
  count: number;
}
export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
}
/** One paper as another tool's file gave it (see options/tool-import). */
export interface ToolImportPaper {
  id: PaperId;
  title: string;
  authors: string[];
  tags: string[];
  note: string;
}
export interface ToolImportOptions {
  /** Queue the papers not already with a status, in the order given. */
  queue: boolean;
  /** A tag added to every paper (e.g. `zotero-import`), or null. */
  tag: string | null;
  /** Count them as seen (no New mark on listings). */
  markSeen: boolean;
}
export interface ToolImportRequest {
  papers: ToolImportPaper[];
  options: ToolImportOptions;
}
export interface ToolImportReport extends ImportReport {
  queued: number;
}
export interface LibraryStats {
  /** Papers with the user's own state (tags, a note, a status): the library. */
  papers: number;
  withState: number;
  queued: number;
  reading: number;
  done: number;
}

export type CallName = keyof Calls;
export type Req<K extends CallName> = Calls[K]['req'];
export type Res<K extends CallName> = Calls[K]['res'];

export type ErrorCode = 'bad-request' | 'unknown-call' | 'forbidden' | 'storage' | 'unavailable';
export interface CallError {
  code: ErrorCode;
  message: string;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: CallError };

export interface CallMessage<K extends CallName = CallName> {
  kind: 'margin/call';
  name: K;
  req: Req<K>;
}

/** Messages from the background to content scripts and extension pages. */
export type Event =
  | { kind: 'margin/changed'; records: PaperRecord[] }
  /** The whole library was deleted: forget every cached record. */
  | { kind: 'margin/cleared' }
  /** Much changed at once (an import): read again what you show. */
  | { kind: 'margin/reload' }
  | { kind: 'margin/toggle-overlays' }
  /** The rules changed (the editor, an import, "follow this author"): listings re-mark. */
  | { kind: 'margin/rules'; rules: Rule[] }
  /** Sync started, finished or failed (to Margin's pages only). */
  | { kind: 'margin/sync'; status: SyncStatus }
  /** Asks a tab which paper its page is about; answered with PagePaper. */
  | { kind: 'margin/page-paper' };

export interface PagePaper {
  id: PaperId | null;
  title: string;
}

export class MarginError extends Error {
  override name = 'MarginError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls the background and unwraps its Result, throwing MarginError with a message fit for
 * the user. A stopped service worker is woken by the message itself; while it restarts (slow
 * on a busy machine) a send can fail with "Receiving end does not exist" or "message port
 * closed", or come back empty when the worker stopped mid-call, so that is retried with
 * growing pauses for about seven seconds. Every call is idempotent, so a retry of one that
 * was in fact saved does no harm.
 */
export async function call<K extends CallName>(name: K, req: Req<K>): Promise<Res<K>> {
  const message: CallMessage<K> = { kind: 'margin/call', name, req };
  let result: Result<Res<K>> | undefined;
  for (let attempt = 0; ; attempt++) {
    let failure: string;
    try {
      result = (await browser.runtime.sendMessage(message)) as Result<Res<K>> | undefined;
      // No answer at all: the worker was stopped while it handled the call.
      if (result && typeof result === 'object' && 'ok' in result) break;
      failure = 'no answer';
    } catch (err) {
      failure = String((err as Error)?.message ?? err);
    }
    if (attempt >= 7) {
      throw new MarginError('unavailable', `Margin's background is not answering (${failure}). Try again, or reload the page.`);
    }
    await sleep(Math.min(2000, 50 * 2 ** attempt));
  }
  if (!result.ok) throw new MarginError(result.error.code, result.error.message);
  return result.value;
}

export function isEvent(msg: unknown): msg is Event {
  return (
    typeof msg === 'object' &&
    msg !== null &&
    typeof (msg as { kind?: unknown }).kind === 'string' &&
    (msg as { kind: string }).kind.startsWith('margin/') &&
    (msg as { kind: string }).kind !== 'margin/call'
  );
}
