import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/options/csv';
import { paper } from './records';

/** A small RFC 4180 reader, to check that what we write reads back cell for cell. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

describe('CSV export', () => {
  it('has a header row and one row per paper', () => {
    const rows = readCsv(toCsv([paper('arxiv:2412.13795'), paper('arxiv:hep-th/9711200')]));
    expect(rows[0]).toEqual(['id', 'arxiv_id', 'primary_class', 'title', 'authors', 'tags', 'status', 'note', 'url', 'queued_at', 'first_seen_at', 'created_at', 'updated_at']);
    expect(rows).toHaveLength(3);
    expect(rows[2]!.slice(0, 2)).toEqual(['arxiv:hep-th/9711200', 'hep-th/9711200']);
  });

  it('quotes commas, quotes and line breaks, and reads back exactly', () => {
    const note = 'line one, with a comma\nline "two"\r\nthree';
    const title = 'Say "hello", world';
    const text = toCsv([paper('arxiv:2412.13795', { title, note, tags: ['a', 'b-c'], authors: ['Ann Lee', 'Bo Chen'], primaryClass: 'cs.LG' })]);
    expect(text).toContain('"Say ""hello"", world"');
    const [, row] = readCsv(text);
    expect(row![2]).toBe('cs.LG');
    expect(row![3]).toBe(title);
    expect(row![4]).toBe('Ann Lee; Bo Chen');
    expect(row![5]).toBe('a;b-c');
    expect(row![7]).toBe(note);
    expect(row).toHaveLength(13);
  });

  it('leaves plain cells alone and ends every line with CRLF', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(toCsv([]).endsWith('updated_at\r\n')).toBe(true);
  });

  it('keeps a spreadsheet from running a title as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});
