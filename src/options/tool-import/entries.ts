/**
 * Shared by every format: entries (one per paper the file names) become ToolPapers in file
 * order; several entries naming one paper are joined when they agree on the title, and all
 * skipped when they do not (a user-data error, e.g. one eprint pasted into three books).
 */
import { abstractUrl, type PaperId } from '../../shared/paper-id';
import { LIMITS, normalizeTag } from '../../shared/record';
import type { SkippedEntry, ToolFile, ToolFormat, ToolPaper } from './types';

export interface RawEntry {
  /** The ids the entry gives for itself; several distinct ones make it ambiguous. */
  ids: PaperId[];
  title: string;
  /** What to call the entry in the skipped list when it has no title (its key). */
  label: string;
  authors: string[];
  tags: string[];
  note: string;
  /** Why it has no id, when the caller knows better than "no arXiv id". */
  noIdReason?: string;
}

// Titles compared without case, accents or punctuation: `Na{\"\i}ve` (dotless i with a
// diaeresis) and `Naïve` are one title.
const titleKey = (t: string) =>
  t.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ı/g, 'i').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

export function collect(format: ToolFormat, raw: RawEntry[]): ToolFile {
  const skipped: SkippedEntry[] = [];
  const droppedTags = new Set<string>();
  const groups = new Map<PaperId, RawEntry[]>();
  for (const e of raw) {
    const name = e.title || e.label;
    if (e.ids.length === 0) skipped.push({ title: name, reason: e.noIdReason ?? 'no arXiv id (a journal or conference paper without a preprint?)' });
    else if (e.ids.length > 1) skipped.push({ title: name, reason: `it names several arXiv papers (${e.ids.join(', ')})` });
    else {
      const list = groups.get(e.ids[0]!) ?? [];
      list.push(e);
      groups.set(e.ids[0]!, list);
    }
  }
  const papers: ToolPaper[] = [];
  for (const [id, list] of groups) {
    const titles = new Set(list.map((e) => titleKey(e.title)).filter(Boolean));
    if (titles.size > 1) {
      for (const e of list) skipped.push({ title: e.title || e.label, reason: `${list.length} entries with different titles give the same arXiv id ${id}` });
      continue;
    }
    const tags: string[] = [];
    for (const e of list) {
      for (const t of e.tags) {
        const tag = toolTag(t);
        if (tag === null) droppedTags.add(t);
        else if (!tags.includes(tag)) tags.push(tag);
      }
    }
    const notes = [...new Set(list.map((e) => e.note.trim()).filter(Boolean))];
    const first = list.find((e) => e.title) ?? list[0]!;
    papers.push({
      id,
      title: first.title.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, LIMITS.titleLength),
      authors: (list.find((e) => e.authors.length)?.authors ?? [])
        .map((a) => a.replace(/\s+/g, ' ').trim().slice(0, LIMITS.authorLength))
        .filter(Boolean)
        .slice(0, LIMITS.authors),
      url: abstractUrl(id),
      tags: tags.slice(0, LIMITS.tagsPerPatch),
      note: notes.join('\n\n').slice(0, LIMITS.noteLength),
    });
  }
  return { format, entries: raw.length, papers, skipped, droppedTags: [...droppedTags] };
}

/** A tool's tag in Margin's spelling, or null when Margin cannot store it. */
export function toolTag(raw: string): string | null {
  try {
    return normalizeTag(raw.replace(/\s+-\s+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * The user's note without what reference managers write into it themselves: Zotero's
 * "Extra" (`arXiv:1809.02922 [cs]`, `version: 3`, `type: article`; the BibTeX parser may have
 * joined its lines) and Paperpile's `Accessed: 2024-10-31` are not notes.
 */
export function userNote(raw: string | undefined): string {
  if (!raw) return '';
  return raw
    .replace(/(^|\s)(number\s*:\s*)?arxiv\s*:\s*\S+(\s*\[[^\]]*\])?/gi, ' ')
    .replace(/(^|\s)(type|version|accessed|ADS Bibcode|Citation Key|tex\.[\w-]+|original-date|publisher-place)\s*:\s*\S+/gi, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
