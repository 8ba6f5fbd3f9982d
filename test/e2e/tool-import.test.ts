/**
 * "Import from another tool" in real Chromium with the built extension: a BibTeX file is
 * previewed (recognised, skipped with titles, new tags), imported with the options, and an
 * arXiv listing then shows the imported tags and queue; the same file again changes nothing;
 * bad files are refused with a message and the library unchanged.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIST, launch, waitReady, type Session } from '../harness/chromium';
import { ownFixture } from '../harness/fixtures';
import { callIn } from '../harness/pages';
import { generateArxivListing, generatedEntries } from '../fixtures/arxiv-listing';

const LISTING = 'https://arxiv.org/list/cs.LG/new';
const entries = generatedEntries({ entries: 12, view: 'new' }).filter((e) => e.kind === 'new');
const [e1, e2, e3] = [entries[4]!, entries[1]!, entries[2]!]; // file order differs from page order

// A Zotero-style export: the id in three of the places tools put it, and a journal paper.
const BIB = `
@misc{first, title = {${e1.title}}, author = {M{\\"u}ller, J{\\o}rn}, eprint = {${e1.arxivId}v2}, archivePrefix = {arXiv},
  keywords = {To Read, graphs}, annote = {Check the proof of Lemma 2.}}
@article{journal, title = {A Journal Paper Without a Preprint}, author = {Doe, Jane}, doi = {10.1000/xyz}}
@article{second, title = {${e2.title}}, journal = {arXiv preprint arXiv:${e2.arxivId}}}
@online{third, title = {${e3.title}}, url = {https://huggingface.co/papers/${e3.arxivId}}, keywords = {graphs}}
`;

let s: Session;
let page: Page;
let tmp: string;

interface Rec {
  id: string;
  status: string;
  [k: string]: unknown;
}
const exportAll = async () => (await callIn<Rec[]>(page, 'exportAll', {})).sort((a, b) => (a.id < b.id ? -1 : 1));
const section = (): Locator => page.getByRole('region', { name: 'Import from another tool' });
const preview = () => section().getByRole('group', { name: 'Import preview' });
const alertText = () => section().locator('[role="alert"]').first().textContent();
const statusText = () => section().locator('[role="status"]').textContent();

async function choose(file: { name: string; buffer: Buffer } | string): Promise<void> {
  const input = section().getByLabel('Choose a file…');
  await input.setInputFiles(typeof file === 'string' ? file : { ...file, mimeType: 'application/octet-stream' });
}

beforeAll(async () => {
  // A snapshot of dist/ (Chrome reads an unpacked extension's files on demand).
  tmp = mkdtempSync(join(tmpdir(), 'margin-tool-import-'));
  cpSync(DIST, join(tmp, 'dist'), { recursive: true });
  s = await launch({ extension: join(tmp, 'dist') });
  s.serve(new Map([[LISTING, { body: generateArxivListing({ entries: 12, view: 'new' }) }]]));
  page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
});
afterAll(async () => {
  await s?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  await callIn(page, 'clearLibrary', {});
  await page.reload();
  await section().waitFor();
});

async function importBib(): Promise<void> {
  await choose({ name: 'My Library.bib', buffer: Buffer.from(BIB) });
  await preview().waitFor();
  await section().getByLabel('Put the new papers in the reading queue (in file order)').check();
  await section().getByLabel('Add a tag to all of them:').check();
  await section().getByLabel('Tag for all imported papers').fill('zotero-import');
  await preview().getByRole('button', { name: 'Import 3 papers' }).click();
}

describe('import from another tool', () => {
  it('previews, imports, and the arXiv listing shows the tags and the queue', async () => {
    // The user's own state on one of them beforehand: kept.
    await callIn(page, 'update', { id: e3.id, patch: { status: 'reading', note: 'mine' } });
    await page.reload();
    // The file is read in a worker, so a large library does not freeze the page; it ends
    // once it has answered.
    const workers: Array<{ url: string; closed: boolean }> = [];
    page.on('worker', (w) => {
      const seen = { url: w.url(), closed: false };
      workers.push(seen);
      w.on('close', () => (seen.closed = true));
    });
    await choose({ name: 'My Library.bib', buffer: Buffer.from(BIB) });
    await preview().waitFor();
    expect(await preview().locator('.tool-summary').textContent()).toBe('My Library.bib (BibTeX / BibLaTeX): 3 papers recognised, 1 entry skipped.');
    expect(workers.map((w) => w.url)).toEqual([expect.stringMatching(/^chrome-extension:\/\/\w+\/assets\/worker-[\w-]+\.js$/)]);
    await expect.poll(() => workers[0]!.closed).toBe(true);
    await preview().getByText('Skipped entries and why').click();
    expect(await preview().getByRole('list', { name: 'Skipped entries' }).textContent()).toMatch(/^A Journal Paper Without a Preprint: no arXiv id/);
    expect(await preview().getByLabel('New tags').textContent()).toBe('graphs, to-read');
    await section().getByLabel('Add a tag to all of them:').check();
    expect(await preview().getByLabel('New tags').textContent()).toBe('graphs, to-read, bibtex-import');
    await section().getByLabel('Add a tag to all of them:').uncheck();
    expect(await exportAll()).toHaveLength(1); // nothing written by the preview

    await section().getByLabel('Put the new papers in the reading queue (in file order)').check();
    await section().getByLabel('Add a tag to all of them:').check();
    await section().getByLabel('Tag for all imported papers').fill('zotero-import');
    await preview().getByRole('button', { name: 'Import 3 papers' }).click();
    await expect.poll(statusText).toBe('Imported My Library.bib: 2 added, 1 updated, 0 unchanged; 2 papers queued.');

    const listing = await s.context.newPage();
    await listing.goto(LISTING);
    await waitReady(listing);
    const host = (id: string) => listing.locator(`paper-margin[data-paper-id="${id}"]`).first();
    await expect.poll(() => host(e1.id).getAttribute('data-tags')).toBe('graphs to-read zotero-import');
    expect(await host(e1.id).getAttribute('data-status')).toBe('queued');
    expect(await host(e1.id).getAttribute('data-has-note')).not.toBeNull();
    expect(await host(e2.id).getAttribute('data-tags')).toBe('zotero-import');
    expect(await host(e2.id).getAttribute('data-status')).toBe('queued');
    expect(await host(e3.id).getAttribute('data-status')).toBe('reading'); // the user's status kept
    expect(await host(e3.id).getAttribute('data-tags')).toBe('graphs zotero-import');
    await listing.close();
    const queue = (await callIn<Rec[]>(page, 'list', { view: 'queue' })).map((r) => r.id);
    expect(queue).toEqual([e3.id, e1.id, e2.id]); // reading first (queued before), then file order
    const [r3] = await callIn<Array<{ note: string }>>(page, 'lookup', { ids: [e3.id] });
    expect(r3!.note).toBe('mine');
  });

  it('importing the same file again changes nothing', async () => {
    await importBib();
    await expect.poll(statusText).toMatch(/^Imported My Library.bib: 3 added/);
    const before = await exportAll();
    await importBib();
    await expect.poll(statusText).toBe('Imported My Library.bib: 0 added, 0 updated, 3 unchanged.');
    expect(await exportAll()).toEqual(before);
  });

  it('a pasted list of links: each paper once, in order; marked seen, so the listing shows no New mark on them', async () => {
    const [p1, p2, other] = [entries[3]!, entries[0]!, entries[5]!];
    await section().getByLabel('Or paste links or ids').fill(`https://arxiv.org/abs/${p1.arxivId}v1\narXiv:${p2.arxivId}, again https://arxiv.org/pdf/${p1.arxivId}`);
    await section().getByRole('button', { name: 'Read the pasted text' }).click();
    await preview().waitFor();
    expect(await preview().locator('.tool-summary').textContent()).toBe('the pasted text (text with arXiv links): 2 papers recognised.');
    await section().getByLabel('Put the new papers in the reading queue (in file order)').check();
    await section().getByLabel('Mark them as seen (no “New” mark on listings)').check();
    await preview().getByRole('button', { name: 'Import 2 papers' }).click();
    await expect.poll(statusText).toBe('Imported the pasted text: 2 added, 0 updated, 0 unchanged; 2 papers queued.');
    expect((await callIn<Rec[]>(page, 'list', { view: 'queue' })).map((r) => r.id)).toEqual([p1.id, p2.id]);

    const listing = await s.context.newPage();
    await listing.goto(LISTING);
    await waitReady(listing);
    const host = (id: string) => listing.locator(`paper-margin[data-paper-id="${id}"]`).first();
    expect(await host(p1.id).getAttribute('data-status')).toBe('queued');
    expect(await host(p1.id).getAttribute('data-new')).toBeNull();
    expect(await host(p2.id).getAttribute('data-new')).toBeNull();
    expect(await host(other.id).getAttribute('data-new')).not.toBeNull(); // never seen, not imported
    await listing.close();
  });

  describe('bad files are refused and the library is unchanged', () => {
    const bigFile = () => {
      const path = join(tmp, 'huge.bib');
      writeFileSync(path, Buffer.alloc(61 * 1024 * 1024, 'a'));
      return path;
    };
    const cases: Array<[string, () => { name: string; buffer: Buffer } | string, RegExp]> = [
      ['an empty file', () => ({ name: 'empty.bib', buffer: Buffer.alloc(0) }), /The file is empty\./],
      ['a binary file', () => ({ name: 'library.bib', buffer: Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0xff, 0xfe, 0, 1]) }), /not a text file/],
      ['BibTeX with a syntax error', () => ({ name: 'broken.bib', buffer: Buffer.from(ownFixture('tool-import/syntax-error.bib')) }), /syntax error at line 11, column 1 \(entry broken\)/],
      ['a 61 MB file', bigFile, /61 MB; Margin reads files up to 50 MB/],
      ['a file with no arXiv paper', () => ({ name: 'journals.bib', buffer: Buffer.from('@article{a, title={Journal}, doi={10.1000/x}}') }), /None of the 1 entries in this file has an arXiv id/],
    ];
    for (const [what, file, message] of cases) {
      it(what, async () => {
        await callIn(page, 'update', { id: e1.id, patch: { status: 'queued', addTags: ['mine'] } });
        const before = await exportAll();
        await choose(file());
        await expect.poll(alertText).toMatch(message);
        expect(await alertText()).toMatch(/^Nothing was imported\./);
        expect(await preview().count()).toBe(0);
        expect(await exportAll()).toEqual(before);
      });
    }
  });
});
