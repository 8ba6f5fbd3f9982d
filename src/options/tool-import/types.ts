/**
 * What reading another tool's file gives: the papers recognised (in file order), the
 * entries skipped with the reason, or one clear error. Pure data, so the parsers are tested
 * without a browser and the preview only renders it.
 */
import type { PaperId } from '../../shared/paper-id';

export type ToolFormat = 'bibtex' | 'csl-json' | 'papermemory' | 'text';

export const FORMAT_NAMES: Record<ToolFormat, string> = {
  bibtex: 'BibTeX / BibLaTeX',
  'csl-json': 'CSL JSON (Zotero)',
  papermemory: 'PaperMemory export',
  text: 'text with arXiv links',
};

export interface ToolPaper {
  id: PaperId;
  title: string;
  authors: string[];
  url: string;
  tags: string[];
  note: string;
}

export interface SkippedEntry {
  /** The entry's title, or its key when it has none, so the user can find it. */
  title: string;
  reason: string;
}

export interface ToolFile {
  format: ToolFormat;
  /** How many entries the file holds (lines or links for text). */
  entries: number;
  papers: ToolPaper[];
  skipped: SkippedEntry[];
  /** Tags that were left out because Margin cannot store them (too long, a comma). */
  droppedTags: string[];
}

/** Bad input: a message fit for the user. Nothing is imported. */
export class ToolFileError extends Error {
  override name = 'ToolFileError';
}

export const MAX_FILE_BYTES = 50 * 1024 * 1024;
