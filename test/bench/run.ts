/**
 * `npm run bench`: Margin's figures in real Chromium with the built extension, each against
 * a baseline taken in the same run (these machines are noisy). Prints a table and writes it
 * as JSON to test/.artifacts/bench.json. `--quick` runs everything once on tiny inputs (the
 * test suite uses it to check the script works; its figures mean nothing).
 * `--against=<rev>` (HEAD~1, a hash, a branch) adds the same extension built from that commit
 * as one more side of the listing, rules, hf and year listings: "is this change faster than
 * before it?" answered in one run, e.g. `npm run bench -- --only=listing --against=HEAD~1`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { generateArxivListing } from '../fixtures/arxiv-listing';
import { launch, ROOT } from '../harness/chromium';
import { hasShared, sharedFixture } from '../harness/fixtures';
import { bundleSizes } from './bundles';
import { benchLookup, seedLibrary } from './library';
import { benchListing, type Variant, type VariantResult } from './listing';
import { benchPopup } from './popup';
import { describeRatio, median, ratioWithCI, round, type Ratio } from './stats';
import { benchMigration, benchYear, importThroughOptions } from './year';
import { yearLibrary } from '../harness/year-library';
import { extensionPage } from './library';
import { benchRules, prepareLibrary, storeRules } from './rules';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { benchToolImport } from './tool-import';
import { benchSync } from './sync';
import { AgainstError, buildAgainst, isDirty, resolveCommit, type AgainstBuild } from './against';
import { benchOptions } from './options';

const quick = process.argv.includes('--quick');
const runs = quick ? 1 : Number(process.env.BENCH_RUNS ?? 15);
const entries = quick ? 50 : 2000;
const libraryPapers = quick ? 200 : 10_000;
const year = quick ? { seen: 2000, annotated: 100, queued: 20 } : { seen: 1_000_000, annotated: 20_000, queued: 200 };
const migrationRecords = quick ? 500 : 100_000;
// --only=listing,rules,hf,popup,store,year,migration,bundles,toolimport,sync,options runs some sections (all by default).
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (section: string) => !only || only.includes(section);
// --against=<rev>: '' when given without a commit (refused with a clear message).
const againstArg = process.argv.find((a) => a === '--against' || a.startsWith('--against='));
const againstRev = againstArg?.slice('--against='.length);
/** The sections whose listings take the earlier build as one more side. */
const AGAINST_SECTIONS = ['listing', 'rules', 'hf', 'year'];
let against: AgainstBuild | undefined;

interface Row {
  what: string;
  figure: string;
  value: number;
  /** The value as printed: a ratio with its 95% confidence interval. */
  shown: string;
  goal: string;
  met: boolean | null;
}
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const row = (what: string, figure: string, value: number | Ratio, goal: string, met: boolean | null) => {
  const shown = typeof value === 'number' ? String(round(value, 3)) : describeRatio(value);
  rows.push({ what, figure, value: typeof value === 'number' ? round(value, 3) : round(value.value, 3), shown, goal, met });
  console.log(`  ${what} | ${figure}: ${shown} (goal ${goal})${met === null ? '' : met ? ' ✓' : ' ✗'}`);
};
/** A ratio's figure: met when the whole interval is under the goal, "within noise" said where it holds 1. */
const ratio = (list: VariantResult[], a: Variant, b: Variant): Ratio =>
  ratioWithCI(list.find((r) => r.variant === a)!.samples.map((x) => x.total), list.find((r) => r.variant === b)!.samples.map((x) => x.total));

/** The sides a listing compares, with the earlier build's added under --against. */
const sides = (variants: Variant[], earlier: Variant = 'against'): Variant[] => (against ? [...variants, earlier] : variants);

/** Under --against: Margin over the earlier build, loads interleaved, with its 95% interval. */
function againstRatio(what: string, raw: VariantResult[], figure = '(load + annotate)', mine: Variant = 'margin', earlier: Variant = 'against'): void {
  if (against) row(what, `${figure} / ${against.short} build`, ratio(raw, mine, earlier), 'informational', null);
}

