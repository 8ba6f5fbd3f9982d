/**
 * Every tag with how many papers carry it, most used first: the background's `tags` call,
 * and the popup, which counts from the library it already holds for search.
 */
import type { TagCount } from './messages';
import type { PaperRecord } from './record';

export function tagCounts(records: PaperRecord[]): TagCount[] {
  const counts = new Map<string, number>();
  for (const r of records) for (const t of r.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}
