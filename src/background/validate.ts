/**
 * Shape and size checks for every call the background accepts. A message is data from
 * another context (a content script runs next to a page we do not trust), so nothing is
 * stored before it passes here. Each check throws InputError with a message for the user.
 */
import type { CallName, PaperMeta, Patch, Req } from '../shared/messages';
import { isPaperId, type PaperId } from '../shared/paper-id';
import { InputError, LIMITS, PRIMARY_CLASS, STATUSES, type Status } from '../shared/record';
import { checkRules, RULE_LIMITS } from '../shared/rules/rule';
import type { RuleSubject } from '../shared/rules/types';

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(`${what} must be an object.`);
  return v as Obj;
}

function onlyKeys(o: Obj, allowed: string[], what: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new InputError(`${what} has an unknown field "${k.slice(0, 40)}".`);
  }
}

function str(v: unknown, max: number, what: string): string {
  if (typeof v !== 'string') throw new InputError(`${what} must be text.`);
  if (v.length > max) throw new InputError(`${what} is too long (${v.length} characters; at most ${max}).`);
  return v;
}

function arr(v: unknown, max: number, what: string): unknown[] {
  if (!Array.isArray(v)) throw new InputError(`${what} must be a list.`);
  if (v.length > max) throw new InputError(`${what} has too many items (${v.length}; at most ${max}).`);
  return v;
}

function paperId(v: unknown): PaperId {
  if (!isPaperId(v)) throw new InputError(`"${String(v).slice(0, 80)}" is not a paper id.`);
  return v;
}

function status(v: unknown): Status {
  if (!STATUSES.includes(v as Status)) throw new InputError(`Unknown status "${String(v).slice(0, 20)}".`);
  return v as Status;
}

function meta(v: unknown): PaperMeta {
  const o = obj(v, 'Paper details');
  onlyKeys(o, ['title', 'url', 'authors', 'primaryClass'], 'Paper details');
  const out: PaperMeta = {};
  if (o.title !== undefined) out.title = str(o.title, LIMITS.titleLength, 'The title');
  if (o.url !== undefined) out.url = str(o.url, LIMITS.urlLength, 'The URL');
  if (o.authors !== undefined) {
    out.authors = arr(o.authors, LIMITS.authors, 'The authors').map((a) => str(a, LIMITS.authorLength, 'An author'));
  }
  if (o.primaryClass !== undefined) {
    const pc = str(o.primaryClass, LIMITS.primaryClassLength, 'The category');
    if (!PRIMARY_CLASS.test(pc)) throw new InputError(`"${pc}" is not an arXiv category.`);
    out.primaryClass = pc;
  }
  return out;
}

function tagList(v: unknown, what: string): string[] {
  return arr(v, LIMITS.tagsPerPatch, what).map((t) => str(t, LIMITS.tagLength * 4, 'A tag'));
}

export function patch(v: unknown): Patch {
  const o = obj(v, 'The change');
  onlyKeys(o, ['addTags', 'removeTags', 'note', 'resolveNote', 'status'], 'The change');
  const out: Patch = {};
  if (o.addTags !== undefined) out.addTags = tagList(o.addTags, 'Tags to add');
  if (o.removeTags !== undefined) out.removeTags = tagList(o.removeTags, 'Tags to remove');
  if (o.note !== undefined) out.note = str(o.note, LIMITS.noteLength, 'The note');
  if (o.resolveNote !== undefined) {
    if (o.resolveNote !== true) throw new InputError('"resolveNote" can only be true.');
    out.resolveNote = true;
  }
  if (o.status !== undefined) out.status = status(o.status);
  return out;
}

function importId(v: unknown): string {
  const s = str(v, 100, 'The import id');
  if (!/^[0-9a-f-]{36}$/.test(s)) throw new InputError('Unknown import.');
  return s;
}

function empty(req: unknown): Record<string, never> {
  onlyKeys(obj(req ?? {}, 'The request'), [], 'The request');
  return {};
}

function origin(v: unknown): string {
  const s = str(v, 300, 'The site');
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new InputError(`"${s.slice(0, 80)}" is not a web site.`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== s) {
    throw new InputError(`"${s.slice(0, 80)}" is not a web site's origin.`);
  }
  return s;
}

