/**
 * The popup with a large library: time to the first queue row (against the same popup with
 * an empty library, in the same run), and search keystroke → results.
 */
import type { Page } from 'playwright-core';
import { launch } from '../harness/chromium';
import { seedLibrary } from './library';
import { median, percentile } from './stats';

/** Opens the popup, reads when its first queue row was rendered, then lets it finish its
 *  after-paint work (counts, search index) so the next opening starts with an idle worker. */
async function openPopup(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForSelector('html[data-queue-ready="true"]', { state: 'attached', timeout: 30_000 });
  const t = await page.evaluate(() => {
    const mark = performance.getEntriesByName('margin:queue-rendered')[0];
    return mark ? mark.startTime : performance.now();
  });
  await page.waitForSelector('html[data-search-ready="true"]', { state: 'attached', timeout: 60_000 });
  await page.waitForTimeout(200);
  return t;
}

/** Keystroke → results on screen, for a series of queries typed into the popup's search box. */
export async function searchTimes(page: Page): Promise<number[]> {
  return page.evaluate(async (queries) => {
    const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    // Typed where a person types: in the focused search box (the list takes the keyboard
    // back when the focus is on nothing, which a person typing never leaves it on).
    input.focus();
    const out: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      input.value = q;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise<void>((resolve) => {
        const mo = new MutationObserver(() => {
          mo.disconnect();
          resolve();
        });
        mo.observe(document.body, { childList: true, subtree: true, characterData: true });
        setTimeout(() => {
          mo.disconnect();
          resolve();
        }, 1000);
      });
      out.push(performance.now() - t0);
    }
    return out;
  }, ['d', 'di', 'dif', 'diff', 'diffu', 'diffus', 'diffusi', 'diffusio', 'diffusion', 'r', 're', 'ret', 'retr', 'note', 'note 1', 'author 4', 'topic-1', 'spectral', 'spectral m', 'x', 'co', 'con', 'cons', 'consensus']);
}

export interface PopupResult {
  emptyFirstRow: number;
  largeFirstRow: number;
  searchP95: number;
  searchMedian: number;
}

export async function benchPopup(papers: number, queued: number, runs: number): Promise<PopupResult> {
  const firstRow = async (library: number): Promise<{ times: number[]; search: number[] }> => {
    const session = await launch();
    try {
      if (library > 0) await seedLibrary(session, library, queued);
      const url = `chrome-extension://${session.extensionId}/src/popup/index.html`;
      const times: number[] = [];
      const page = await session.context.newPage();
      await openPopup(page, url); // warm-up
      for (let i = 0; i < runs; i++) times.push(await openPopup(page, url));
      let search: number[] = [];
      if (library > 0) {
        search = await searchTimes(page);
      }
      await page.close();
      return { times, search };
    } finally {
      await session.close();
    }
  };
  const empty = await firstRow(0);
  const large = await firstRow(papers);
  return {
    emptyFirstRow: median(empty.times),
    largeFirstRow: median(large.times),
    searchP95: percentile(large.search, 95),
    searchMedian: median(large.search),
  };
}
