/**
 * "Import from another tool" with a large library: a generated Zotero-style BibTeX export
 * (each entry with an abstract, keywords and a file link, as Zotero writes them), chosen in
 * the options page of the built extension. Timed from choosing the file to the preview on
 * screen, and from the Import click to the report, in the test driver. The file is chosen
 * from disk, as a user chooses it: handing Playwright the bytes instead sends 13.6 MB to the
 * page as base64, about 1.5 s of the driver's own time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from '../harness/chromium';
import { median } from './stats';

const WORDS = ['graph', 'neural', 'sparse', 'attention', 'diffusion', 'causal', 'robust', 'spectral', 'learning', 'models'];

/** A Zotero-style BibTeX export of `n` arXiv preprints; every 10th entry a journal paper. */
export function generateBibtex(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const w = (k: number) => WORDS[(i * 7 + k) % WORDS.length]!;
    const title = `{${w(0)[0]!.toUpperCase()}${w(0).slice(1)}} ${w(1)} {{M{\\"u}ller}} ${w(2)} number ${i}`;
    const abstract = `We study ${w(3)} ${w(4)} and show that ${w(5)} methods improve on arXiv:1706.03762. `.repeat(12);
    if (i % 10 === 9) {
      out.push(`@article{journal_${i},\n\ttitle = {${title}},\n\tauthor = {Doe, Jane and Roe, Richard},\n\tjournal = {Journal of ${w(6)}},\n\tdoi = {10.1000/j.${i}},\n\tabstract = {${abstract}},\n}\n`);
      continue;
    }
    const id = `${2301 + (i % 12)}.${String(10000 + i).padStart(5, '0')}`;
    out.push(
      `@misc{author_${w(1)}_${i},\n\ttitle = {${title}},\n\turl = {http://arxiv.org/abs/${id}},\n\tdoi = {10.48550/arXiv.${id}},\n\tnote = {arXiv:${id} [cs]},\n` +
        `\tabstract = {${abstract}},\n\tauthor = {M{\\"u}ller, J{\\o}rn and Smith, Anna and Okafor, Kwame},\n\tyear = {2023},\n` +
        `\tkeywords = {Computer Science - Machine Learning, to-read},\n\tfile = {arXiv Fulltext PDF:/Users/me/Zotero/storage/${i}/paper.pdf:application/pdf},\n}\n`,
    );
  }
  return out.join('\n');
}

export interface ToolImportResult {
  entries: number;
  megabytes: number;
  previewMs: number;
  importMs: number;
}

export async function benchToolImport(entries: number, runs: number): Promise<ToolImportResult> {
  const bib = Buffer.from(generateBibtex(entries));
  const dir = mkdtempSync(join(tmpdir(), 'margin-bench-bib-'));
  const path = join(dir, 'My Library.bib');
  writeFileSync(path, bib);
  const papers = entries - Math.floor(entries / 10);
  const session = await launch();
  const preview: number[] = [];
  const imports: number[] = [];
  try {
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/src/options/index.html`);
    const section = page.getByRole('region', { name: 'Import from another tool' });
    for (let i = 0; i <= runs; i++) {
      await page.evaluate(() => chrome.runtime.sendMessage({ kind: 'margin/call', name: 'clearLibrary', req: {} }));
      await page.reload();
      await section.waitFor();
      const t0 = Date.now();
      await section.getByLabel('Choose a file…').setInputFiles(path);
      const button = section.getByRole('button', { name: `Import ${papers} papers` });
      await button.waitFor({ timeout: 300_000 });
      const t1 = Date.now();
      await section.getByLabel('Put the new papers in the reading queue (in file order)').check();
      const t2 = Date.now();
      await button.click();
      await section.locator('[role="status"]', { hasText: `${papers} added` }).waitFor({ timeout: 300_000 });
      const t3 = Date.now();
      if (i > 0) {
        // the first run warms up
        preview.push(t1 - t0);
        imports.push(t3 - t2);
      }
    }
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { entries, megabytes: bib.length / 2 ** 20, previewMs: median(preview), importMs: median(imports) };
}