function toolPaper(v: unknown): Req<'importFromTool'>['papers'][number] {
  const o = obj(v, 'A paper');
  onlyKeys(o, ['id', 'title', 'authors', 'tags', 'note'], 'A paper');
  return {
    id: paperId(o.id),
    title: str(o.title, LIMITS.titleLength, 'The title'),
    authors: arr(o.authors, LIMITS.authors, 'The authors').map((a) => str(a, LIMITS.authorLength, 'An author')),
    tags: tagList(o.tags, 'The tags'),
    note: str(o.note, LIMITS.noteLength, 'The note'),
  };
}

function toolOptions(v: unknown): Req<'importFromTool'>['options'] {
  const o = obj(v, 'The options');
  onlyKeys(o, ['queue', 'tag', 'markSeen'], 'The options');
  if (typeof o.queue !== 'boolean' || typeof o.markSeen !== 'boolean') throw new InputError('"queue" and "markSeen" must be true or false.');
  return { queue: o.queue, markSeen: o.markSeen, tag: o.tag === null ? null : str(o.tag, LIMITS.tagLength * 4, 'The tag') };
}

/** The rules a backup brings (checked whole: one bad rule refuses the import). */
function backupRules(v: unknown): unknown[] | undefined {
  return v === undefined ? undefined : checkRules(arr(v, RULE_LIMITS.rules, "The backup's rules"));
}

/** What a listing showed of one paper, bounded like the rest of a page's words. */
function subject(v: unknown): RuleSubject {
  const o = obj(v, 'A paper');
  onlyKeys(o, ['title', 'authors', 'abstract', 'comments', 'categories'], 'A paper');
  const out: RuleSubject = {
    title: str(o.title, LIMITS.titleLength, 'The title'),
    authors: arr(o.authors, LIMITS.authors, 'The authors').map((a) => str(a, LIMITS.authorLength, 'An author')),
    categories: arr(o.categories, 20, 'The categories').map((c) => str(c, LIMITS.primaryClassLength, 'A category')),
  };
  if (o.abstract !== undefined) out.abstract = str(o.abstract, 10_000, 'The abstract');
  if (o.comments !== undefined) out.comments = str(o.comments, 2_000, 'The comments');
  return out;
}

