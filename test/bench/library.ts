/**
 * A generated library of N papers, imported through the real extension (the same path as a
 * user's backup), and the store figure: one listing's lookup of 2000 ids.
 */
import type { Page } from 'playwright-core';
import type { Session } from '../harness/chromium';
import { callIn } from '../harness/pages';
import { median } from './stats';

export function generatePapers(n: number, queued: number) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const inQueue = i < queued;
    const t = now - (n - i) * 1000;
    return {
      v: 1,
      id: `arxiv:${2300 + Math.floor(i / 90000) + 1}.${String(10000 + (i % 90000)).padStart(5, '0')}`,
      title: `Generated paper ${i} on ${['diffusion', 'retrieval', 'consensus', 'spectral methods'][i % 4]}`,
      url: '',
      authors: [`Author ${i % 97}`, `Coauthor ${i % 89}`],
      tags: i % 5 === 0 ? [`topic-${i % 40}`] : [],
      note: i % 7 === 0 ? `Note ${i}: read section ${i % 9} carefully` : '',
      status: inQueue ? 'queued' : i % 3 === 0 ? 'done' : 'none',
      queuedAt: inQueue ? t : null,
      queuePos: inQueue ? t : null,
      firstSeenAt: t,
      createdAt: t,
      updatedAt: t,
      stamps: { tags: t, note: t, status: t },
    };
  });
}

/** An extension page to make calls from (the options page: it is an ordinary extension page). */
export async function extensionPage(session: Session): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/src/options/index.html`);
  return page;
}

export async function seedLibrary(session: Session, n: number, queued: number): Promise<void> {
  const page = await extensionPage(session);
  const papers = generatePapers(n, queued);
  for (let i = 0; i < papers.length; i += 5000) await callIn(page, 'importPapers', { papers: papers.slice(i, i + 5000) });
  await page.close();
}

/** Round trip of one `lookup` for `ids` ids (as a listing page makes it), median of runs. */
export async function benchLookup(session: Session, ids: number, runs: number): Promise<number> {
  const page = await extensionPage(session);
  const list = generatePapers(ids, 0).map((p) => p.id);
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = await page.evaluate(async (idList) => {
      const t0 = performance.now();
      await chrome.runtime.sendMessage({ kind: 'margin/call', name: 'lookup', req: { ids: idList } });
      return performance.now() - t0;
    }, list);
    if (i > 0) times.push(t);
  }
  await page.close();
  return median(times);
}
