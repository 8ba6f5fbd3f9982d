/**
 * The soak: two tabs on two different listings and an extension page (the popup) make
 * random edits between them (status, tags, notes through the overlay; queue moves and
 * small backup imports through messages) while the service worker is stopped every couple
 * of seconds. Every edit is also applied to a model; each step checks the tab shows the
 * model's state before acting, and the end compares the whole library with the model.
 */
import type { PaperRecord, Status } from '../../src/shared/record';
import { generateArxivListing, generatedEntries } from '../fixtures/arxiv-listing';
import { launch, waitReady, type Page, type Session } from '../harness/browser';
import { callIn } from '../harness/pages';
import { LibraryModel } from './model';
import { rng } from '../bench/stats';

const LIST_A = 'https://arxiv.org/list/cs.LG/new';
const LIST_B = 'https://arxiv.org/list/cs.LG/pastweek?show=25';
const TAGS = ['rl', 'vision', 'to-read', 'theory', 'llm', 'survey', 'diffusion', 'robotics'];
const STATUSES: Status[] = ['none', 'queued', 'reading', 'done'];

export interface SoakOptions {
  edits: number;
  seed?: number;
  /** Stop the service worker about this often (ms). */
  stopEveryMs?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  edits: number;
  byKind: Record<string, number>;
  workerStops: number;
  differences: string[];
  pageErrors: string[];
  ms: number;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`soak: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => undefined);
  const random = rng(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const started = Date.now();
  const model = new LibraryModel();
  const byKind: Record<string, number> = {};
  const pageErrors: string[] = [];
  let workerStops = 0;
  let importSerial = 0;
  const history: string[] = [];

  const a = generatedEntries({ entries: 20, view: 'new' });
  const b = generatedEntries({ entries: 25, view: 'pastweek' });
  const session: Session = await launch();
  session.serve(
    new Map([
      [LIST_A, { body: generateArxivListing({ entries: 20, view: 'new' }) }],
      [LIST_B, { body: generateArxivListing({ entries: 25, view: 'pastweek' }) }],
    ]),
  );
  const tabs: Array<{ page: Page; ids: string[] }> = [];
  try {
    for (const [url, entries] of [
      [LIST_A, a],
      [LIST_B, b],
    ] as const) {
      const page = await session.context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
      await page.goto(url);
      await waitReady(page);
      tabs.push({ page, ids: entries.map((e) => e.id) });
    }
    const popup = await session.context.newPage();
    popup.on('pageerror', (e) => pageErrors.push(`popup: ${e.message}`));
    await popup.goto(session.extensionUrl('src/popup/index.html'));

    // The worker is stopped on a timer, whatever the edits are doing at that moment.
    let stopping = true;
    const stopper = (async () => {
      while (stopping) {
        await new Promise((r) => setTimeout(r, (options.stopEveryMs ?? 2000) * (0.75 + random() / 2)));
        if (!stopping) break;
        await session.stopBackground(popup).catch(() => undefined);
        workerStops++;
      }
    })();

    const hostOf = (page: Page, id: string) => page.locator(`paper-margin[data-paper-id="${id}"]`).first();
    /** The tab shows what the model says (status, tags): cross-tab sync, checked at every step. */
    const showsModel = async (page: Page, id: string) => {
      const p = model.get(id);
      const host = hostOf(page, id);
      const [status, tags] = await Promise.all([host.getAttribute('data-status'), host.getAttribute('data-tags')]);
      return status === p.status && (tags ?? '') === p.tags.join(' ');
    };
    const stored = async (id: string) => (await callIn<Array<PaperRecord | null>>(popup, 'lookup', { ids: [id] }))[0];
    const storedMatches = async (id: string) => {
      const r = await stored(id);
      const p = model.get(id);
      return JSON.stringify({ s: r?.status ?? 'none', t: r?.tags ?? [], n: r?.note ?? '' }) === JSON.stringify({ s: p.status, t: p.tags, n: p.note });
    };

    for (let i = 0; i < options.edits; i++) {
      const roll = random();
      const kind = roll < 0.3 ? 'status' : roll < 0.55 ? 'addTag' : roll < 0.65 ? 'removeTag' : roll < 0.82 ? 'note' : roll < 0.95 ? 'move' : 'import';
      const tab = pick(tabs);
      const id = pick(tab.ids);
      let done = kind;
      if (kind === 'status' || kind === 'addTag' || kind === 'removeTag' || kind === 'note') {
        // The user edits in the tab they are looking at. Switching to it fires focus in a real
        // browser (Margin re-reads the tab's papers then); headless Chromium does not, so the
        // event is sent as the switch would.
        await tab.page.bringToFront();
        await tab.page.evaluate(() => window.dispatchEvent(new Event('focus')));
        await until(`tab to show ${id} as the model has it`, () => showsModel(tab.page, id)).catch(async (err) => {
          const r = await stored(id);
          const attrs = await hostOf(tab.page, id).evaluate((h) => `${h.getAttribute('data-status')} [${h.getAttribute('data-tags') ?? ''}]`);
          throw new Error(`${(err as Error).message}: the tab shows ${attrs}, stored ${r?.status} [${r?.tags.join(' ')}], model ${JSON.stringify(model.get(id))}; last edits ${JSON.stringify(history.slice(-4))}`);
        });
        const host = hostOf(tab.page, id);
        await host.evaluate((h) => h.previousElementSibling?.scrollIntoView({ block: 'center' }));
        await until(`${id}'s overlay to render`, () => host.getByRole('combobox', { name: /reading queue status/i }).isVisible());
        if (kind === 'status') {
          const status = pick(STATUSES.filter((s) => s !== model.get(id).status));
          await host.getByRole('combobox', { name: /reading queue status/i }).selectOption(status);
          model.setStatus(id, status);
        } else if (kind === 'addTag') {
          const tag = pick(TAGS);
          await host.getByRole('button', { name: /add a tag/i }).click();
          const input = host.getByRole('combobox', { name: 'New tag' });
          await input.fill(tag);
          await input.press('Enter');
          model.addTag(id, tag);
        } else if (kind === 'removeTag') {
          const tags = model.get(id).tags;
          if (tags.length === 0) {
            done = 'skipped';
          } else {
            const tag = pick(tags);
            await host.getByRole('button', { name: `Remove tag ${tag}` }).click();
            model.removeTag(id, tag);
          }
        } else {
          const note = `note ${i}${random() < 0.3 ? `\nsecond line ${Math.floor(random() * 100)}` : ''}`;
          await host.getByRole('button', { name: /note/i }).click();
          const area = host.locator('textarea');
          // The editor puts the caret at the end of the note when it opens; replacing the
          // text before that would append instead (a person waits for the caret too).
          await until('the note editor to take focus', () => area.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el));
          await area.fill(note);
          await area.press('Escape');
          model.setNote(id, note);
        }
        if (done !== 'skipped') {
          await until(`${id} to be stored as the model has it (after ${kind})`, () => storedMatches(id)).catch(async (err) => {
            const r = await stored(id);
            throw new Error(`${(err as Error).message}: stored ${JSON.stringify({ s: r?.status, t: r?.tags, n: r?.note })}, model ${JSON.stringify(model.get(id))}, overlay says ${JSON.stringify(await hostOf(tab.page, id).locator('.error').allTextContents())}`);
          });
        }
      } else if (kind === 'move') {
        if (model.queue.length < 2) {
          done = 'skipped';
        } else {
          const mover = pick(model.queue);
          const before = random() < 0.2 ? null : pick(model.queue.filter((q) => q !== mover));
          await callIn(popup, 'move', { id: mover, beforeId: before });
          model.move(mover, before);
        }
      } else {
        // A small backup from "another computer": two papers Margin has not seen.
        const now = Date.now();
        const papers = [0, 1].map((k) => {
          const pid = `arxiv:2501.${String(20000 + importSerial * 2 + k)}`;
          const tags = [pick(TAGS)];
          const note = `imported ${importSerial}.${k}`;
          const status: Status = k === 0 ? 'done' : 'none';
          model.get(pid);
          model.setStatus(pid, status);
          for (const t of tags) model.addTag(pid, t);
          model.setNote(pid, note);
          return { v: 2, id: pid, title: `Imported ${pid}`, url: '', authors: [], primaryClass: null, tags, note, status, queuedAt: null, queuePos: null, firstSeenAt: null, createdAt: now, updatedAt: now, stamps: { tags: now, note: now, status: now } };
        });
        importSerial++;
        const report = await callIn<{ added: number; unchanged: number }>(popup, 'importPapers', { papers });
        // 2 added; or, when the worker was stopped after saving but before answering and the
        // call was retried, the retry finds both already there, unchanged.
        if (report.added !== 2 && report.unchanged !== 2) throw new Error(`soak: import reported ${JSON.stringify(report)}`);
        // The same file again changes nothing.
        const again = await callIn<{ unchanged: number }>(popup, 'importPapers', { papers });
        if (again.unchanged !== 2) throw new Error(`soak: re-import changed something: ${JSON.stringify(again)}`);
      }
      byKind[done] = (byKind[done] ?? 0) + 1;
      history.push(`${i}:${done}:${tabs.indexOf(tab)}:${id}`);
      if ((i + 1) % 50 === 0) log(`  ${i + 1} edits, ${workerStops} worker stops`);
    }
    stopping = false;
    await stopper;

    const records = await callIn<PaperRecord[]>(popup, 'exportAll', {});
    const queue = (await callIn<PaperRecord[]>(popup, 'list', { view: 'queue' })).map((r) => r.id);
    return { edits: options.edits, byKind, workerStops, differences: model.diff(records, queue), pageErrors, ms: Date.now() - started };
  } finally {
    await session.close();
  }
}