function byVariant(results: VariantResult[]) {
  return Object.fromEntries(results.map((r) => [r.variant, r.median])) as Record<Variant, VariantResult['median']>;
}

async function main(): Promise<void> {
  console.log(`Margin benchmark${quick ? ' (--quick: tiny inputs, figures meaningless)' : ''}: ${runs} runs per figure after a warm-up`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);

  if (againstRev !== undefined) await prepareAgainst(againstRev);
  try {
    if (want('listing')) await listingSection();
    if (want('rules')) await rulesSection();
    if (want('hf')) await hfSection();
    if (want('popup')) await popupSection();
    if (want('store')) await storeSection();
    if (want('year')) await yearSection();
    if (want('migration')) await migrationSection();
    if (want('toolimport')) await toolImportSection();
    if (want('sync')) await syncSection();
    if (want('options')) await optionsSection();
    if (want('bundles')) bundleSection();
    writeResults();
  } finally {
    against?.remove();
  }
}

async function prepareAgainst(rev: string): Promise<void> {
  if (!AGAINST_SECTIONS.some(want)) {
    const { short } = resolveCommit(ROOT, rev);
    console.log(`--against=${rev} (${short}): none of ${AGAINST_SECTIONS.join(', ')} runs, so there is nothing to compare it in`);
    return;
  }
  const t0 = performance.now();
  against = await buildAgainst(ROOT, rev);
  console.log(`against: ${against.short} "${against.subject}", built from --against=${rev} in ${round((performance.now() - t0) / 1000)} s`);
  // The Margin side is dist/ as `npm run bench` just built it, uncommitted changes and all.
  if (isDirty(ROOT)) console.log('  (this work tree has uncommitted changes: the Margin side includes them, the against side is the commit)');
  results.against = { rev, commit: against.commit, short: against.short, subject: against.subject };
}

async function listingSection(): Promise<void> {
  const listUrl = `https://arxiv.org/list/cs.LG/pastweek?show=${entries}`;
  console.log(`\narXiv listing, ${entries} entries (${listUrl})`);
  const raw = await benchListing({
    url: listUrl,
    body: generateArxivListing({ entries, view: 'pastweek' }),
    runs,
    variants: sides(['plain', 'noop-idle', 'noop-start', 'margin']),
    against: against?.dist,
  });
  const listing = byVariant(raw);
  for (const [v, m] of Object.entries(listing)) {
    console.log(`  ${v.padEnd(10)} total ${round(m.total)} ms, load ${round(m.load)} ms, longest task ${round(m.longestTask)} ms, heap ${round(m.heapMB, 2)} MB, hosts ${m.hosts}`);
  }
  const m = listing.margin;
  const floor = listing['noop-idle'];
  const toFloor = ratio(raw, 'margin', 'noop-idle');
  const toPlain = ratio(raw, 'margin', 'plain');
  row('arXiv listing', '(load + annotate) / no-op floor', toFloor, '≤ 1.05', toFloor.hi <= 1.05);
  row('arXiv listing', '(load + annotate) / plain load', toPlain, '< 1.41 (PaperMemory)', toPlain.hi < 1.41);
  againstRatio('arXiv listing', raw);
  row('arXiv listing', 'no-op document_start / no-op document_idle', ratio(raw, 'noop-start', 'noop-idle'), 'informational', null);
  row('arXiv listing', 'Margin scan script time, ms', m.scan, '≤ 50', m.scan <= 50);
  if (against) row('arXiv listing', `${against.short} build's scan script time, ms`, listing.against.scan, 'informational', null);
  row('arXiv listing', "Margin's longest synchronous piece of work, ms", m.longestPiece, '< 50', m.longestPiece < 50);
  if (against) row('arXiv listing', `${against.short} build's longest synchronous piece of work, ms`, listing.against.longestPiece, 'informational', null);
  row('arXiv listing', 'longest task on the page, with Margin − with no-op, ms', m.longestTask - floor.longestTask, 'informational (the page’s own parse and layout dominate)', null);
  row('arXiv listing', 'JS heap added vs no-op, MB', m.heapMB - floor.heapMB, '≤ 5', m.heapMB - floor.heapMB <= 5);
  row('arXiv listing', 'hosts created', m.hosts, `= ${entries}`, m.hosts === entries);
  results.listing = listing;
}

