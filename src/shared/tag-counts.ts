/**
 * Every tag with how many papers carry it, most used first: the popup counts from the
 * library it already holds for search; the background's `tags` call answers from the counts
 * its writes keep (background/tally.ts), in the same order.
 */
import type { TagCount } from './messages';
import type { PaperRecord } from './record';

export function tagCounts(records: PaperRecord[]): TagCount[] {
  const counts = new Map<string, number>();
  for (const r of records) for (const t of r.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return tagList(counts);
}

/** Tag → papers, as the list the pages show: most used first, then by name. */
export function tagList(counts: Map<string, number>): TagCount[] {
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}
