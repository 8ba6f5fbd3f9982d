import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/background/handlers';
import { createRouter } from '../../src/background/router';
import { isMarginPage, type SenderInfo } from '../../src/background/sender';
import { allRecords, resetConnection } from '../../src/background/store';
import { validators } from '../../src/background/validate';
import { CALL_ACCESS, PAGE_CALLS } from '../../src/shared/call-access';
import type { CallName } from '../../src/shared/messages';
import { callRequests, plantedPaper } from '../fixtures/call-requests';
import type { PaperId } from '../../src/shared/paper-id';
import { EXTENSION_BASE, EXTENSION_ID, fakeBrowser } from './fake-browser';

const self = { id: EXTENSION_ID, baseUrl: EXTENSION_BASE };
const route = createRouter(handlers, self);
const callMsg = (name: string, req: unknown) => ({ kind: 'margin/call', name, req });
const ORIGIN = EXTENSION_BASE.slice(0, -1);
const PAPER = 'arxiv:2412.13795' as PaperId;

// Senders as Chrome reports them (`tab` is there whenever the sender lives in a tab).
const tab = { id: 7, url: 'https://arxiv.org/abs/2412.13795' };
const contentScript = { id: EXTENSION_ID, url: 'https://arxiv.org/abs/2412.13795', origin: 'https://arxiv.org', tab };
const optionsInTab = { id: EXTENSION_ID, url: `${EXTENSION_BASE}src/options/index.html`, origin: ORIGIN, tab: { id: 8 } };
const popup = { id: EXTENSION_ID, url: `${EXTENSION_BASE}src/popup/index.html`, origin: ORIGIN };

const DAY = 24 * 60 * 60 * 1000;
const YEAR_AHEAD = Date.now() + 365 * DAY;
const planted = plantedPaper(PAPER, YEAR_AHEAD);
const requests = callRequests(PAPER, 'diffusion');
const ALL = Object.keys(CALL_ACCESS) as CallName[];
const MARGIN_ONLY = ALL.filter((k) => CALL_ACCESS[k] === 'margin');

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  resetConnection();
  fakeBrowser.scripting.getRegisteredContentScripts.mockClear();
  // The attacked library of issue 10: queued, tagged and noted.
  await handlers.update({ id: PAPER, patch: { status: 'queued', addTags: ['diffusion'], note: 'mine' }, meta: { title: 'Mine' } });
});

describe('the capability table', () => {
  it('names every call the background answers, and nothing else', () => {
    expect(Object.keys(CALL_ACCESS).sort()).toEqual(Object.keys(validators).sort());
    expect(Object.keys(CALL_ACCESS).sort()).toEqual(Object.keys(handlers).sort());
    expect(Object.keys(requests).sort()).toEqual(Object.keys(CALL_ACCESS).sort());
  });

  it("gives content scripts only the overlay's calls", () => {
    expect([...PAGE_CALLS].sort()).toEqual(['followAuthor', 'lookup', 'markListing', 'markSeen', 'pageStart', 'tags', 'update']);
  });
});

