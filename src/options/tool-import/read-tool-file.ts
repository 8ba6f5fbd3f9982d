/**
 * Reads another tool's export, whatever its file name says: BibTeX, CSL JSON, PaperMemory's
 * JSON, or any text with arXiv links. Bad input (empty, binary, too large, nothing
 * recognised) is a ToolFileError with a message for the user; nothing is written here.
 */
import { isCslJson, readCslJson } from './csl-json';
import { isPaperMemory, readPaperMemory } from './papermemory';
import { readPlainText } from './plain-text';
import { MAX_FILE_BYTES, ToolFileError, type ToolFile } from './types';

const MB = 1024 * 1024;

/** Checks size before the file is read into memory. */
export function checkFileSize(bytes: number): void {
  if (bytes > MAX_FILE_BYTES) {
    throw new ToolFileError(`This file is ${Math.round(bytes / MB)} MB; Margin reads files up to ${MAX_FILE_BYTES / MB} MB. Export a part of your library (a collection or a tag) instead.`);
  }
}

// A BibTeX entry starts a line with @type{ or @type( (after optional spaces).
const BIBTEX_ENTRY = /^[ \t]*@[a-zA-Z]+[ \t]*[{(]/m;

export async function readToolFile(text: string): Promise<ToolFile> {
  checkFileSize(text.length);
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new ToolFileError('The file is empty.');
  // NUL bytes, or many characters that could not be decoded as text: not a text file.
  const undecodable = (body.slice(0, 65536).match(/[\u0000\uFFFD]/g) ?? []).length;
  if (undecodable > 0 && (body.includes('\u0000') || undecodable > 8)) {
    throw new ToolFileError('This is not a text file. Margin imports BibTeX, CSL JSON, PaperMemory exports and text with arXiv links.');
  }
  const result = await readByContent(body);
  if (result.papers.length === 0) {
    throw new ToolFileError(
      result.entries === 0
        ? 'No arXiv paper was found in this file.'
        : `None of the ${result.entries} entries in this file has an arXiv id, so there is nothing to import.`,
    );
  }
  return result;
}

async function readByContent(body: string): Promise<ToolFile> {
  const start = body.trimStart()[0];
  if (start === '[' || start === '{') {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      data = undefined; // not JSON after all: maybe BibTeX or text
    }
    if (data !== undefined) {
      if (isCslJson(data)) return readCslJson(data);
      if (isPaperMemory(data)) return readPaperMemory(data);
      return readPlainText(body); // some other JSON: its arXiv links
    }
  }
  if (BIBTEX_ENTRY.test(body)) {
    const { readBibtex } = await import('./bibtex');
    return readBibtex(body);
  }
  return readPlainText(body);
}
