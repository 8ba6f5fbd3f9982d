import { describe, expect, it } from 'vitest';
import { dropUnreadFields } from '../../../src/options/tool-import/bibtex-unread';

describe('dropUnreadFields: abstracts and file links out before parsing, lines kept', () => {
  it('drops braced and quoted values with nested braces, escapes and line breaks, keeping the line count', () => {
    const bib = [
      '@misc{a,',
      '  title = {Kept},',
      '  abstract = {Two {nested} lines \\} with an escaped brace',
      '   and arXiv:1706.03762 cited},',
      '  file = {/Users/me/Zotero/a.pdf},',
      '  eprint = {2002.10248}',
      '}',
      '@article{b,',
      '  ABSTRACT = "Quoted {with "inner" quotes} done",',
      '  title = {Also kept}',
      '}',
    ].join('\n');
    const out = dropUnreadFields(bib);
    expect(out.split('\n')).toHaveLength(bib.split('\n').length);
    expect(out).not.toMatch(/abstract|file|1706\.03762|Quoted/i);
    expect(out).toContain('title = {Kept},');
    expect(out).toContain('eprint = {2002.10248}');
    expect(out).toContain('title = {Also kept}');
  });

  it('leaves a value that never closes for the parser to report, and "abstract" inside another value', () => {
    const open = '@misc{a,\n  abstract = {never {closed,\n  title = {x}\n}\n@misc{b, title={y}}';
    expect(dropUnreadFields(open)).toBe(open);
    const inside = '@misc{a, title = {On the word\nabstract = {x} in titles}}';
    expect(dropUnreadFields(inside)).toContain('title = {On the word');
  });
});