describe('a content script (a sender inside a web page)', () => {
  for (const name of MARGIN_ONLY) {
    it(`is refused "${name}", and nothing changes`, async () => {
      const before = await allRecords();
      const res = await route(callMsg(name, requests[name]), contentScript);
      expect(res).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`"${name}"`) } });
      if (!res.ok) expect(res.error.message).toMatch(/only Margin's own pages \(the popup and the options page\)/i);
      expect(await allRecords()).toEqual(before);
      // Refused before anything ran: not even the site registry was read.
      expect(fakeBrowser.scripting.getRegisteredContentScripts).not.toHaveBeenCalled();
    });
  }

  it("is answered the overlay's calls for its page's papers", async () => {
    for (const name of PAGE_CALLS) {
      const res = await route(callMsg(name, requests[name]), contentScript);
      expect(res, name).toMatchObject({ ok: true });
    }
    const [record] = await allRecords();
    expect(record).toMatchObject({ id: PAPER, tags: ['diffusion', 'seen-here'], note: 'mine', status: 'queued' });
  });

  it('is refused without a URL, or with a URL that only looks like the extension', async () => {
    for (const sender of [
      { id: EXTENSION_ID, tab },
      { ...contentScript, url: `https://arxiv.org/${EXTENSION_BASE}` },
      { ...contentScript, url: `chrome-extension://${EXTENSION_ID}.evil.example/x.html` },
      { ...contentScript, url: `chrome-extension://${EXTENSION_ID}` },
      // A frame whose URL and origin disagree (about:blank inherits the page's origin).
      { ...optionsInTab, origin: 'https://arxiv.org' },
      { ...optionsInTab, origin: 'null' },
    ]) {
      const res = await route(callMsg('exportAll', {}), sender);
      expect(res, JSON.stringify(sender)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});

describe("Margin's own pages", () => {
  for (const [where, sender] of [
    ['the options page in a tab', optionsInTab],
    ['the popup', popup],
    ['a page in Firefox (no origin reported)', { id: EXTENSION_ID, url: `${EXTENSION_BASE}src/options/index.html` }],
  ] as Array<[string, SenderInfo]>) {
    it(`are answered every call from ${where}`, async () => {
      expect(isMarginPage(sender, self)).toBe(true);
      let importId = '';
      for (const name of ALL) {
        // The planted backup's far-future stamps are refused on their own (below).
        const safe = { ...planted, updatedAt: 2, stamps: { tags: 2, note: 2, status: 2 } };
        let req: unknown = name === 'importPapers' ? { papers: [safe] } : requests[name];
        // A staged import goes on with the id its beginning answered.
        if (name === 'importBatch') req = { ...requests.importBatch, importId, papers: [safe] };
        if (name === 'importCommit' || name === 'importAbort') req = { importId };
        // Connecting to a server needs one (test/e2e/sync.test.ts); turning sync off does not.
        if (name === 'syncSetup') req = { webdav: null };
        const res = await route(callMsg(name, req), sender);
        expect(res, name).toMatchObject({ ok: true });
        if (name === 'importBegin' && res.ok) importId = (res.value as { importId: string }).importId;
      }
    });
  }

  it('are still refused when another extension sends the same URL', async () => {
    const res = await route(callMsg('exportAll', {}), { ...popup, id: 'someone-else' });
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('stamps from outside', () => {
  it('a backup with a stamp a year ahead is refused, naming the paper and the field, the library unchanged', async () => {
    const before = await allRecords();
    const res = await route(callMsg('importPapers', { papers: [planted] }), optionsInTab);
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    if (!res.ok) expect(res.error.message).toBe(`Paper 1 (${PAPER}): "updatedAt" is a time more than a day ahead of this computer's clock.`);
    expect(await allRecords()).toEqual(before);

    const oneStamp = { ...planted, updatedAt: 2, stamps: { tags: 2, note: YEAR_AHEAD, status: 2 } };
    const res2 = await route(callMsg('importPapers', { papers: [oneStamp] }), optionsInTab);
    if (!res2.ok) expect(res2.error.message).toMatch(/Paper 1 \(arxiv:2412\.13795\): "stamps\.note" is a time more than a day ahead/);
    else throw new Error('a year-ahead note stamp was imported');
    expect(await allRecords()).toEqual(before);
  });

  it("accepts a backup from a computer whose clock runs an hour ahead (and its later edit wins)", async () => {
    const hourAhead = Date.now() + 60 * 60 * 1000;
    const laptop = { ...planted, updatedAt: hourAhead, stamps: { tags: 0, note: hourAhead, status: 0 }, note: 'from the laptop' };
    const res = await route(callMsg('importPapers', { papers: [laptop] }), optionsInTab);
    expect(res).toEqual({ ok: true, value: { added: 0, updated: 1, unchanged: 0 } });
    expect((await allRecords())[0]).toMatchObject({ note: 'from the laptop', tags: ['diffusion'], status: 'queued' });
  });
});
