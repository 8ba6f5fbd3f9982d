/**
 * Any text with arXiv links or ids (a reading list, a Markdown file, a pasted list): each
 * distinct paper once, in the order of first mention. There are no titles to show; the
 * listing fills them in when the paper is next seen.
 */
import { findPaperIds } from '../../shared/paper-id';
import { collect } from './entries';
import type { ToolFile } from './types';

export function readPlainText(text: string): ToolFile {
  const ids = findPaperIds(text);
  const file = collect('text', ids.map((id) => ({ ids: [id], title: '', label: id, authors: [], tags: [], note: '' })));
  return { ...file, entries: ids.length };
}
