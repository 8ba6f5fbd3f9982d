/**
 * CSL JSON, as Zotero's built-in exporter and Better BibTeX's "Better CSL JSON" write it: an
 * array of items. Zotero puts the arXiv id in URL, DOI (`10.48550/arXiv.…`), number,
 * container-title (`arXiv:1701.08140 [stat]`), archive_location or the note (its "Extra").
 */
import { findPaperIds } from '../../shared/paper-id';
import { collect, userNote, type RawEntry } from './entries';
import type { ToolFile } from './types';

type Item = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** True when the JSON looks like CSL: a list of objects with a CSL `type` and a title or id. */
export function isCslJson(data: unknown): data is Item[] {
  return (
    Array.isArray(data) &&
    data.length > 0 &&
    data.every((i) => typeof i === 'object' && i !== null && typeof (i as Item).type === 'string' && ('title' in i || 'id' in i))
  );
}

export function readCslJson(items: Item[]): ToolFile {
  const raw: RawEntry[] = items.map((item) => {
    let ids = findPaperIds(str(item.URL));
    for (const field of ['DOI', 'archive_location', 'number', 'container-title', 'note']) {
      if (ids.length) break;
      const v = str(item[field]);
      ids = field === 'DOI' && !/^10\.48550\//i.test(v) ? [] : findPaperIds(v);
    }
    const authors = Array.isArray(item.author)
      ? (item.author as Item[]).map((a) => str(a.literal) || [str(a.given), str(a['non-dropping-particle']), str(a.family)].filter(Boolean).join(' ')).filter(Boolean)
      : [];
    return {
      ids,
      title: str(item.title),
      label: str(item['citation-key']) || str(item.id),
      authors,
      // Better CSL JSON carries Zotero's tags as `keyword`, comma-separated
      tags: str(item.keyword).split(/\s*,\s*/).filter(Boolean),
      note: userNote(str(item.note)),
    };
  });
  return collect('csl-json', raw);
}
