/**
 * Who may make each call. A content script runs in the web page's renderer process: Chrome
 * treats it as less trustworthy than the extension's own pages, because a compromised renderer
 * on a paper site (or any site the user turned Margin on for) can send whatever the content
 * script could. So a content script gets only what the overlay needs for the papers on its
 * page; whatever reads or rewrites the library as a whole answers only Margin's own pages.
 * The router enforces this table (background/router.ts), deciding the sender from what
 * Chrome reports about it (background/sender.ts).
 *
 * Adding a call? Give it an entry here (the type check and test/unit/call-access.test.ts
 * fail without one) and decide:
 *   - 'page': the overlay on a paper page needs it, and it touches only the papers the
 *     caller names (bounded per call) or answers what the overlay shows. A compromised page
 *     can then do exactly this with any paper id, so be sure that is acceptable.
 *   - 'margin': anything else, and always for calls that list, count, export, import,
 *     rename, delete or clear across the library, or change Margin's settings. When unsure,
 *     'margin': a refused call is a visible bug; a leaked library is not.
 */
import type { CallName } from './messages';

/** 'page': content scripts and Margin's pages; 'margin': Margin's own pages only. */
export type Capability = 'page' | 'margin';

export const CALL_ACCESS: { readonly [K in CallName]: Capability } = {
  // The overlay: the page's papers (ids bounded per call), their edits, the seen marks.
  lookup: 'page',
  // Whether there is a rule or a library paper at all: one bit, known to any page anyway
  // from whether Margin marks anything.
  pageStart: 'page',
  update: 'page',
  markSeen: 'page',
  // The tag input's suggestions: tag names and counts, no papers.
  tags: 'page',
  // The listing's entries matched against the rules and the library's authors: which rules
  // match each, and up to five library titles by its authors (what the overlay shows on
  // hover). The entries are kept as the last listing, for the options page's rule test.
  markListing: 'page',
  // One name added to the Following rule: the worst a page can do is follow someone.
  followAuthor: 'page',

  // The popup and the options page.
  list: 'margin',
  move: 'margin',
  renameTag: 'margin',
  deleteTag: 'margin',
  exportAll: 'margin',
  exportPage: 'margin',
  importPapers: 'margin',
  importFromTool: 'margin',
  importBegin: 'margin',
  importBatch: 'margin',
  importCommit: 'margin',
  importAbort: 'margin',
  historyStats: 'margin',
  forgetHistory: 'margin',
  clearLibrary: 'margin',
  stats: 'margin',
  siteAccess: 'margin',
  rules: 'margin',
  setRules: 'margin',
  lastListing: 'margin',
  // Sync's settings and state: the server address is the user's business, not a page's.
  syncStatus: 'margin',
  syncSetup: 'margin',
  syncNow: 'margin',
};

/** The calls a content script may make, in the table's order (for the README and tests). */
export const PAGE_CALLS = (Object.keys(CALL_ACCESS) as CallName[]).filter((k) => CALL_ACCESS[k] === 'page');
