/**
 * `npm run check-sites`: the health check for the site adapters. Runs the adapter Margin picks
 * for each saved real page and each of the project's own pages, and prints the papers it finds
 * against the distinct papers the page links to, flagging pages where the two differ, then
 * does the same for each listing redesigned (test/harness/redesign.ts), where Margin should
 * fall back to the links. Nothing leaves this machine.
 */
import { closeDom, parsePage as parse } from './dom';
import { SHARED_MISSING } from './fixtures';
import { REDESIGNED, redesign } from './redesign';
import { checkPage, pageHtml, SITE_PAGES } from './site-pages';

type Row = [string, string, string, string, string, string];
const rows: Row[] = [['page', 'adapter', 'found', 'linked', 'Margin shows', '']];
let missing = 0;
let flagged = 0;

function report(name: string, html: string, url: string, expectFallback: boolean): void {
  const c = checkPage(parse(html), url);
  const shows = c.fallback ? `links (fallback), ${c.shown.length}` : `${c.adapter}, ${c.shown.length}`;
  const notes: string[] = [];
  if (c.adapter !== 'links' && c.missed) notes.push(`${c.missed} linked, not found`);
  if (c.adapter !== 'links' && c.unlinked) notes.push(`${c.unlinked} found, not linked`);
  if (c.fallback !== expectFallback) notes.push(expectFallback ? 'NO FALLBACK' : 'FALLBACK');
  if (notes.length) flagged++;
  rows.push([name, c.adapter, String(c.found), String(c.linked), shows, notes.length ? `⚑ ${notes.join(', ')}` : '']);
}

for (const page of SITE_PAGES) {
  const html = pageHtml(page);
  if (html === null) {
    missing++;
    continue;
  }
  report(page.name, html, page.url, false);
}
for (const page of SITE_PAGES.filter((p) => REDESIGNED.includes(p.name))) {
  const html = pageHtml(page);
  if (html !== null) report(`${page.name} (redesigned)`, redesign(parse(html)), page.url, true);
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((cell, i) => (i >= 2 && i <= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
if (missing) console.log(`\n${missing} saved real pages skipped: ${SHARED_MISSING}`);
console.log(
  `\n${flagged} page(s) flagged. A few papers "linked, not found" are expected where a page links papers that are ` +
    'not its entries (a comment\'s "see arXiv:…", an HTML view\'s references); many mean the adapter no longer ' +
    'recognises the page. A redesigned listing should show "links (fallback)"; an unchanged page never.',
);
await closeDom();
