/**
 * PaperMemory's "export memory" file. Its format, from PaperMemory's source
 * (github.com/vict0rsch/PaperMemory, HEAD 6eac9444, 2025-07): `handleDownloadMemoryClick` in
 * src/options/options.js writes `JSON.stringify(papers)` of `chrome.storage.local.papers`:
 * one object mapping paper id → paper, plus `__dataVersion` (a number). Papers are checked by
 * `validatePaper` in src/shared/js/utils/data.js: `id`, `title`, `author` ("A and B"),
 * `pdfLink`, `bibtex`, `tags` (string[]), `note`, `favorite` (bool). arXiv papers are keyed
 * `Arxiv-<id>` (old-style ids with `/` as `_`, `makeArxivPaper` in
 * src/shared/js/utils/parsers.js); before data version 208 the key was the bare id. A paper
 * known by its publication has a venue id, and its arXiv id only in `pdfLink` or `bibtex`.
 */
import { findPaperIds, toPaperId, type PaperId } from '../../shared/paper-id';
import { collect, type RawEntry } from './entries';
import type { ToolFile } from './types';

type Paper = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** True for PaperMemory's memory object: `__dataVersion`, or papers with pdfLink and title. */
export function isPaperMemory(data: unknown): data is Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const o = data as Record<string, unknown>;
  if (typeof o.__dataVersion === 'number') return true;
  const papers = Object.values(o);
  return papers.length > 0 && papers.every((p) => typeof p === 'object' && p !== null && 'pdfLink' in p && 'title' in p);
}

function idOf(key: string, p: Paper): PaperId[] {
  // Strip the prefix; PaperMemory's own arxivIdFromPaperID splits on the last "-", which
  // would turn Arxiv-hep-th_9901001 into th/9901001.
  const m = /^(?:Arxiv-)?(.+)$/.exec(str(p.id) || key)!;
  const fromKey = toPaperId(m[1]!.replace('_', '/'));
  if (fromKey && (/^Arxiv-/.test(str(p.id) || key) || str(p.source) === 'arxiv' || !p.source)) return [fromKey];
  const fromLink = toPaperId(str(p.pdfLink));
  if (fromLink) return [fromLink];
  const inBib = findPaperIds(str(p.bibtex).replace(/arXiv:\s*Arxiv-/gi, 'arXiv:'));
  return inBib.length === 1 ? inBib : [];
}

export function readPaperMemory(memory: Record<string, unknown>): ToolFile {
  const raw: RawEntry[] = [];
  for (const [key, value] of Object.entries(memory)) {
    if (key.startsWith('__') || typeof value !== 'object' || value === null) continue;
    const p = value as Paper;
    const tags = Array.isArray(p.tags) ? p.tags.filter((t): t is string => typeof t === 'string') : [];
    // Margin has no favourites: a favourite becomes the tag the user can filter on.
    if (p.favorite === true) tags.push('favorite');
    raw.push({
      ids: idOf(key, p),
      title: str(p.title),
      label: key,
      authors: str(p.author).split(/\s+and\s+/).filter(Boolean),
      tags,
      note: str(p.note),
      noIdReason: `no arXiv id (PaperMemory knows it as ${key})`,
    });
  }
  return collect('papermemory', raw);
}
