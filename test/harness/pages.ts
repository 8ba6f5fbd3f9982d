/**
 * Small pages and page helpers for the end-to-end tests.
 */
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

/** An arXiv abstract page for any id, in the real markup's shape. */
export function absPage(arxivId: string, title: string, extraHead = ''): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return `<!DOCTYPE html><html lang="en"><head><title>[${esc(arxivId)}] ${esc(title)}</title>
<meta name="citation_title" content="${esc(title)}" /><meta name="citation_author" content="Doe, Jane" />
<meta name="citation_arxiv_id" content="${esc(arxivId)}" />${extraHead}</head>
<body><div id="abs"><h1 class="title mathjax"><span class="descriptor">Title:</span>${esc(title)}</h1>
<div class="authors"><a href="/a/doe_j_1">Jane Doe</a></div>
<blockquote class="abstract mathjax">An abstract.</blockquote></div></body></html>`;
}

/**
 * A call to Margin's background from an extension page (the popup, the options page), made
 * the way those pages make it. Retried while a stopped worker restarts; a refusal throws.
 */
export async function callIn<T = unknown>(page: Page, name: string, req: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let res: { ok: boolean; value?: T; error?: { message: string } } | undefined;
    try {
      res = await page.evaluate(
        // `browser` in Firefox; Chrome has only `chrome` (both return a promise in MV3).
        ([n, r]) => (globalThis.browser ?? chrome).runtime.sendMessage({ kind: 'margin/call', name: n, req: r }),
        [name, req] as const,
      );
    } catch (err) {
      if (attempt >= 6) throw err;
      await page.waitForTimeout(100 * (attempt + 1));
      continue;
    }
    if (res === undefined && attempt < 6) continue; // the worker stopped mid-call: ask again
    if (!res?.ok) throw new Error(`${name} refused: ${JSON.stringify(res)}`);
    return res.value as T;
  }
}

/** What has focus, looking through shadow roots: "TAG[aria-label]" of the deepest element. */
export function deepActive(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return '';
    const host = (el.getRootNode() as ShadowRoot).host;
    return `${host ? `${host.tagName.toLowerCase()}>` : ''}${el.tagName.toLowerCase()}[${el.getAttribute('aria-label') ?? ''}]`;
  });
}

const axeSource = (() => {
  const require = createRequire(import.meta.url);
  return (require('axe-core') as { source: string }).source;
})();

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
  targets: string[];
}

/** Runs axe-core in the page on the given elements (shadow roots included). */
export async function axeViolations(page: Page, selectors: string[]): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (include) => {
    type Node = { target: unknown[]; failureSummary?: string };
    type Run = (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Node[] }> }>;
    const axe = (window as unknown as { axe: { run: Run } }).axe;
    const result = await axe.run({ include: include.map((s) => [s]) }, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.slice(0, 300)),
    }));
  }, selectors);
}

/**
 * The URLs in a tab's navigation history (Playwright may attach to a tab the extension opens
 * too late to serve its page; the history still says where it went). Such a tab swaps its
 * renderer as it leaves about:blank for the paper's site, and a CDP session made during the
 * swap is attached to a page that is gone ("Not attached to an active page"): poll this.
 */
export async function navigatedTo(context: BrowserContext, tab: Page): Promise<string[]> {
  // Firefox's driver serves a tab the extension opens from its first request: where it is.
  if (!('newCDPSession' in context)) return [await tab.evaluate(() => location.href).catch((err) => `not readable yet: ${err}`)];
  try {
    const cdp = await context.newCDPSession(tab);
    const history = await cdp.send('Page.getNavigationHistory');
    await cdp.detach().catch(() => undefined);
    return history.entries.map((e) => e.url);
  } catch (err) {
    return [`not readable yet: ${String((err as Error).message ?? err).slice(0, 80)}`];
  }
}
