/**
 * The rules as the background keeps them: replaced by the editor, merged by name from
 * backups (all or nothing with the papers), grown by "follow this author", told to every
 * tab; and the authors of library papers for the "in your library" signal.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../../src/background/handlers';
import { libraryChanged } from '../../../src/background/rules';
import { resetConnection, updateSetting } from '../../../src/background/store';
import { validators } from '../../../src/background/validate';
import { mergeRules } from '../../../src/shared/rules/rule';
import type { Rule } from '../../../src/shared/rules/types';
import type { PaperId } from '../../../src/shared/paper-id';
import { sentToTabs } from '../fake-browser';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetConnection();
  libraryChanged(); // each test starts a new database: what the worker held of the last is forgotten
  sentToTabs.length = 0;
});

const A: Rule = { name: 'LeCun', query: 'author:"Yann LeCun"', action: 'highlight', color: 'green', updatedAt: 100 };
const B: Rule = { name: 'No vision', query: 'cat:cs.CV', action: 'hide', updatedAt: 100 };
const set = (rules: unknown[]) => handlers.setRules(validators.setRules({ rules }));
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('rules in the store', () => {
  it('are kept in the order given, exactly, and every tab is told', async () => {
    await set([A, B]);
    expect(await handlers.rules({})).toEqual([A, B]);
    expect(sentToTabs).toContainEqual({ kind: 'margin/rules', rules: [A, B] });
    await set([B, A]);
    expect(await handlers.rules({})).toEqual([B, A]);
  });

  it('refuses a rule that does not parse, naming it and the place, and keeps what was there', async () => {
    await set([A]);
    const message = refusal(() => validators.setRules({ rules: [A, { name: 'Broken', query: 'author:"Yann', action: 'dim' }] }));
    expect(message).toMatch(/Broken/);
    expect(message).toMatch(/\d/);
    expect(await handlers.rules({})).toEqual([A]);
  });

  it('refuses two rules whose names are written alike on the page, an unknown action or colour', () => {
    expect(refusal(() => validators.setRules({ rules: [A, { ...B, name: 'lecun' }] }))).toMatch(/Two rules are called/);
    expect(refusal(() => validators.setRules({ rules: [{ ...A, action: 'explode' }] }))).toMatch(/highlight, dim or hide/);
    expect(refusal(() => validators.setRules({ rules: [{ ...A, color: 'chartreuse' }] }))).toMatch(/colours/);
    expect(refusal(() => validators.setRules({ rules: [{ ...A, script: 'x' }] }))).toMatch(/unknown field/);
  });
});

describe('rules from a backup', () => {
  it('merge by name: new names added in order, a later-saved rule replaces, an older one does not', () => {
    const newerA = { ...A, query: 'author:lecun', updatedAt: 200 };
    const olderB = { ...B, query: 'cat:cs.RO', updatedAt: 50 };
    const C: Rule = { name: 'Diffusion', query: 'diffusion', action: 'highlight' };
    const { rules, added, updated } = mergeRules([A, B], [olderB, C, newerA]);
    expect(rules).toEqual([newerA, B, C]);
    expect({ added, updated }).toEqual({ added: 1, updated: 1 });
    // Restoring the same rules changes nothing.
    expect(mergeRules(rules, rules)).toEqual({ rules, added: 0, updated: 0 });
  });

  it('arrive with the papers of a staged import, and a bad rule refuses the whole import', async () => {
    await set([A]);
    const paper = { id: 'arxiv:2401.00001', title: 'T', tags: ['x'], note: '', status: 'none', createdAt: 1, updatedAt: 1, stamps: { tags: 1, note: 0, status: 0 } };
    const { importId } = await handlers.importBegin({});
    await handlers.importBatch({ importId, batch: 0, first: 0, papers: [paper], seen: [] });
    expect(refusal(() => validators.importCommit({ importId, rules: [{ name: 'Bad', query: '((', action: 'dim' }] }))).toMatch(/Bad/);
    await handlers.importAbort({ importId });
    expect(await handlers.lookup({ ids: ['arxiv:2401.00001' as PaperId] })).toEqual([null]);
    expect(await handlers.rules({})).toEqual([A]);

    const again = await handlers.importBegin({});
    await handlers.importBatch({ importId: again.importId, batch: 0, first: 0, papers: [paper], seen: [] });
    const report = await handlers.importCommit(validators.importCommit({ importId: again.importId, rules: [B] }));
    expect(report).toMatchObject({ added: 1, rules: 1 });
    expect(await handlers.rules({})).toEqual([A, B]);
  });

  it('in a small import (importPapers) too', async () => {
    await handlers.importPapers(validators.importPapers({ papers: [], rules: [A] }));
    expect(await handlers.rules({})).toEqual([A]);
  });
});

describe('following an author from a listing', () => {
  it('makes the Following rule on first use, ORs further names on, and does nothing twice', async () => {
    const first = await handlers.followAuthor({ author: ' Yann   LeCun ' });
    expect(first).toMatchObject({ name: 'Following', query: 'author:"Yann LeCun"', action: 'highlight' });
    await handlers.followAuthor({ author: 'Yoshua Bengio' });
    const rules = await handlers.rules({});
    expect(rules.map((r) => r.query)).toEqual(['author:"Yann LeCun" OR author:"Yoshua Bengio"']);
    sentToTabs.length = 0;
    await handlers.followAuthor({ author: 'Yann LeCun' });
    expect(await handlers.rules({})).toEqual(rules);
    expect(sentToTabs).toEqual([]);
  });

  it('keeps the user\'s other rules, and a name with quotes cannot break out of the term', async () => {
    await set([A]);
    await handlers.followAuthor({ author: 'Jane "x) OR (" Doe' });
    const rules = await handlers.rules({});
    expect(rules[0]).toEqual(A);
    expect(rules[1]!.query).toBe('author:"Jane x) OR ( Doe"');
  });
});

describe('marking a listing', () => {
  const LIST = 'https://arxiv.org/list/cs.LG/new';
  const ids = ['arxiv:2401.00011', 'arxiv:2401.00012', 'arxiv:2401.00013'] as PaperId[];
  const papers = [
    { title: 'Convolutional networks, again', authors: ['Yann LeCun', 'A. Person'], categories: ['cs.CV', 'cs.LG'] },
    { title: 'Diffusion for proteins', authors: ['B. Other'], categories: ['q-bio.BM'] },
    { title: 'Sparse coding', authors: ['LeCun, Y.'], categories: ['cs.LG'] },
  ];
  const mark = () => handlers.markListing(validators.markListing({ url: LIST, ids, papers }));

  it('answers the rules each entry matches, in the order of the list', async () => {
    await set([A, B, { name: 'Broken later', query: 'x', action: 'dim' }]);
    const marks = await mark();
    expect(marks.rules.map((r) => r.name)).toEqual(['LeCun', 'No vision', 'Broken later']);
    expect(marks.matches).toEqual([[0, 1], [], [0]]);
  });

  it('skips a stored rule that no longer parses (saved by another version), and marks with the rest', async () => {
    await set([A, B]);
    // Written past the checks, as a Margin with a different query language could have left it.
    await updateSetting<Rule[]>('rules', (rules) => [{ name: 'From elsewhere', query: 'author:"unclosed', action: 'hide' }, ...rules!]);
    const marks = await mark();
    expect(marks.rules.map((r) => r.name)).toEqual(['LeCun', 'No vision']);
    expect(marks.matches).toEqual([[0, 1], [], [0]]);
    // The options page still sees it, to say it is skipped.
    expect((await handlers.rules({})).map((r) => r.name)).toEqual(['From elsewhere', 'LeCun', 'No vision']);
  });

  it('answers library papers by each entry\'s authors, however the names are written, never the entry itself', async () => {
    await handlers.update({ id: 'arxiv:2401.00001' as PaperId, patch: { addTags: ['mine'] }, meta: { title: 'Tagged', authors: ['LeCun, Yann'] } });
    await handlers.update({ id: ids[2]!, patch: { status: 'queued' }, meta: { title: 'Sparse coding', authors: ['Y. LeCun'] } });
    await handlers.markSeen({ papers: [{ id: 'arxiv:2401.00003' as PaperId, meta: { title: 'Only seen', authors: ['Yann LeCun'] } }] });
    const marks = await mark();
    expect(marks.library.map((list) => list.map((p) => p.title).sort())).toEqual([['Sparse coding', 'Tagged'], [], ['Tagged']]);
    // A change to the library is seen by the next listing (the index is kept up to date in place).
    await handlers.update({ id: 'arxiv:2401.00001' as PaperId, patch: { removeTags: ['mine'] } });
    expect((await mark()).library[2]).toEqual([]);
    await handlers.update({ id: 'arxiv:2401.00004' as PaperId, patch: { status: 'done' }, meta: { title: 'Read it', authors: ['B. Other'] } });
    expect((await mark()).library[1]).toEqual([{ id: 'arxiv:2401.00004', title: 'Read it' }]);
  });

  it('keeps the listing for the options page\'s rule test; clearing everything forgets it and the rules', async () => {
    await mark();
    expect(await handlers.lastListing({})).toMatchObject({ url: LIST, papers });
    await set([A]);
    await handlers.clearLibrary({});
    expect(await handlers.lastListing({})).toBeNull();
    expect(await handlers.rules({})).toEqual([]);
  });

  it('refuses entries without their ids', () => {
    expect(refusal(() => validators.markListing({ url: LIST, ids: ids.slice(1), papers }))).toMatch(/id/);
  });
});