export const validators: { [K in CallName]: (req: unknown) => Req<K> } = {
  lookup(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['ids'], 'The request');
    return { ids: arr(o.ids, LIMITS.idsPerLookup, 'The ids').map(paperId) };
  },
  pageStart: empty,
  update(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['id', 'patch', 'meta'], 'The request');
    const out: Req<'update'> = { id: paperId(o.id), patch: patch(o.patch) };
    if (o.meta !== undefined) out.meta = meta(o.meta);
    return out;
  },
  markSeen(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['papers'], 'The request');
    const papers = arr(o.papers, LIMITS.idsPerLookup, 'The papers').map((p) => {
      const po = obj(p, 'A paper');
      onlyKeys(po, ['id', 'meta'], 'A paper');
      return po.meta === undefined ? { id: paperId(po.id) } : { id: paperId(po.id), meta: meta(po.meta) };
    });
    return { papers };
  },
  list(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['view'], 'The request');
    if (o.view !== 'queue' && o.view !== 'done' && o.view !== 'all') throw new InputError('Unknown view.');
    return { view: o.view };
  },
  move(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['id', 'beforeId'], 'The request');
    return { id: paperId(o.id), beforeId: o.beforeId === null ? null : paperId(o.beforeId) };
  },
  tags: empty,
  renameTag(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['from', 'to'], 'The request');
    return { from: str(o.from, LIMITS.tagLength * 4, 'The tag'), to: str(o.to, LIMITS.tagLength * 4, 'The new name') };
  },
  deleteTag(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['tag'], 'The request');
    return { tag: str(o.tag, LIMITS.tagLength * 4, 'The tag') };
  },
  exportAll: empty,
  importPapers(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['papers', 'rules'], 'The request');
    // Each paper is checked field by field by the import itself, before anything is written.
    const rules = backupRules(o.rules);
    return { papers: arr(o.papers, LIMITS.papersPerImport, 'The backup'), ...(rules ? { rules } : {}) };
  },
  exportPage(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['part', 'after'], 'The request');
    if (o.part !== 'papers' && o.part !== 'seen') throw new InputError('Unknown part of the backup.');
    return { part: o.part, after: o.after === null ? null : str(o.after, 200, 'Where to go on') };
  },
  importBegin: empty,
  importBatch(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['importId', 'batch', 'first', 'papers', 'seen'], 'The request');
    const [batch, first] = [o.batch, o.first].map((n) => {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new InputError('"batch" and "first" must be counts.');
      return n;
    }) as [number, number];
    const seen = arr(o.seen, 10_000, 'The seen lines').map((line) => {
      const l = arr(line, 2, 'A seen line');
      if (l.length !== 2 || typeof l[0] !== 'string') throw new InputError('A seen line must be a day and a list of ids.');
      return [l[0], arr(l[1], LIMITS.seenPerBatch, 'The ids of a seen line') as string[]] as [string, string[]];
    });
    if (seen.reduce((n, l) => n + l[1].length, 0) > LIMITS.seenPerBatch) throw new InputError('Too many seen marks in one batch.');
    // Each paper is checked field by field by the import itself, before anything is kept.
    return { importId: importId(o.importId), batch, first, papers: arr(o.papers, LIMITS.papersPerBatch, 'The papers'), seen };
  },
  importCommit(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['importId', 'rules'], 'The request');
    const rules = backupRules(o.rules);
    return { importId: importId(o.importId), ...(rules ? { rules } : {}) };
  },
  importAbort: (req) => ({ importId: importId(obj(req, 'The request').importId) }),
  historyStats: empty,
  forgetHistory(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['before'], 'The request');
    if (typeof o.before !== 'number' || !Number.isFinite(o.before)) throw new InputError('"before" must be a time.');
    return { before: o.before };
  },
  importFromTool(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['papers', 'options'], 'The request');
    return { papers: arr(o.papers, LIMITS.papersPerImport, 'The papers').map(toolPaper), options: toolOptions(o.options) };
  },
  clearLibrary: empty,
  rules: empty,
  setRules(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['rules'], 'The request');
    return { rules: checkRules(arr(o.rules, RULE_LIMITS.rules, 'The rules')) };
  },
  followAuthor(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['author'], 'The request');
    return { author: str(o.author, LIMITS.authorLength, 'The author') };
  },
  markListing(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['url', 'ids', 'papers'], 'The request');
    const ids = arr(o.ids, LIMITS.idsPerLookup, 'The ids').map(paperId);
    const papers = arr(o.papers, LIMITS.idsPerLookup, 'The papers').map(subject);
    if (ids.length !== papers.length) throw new InputError('Each paper needs its id.');
    return { url: str(o.url, LIMITS.urlLength, 'The page'), ids, papers };
  },
  lastListing: empty,
  syncStatus: empty,
  syncNow: empty,
  syncSetup(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['webdav', 'chrome', 'passphrase'], 'The request');
    if (o.passphrase !== undefined) {
      if (o.webdav !== undefined || o.chrome !== undefined) throw new InputError('"passphrase" comes alone.');
      return { passphrase: o.passphrase === null ? null : str(o.passphrase, 1000, 'The passphrase') };
    }
    if (o.chrome !== undefined) {
      if (typeof o.chrome !== 'boolean' || o.webdav !== undefined) throw new InputError('"chrome" must be true or false, alone.');
      return { chrome: o.chrome };
    }
    if (o.webdav === null) return { webdav: null };
    const w = obj(o.webdav, 'The server');
    onlyKeys(w, ['url', 'user', 'password'], 'The server');
    const url = str(w.url, LIMITS.urlLength, 'The server address').trim();
    if (!url) throw new InputError('Enter the server address.');
    return { webdav: { url, user: str(w.user, 200, 'The user name'), password: str(w.password, 1000, 'The password') } };
  },
  stats: empty,
  siteAccess(req) {
    const o = obj(req, 'The request');
    onlyKeys(o, ['origin', 'on'], 'The request');
    if (o.on !== undefined && typeof o.on !== 'boolean') throw new InputError('"on" must be true or false.');
    return o.on === undefined ? { origin: origin(o.origin) } : { origin: origin(o.origin), on: o.on };
  },
};
