/**
 * Load + annotate on a listing, measured inside the page, several ways in one run: no
 * extension, a no-op content script (the floor; idle and document_start), Margin, and Margin
 * built from an earlier commit (`against`, see against.ts). Each way gets its own browser;
 * each figure is the median of several loads after a warm-up.
 */
import type { Page } from 'playwright-core';
import { launch, type Session } from '../harness/chromium';
import { noopExtension } from './noop-extension';
import { median } from './stats';

/**
 * `margin-rules`: Margin whose load ends when its rules have marked every entry.
 * `against`, `against-rules`: the same two, loading the earlier commit's build.
 */
export type Variant = 'plain' | 'noop-idle' | 'noop-start' | 'margin' | 'margin-rules' | 'against' | 'against-rules';

/** A variant that loads a Margin build (this one or the earlier one): it says when it is done. */
const isMargin = (v: Variant) => v === 'margin' || v === 'margin-rules' || v === 'against' || v === 'against-rules';
const withRules = (v: Variant) => v === 'margin-rules' || v === 'against-rules';

export interface LoadSample {
  /** Navigation start to the later of the load event and the extension saying it is done. */
  total: number;
  load: number;
  /** Margin's own script time in its scan (User Timing measures), ms. */
  scan: number;
  /** Margin's longest synchronous piece of work (its longest measure): what it adds to a task. */
  longestPiece: number;
  /** The longest piece of the rules' own work (reading entries, applying marks), ms. */
  rulesPiece: number;
  longestTask: number;
  heapMB: number;
  hosts: number;
}

// Installed before the page's own scripts: notes when the extension marks <html>, and
// every long task. Both run in the page's main world and see the shared DOM.
const PROBE = `(() => {
  const b = (window.__bench = { doneAt: null, rulesAt: null, longtasks: [] });
  const check = () => {
    const el = document.documentElement;
    if (b.doneAt === null && el && (el.getAttribute('data-paper-margin') === 'ready' || el.getAttribute('data-noop') === 'ready')) b.doneAt = performance.now();
    if (b.rulesAt === null && el && el.getAttribute('data-paper-margin-rules') === 'ready') b.rulesAt = performance.now();
  };
  new MutationObserver(check).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-paper-margin', 'data-paper-margin-rules', 'data-noop'] });
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longtasks.push(e.duration); }).observe({ type: 'longtask', buffered: true }); } catch {}
})();`;

async function measureOnce(session: Session, url: string, variant: Variant): Promise<LoadSample> {
  const rules = withRules(variant);
  const page: Page = await session.context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  // The earlier releases set the same markers, so an earlier build is waited for alike.
  if (isMargin(variant)) await waitMarker(page, variant, 'data-paper-margin');
  // With rules, "annotated" means every entry read, matched and marked too.
  if (rules) await waitMarker(page, variant, 'data-paper-margin-rules');
  if (variant.startsWith('noop')) await page.waitForSelector('html[data-noop="ready"]', { state: 'attached' });
  // Let trailing work (Margin's first render near the viewport) finish before reading.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  const m = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { doneAt: number | null; rulesAt: number | null; longtasks: number[] } }).__bench;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const measures = performance.getEntriesByType('measure');
    const scan = measures.filter((e) => e.name.startsWith('margin:scan')).reduce((s, e) => s + e.duration, 0);
    // margin:lookup is waiting for the store, not work: left out.
    const longestPiece = Math.max(0, ...measures.filter((e) => e.name.startsWith('margin:') && e.name !== 'margin:lookup').map((e) => e.duration));
    const rulesPiece = Math.max(0, ...measures.filter((e) => e.name.startsWith('margin:rules-')).map((e) => e.duration));
    return {
      rulesPiece,
      load: nav.loadEventEnd,
      doneAt: b.doneAt,
      rulesAt: b.rulesAt,
      scan,
      longestPiece,
      longestTask: Math.max(0, ...b.longtasks),
      hosts: document.querySelectorAll('paper-margin').length,
    };
  });
  const cdp = await session.context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? NaN;
  await cdp.detach();
  await page.close();
  return {
    total: Math.max(m.load, m.doneAt ?? 0, rules ? (m.rulesAt ?? 0) : 0),
    load: m.load,
    scan: m.scan,
    longestPiece: m.longestPiece,
    rulesPiece: m.rulesPiece,
    longestTask: m.longestTask,
    heapMB: heap / 1024 / 1024,
    hosts: m.hosts,
  };
}

