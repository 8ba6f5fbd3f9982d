/**
 * The triage rules and what they read from the library: kept in the `settings` store (one
 * value, the list in the user's order), changed by the options page's editor, a backup
 * import or "follow this author" on a listing, and told to every tab when they change.
 * Also a listing's marks: the rules' matches and the library papers by its authors.
 */
import { InputError, type PaperRecord } from '../shared/record';
import type { LastListing, LibraryPaperRef, ListingMarks } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import { authorKey, compileQuery, prepareSubject, type Matcher } from '../shared/rules/query';
import { checkRules, mergeRules, ruleSlug } from '../shared/rules/rule';
import type { Rule, RuleSubject } from '../shared/rules/types';
import { sendToAll } from './broadcast';
import { libraryAuthors, libraryChanged as authorsChanged } from './library-authors';
import { getSetting, updateSetting } from './store';

const RULES = 'rules';
const LAST_LISTING = 'lastListing';
/** The rule "follow this author" adds to, made on first use. */
export const FOLLOWING = 'Following';

export async function getRules(): Promise<Rule[]> {
  return (await getSetting<Rule[]>(RULES)) ?? [];
}

async function told(rules: Rule[]): Promise<Rule[]> {
  await sendToAll({ kind: 'margin/rules', rules });
  return rules;
}

export async function setRules(rules: Rule[]): Promise<Rule[]> {
  const checked = checkRules(rules);
  await updateSetting<Rule[]>(RULES, () => checked);
  return told(checked);
}

/** A backup's rules merged into the user's by name; how many were added or replaced. */
export async function importRules(theirs: Rule[]): Promise<number> {
  let changed = 0;
  const rules = await updateSetting<Rule[]>(RULES, (mine) => {
    const merged = mergeRules(mine ?? [], theirs);
    changed = merged.added + merged.updated;
    return changed ? checkRules(merged.rules) : undefined;
  });
  if (changed) await told(rules ?? []);
  return changed;
}

/** `author:"Name"` terms, so a name with spaces or initials stays one term. */
const authorTerm = (name: string) => `author:"${name.replace(/"/g, '')}"`;

/**
 * Adds an author to the Following rule (a highlight, made on first use). Following someone
 * twice changes nothing; a Following rule the user rewrote by hand gets the name OR-ed on.
 */
export async function followAuthor(author: string): Promise<Rule> {
  const name = author.trim().replace(/\s+/g, ' ');
  if (!name || !authorKey(name)) throw new InputError('There is no author name to follow.');
  const term = authorTerm(name);
  let result: Rule | undefined;
  let changed = false;
  const rules = await updateSetting<Rule[]>(RULES, (current) => {
    const list = current ?? [];
    const at = list.findIndex((r) => ruleSlug(r.name) === ruleSlug(FOLLOWING));
    const now = Date.now();
    if (at < 0) {
      result = { name: FOLLOWING, query: term, action: 'highlight', color: 'yellow', updatedAt: now };
      changed = true;
      return checkRules([...list, result]);
    }
    const rule = list[at]!;
    if (rule.query.toLowerCase().includes(term.toLowerCase())) {
      result = rule;
      return undefined;
    }
    result = { ...rule, query: rule.query.trim() ? `${rule.query.trim()} OR ${term}` : term, updatedAt: now };
    changed = true;
    return checkRules(list.map((r, i) => (i === at ? result! : r)));
  });
  if (changed && rules) await told(rules);
  return result!;
}

// --- Authors of library papers -----------------------------------------------------------

/** Called whenever library records change (see library-authors.ts); none: much changed. */
export function libraryChanged(records?: PaperRecord[]): void {
  authorsChanged(records);
  if (!records) kept = null; // the library was cleared or replaced: keep the next listing again
}

// --- Marking a listing -------------------------------------------------------------------

/** The listing last kept for the options page's test (this worker's life). */
let kept: { url: string; n: number; at: number } | null = null;

/** The rules compiled, for as long as they stay the same (the worker asks the store each time). */
let compiled: { key: string; rules: Rule[]; matchers: Matcher[] } | null = null;

function compile(rules: Rule[]): { rules: Rule[]; matchers: Matcher[] } {
  const key = JSON.stringify(rules);
  if (compiled?.key === key) return compiled;
  const usable: Rule[] = [];
  const matchers: Matcher[] = [];
  for (const rule of rules) {
    try {
      matchers.push(compileQuery(rule.query));
      usable.push(rule);
    } catch {
      // A stored rule that no longer parses is skipped; the options page flags it.
    }
  }
  compiled = { key, rules: usable, matchers };
  return compiled;
}

/**
 * Which rules each entry of a listing matches and which library papers share an author with
 * it (up to five, never the entry itself); the listing is kept for the options page's test.
 */
export async function markListing(url: string, ids: PaperId[], papers: RuleSubject[]): Promise<ListingMarks> {
  const [stored, index] = await Promise.all([getRules(), libraryAuthors()]);
  const { rules, matchers } = compile(stored);
  const matches: number[][] = [];
  const library: LibraryPaperRef[][] = [];
  papers.forEach((subject, n) => {
    const hits: number[] = [];
    if (matchers.length) {
      const prepared = prepareSubject(subject);
      matchers.forEach((match, i) => match(prepared) && hits.push(i));
    }
    matches.push(hits);
    const found = new Map<PaperId, LibraryPaperRef>();
    for (const name of subject.authors) {
      const key = authorKey(name);
      if (key) for (const p of index.papersBy(key)) if (p.id !== ids[n] && found.size < 5) found.set(p.id, p);
    }
    library.push([...found.values()]);
  });
  // Kept after answering (the page waits for its marks, not for this write), and not again
  // for the same listing within minutes: a page that re-renders asks again and again.
  const now = Date.now();
  if (papers.length >= 2 && !(kept?.url === url && kept.n === papers.length && now - kept.at < 10 * 60_000)) {
    kept = { url, n: papers.length, at: now };
    void updateSetting<LastListing>(LAST_LISTING, () => ({ url, at: now, papers })).catch(() => undefined);
  }
  return { rules, matches, library };
}

// --- The last listing --------------------------------------------------------------------

export async function lastListing(): Promise<LastListing | null> {
  return (await getSetting<LastListing>(LAST_LISTING)) ?? null;
}