async function rulesSection(): Promise<void> {
  const listUrl = `https://arxiv.org/list/cs.LG/pastweek?show=${entries}`;
  const rules = benchRules();
  console.log(`\narXiv listing, ${entries} entries, ${rules.length} rules, ${libraryPapers} library papers`);
  const raw = await benchListing({
    url: listUrl,
    body: generateArxivListing({ entries, view: 'pastweek' }),
    runs,
    variants: sides(['plain', 'margin', 'margin-rules'], 'against-rules'),
    prepare: (session) => prepareLibrary(session, libraryPapers),
    prepareRules: (session) => storeRules(session, rules),
    against: against?.dist,
  });
  const m = byVariant(raw)['margin-rules'];
  const earlier = byVariant(raw)['against-rules'];
  const r = ratio(raw, 'margin-rules', 'plain');
  row('rules', `${entries} entries, ${rules.length} rules: (load + annotate + rules) / plain`, r, '≤ 1.10', r.hi <= 1.1);
  againstRatio('rules', raw, '(load + annotate + rules)', 'margin-rules', 'against-rules');
  row('rules', 'same, with rules / the same library without rules', ratio(raw, 'margin-rules', 'margin'), 'informational', null);
  row('rules', "Margin's longest synchronous piece of work (the scan's, as without rules), ms", m.longestPiece, '< 50', m.longestPiece < 50);
  if (against) row('rules', `${against.short} build's longest synchronous piece of work, with rules, ms`, earlier.longestPiece, 'informational', null);
  row('rules', 'longest piece of the rules\' own work (reading entries, applying marks), ms', m.rulesPiece, '< 50', m.rulesPiece < 50);
  results.rules = byVariant(raw);
}

async function hfSection(): Promise<void> {
  if (hasShared) {
    const hfUrl = 'https://huggingface.co/papers/date/2026-07-02';
    console.log(`\nHugging Face daily page, 31 cards (${hfUrl})`);
    const hf = await benchListing({
      url: hfUrl,
      body: sharedFixture('huggingface/hf-papers-daily-2026-07-02.html'),
      runs,
      variants: sides(['noop-idle', 'margin']),
      against: against?.dist,
    });
    const r = ratio(hf, 'margin', 'noop-idle');
    row('HF daily page', '(load + annotate) / no-op floor', r, '≤ 1.05', r.hi <= 1.05);
    againstRatio('HF daily page', hf);
  } else {
    console.log('\nHugging Face daily page: skipped, ../shared/fixtures is not here');
  }
}

async function popupSection(): Promise<void> {
  console.log(`\nPopup, ${libraryPapers} papers (100 queued) vs an empty library`);
  const popup = await benchPopup(libraryPapers, quick ? 10 : 100, runs);
  row('popup', `first queue row, ${libraryPapers} papers, ms`, popup.largeFirstRow, '≤ 150', popup.largeFirstRow <= 150);
  row('popup', 'first queue row: large / empty library', popup.largeFirstRow / popup.emptyFirstRow, '≤ 1.5', popup.largeFirstRow / popup.emptyFirstRow <= 1.5);
  row('popup', 'search keystroke → results p95, ms', popup.searchP95, '≤ 16', popup.searchP95 <= 16);
}

async function storeSection(): Promise<void> {
  console.log(`\nStore, ${libraryPapers} papers`);
  const session = await launch();
  try {
    await seedLibrary(session, libraryPapers, 100);
    const lookup = await benchLookup(session, quick ? 100 : 2000, runs);
    row('store', `lookup of ${quick ? 100 : 2000} ids (one round trip), ms`, lookup, '≤ 30', lookup <= 30);
  } finally {
    await session.close();
  }
}

