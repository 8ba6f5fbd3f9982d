/**
 * Fields the import never reads, taken out before the BibTeX parser sees the file. The parser
 * runs every field through a LaTeX grammar, and abstracts are most of a library's text: on a
 * Zotero export that is about six times the time of everything else. Only `abstract` and
 * `file`, each starting its own line, as every exporter writes them; the value is skipped by
 * the parser's own rules (braces counted, a backslash escapes the next character, a quoted
 * value ends at an unbraced `"`). The lines stay, so syntax errors keep their line numbers;
 * a value that does not close is left alone for the parser to report.
 */
const UNREAD_FIELD = /^[ \t]*(?:abstract|file)[ \t]*=[ \t]*(?=[{"])/gim;

export function dropUnreadFields(text: string): string {
  let out = '';
  let copied = 0;
  UNREAD_FIELD.lastIndex = 0;
  for (let m = UNREAD_FIELD.exec(text); m; m = UNREAD_FIELD.exec(text)) {
    const end = valueEnd(text, m.index + m[0].length);
    if (end < 0) break;
    let after = end;
    while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
    if (text[after] === ',') after++;
    out += text.slice(copied, m.index) + '\n'.repeat(countNewlines(text, m.index, after));
    copied = after;
    UNREAD_FIELD.lastIndex = after;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The index just past the value that opens at `start` (`{…}` or `"…"`), or -1. */
function valueEnd(text: string, start: number): number {
  const quoted = text[start] === '"';
  let depth = quoted ? 0 : 1;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (!quoted && depth === 0) return i + 1;
      if (depth < 0) return -1;
    } else if (c === '"' && quoted && depth === 0) return i + 1;
    else if (c === '@' && depth <= 1 && text[i - 1] === '\n') return -1; // ran into the next entry
  }
  return -1;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
