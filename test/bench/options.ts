/**
 * What an open options page costs the background: a library of N papers, then single edits
 * (a tag added to one paper) made from a page that shows nothing, each measured as the
 * service worker's busy time (CPU profile samples that are not idle) from the call until a
 * fixed window later, enough for the options page to have followed the edit. The same edits
 * with the options page closed give the baseline; the two sides alternate in blocks in one
 * browser (these machines are noisy).
 */
import type { CDPSession, Page } from 'playwright-core';
import { launch, type Session } from '../harness/chromium';
import { callIn } from '../harness/pages';
import { extensionPage, generatePapers, seedLibrary } from './library';

export interface OptionsBenchResult {
  papers: number;
  /** Worker busy time per edit, ms, with the options page open. */
  withOptions: number[];
  /** The same with no Margin page but the quiet one. */
  without: number[];
  /** Whether the options page showed every edit's tag (it must still follow the library). */
  followed: boolean;
}

/** Time after each edit in which the worker's work is counted (the page waits 80 ms, then asks). */
const WINDOW_MS = 3000;

/** A CDP session on Margin's service worker, reached through a page's session (Target domain). */
async function workerSession(cdp: CDPSession): Promise<(method: string, params?: object) => Promise<any>> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
  if (!sw) throw new Error('no service worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
  let next = 0;
  const pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    const p = m.id === undefined ? undefined : pending.get(m.id);
    if (!p) return;
    pending.delete(m.id!);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  });
  return (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
}

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds of the profile in which the worker was not idle. */
function busyMs(profile: Profile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let us = 0;
  profile.samples.forEach((node, i) => {
    if (!idle.has(node)) us += profile.timeDeltas[i] ?? 0;
  });
  return us / 1000;
}

async function openOptions(s: Session): Promise<Page> {
  const page = await extensionPage(s);
  await page.getByRole('heading', { name: 'Tags' }).waitFor();
  await page.locator('[data-stat="papers"]').filter({ hasNotText: '…' }).waitFor({ timeout: 60_000 });
  await page.locator('ul.tag-list li').first().waitFor({ timeout: 60_000 });
  // Its first reads over before anything is measured.
  await page.waitForTimeout(WINDOW_MS);
  return page;
}

export async function benchOptions(papers: number, runs: number): Promise<OptionsBenchResult> {
  const s = await launch();
  try {
    await seedLibrary(s, papers, 200);
    const ids = generatePapers(papers, 0).map((p) => p.id);
    const quiet = await s.context.newPage();
    await quiet.goto(`chrome-extension://${s.extensionId}/manifest.json`);
    const worker = await workerSession(await s.context.newCDPSession(quiet));
    await worker('Profiler.enable');
    await worker('Profiler.setSamplingInterval', { interval: 100 });

    let edit = 0;
    let followed = true;
    const measure = async (options: Page | null): Promise<number> => {
      const i = edit++;
      const tag = `bench-${i}`;
      await worker('Profiler.start');
      await callIn(quiet, 'update', { id: ids[(i * 7919) % ids.length], patch: { addTags: [tag] } });
      await quiet.waitForTimeout(WINDOW_MS);
      const { profile } = (await worker('Profiler.stop')) as { profile: Profile };
      if (options && (await options.locator(`li[data-tag="${tag}"]`).count()) === 0) followed = false;
      return busyMs(profile);
    };

    const withOptions: number[] = [];
    const without: number[] = [];
    const block = Math.min(5, runs);
    for (let done = 0; done < runs; done += block) {
      const k = Math.min(block, runs - done);
      await measure(null); // warm-up
      for (let j = 0; j < k; j++) without.push(await measure(null));
      const options = await openOptions(s);
      await measure(options);
      for (let j = 0; j < k; j++) withOptions.push(await measure(options));
      await options.close();
      console.log(`  after ${done + k} edits a side: with options ${withOptions.slice(-k).map((x) => x.toFixed(1)).join(', ')} ms; without ${without.slice(-k).map((x) => x.toFixed(1)).join(', ')} ms`);
    }
    return { papers, withOptions, without, followed };
  } finally {
    await s.close();
  }
}
