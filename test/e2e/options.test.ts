import { parse } from '@retorquere/bibtex-parser';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BROWSER, DIST, launch, type Locator, type Page, type Session } from '../harness/browser';
import { callIn } from '../harness/pages';
import { POPUP_SHORTCUTS, SHORTCUTS } from '../../src/shared/shortcuts';

const A = 'arxiv:1706.03762';
const B = 'arxiv:2006.11239';
const C = 'arxiv:hep-th/9711200';
const D = 'arxiv:2412.13795';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Rec {
  id: string;
  tags: string[];
  note: string;
  stamps: { tags: number; note: number; status: number };
  [k: string]: unknown;
}

let s: Session;
let page: Page;
let tmp: string;


const exportAll = async () => (await callIn<Rec[]>(page, 'exportAll', {})).sort((a, b) => (a.id < b.id ? -1 : 1));
const section = (name: RegExp | string): Locator => page.getByRole('region', { name });
const backup = () => section('Backup');

async function seed(): Promise<void> {
  await callIn(page, 'update', { id: A, patch: { status: 'queued', addTags: ['transformers', 'to-cite'], note: 'Read §3.2 {again}, "carefully" & slowly' }, meta: { title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'], url: 'https://huggingface.co/papers/1706.03762', primaryClass: 'cs.CL' } });
  await callIn(page, 'update', { id: B, patch: { status: 'reading', addTags: ['diffusion'] }, meta: { title: 'Denoising Diffusion Probabilistic Models', authors: ['Jonathan Ho'] } });
  await callIn(page, 'update', { id: C, patch: { status: 'done', note: 'holography' }, meta: { title: 'The Large N Limit of Superconformal Field Theories', authors: ['Juan Maldacena'], url: 'https://arxiv.org/abs/hep-th/9711200v1' } });
  await callIn(page, 'markSeen', { papers: [{ id: D, meta: { title: 'Only seen, never touched' } }] });
}

/** Clicks an export button and returns the downloaded file (its text gunzipped where it is gzip). */
async function download(button: Locator): Promise<{ name: string; text: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const bytes = readFileSync((await file.path())!);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  return { name: file.suggestedFilename(), text, bytes };
}

const exportBackup = async () => download(backup().getByRole('button', { name: 'Export backup' }));
const lines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

async function importFile(buffer: Buffer | string, name = 'margin-backup.json'): Promise<void> {
  const input = backup().getByLabel('Import a backup…');
  if (typeof buffer === 'string') await input.setInputFiles(buffer); // a path, for files too big to send
  else await input.setInputFiles({ name, mimeType: 'application/json', buffer });
}

const statusOf = (l: Locator) => l.locator('[role="status"]').textContent();
const alertOf = (l: Locator) => l.locator('[role="alert"]').textContent();

beforeAll(async () => {
  // A snapshot of dist/: Chrome reads an unpacked extension's files on demand, so a build
  // started elsewhere during this run (npm start, another test run) would swap them mid-test.
  tmp = mkdtempSync(join(tmpdir(), 'margin-options-'));
  cpSync(DIST, join(tmp, 'dist'), { recursive: true });
  s = await launch({ extension: join(tmp, 'dist') });
  page = await s.context.newPage();
  await page.goto(s.extensionUrl('src/options/index.html'));
});
afterAll(async () => {
  await s?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  await callIn(page, 'clearLibrary', {});
  await page.reload();
  await page.getByRole('heading', { name: 'Backup' }).waitFor();
});

describe('backup', () => {
  it('exports everything, and an import into an empty library brings every field and seen mark back', async () => {
    await seed();
    const before = await exportAll();
    // The paper only seen is history, not library.
    expect(before.map((r) => r.id)).toEqual([A, B, C].sort());
    const seenBefore = await callIn(page, 'lookup', { ids: [A, B, C, D] });
    expect(typeof (seenBefore as unknown[])[3]).toBe('number');
    const file = await exportBackup();
    expect(file.name).toMatch(/^margin-backup-\d{4}-\d\d-\d\d-3-papers-1-seen\.jsonl\.gz$/);
    expect([file.bytes[0], file.bytes[1]]).toEqual([0x1f, 0x8b]);
    const [header, ...rest] = lines(file.text);
    expect(header).toMatchObject({ format: 'margin-backup', version: 2 });
    expect(Number.isNaN(Date.parse(header!.exportedAt as string))).toBe(false);
    expect(rest.filter((l) => l.paper).map((l) => l.paper).sort((a, b) => ((a as Rec).id < (b as Rec).id ? -1 : 1))).toEqual(before);
    expect(rest.filter((l) => l.seen).flatMap((l) => l.ids)).toEqual(['2412.13795']);

    // Delete all data, through the page's own confirmation.
    const danger = section('Delete all data');
    await danger.getByRole('button', { name: 'Delete all data…' }).click();
    const dialog = page.getByRole('dialog', { name: "Delete all of Margin's data?" });
    await expect(dialog.textContent()).resolves.toMatch(/All 3 papers/);
    await dialog.getByRole('button', { name: 'Delete everything' }).click();
    await expect.poll(() => statusOf(danger)).toMatch(/Deleted 3 papers/);
    expect(await exportAll()).toEqual([]);
    expect(await callIn(page, 'lookup', { ids: [D] })).toEqual([null]);

    await importFile(file.bytes, file.name);
    await expect.poll(() => statusOf(backup())).toMatch(/3 added, 0 updated, 0 unchanged; 1 paper newly marked seen/);
    expect(await exportAll()).toEqual(before);
    expect(await callIn(page, 'lookup', { ids: [A, B, C, D] })).toEqual(seenBefore);

    await importFile(file.bytes, file.name);
    await expect.poll(() => statusOf(backup())).toMatch(/0 added, 0 updated, 3 unchanged; 0 papers newly marked seen/);
    expect(await exportAll()).toEqual(before);
  });

  it('does not delete anything when the confirmation is cancelled', async () => {
    await seed();
    await section('Delete all data').getByRole('button', { name: 'Delete all data…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await exportAll()).toHaveLength(3);
  });

  const valid = (papers: unknown[]) => JSON.stringify({ format: 'margin-backup', version: 1, exportedAt: new Date().toISOString(), papers });
  const good = { id: 'arxiv:2501.00001', title: 'A new paper', tags: ['x'], stamps: { tags: 1, note: 0, status: 0 } };
  const refusals: Array<[string, () => Buffer | string, RegExp]> = [
    ['invalid JSON', () => Buffer.from('{"format": "margin-backup", version: 1}'), /not valid JSON/],
    ['truncated JSON', () => Buffer.from(valid([good, good]).slice(0, 70)), /truncated/],
    ['a JSON array', () => Buffer.from(JSON.stringify([good])), /JSON list, not a Margin backup/],
    ['another format', () => Buffer.from(JSON.stringify({ format: 'zotero-rdf', version: 1, papers: [] })), /not a Margin backup: its "format" is "zotero-rdf"/],
    ['a newer version', () => Buffer.from(JSON.stringify({ format: 'margin-backup', version: 3, papers: [good] })), /newer Margin.*update Margin first/],
    [
      'a backup whose last paper is bad',
      () => Buffer.from(`${[{ format: 'margin-backup', version: 2, papers: 3, seen: 1 }, { paper: good }, { seen: '2026-01-02', ids: ['2501.00009'] }, { paper: { ...good, id: 'arxiv:2501.00002', note: 'x'.repeat(30_000) } }, { end: { papers: 2, seen: 1 } }].map((l) => JSON.stringify(l)).join('\n')}\n`),
      /Paper 2 \(arxiv:2501.00002\): "note" is too long/,
    ],
    ['a backup cut off before its end', () => Buffer.from(`${JSON.stringify({ format: 'margin-backup', version: 2, papers: 1, seen: 0 })}\n${JSON.stringify({ paper: good })}\n`), /truncated/],
    ['papers that are not a list', () => Buffer.from(JSON.stringify({ format: 'margin-backup', version: 1, papers: 'all of them' })), /"papers" must be a list/],
    ['a paper with a bad id (after a good one)', () => Buffer.from(valid([good, { ...good, id: 'arxiv:not-a-paper' }])), /Paper 2 \(arxiv:not-a-paper\): "id" is not a paper id/],
    ['a 1 MB note', () => Buffer.from(valid([{ ...good, note: 'x'.repeat(1_000_000), stamps: { tags: 0, note: 9e12, status: 0 } }])), /"note" is too long/],
    ['a binary file', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), /binary file/],
  ];
  for (const [what, file, message] of refusals) {
    it(`refuses ${what}, saying why, and leaves the library as it was`, async () => {
      await seed();
      const before = await exportAll();
      await importFile(file());
      await expect.poll(() => alertOf(backup())).toMatch(message);
      await expect(alertOf(backup())).resolves.toMatch(/^Nothing was imported/);
      await expect(statusOf(backup())).resolves.toBe('');
      expect(await exportAll()).toEqual(before);
      // Nor the history: the paper only seen in a refused file is still unknown.
      expect(await callIn(page, 'lookup', { ids: ['arxiv:2501.00009'] })).toEqual([null]);
    });
  }

  it('merges two libraries that edited the same paper: a tag on one, a later note on the other', async () => {
    // The laptop: a tag and a first note.
    await callIn(page, 'update', { id: A, patch: { addTags: ['optics'], note: 'first thoughts' }, meta: { title: 'Attention' } });
    const laptop = (await exportBackup()).bytes;
    // The desktop, separately: a later note on the same paper, no tags.
    await callIn(page, 'clearLibrary', {});
    await callIn(page, 'update', { id: A, patch: { note: 'see figure 2' } });
    const desktop = (await exportBackup()).bytes;

    await importFile(laptop);
    await expect.poll(() => statusOf(backup())).toMatch(/0 added, 1 updated, 0 unchanged/);
    const merged = (await exportAll())[0]!;
    expect(merged).toMatchObject({ id: A, tags: ['optics'], note: 'see figure 2', title: 'Attention' });

    // The other way round ends in the same place.
    await callIn(page, 'clearLibrary', {});
    await importFile(laptop, 'laptop.json');
    await expect.poll(() => statusOf(backup())).toMatch(/1 added/);
    await importFile(desktop, 'desktop.json');
    await expect.poll(() => statusOf(backup())).toMatch(/Imported desktop\.json: 0 added, 1 updated, 0 unchanged/);
    const again = (await exportAll())[0]!;
    expect({ tags: again.tags, note: again.note, stamps: again.stamps }).toEqual({ tags: merged.tags, note: merged.note, stamps: merged.stamps });
  });
});

describe('exports for reference managers', () => {
  it('writes BibTeX that parses, for a tag, with notes only when asked', async () => {
    await seed();
    const box = section('Export for a reference manager or spreadsheet');
    await box.getByLabel('Papers').selectOption('tag:to-cite');
    const plain = await download(box.getByRole('button', { name: 'Export BibTeX' }));
    expect(plain.name).toMatch(/^margin-tag-to-cite-.*\.bib$/);
    const lib = parse(plain.text, { english: false, sentenceCase: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries.map((e) => [e.key, e.fields.eprint, e.fields.primaryclass, e.fields.title, e.fields.note])).toEqual([
      ['vaswani2017attention', '1706.03762', 'cs.CL', 'Attention Is All You Need', undefined],
    ]);

    await box.getByLabel(/Put my notes/).check();
    const noted = await download(box.getByRole('button', { name: 'Export BibTeX' }));
    expect(parse(noted.text, { english: false, sentenceCase: false }).entries[0]!.fields.note).toBe('Read §3.2 {again}, "carefully" & slowly');

    await box.getByLabel('Papers').selectOption('queue');
    const queue = parse((await download(box.getByRole('button', { name: 'Export BibTeX' }))).text, { english: false, sentenceCase: false });
    expect(queue.entries.map((e) => e.fields.eprint)).toEqual(['1706.03762', '2006.11239']);
  });

  it('writes CSV with a header and one row per paper', async () => {
    await seed();
    const box = section('Export for a reference manager or spreadsheet');
    await box.getByLabel('Papers').selectOption('library');
    const csv = await download(box.getByRole('button', { name: 'Export CSV' }));
    const rows = csv.text.split('\r\n');
    expect(rows[0]).toBe('id,arxiv_id,primary_class,title,authors,tags,status,note,url,queued_at,first_seen_at,created_at,updated_at');
    expect(rows.filter(Boolean)).toHaveLength(4);
    expect(csv.text).toContain('"Read §3.2 {again}, ""carefully"" & slowly"');
    expect(csv.text).toContain('transformers;to-cite');
  });
});

describe('tags', () => {
  it('renames a tag onto an existing one, merging them', async () => {
    await callIn(page, 'update', { id: A, patch: { addTags: ['optics'] } });
    await callIn(page, 'update', { id: B, patch: { addTags: ['optical'] } });
    const tags = section('Tags');
    await expect.poll(() => tags.locator('li[data-tag]').count()).toBe(2);
    await tags.getByRole('button', { name: 'Rename optical' }).click();
    await tags.getByLabel('New name for the tag optical').fill('Optics');
    await expect(tags.getByText(/optics exists \(1 paper\)/).count()).resolves.toBe(1);
    await tags.getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => statusOf(tags)).toMatch(/Merged optical into optics on 1 paper/);
    await expect.poll(() => tags.locator('li[data-tag]').allTextContents()).toEqual([expect.stringMatching(/^optics\s*2 papers/)]);
    expect((await exportAll()).map((r) => r.tags)).toEqual([['optics'], ['optics']]);
  });

  it('deletes a tag after a confirmation that says how many papers it is on', async () => {
    await callIn(page, 'update', { id: A, patch: { addTags: ['optics', 'keep'] } });
    await callIn(page, 'update', { id: B, patch: { addTags: ['optics'] } });
    const tags = section('Tags');
    await tags.getByRole('button', { name: 'Delete optics' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this tag?' });
    await expect(dialog.textContent()).resolves.toMatch(/optics is on 2 papers/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await exportAll()).map((r) => r.tags)).toEqual([['optics', 'keep'], ['optics']]);

    await tags.getByRole('button', { name: 'Delete optics' }).click();
    await dialog.getByRole('button', { name: 'Delete tag' }).click();
    await expect.poll(() => statusOf(tags)).toMatch(/Removed the tag optics from 2 papers/);
    // The paper left with no tag has nothing of the user's on it: no longer in the library.
    expect((await exportAll()).map((r) => r.tags)).toEqual([['keep']]);
    await expect.poll(() => tags.locator('li[data-tag]').count()).toBe(1);
  });
});

describe('storage and shortcuts', () => {
  it('says how many papers there are, follows an import live, and whether storage is persistent', async () => {
    await seed();
    await page.reload();
    const storage = section('Storage');
    await expect.poll(() => storage.locator('[data-stat="papers"]').textContent()).toMatch(/^3 papers with your tags, notes or status: 2 in the queue, 1 done/);
    await expect.poll(() => storage.locator('[data-stat="seen"]').textContent()).toMatch(/^1 paper seen since /);
    // An import of 600 papers (more than a change broadcast carries) shows without a reload.
    const many = Array.from({ length: 600 }, (_, i) => ({ id: `arxiv:2502.${String(10000 + i)}`, title: `P${i}`, tags: ['bulk'], stamps: { tags: 1, note: 0, status: 0 } }));
    await importFile(Buffer.from(JSON.stringify({ format: 'margin-backup', version: 1, exportedAt: '', papers: many })), 'many.json');
    await expect.poll(() => storage.locator('[data-stat="papers"]').textContent()).toMatch(/^603 papers with your tags/);
    await expect.poll(() => section('Tags').locator('li[data-tag="bulk"]').count()).toBe(1);
    const persisted = await page.evaluate(() => navigator.storage.persisted());
    await expect.poll(() => storage.locator('[data-stat="persisted"]').textContent()).toMatch(persisted ? /^granted/ : /^not granted/);
    await expect(storage.getByText(/^about \d+(\.\d)? (KB|MB) on this computer$/).count()).resolves.toBe(1);
  });

  it('forgets seen history older than the chosen age, after a confirmation, keeping the library', async () => {
    await seed();
    const old = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10);
    const lines = [
      { format: 'margin-backup', version: 2, papers: 0, seen: 2 },
      { seen: old, ids: ['2101.00001', '1706.03762'] },
      { end: { papers: 0, seen: 2 } },
    ];
    await importFile(Buffer.from(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`), 'old.jsonl');
    await expect.poll(() => statusOf(backup())).toMatch(/2 papers newly marked seen/);
    const storage = section('Storage');
    await expect.poll(() => storage.locator('[data-stat="seen"]').textContent()).toMatch(/^3 papers seen since /);
    await storage.getByLabel('Forget seen papers older than').selectOption({ label: 'a year' });
    await storage.getByRole('button', { name: 'Forget…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Forget old seen history?' });
    await expect(dialog.textContent()).resolves.toMatch(/Papers in your library, with their tags, notes and queue places, are kept/);
    await dialog.getByRole('button', { name: 'Forget' }).click();
    await expect.poll(() => statusOf(storage)).toMatch(/^Forgot 2 seen papers/);
    await expect.poll(() => storage.locator('[data-stat="seen"]').textContent()).toMatch(/^1 paper seen since /);
    // The library is whole; the forgotten paper that is not in it is new again.
    expect((await exportAll()).map((r) => r.id)).toEqual([A, B, C].sort());
    expect(await callIn(page, 'lookup', { ids: ['arxiv:2101.00001'] })).toEqual([null]);
  });

  it("lists the in-page keys and opens the browser's shortcut page", async () => {
    const keys = section('Shortcuts');
    await expect(keys.locator('dl[aria-label="Keys on paper pages"] dd').allTextContents()).resolves.toEqual(SHORTCUTS.map((sc) => sc.label));
    // No key cap overlaps its description ("Shift+O" is the widest), and descriptions line up.
    const boxes = await keys.locator('dl[aria-label="Keys on paper pages"]').evaluate((dl) =>
      [...dl.querySelectorAll('dt')].map((dt) => {
        const kbds = [...dt.querySelectorAll('kbd')].map((k) => k.getBoundingClientRect().right);
        return { keyRight: Math.max(...kbds), textLeft: dt.nextElementSibling!.getBoundingClientRect().left };
      }),
    );
    for (const b of boxes) expect(b.keyRight).toBeLessThanOrEqual(b.textLeft);
    expect(new Set(boxes.map((b) => Math.round(b.textLeft))).size).toBe(1);
    await expect(keys.locator('dl[aria-label="Keys in the reading queue"] dd').allTextContents()).resolves.toEqual(POPUP_SHORTCUTS.map((sc) => sc.label));
    const [opened] = await Promise.all([s.context.waitForEvent('page'), keys.getByRole('button', { name: 'Change browser shortcuts' }).click()]);
    await expect.poll(() => opened!.url()).toBe(BROWSER === 'firefox' ? 'about:addons' : 'chrome://extensions/shortcuts');
    await opened!.close();
  });
});

describe('the extension pages', () => {
  it('load no storage code: idb-keyval stays in the background', async () => {
    const scriptsOf = async (p: Page) =>
      p.evaluate(async () => {
        const urls = [...new Set([...document.querySelectorAll('script[src], link[rel=modulepreload]')].map((e) => (e as HTMLScriptElement).src || (e as HTMLLinkElement).href).concat(performance.getEntriesByType('resource').map((e) => e.name)))].filter((u) => u.endsWith('.js'));
        return Promise.all(urls.map(async (u) => ({ url: u, text: await (await fetch(u)).text() })));
      });
    const popup = await s.context.newPage();
    await popup.goto(s.extensionUrl('src/popup/index.html'));
    await popup.waitForSelector('html[data-search-ready="true"]', { state: 'attached' });
    const scripts = [...(await scriptsOf(page)), ...(await scriptsOf(popup))];
    expect(scripts.length).toBeGreaterThan(2);
    // `keyval-store` is idb-keyval's own default name: the marker of its code.
    expect(scripts.filter((f) => f.text.includes('keyval-store')).map((f) => f.url)).toEqual([]);
    // …which the background's bundle does carry, so the check can see it.
    const background = JSON.parse(readFileSync(join(tmp, 'dist', 'manifest.json'), 'utf8')).background;
    const loader = await popup.evaluate(async (u) => (await fetch(u)).text(), s.extensionUrl(background.service_worker ?? background.scripts[0]));
    const main = /['"]\.?\/?(assets\/[^'"]+\.js)['"]/.exec(loader)![1]!;
    expect(await popup.evaluate(async (u) => (await fetch(u)).text(), s.extensionUrl(main))).toContain('keyval-store');
    await popup.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`options page has no accessibility violations (${scheme})`, async () => {
      await seed();
      await page.reload();
      await section('Tags').locator('li[data-tag]').first().waitFor();
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
        return (await axe.run()).violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      });
      expect(violations).toEqual([]);
      await page.emulateMedia({ colorScheme: 'light' });
    });
  }
});
