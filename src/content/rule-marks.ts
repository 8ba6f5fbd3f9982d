/**
 * Triage rules and library signals on a listing. Rules need every entry's title, authors and
 * categories, which the adapters read lazily because reading text is most of a scan's cost.
 * So the entries are read a slice at a time, starting as soon as the scan has found them and
 * going on while the page lays itself out and the store answers; no piece holds the page for
 * long (the listing benchmark's "longest synchronous piece"). The background matches them,
 * one call per listing: the query language and the library stay out of the content script,
 * which runs on every listing.
 */
import { call, type LibraryPaperRef } from '../shared/messages';
import { ruleSlug } from '../shared/rules/rule';
import type { Rule, RuleSubject } from '../shared/rules/types';
import type { PaperOccurrence } from '../sites/types';
import { subjectOf } from './rule-subject';

/** What the rules and the library say about one entry. */
export interface Marks {
  /** Indices into RuleMarks.rules, in the user's order. */
  rules: number[];
  /** Library papers by the entry's authors. */
  library: LibraryPaperRef[];
}

/**
 * How long one slice of work may run before the page gets the main thread back. Each yield
 * may let the page lay itself out, which costs a big listing hundreds of milliseconds while
 * it loads, and a loading page holds timers back until after its layout; so slices are as
 * long as a 50 ms piece allows: a 2000-entry listing is mostly read in one, while the page
 * waits for its first layout and the store's answer (measured: 25 ms slices ended the rules
 * 0.5 s later; at 40 ms the last few entries of a 2000-entry listing often waited for the
 * next slice, after the page's layout).
 */
const SLICE_MS = 45;
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs `fn` on each item, a slice at a time (measured as `name`), yielding between slices.
 * False when `current()` says a newer run took over meanwhile.
 */
export async function inSlices<T>(items: T[], fn: (item: T) => void, name: string, current: () => boolean): Promise<boolean> {
  let start = performance.now();
  for (const item of items) {
    if (performance.now() - start > SLICE_MS) {
      performance.measure(name, { start });
      await yieldToPage();
      if (!current()) return false;
      start = performance.now();
    }
    fn(item);
  }
  performance.measure(name, { start });
  return true;
}

export class RuleMarks {
  /** The rules the marks refer to, and their names as the page writes them. */
  rules: Rule[] = [];
  slugs: string[] = [];
  /** Grows with each run; a run that is no longer the latest gives up. */
  run = 0;
  /** What the page shows of each entry, read once (keyed by the entry's anchor). */
  private readonly subjects = new WeakMap<Element, RuleSubject>();

  subject(occ: PaperOccurrence): RuleSubject | undefined {
    return this.subjects.get(occ.anchor);
  }

  /**
   * Only keeps the listing for the options page's rule test (nothing on the page can match):
   * read and sent as marking would, and the answer left unused.
   */
  async keep(found: PaperOccurrence[]): Promise<void> {
    await this.readAndMatch(found, this.run, 'margin:rules-keep');
  }

  /**
   * Reads what is not read yet, then has the background match every occurrence. Resolves
   * each one's marks by anchor, or null when a newer run took over or the background did not
   * answer (the page works without).
   */
  async mark(found: PaperOccurrence[]): Promise<Map<Element, Marks> | null> {
    const run = ++this.run;
    const matched = await this.readAndMatch(found, run, 'margin:rules-read');
    if (!matched || run !== this.run) return null;
    const { batch, answer } = matched;
    this.rules = answer.rules;
    this.slugs = answer.rules.map((r) => ruleSlug(r.name));
    return new Map(batch.map((o, n) => [o.anchor, { rules: answer.matches[n] ?? [], library: answer.library[n] ?? [] }]));
  }

  /** The entries read a slice at a time (measured as `name`), then matched by the worker; null when run `run` was overtaken or the worker did not answer. */
  private async readAndMatch(found: PaperOccurrence[], run: number, name: string) {
    const read = (occ: PaperOccurrence) => this.subjects.has(occ.anchor) || this.subjects.set(occ.anchor, subjectOf(occ));
    if (!(await inSlices(found, read, name, () => run === this.run))) return null;
    const batch = found.slice(0, 5000);
    try {
      const answer = await call('markListing', { url: location.href, ids: batch.map((o) => o.id), papers: batch.map((o) => this.subjects.get(o.anchor)!) });
      return { batch, answer };
    } catch {
      return null;
    }
  }
}