async function yearSection(): Promise<void> {
  console.log(`\nA year of use: ${year.seen} seen papers, ${year.annotated} annotated, ${year.queued} queued (imported through the options page)`);
  const y = await benchYear(year, runs);
  row('year', 'import of the whole backup, s', y.importMs / 1000, '≤ 30', y.importMs <= 30_000);
  row('year', 'export of the whole backup, s', y.exportMs / 1000, '≤ 10', y.exportMs <= 10_000);
  row('year', 'restore (delete all, import the export), s', y.restoreMs / 1000, '≤ 30, nothing lost', y.restoreMs <= 30_000 && y.restoredSame);
  row('year', 'backup file, MB (gzip)', y.exportBytes / 1e6, 'informational', null);
  row('year', 'disk per seen-only paper, bytes', y.bytesPerSeenPaper, '≤ 16', y.bytesPerSeenPaper <= 16);
  row('year', 'popup first queue row, ms', y.popupFirstRow, '≤ 150', y.popupFirstRow <= 150);
  row('year', 'popup first queue row: this library / empty', y.popupRatio, '≤ 1.3', y.popupRatio.hi <= 1.3);
  row('year', 'search keystroke → results p95, ms', y.searchP95, '≤ 16', y.searchP95 <= 16);
  row('year', 'lookup of 2000 listing ids, ms', y.lookupMs, '≤ 30', y.lookupMs <= 30);
  const cold = y.workerStart.cold;
  const warm = y.workerStart.warm;
  const coldWorker = median(cold.map((c) => c.worker));
  row('year', '2000-entry listing just after the worker stopped: lookup + markListing, worker time, ms', coldWorker, '≤ 100', coldWorker <= 100);
  row('year', 'same, worker time: after a stop / worker running', ratioWithCI(cold.map((c) => c.worker), warm.map((c) => c.worker)), 'informational', null);
  row('year', 'same, round trip from the page (with the worker\'s start): after a stop, ms', median(cold.map((c) => c.roundTrip)), 'informational', null);
  row('year', 'same, round trip: worker running, ms', median(warm.map((c) => c.roundTrip)), 'informational', null);
  results.workerStart = y.workerStart;

  // The 2000-entry listing, every entry known to this library.
  const listUrl = `https://arxiv.org/list/cs.LG/pastweek?show=${entries}`;
  const lib = yearLibrary(year);
  const dir = mkdtempSync(join(tmpdir(), 'margin-year-listing-'));
  const file = join(dir, 'year.jsonl.gz');
  (await import('node:fs')).writeFileSync(file, lib.file);
  try {
    const raw = await benchListing({
      url: listUrl,
      body: generateArxivListing({ entries, view: 'pastweek' }),
      runs,
      variants: sides(['plain', 'margin']),
      against: against?.dist,
      prepare: async (session) => {
        const page = await extensionPage(session);
        await page.getByRole('heading', { name: 'Backup' }).waitFor();
        await importThroughOptions(page, file);
        await page.close();
      },
    });
    const r = ratio(raw, 'margin', 'plain');
    row('year', '2000-entry listing, all known: (load + annotate) / plain', r, '≤ 1.05', r.hi <= 1.05);
    againstRatio('year', raw, '2000-entry listing, all known: (load + annotate)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function migrationSection(): Promise<void> {
  console.log(`\nMigration of ${migrationRecords} schema-2 records (every 20th annotated) to schema 3`);
  const m = await benchMigration(migrationRecords);
  row('migration', `schema 2 → 3, ${migrationRecords} records, s`, m.ms / 1000, '≤ 60', m.ms <= 60_000);
  const kept = migrationRecords / 20;
  row('migration', 'annotated papers kept (seen-only moved to the history)', m.kept, `${kept} kept, ${migrationRecords - kept} seen marks`, m.kept === kept && m.seen === migrationRecords - kept);
}

async function toolImportSection(): Promise<void> {
  const n = quick ? 100 : 10_000;
  const r = await benchToolImport(n, quick ? 1 : Math.min(runs, 3));
  console.log(`\nImport from another tool: a Zotero-style BibTeX file, ${n} entries, ${round(r.megabytes, 1)} MB`);
  row('tool import', `${n}-entry BibTeX: choose → preview, ms`, r.previewMs, '≤ 3000', r.previewMs <= 3000);
  row('tool import', `${n}-entry BibTeX: Import → done, ms`, r.importMs, '≤ 10000', r.importMs <= 10_000);
  results.toolImport = r;
}

async function syncSection(): Promise<void> {
  const large = quick ? { papers: 200, seen: 2000, queued: 20 } : { papers: 20_000, seen: 100_000, queued: 200 };
  const small = quick ? { papers: 20, seen: 200, queued: 5 } : { papers: 100, seen: 500, queued: 10 };
  const n = quick ? 1 : Math.min(runs, 9);
  console.log(`\nSync through WebDAV (Apache mod_dav, two profiles): ${large.papers} papers, ${large.seen} seen, ${large.queued} queued; baseline ${small.papers} papers`);
  const base = await benchSync(small, n);
  const big = await benchSync(large, n);
  const inc = median(big.incremental);
  // The median's 95% bootstrap interval: a ratio to a constant 1 resamples only the edits.
  const ci = ratioWithCI(big.incremental, [1]);
  row('sync', `A's first sync of ${big.papers} papers + ${big.seen} seen to an empty server, s`, big.firstSyncMs / 1000, '≤ 30', big.firstSyncMs <= 30_000);
  row('sync', 'files A wrote on the server, MB on disk', big.serverBytes / 1e6, 'informational', null);
  row('sync', `B's first sync, pulling them, s (B then has every paper with A's state and the history)`, big.pullMs / 1000, '≤ 30, nothing lost', big.pullMs <= 30_000 && big.pulledSame);
  if (big.mismatch) console.log(`  B after its first sync: ${big.mismatch}`);
  row('sync', `one edit on A → on B after A's and B's syncs, ${big.papers} papers, ms (median of ${big.incremental.length}, 95% interval [${round(ci.lo, 0)}, ${round(ci.hi, 0)}])`, inc, '≤ 1000', ci.hi <= 1000);
  row('sync', `same on ${base.papers} papers, ms`, median(base.incremental), 'informational', null);
  row('sync', `edit → on B: ${big.papers} papers / ${base.papers} papers`, ratioWithCI(big.incremental, base.incremental), 'informational', null);
  results.sync = { large: big, small: base };
}

async function optionsSection(): Promise<void> {
  const papers = quick ? 200 : 20_000;
  console.log(`\nAn open options page, ${papers} papers: the worker's busy time per edit (a tag added from a page that shows nothing)`);
  const r = await benchOptions(papers, runs);
  const withOptions = median(r.withOptions);
  const ci = ratioWithCI(r.withOptions, [1]);
  row('options', `one edit with the options page open, ${papers} papers: worker busy ms (median of ${r.withOptions.length}, 95% interval [${round(ci.lo, 1)}, ${round(ci.hi, 1)}])`, withOptions, '≤ 50, the page following', ci.hi <= 50 && r.followed);
  row('options', 'same with no options page open, worker busy ms', median(r.without), 'informational', null);
  row('options', 'edit with the options page open / with nothing open', ratioWithCI(r.withOptions, r.without), 'informational', null);
  if (!r.followed) console.log('  the options page did NOT show every edit');
  results.options = r;
}

function bundleSection(): void {
  const sizes = bundleSizes();
  console.log('\nBundles (gzip)');
  for (const [k, v] of Object.entries(sizes)) row('bundle', `${k}, KB gzip`, v / 1024, k === 'content' ? '≤ 25' : '—', k === 'content' ? v / 1024 <= 25 : null);
}

function writeResults(): void {
  const out = join(ROOT, 'test/.artifacts');
  mkdirSync(out, { recursive: true });
  const file = join(out, quick ? 'bench-quick.json' : 'bench.json');
  writeFileSync(
    file,
    JSON.stringify({ date: new Date().toISOString(), quick, runs, machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) }, ...results, rows }, null, 2),
  );
  console.log(`\n| what | figure | value | goal | met |\n|---|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.what} | ${r.figure} | ${r.shown} | ${r.goal} | ${r.met === null ? '' : r.met ? 'yes' : 'no'} |`);
  console.log(`\nwritten to ${file}`);
}

main().catch((err) => {
  // A bad --against commit or its failed build: the message says all; a stack would bury it.
  console.error(err instanceof AgainstError ? `bench: ${err.message}` : err);
  process.exit(1);
});