/** Waits for `<html attr="ready">`; a build that never sets it (one older than the marker) is named. */
async function waitMarker(page: Page, variant: Variant, attr: string): Promise<void> {
  try {
    await page.waitForSelector(`html[${attr}="ready"]`, { state: 'attached', timeout: 60_000 });
  } catch (err) {
    const which = variant.startsWith('against') ? 'the --against build' : 'Margin';
    throw new Error(`${variant}: ${which} did not set ${attr}="ready" within 60 s on ${page.url()}`, { cause: err });
  }
}

export interface VariantResult {
  variant: Variant;
  samples: LoadSample[];
  median: LoadSample;
}

/**
 * Every variant in its own browser, all started once; then the loads are interleaved
 * (plain, floor, Margin, plain, floor, Margin, … each in a fresh tab), so a slow moment of
 * this noisy machine falls on every side alike instead of on one variant's whole series.
 */
export async function benchListing(options: {
  url: string;
  body: string;
  runs: number;
  variants: Variant[];
  /** Prepares Margin's browser before the first load (a large library, for example). */
  prepare?: (session: Session) => Promise<void>;
  /** Prepares the margin-rules (and against-rules) browser after `prepare` (stores the rules). */
  prepareRules?: (session: Session) => Promise<void>;
  /** The earlier commit's built extension (its dist/): what the `against` variants load. */
  against?: string;
}): Promise<VariantResult[]> {
  const sessions = new Map<Variant, Session>();
  const extensionOf = (variant: Variant): string | null | undefined => {
    if (variant === 'plain') return null;
    if (variant.startsWith('noop')) return noopExtension(variant === 'noop-start' ? 'document_start' : 'document_idle');
    if (!variant.startsWith('against')) return undefined; // dist/
    if (!options.against) throw new Error(`the ${variant} variant needs the earlier build's directory (options.against)`);
    return options.against;
  };
  try {
    for (const variant of options.variants) {
      const session = await launch({ extension: extensionOf(variant) });
      sessions.set(variant, session);
      session.serve((u) => (u === options.url ? { body: options.body } : null));
      await session.context.addInitScript({ content: PROBE });
      if (isMargin(variant)) await prepared(variant, 'preparing', () => options.prepare?.(session));
      if (withRules(variant)) await prepared(variant, 'storing the rules', () => options.prepareRules?.(session));
      await measureOnce(session, options.url, variant); // warm-up: caches, JIT, worker start
    }
    const samples = new Map<Variant, LoadSample[]>(options.variants.map((v) => [v, []]));
    for (let i = 0; i < options.runs; i++) {
      for (const variant of options.variants) samples.get(variant)!.push(await measureOnce(sessions.get(variant)!, options.url, variant));
    }
    return options.variants.map((variant) => {
      const list = samples.get(variant)!;
      const pick = (k: keyof LoadSample) => median(list.map((s) => s[k]));
      return {
        variant,
        samples: list,
        median: {
          total: pick('total'),
          load: pick('load'),
          scan: pick('scan'),
          longestPiece: pick('longestPiece'),
          rulesPiece: pick('rulesPiece'),
          longestTask: pick('longestTask'),
          heapMB: pick('heapMB'),
          hosts: pick('hosts'),
        },
      };
    });
  } finally {
    for (const session of sessions.values()) await session.close();
  }
}

/** The harness prepares an earlier build through today's calls: say so when one is refused. */
async function prepared(variant: Variant, what: string, run: () => Promise<void> | undefined): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!variant.startsWith('against')) throw err;
    throw new Error(`${variant}: ${what} the --against build failed (an older build may lack a call this bench makes): ${(err as Error).message}`, { cause: err });
  }
}
