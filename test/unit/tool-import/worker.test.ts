/**
 * The background's side of "Import from another tool": one transaction, a fill-in through
 * applyPatch (tags united, a note only where there is none, the user's status kept, new
 * papers queued in file order), all or nothing, and a second import of the same file
 * changes nothing.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../../src/background/handlers';
import { resetConnection } from '../../../src/background/store';
import type { ToolImportPaper, ToolImportRequest } from '../../../src/shared/messages';
import { toPaperId } from '../../../src/shared/paper-id';
import type { PaperRecord } from '../../../src/shared/record';

const id = (s: string) => toPaperId(s)!;
const paper = (s: string, more: Partial<ToolImportPaper> = {}): ToolImportPaper => ({ id: id(s), title: `Paper ${s}`, authors: ['A. Author'], tags: [], note: '', ...more });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetConnection();
});

describe('importFromTool', () => {
  it('fills in: tags united, the user\'s note and status kept, new papers queued after the queue in file order', async () => {
    await handlers.update({ id: id('1706.03762'), patch: { status: 'reading', addTags: ['mine'], note: 'my own note' }, meta: { title: 'Attention Is All You Need' } });
    await handlers.update({ id: id('1810.04805'), patch: { status: 'queued' } });
    const req: ToolImportRequest = {
      papers: [
        paper('hep-th/9711200'),
        paper('1706.03762', { title: 'Attention (file title)', tags: ['transformers'], note: 'file note' }),
        paper('2002.10248', { tags: ['to-read'], note: 'from zotero' }),
      ],
      options: { queue: true, tag: 'Zotero Import', markSeen: true },
    };
    const report = await handlers.importFromTool(req);
    expect(report).toEqual({ added: 2, updated: 1, unchanged: 0, queued: 2 });

    const [old, known, fresh] = await handlers.lookup({ ids: req.papers.map((p) => p.id) });
    expect(fresh).toMatchObject({ title: 'Paper 2002.10248', authors: ['A. Author'], tags: ['to-read', 'zotero-import'], note: 'from zotero', status: 'queued' });
    expect((fresh as PaperRecord).firstSeenAt).not.toBeNull();
    expect(known).toMatchObject({ title: 'Attention Is All You Need', tags: ['mine', 'transformers', 'zotero-import'], note: 'my own note', status: 'reading' });
    expect(old).toMatchObject({ status: 'queued', tags: ['zotero-import'] });
    const queue = (await handlers.list({ view: 'queue' })).map((r) => r.id);
    // file order (hep-th first), not id order
    expect(queue).toEqual([id('1706.03762'), id('1810.04805'), id('hep-th/9711200'), id('2002.10248')]);
  });

  it('a second import of the same file changes nothing', async () => {
    const req: ToolImportRequest = {
      papers: [paper('2002.10248', { tags: ['a'], note: 'n' }), paper('1706.03762')],
      options: { queue: true, tag: 'zotero-import', markSeen: true },
    };
    await handlers.importFromTool(req);
    const before = await handlers.exportAll({});
    expect(await handlers.importFromTool(req)).toEqual({ added: 0, updated: 0, unchanged: 2, queued: 0 });
    expect(await handlers.exportAll({})).toEqual(before);
  });

  it('is all or nothing: one tag Margin cannot store refuses the whole import', async () => {
    await handlers.update({ id: id('1706.03762'), patch: { addTags: ['mine'] } });
    const before = await handlers.exportAll({});
    const req: ToolImportRequest = {
      papers: [paper('2002.10248', { tags: ['fine'] }), paper('1706.03762', { tags: ['x'.repeat(60)] })],
      options: { queue: true, tag: null, markSeen: false },
    };
    await expect(handlers.importFromTool(req)).rejects.toThrow(/at most 40 characters/);
    expect(await handlers.exportAll({})).toEqual(before);
  });

  it('without options, only the file\'s own tags and notes are added; nothing queued or seen', async () => {
    await handlers.importFromTool({ papers: [paper('2002.10248', { tags: ['t'] })], options: { queue: false, tag: null, markSeen: false } });
    const [r] = await handlers.lookup({ ids: [id('2002.10248')] });
    expect(r).toMatchObject({ status: 'none', tags: ['t'], firstSeenAt: null });
  });
});
