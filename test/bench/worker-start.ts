/**
 * The first listing after the service worker starts, against the same listing with the worker
 * already running: Chrome stops an idle extension's worker after 30 seconds, so most listings a
 * reader opens meet a stopped worker. A listing makes two calls (`lookup`, then `markListing`
 * with every entry's title and authors); the figures are the worker's own time for them (the
 * router's `margin:call:*` measures, read from the worker) and the round trip seen by the
 * caller, which adds the worker's start and the messages' travel.
 */
import type { Page, Worker } from 'playwright-core';
import { generatedEntries } from '../fixtures/arxiv-listing';
import { stopServiceWorkers, type Session } from '../harness/chromium';

export interface ListingCalls {
  /** lookup + markListing, as the worker measured its handlers, ms. */
  worker: number;
  /** The same two calls from the caller's side (sent → answered), ms. */
  roundTrip: number;
}

export interface WorkerStartResult {
  cold: ListingCalls[];
  warm: ListingCalls[];
}

/** The live worker (a stopped one lingers in the context's list until it is closed). */
async function liveWorker(session: Session): Promise<Worker> {
  for (let i = 0; i < 50; i++) {
    const sw = session.context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://')).at(-1);
    if (sw) {
      try {
        await sw.evaluate(() => 1);
        return sw;
      } catch {
        // It was the stopped one.
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return session.serviceWorker();
}

async function listingCalls(session: Session, page: Page, url: string, entries: ReturnType<typeof generatedEntries>): Promise<ListingCalls> {
  const ids = entries.map((e) => e.id);
  const papers = entries.map((e) => ({ title: e.title, authors: e.authors, categories: ['cs.LG'] }));
  const roundTrip = await page.evaluate(
    async ([u, i, p]) => {
      // Inline calls: a named helper here would reach the page wrapped in tsx's __name.
      const t0 = performance.now();
      const a = await chrome.runtime.sendMessage({ kind: 'margin/call', name: 'lookup', req: { ids: i } });
      const b = await chrome.runtime.sendMessage({ kind: 'margin/call', name: 'markListing', req: { url: u, ids: i, papers: p } });
      if (!a?.ok || !b?.ok) throw new Error(`the listing's calls failed: ${JSON.stringify([a, b]).slice(0, 300)}`);
      return performance.now() - t0;
    },
    [url, ids, papers] as const,
  );
  const sw = await liveWorker(session);
  const worker = await sw.evaluate(() =>
    ['lookup', 'markListing'].reduce((sum, n) => sum + (performance.getEntriesByName(`margin:call:${n}`).at(-1)?.duration ?? NaN), 0),
  );
  return { worker, roundTrip };
}

/** `runs` pairs, interleaved: the listing's calls just after the worker was stopped, then again warm. */
export async function benchWorkerStart(session: Session, page: Page, runs: number, entries = 2000): Promise<WorkerStartResult> {
  const list = generatedEntries({ entries, view: 'pastweek' });
  const url = `https://arxiv.org/list/cs.LG/pastweek?show=${entries}`;
  const out: WorkerStartResult = { cold: [], warm: [] };
  await listingCalls(session, page, url, list); // warm-up: the page's side and the worker's code
  for (let i = 0; i < runs; i++) {
    await stopServiceWorkers(page);
    await page.waitForTimeout(300);
    out.cold.push(await listingCalls(session, page, url, list));
    await page.waitForTimeout(300);
    out.warm.push(await listingCalls(session, page, url, list));
  }
  return out;
}
