/**
 * "Test": how many papers of the last listing the user viewed a query matches, and the first
 * few of them, so a rule can be tried before it changes any page. The listing is whatever
 * the content script last sent (up to a few thousand entries): prepared once, then each
 * test is a pass over it.
 */
import type { LastListing } from '../../shared/messages';
import { compileQuery, prepareSubject, type PreparedSubject } from '../../shared/rules/query';
import { queryProblem } from '../../shared/rules/rule';
import { problemText } from './rule-list';

export const SHOWN_MATCHES = 5;

export type TestResult =
  | { kind: 'no-listing' }
  | { kind: 'bad-query'; problem: string }
  | { kind: 'error'; message: string }
  | { kind: 'done'; matched: number; total: number; url: string; at: number; titles: string[] };

let prepared: { listing: LastListing; subjects: PreparedSubject[] } | null = null;

function subjectsOf(listing: LastListing): PreparedSubject[] {
  if (prepared?.listing.url !== listing.url || prepared.listing.at !== listing.at) {
    prepared = { listing, subjects: listing.papers.map(prepareSubject) };
  }
  return prepared.subjects;
}

export function testQuery(query: string, listing: LastListing | null): TestResult {
  if (!listing) return { kind: 'no-listing' };
  let match;
  try {
    match = compileQuery(query);
  } catch {
    const problem = queryProblem(query);
    return { kind: 'bad-query', problem: problem ? problemText(problem) : 'The query does not parse.' };
  }
  const subjects = subjectsOf(listing);
  const titles: string[] = [];
  let matched = 0;
  subjects.forEach((s, i) => {
    if (!match(s)) return;
    matched++;
    if (titles.length < SHOWN_MATCHES) titles.push(listing.papers[i]!.title);
  });
  return { kind: 'done', matched, total: subjects.length, url: listing.url, at: listing.at, titles };
}

/** A listing's address as a line can show it: no scheme or www, at most ~50 characters. */
export function shortUrl(url: string): string {
  let short = url;
  try {
    const u = new URL(url);
    short = `${u.host.replace(/^www\./, '')}${u.pathname === '/' ? '' : u.pathname}${u.search}`;
  } catch {
    // Not a URL after all: shown as it is, shortened.
  }
  return short.length > 50 ? `${short.slice(0, 49)}…` : short;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(at: number, now: number): string {
  const min = Math.floor(Math.max(0, now - at) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ago`;
  const days = Math.floor(h / 24);
  return `${days} ${days === 1 ? 'day' : 'days'} ago`;
}

/** The result's first line: "12 of 2000 papers on arxiv.org/list/cs.LG/new (seen 5 min ago) match." */
export function summary(r: Extract<TestResult, { kind: 'done' }>, now: number): string {
  const papers = `${r.total} ${r.total === 1 ? 'paper' : 'papers'}`;
  return `${r.matched} of ${papers} on ${shortUrl(r.url)} (seen ${ago(r.at, now)}) ${r.matched === 1 ? 'matches' : 'match'}.`;
}
