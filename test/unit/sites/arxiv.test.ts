import { beforeAll, describe, expect, it, vi } from 'vitest';
import { arxiv } from '../../../src/sites/arxiv';
import type { PaperOccurrence } from '../../../src/sites/types';
import { generateArxivListing, generatedEntries, generatedIds } from '../../fixtures/arxiv-listing';
import { hasShared, ownFixture, SHARED_MISSING, sharedFixture } from '../../harness/fixtures';

// DOMParser gives each page its own document (setting document.documentElement.innerHTML works
// too in happy-dom, but reuses one global document across tests). Scripts in it never run.
function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

function scan(html: string, pageUrl: string): { doc: Document; found: PaperOccurrence[] } {
  const doc = parse(html);
  return { doc, found: arxiv.findPapers(doc, new URL(pageUrl)) };
}

const idsOf = (found: PaperOccurrence[]) => found.map((p) => p.id);
const byId = (found: PaperOccurrence[], id: string) => {
  const hit = found.find((p) => p.id === id);
  if (!hit) throw new Error(`${id} not found among ${idsOf(found).join(', ')}`);
  return hit;
};
const sharedName = (name: string) => (hasShared ? name : `${name} (skipped: ${SHARED_MISSING})`);

beforeAll(() => {
  // Saved pages link stylesheets; file loading is off in the test window, and this keeps
  // happy-dom from logging every one of them as an error.
  const happy = (window as unknown as { happyDOM?: { settings: { handleDisabledFileLoadingAsSuccess: boolean } } })
    .happyDOM;
  if (happy) happy.settings.handleDisabledFileLoadingAsSuccess = true;
});

describe('arxiv.matches: the pages that list papers, on arXiv only', () => {
  const yes = [
    'https://arxiv.org/list/cs/new',
    'https://arxiv.org/list/cs.LG/recent',
    'https://arxiv.org/list/hep-th/pastweek?skip=0&show=2000',
    'https://arxiv.org/list/math/2401?skip=25&show=25',
    'https://www.arxiv.org/list/cs/new',
    'https://export.arxiv.org/list/astro-ph/new',
    'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract',
    'https://arxiv.org/search/advanced?advanced=&terms-0-term=consensus',
    'https://arxiv.org/search/cs?searchtype=author&query=Andrieux,+T',
    'https://arxiv.org/abs/2106.09608',
    'https://arxiv.org/abs/2106.09608v2',
    'https://arxiv.org/abs/hep-th/9711200',
    'https://arxiv.org/catchup/cs.LG/2026-07-01?abs=True&page=1',
    'https://arxiv.org/html/2607.01001v2',
    'https://arxiv.org/html/2607.01001v2/',
  ];
  const no = [
    'https://arxiv.org/',
    'https://arxiv.org/help',
    'https://arxiv.org/help/api/index',
    'https://arxiv.org/pdf/2106.09608',
    'https://arxiv.org/format/2106.09608',
    'https://arxiv.org/list',
    'https://arxiv.org/a/maldacena_j_1',
    'https://info.arxiv.org/help/arxiv_identifier.html',
    'https://arxiv.org.evil.example/list/cs/new',
    'https://example.com/list/cs/new',
    'https://huggingface.co/papers',
  ];
  for (const u of yes) it(`matches ${u}`, () => expect(arxiv.matches(new URL(u))).toBe(true));
  for (const u of no) it(`does not match ${u}`, () => expect(arxiv.matches(new URL(u))).toBe(false));
});

describe('arXiv listings (/list/<archive>/new|recent|pastweek, /catchup)', () => {
  const NEW_URL = 'https://arxiv.org/list/cs/new';

  it('finds every entry of a /new page across New submissions, Cross-lists and Replacements, in order', () => {
    const { found } = scan(ownFixture('arxiv-list-new.html'), NEW_URL);
    expect(idsOf(found)).toEqual([
      'arxiv:2607.01001',
      'arxiv:2607.01002',
      'arxiv:2607.01003',
      'arxiv:2607.01005',
      'arxiv:2607.00950', // (cross-list from physics.hist-ph)
      'arxiv:2605.04321', // (replaced), href /abs/2605.04321v3
      'arxiv:hep-th/9711200', // (replaced), old-style id with a version
      'arxiv:1412.6980', // (replaced), absolute href with a version
    ]);
  });

  it('reads title (without "Title:"), authors, anchor and container from the dt/dd pair', () => {
    const { doc, found } = scan(ownFixture('arxiv-list-new.html'), NEW_URL);
    const first = found[0]!;
    expect(first.title).toBe('Efficient Spectral Galerkin Framework for Long-Context Attention');
    expect(first.authors).toEqual(['Théo Andrieux', 'Ada Okafor', 'Mei Zhou']);
    const dt = doc.querySelector('a[id="2607.01001"]')!.closest('dt')!;
    const dd = dt.nextElementSibling!;
    expect(dd.localName).toBe('dd');
    expect(first.container).toEqual([dt, dd]);
    expect(first.anchor).toBe(dd.querySelector('.list-title'));
    const cross = byId(found, 'arxiv:2607.00950');
    expect(cross.title).toBe('A History of the Perceptron');
    expect(cross.authors).toEqual(['Priya Sharma', 'Omar Haddad']);
    expect(byId(found, 'arxiv:hep-th/9711200').title).toBe(
      'The Large N Limit of Superconformal Field Theories and Supergravity',
    );
    expect(byId(found, 'arxiv:1412.6980').authors).toEqual(['Diederik P. Kingma', 'Jimmy Ba']);
  });

  it('returns hostile title and author text as plain text', () => {
    const { doc, found } = scan(ownFixture('arxiv-list-new.html'), NEW_URL);
    const hostile = byId(found, 'arxiv:2607.01002');
    expect(hostile.title).toBe('<img src=x onerror=alert(1)> and <script>alert(2)</script> & friends');
    expect(hostile.authors).toEqual(['<b>Eve</b>']);
    expect(doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('reads a MathJax-typeset title back as its TeX source, without the rendered glyphs', () => {
    const { found } = scan(ownFixture('arxiv-list-new.html'), NEW_URL);
    expect(byId(found, 'arxiv:2607.01003').title).toBe('Bounds on $L^2$ Norms of Sparse Graphs');
  });

  it('still finds an entry with no title div (title "", anchored on its div.meta)', () => {
    const { doc, found } = scan(ownFixture('arxiv-list-new.html'), NEW_URL);
    const untitled = byId(found, 'arxiv:2607.01005');
    expect(untitled.title).toBe('');
    expect(untitled.authors).toEqual([]);
    const dd = doc.querySelector('a[id="2607.01005"]')!.closest('dt')!.nextElementSibling!;
    expect(untitled.anchor).toBe(dd.querySelector('div.meta'));
  });

  it('skips a dt whose abstract link is no valid id, and links in comments, abstracts and footer', () => {
    const { found } = scan(ownFixture('arxiv-list-new.html'), NEW_URL);
    const ids = idsOf(found);
    expect(ids).not.toContain('arxiv:2613.00001');
    for (const reference of ['arxiv:2401.00002', 'arxiv:1706.03762', 'arxiv:2401.00003']) {
      expect(ids).not.toContain(reference);
    }
  });

  it('reads the page and never changes it', () => {
    const doc = parse(ownFixture('arxiv-list-new.html'));
    const before = doc.documentElement.outerHTML;
    arxiv.findPapers(doc, new URL(NEW_URL));
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  it('handles the legacy markup: several plain dl, old-style ids with subject class, a paper twice', () => {
    const { doc, found } = scan(ownFixture('arxiv-list-legacy-recent.html'), 'https://arxiv.org/list/math.GT/recent');
    expect(idsOf(found)).toEqual([
      'arxiv:math/0309136', // href /abs/math.GT/0309136
      'arxiv:math/0309137', // href /abs/math/0309137v2
      'arxiv:math/0309136', // the same paper on the next day: a second occurrence
      'arxiv:math/0309140', // a dt with no dd after it
    ]);
    const [once, , twice, bare] = found as [PaperOccurrence, PaperOccurrence, PaperOccurrence, PaperOccurrence];
    expect(once.title).toBe('Heegaard Floer Homology and Alternating Knots');
    expect(once.authors).toEqual(['Peter Ozsvath', 'Zoltan Szabo']);
    expect(twice.title).toBe(once.title);
    expect(twice.anchor).not.toBe(once.anchor);
    expect(twice.container![0]).not.toBe(once.container![0]);
    const lastDt = [...doc.querySelectorAll('dt')].at(-1)!;
    expect(bare.anchor).toBe(lastDt);
    expect(bare.container).toEqual([lastDt]);
    expect(bare.title).toBe('');
  });

  it('finds the entries of a /catchup page (one dl#articles per section)', () => {
    const { found } = scan(ownFixture('arxiv-catchup.html'), 'https://arxiv.org/catchup/cs.LG/2026-07-01?abs=True&page=1');
    expect(idsOf(found)).toEqual(['arxiv:2607.00101', 'arxiv:2607.00102', 'arxiv:2607.00050', 'arxiv:0806.4129']);
    expect(found[1]!.authors).toEqual(['Lucía García', 'Kwame Kowalski']);
    expect(found[2]!.title).toBe('Provable Diffusion Models');
  });

  it('scans a single dl when the root is that dl', () => {
    const doc = parse(ownFixture('arxiv-catchup.html'));
    const cross = doc.querySelectorAll('dl')[1]!;
    expect(idsOf(arxiv.findPapers(cross, new URL('https://arxiv.org/catchup/cs.LG/2026-07-01')))).toEqual([
      'arxiv:2607.00050',
    ]);
  });
});

describe('generated listings in the 2026 markup', () => {
  it('finds all 2000 entries of a 2000-entry pastweek page, with the exact ids, titles and authors', () => {
    const options = { entries: 2000, view: 'pastweek' as const };
    const doc = parse(generateArxivListing(options));
    const url = new URL('https://arxiv.org/list/cs/pastweek?skip=0&show=2000');
    arxiv.findPapers(doc, url); // warm up
    const start = performance.now();
    const found = arxiv.findPapers(doc, url);
    const ms = performance.now() - start;
    console.log(`arxiv findPapers on a 2000-entry pastweek listing: ${ms.toFixed(1)} ms (happy-dom)`);
    expect(found).toHaveLength(2000);
    expect(idsOf(found)).toEqual(generatedIds(options));
    const expected = generatedEntries(options);
    expect(found.map((p) => p.title)).toEqual(expected.map((e) => e.title));
    expect(found.map((p) => p.authors)).toEqual(expected.map((e) => e.authors));
  });

  it('makes no document-wide query per entry (one pass over the dl children)', () => {
    const doc = parse(generateArxivListing({ entries: 2000, view: 'pastweek' }));
    let documentQueries = 0;
    for (const name of ['querySelector', 'querySelectorAll', 'getElementsByTagName', 'getElementById'] as const) {
      const original = doc[name].bind(doc) as (s: string) => unknown;
      Object.defineProperty(doc, name, {
        value: (s: string) => {
          documentQueries++;
          return original(s);
        },
      });
    }
    expect(arxiv.findPapers(doc, new URL('https://arxiv.org/list/cs/pastweek'))).toHaveLength(2000);
    expect(documentQueries).toBeLessThanOrEqual(2);
  });

  it('finds new submissions, cross-lists and replacements of a generated /new page', () => {
    const options = { entries: 301, view: 'new' as const, archive: 'math' };
    const found = arxiv.findPapers(parse(generateArxivListing(options)), new URL('https://arxiv.org/list/math/new'));
    expect(idsOf(found)).toEqual(generatedIds(options));
    const kinds = new Set(generatedEntries(options).map((e) => e.kind));
    expect(kinds).toEqual(new Set(['new', 'cross', 'rep']));
  });

  it('is deterministic, with distinct ids, whatever the size', () => {
    const options = { entries: 7, view: 'recent' as const };
    expect(generateArxivListing(options)).toBe(generateArxivListing(options));
    const ids = generatedIds({ entries: 5000, view: 'pastweek' });
    expect(new Set(ids).size).toBe(5000);
    expect(idsOf(arxiv.findPapers(parse(generateArxivListing(options)), new URL('https://arxiv.org/list/cs/recent')))).toEqual(
      generatedIds(options),
    );
  });
});

describe('arXiv search results (/search/?…, /search/advanced?…)', () => {
  const SEARCH = 'arxiv/arxiv-search-abstract-distributed-systems-2025-12.html';

  it.skipIf(!hasShared)(sharedName('finds exactly the 200 results of the saved search page, with their ids'), () => {
    const html = sharedFixture(SEARCH);
    // Derived from the raw HTML, independently of the adapter: the first abs link of each result.
    const expected = html
      .split('<li class="arxiv-result">')
      .slice(1)
      .map((chunk) => /href="https:\/\/arxiv\.org\/abs\/([^"]+?)(?:v\d+)?"/.exec(chunk)![1])
      .map((id) => `arxiv:${id}`);
    expect(expected).toHaveLength(200);
    const { doc, found } = scan(html, 'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract&abstracts=show&size=200');
    expect(idsOf(found)).toEqual(expected);
    const first = found[0]!;
    expect(first.title).toBe('The role of the top Yukawa coupling in triple Higgs production at the LHC');
    expect(first.authors).toEqual(['Luca Panizzi']);
    const li = doc.querySelector('li.arxiv-result')!;
    expect(first.anchor).toBe(li.querySelector('p.title'));
    expect(first.container).toEqual([li]);
  });

  it('reads ids, titles and authors of results, and skips an unusable one and abstract links', () => {
    for (const u of ['https://arxiv.org/search/?query=consensus&searchtype=all', 'https://arxiv.org/search/advanced?terms-0-term=consensus']) {
      const { doc, found } = scan(ownFixture('arxiv-search-results.html'), u);
      expect(idsOf(found)).toEqual(['arxiv:2512.03003', 'arxiv:cond-mat/0102536', 'arxiv:2511.09999']);
      expect(found[0]!.title).toBe('Byzantine Consensus in Partially Synchronous Networks');
      expect(found[0]!.authors).toEqual(['Omar Haddad', 'Mei Zhou']);
      const untitled = found[2]!;
      expect(untitled.title).toBe('');
      expect(untitled.anchor).toBe(doc.querySelectorAll('li.arxiv-result')[3]);
    }
  });
});

describe('arXiv abstract pages (/abs/<id>)', () => {
  const cases = [
    ['arxiv/arxiv-abs-2106.09608-2021.html', 'https://arxiv.org/abs/2106.09608v2', 'arxiv:2106.09608', 'Learning Knowledge Graph-based World Models of Textual Environments'],
    ['arxiv/arxiv-abs-2004.10162-2020.html', 'https://arxiv.org/abs/2004.10162', 'arxiv:2004.10162', 'EMPIR: Ensembles of Mixed Precision Deep Networks for Increased Robustness against Adversarial Attacks'],
    ['arxiv/arxiv-abs-1902.02534-head-only-commonmeta.html', 'https://arxiv.org/abs/1902.02534', 'arxiv:1902.02534', null],
  ] as const;
  for (const [file, pageUrl, id, title] of cases) {
    it.skipIf(!hasShared)(sharedName(`finds exactly one paper, ${id}, on ${file}`), () => {
      const { found } = scan(sharedFixture(file), pageUrl);
      expect(idsOf(found)).toEqual([id]);
      if (title) expect(found[0]!.title).toBe(title);
      else expect(found[0]!.title).not.toBe('');
    });
  }

  it('finds the old-style id of an abstract page', () => {
    const { found } = scan(ownFixture('arxiv-abs-old-style.html'), 'https://arxiv.org/abs/hep-th/9711200');
    expect(idsOf(found)).toEqual(['arxiv:hep-th/9711200']);
  });
});

describe('arXiv HTML view (/html/<id>)', () => {
  it('finds the one paper the page is, from its URL, and none of its references', () => {
    for (const u of ['https://arxiv.org/html/2607.01001v2', 'https://arxiv.org/html/2607.01001v2/']) {
      const { doc, found } = scan(ownFixture('arxiv-html-view.html'), u);
      expect(idsOf(found)).toEqual(['arxiv:2607.01001']);
      expect(found[0]!.title).toBe('Attention on $\\mathbb{S}^{2}$ Is All You Need');
      expect(found[0]!.anchor).toBe(doc.querySelector('h1'));
    }
  });

  it('finds nothing when the URL holds no valid id', () => {
    const { found } = scan(ownFixture('arxiv-html-view.html'), 'https://arxiv.org/html/not-a-paper');
    expect(found).toEqual([]);
  });
});

describe('arxiv: primary category, for BibTeX', () => {
  it('reads it from a listing entry, and leaves it out where the entry has none', () => {
    const found = arxiv.findPapers(parse(ownFixture('arxiv-catchup.html')), new URL('https://arxiv.org/catchup/cs.LG/2026-07-01'));
    const classes = found.map((p) => p.primaryClass);
    expect(classes).toContain('cs.LG');
    expect(classes).toContain('stat.ML');
  });
  it.skipIf(!hasShared)(sharedName('reads it from search results and an abstract page'), () => {
    const search = arxiv.findPapers(
      parse(sharedFixture('arxiv/arxiv-search-abstract-distributed-systems-2025-12.html')),
      new URL('https://arxiv.org/search/?query=distributed+systems&searchtype=abstract'),
    );
    expect(search[0]?.primaryClass).toBe('hep-ph');
    const abs = arxiv.findPapers(parse(sharedFixture('arxiv/arxiv-abs-2106.09608-2021.html')), new URL('https://arxiv.org/abs/2106.09608'));
    expect(abs[0]?.primaryClass).toBe('cs.LG');
  });
});

describe('arxiv: categories, abstract and comments (what rules read), read when asked for', () => {
  const NEW_URL = 'https://arxiv.org/list/cs/new';

  it('a /new listing entry: every category (primary first), the comments without "Comments:", the abstract', () => {
    const { found } = scan(ownFixture('arxiv-list-new.html'), NEW_URL);
    const first = byId(found, 'arxiv:2607.01001');
    expect(first.categories).toEqual(['cs.LG', 'cs.CL']);
    expect(first.comments).toBe('12 pages; extends arXiv:2401.00002');
    expect(first.abstract).toBe('We revisit arXiv:1706.03762 and make it faster.');
    // A cross-list: its own archive first, then the listing's.
    const cross = byId(found, 'arxiv:2607.00950');
    expect(cross.categories).toEqual(['physics.hist-ph', 'cs.LG']);
    expect([cross.abstract, cross.comments]).toEqual([undefined, undefined]);
    // An entry with no subjects line says nothing, rather than "no categories".
    expect(byId(found, 'arxiv:2605.04321').categories).toBeUndefined();
  });

  it('a /catchup entry and a legacy listing entry (whose journal reference is not a comment)', () => {
    const catchup = arxiv.findPapers(parse(ownFixture('arxiv-catchup.html')), new URL('https://arxiv.org/catchup/cs.LG/2026-07-01'));
    expect(byId(catchup, 'arxiv:2607.00050').categories).toEqual(['stat.ML', 'cs.LG']);
    expect(byId(catchup, 'arxiv:2607.00101').abstract).toBe('An abstract.');
    const legacy = arxiv.findPapers(parse(ownFixture('arxiv-list-legacy-recent.html')), new URL('https://arxiv.org/list/math.GT/recent'));
    expect(legacy[0]!.categories).toEqual(['math.GT']);
    expect([legacy[0]!.comments, legacy[0]!.abstract]).toEqual([undefined, undefined]);
  });

  it('search results: category tags, the abstract with links kept as text; none where the result shows none', () => {
    const { found } = scan(ownFixture('arxiv-search-results.html'), 'https://arxiv.org/search/?query=consensus&searchtype=all');
    expect(found[0]!.categories).toEqual(['cs.DC']);
    expect(found[0]!.abstract).toBe('Unlike arXiv:1807.04938, we need no leader.');
    expect(found[0]!.comments).toBeUndefined();
    expect(found[1]!.categories).toEqual([]);
    expect(found[1]!.abstract).toBeUndefined();
  });

  it('an abstract page: the abstract without its label', () => {
    const { found } = scan(ownFixture('arxiv-abs-old-style.html'), 'https://arxiv.org/abs/hep-th/9711200');
    expect(found[0]!.abstract).toBe('We show that the large N limit of certain conformal field theories ...');
    expect(found[0]!.categories).toBeUndefined();
  });

  it('reads none of them while scanning, each once when first asked for', () => {
    const doc = parse(generateArxivListing({ entries: 300, view: 'new' }));
    const asked: string[] = [];
    const byClass = Element.prototype.getElementsByClassName;
    const query = Element.prototype.querySelector;
    const spies = [
      vi.spyOn(Element.prototype, 'getElementsByClassName').mockImplementation(function (this: Element, name: string) {
        asked.push(name);
        return byClass.call(this, name);
      }),
      vi.spyOn(Element.prototype, 'querySelector').mockImplementation(function (this: Element, selector: string) {
        asked.push(selector);
        return query.call(this, selector);
      }),
    ];
    try {
      const found = arxiv.findPapers(doc, new URL(NEW_URL));
      expect(found).toHaveLength(300);
      const newFields = (s: string) => ['list-subjects', 'list-comments', 'p.mathjax'].includes(s);
      expect(asked.filter(newFields)).toEqual([]);
      for (let i = 0; i < 3; i++) void [found[7]!.categories, found[7]!.comments, found[7]!.abstract];
      expect(asked.filter(newFields).sort()).toEqual(['list-comments', 'list-subjects', 'p.mathjax']);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it.skipIf(!hasShared)(sharedName('the 2018 /new listing (old markup): categories of new, cross-listed and replaced papers'), () => {
    const { found } = scan(sharedFixture('arxiv/arxiv-list-cs-new-2018-07-20-old-markup.html'), NEW_URL);
    const first = byId(found, 'arxiv:1807.07067');
    expect(first.categories).toEqual(['cs.DS']);
    expect(first.comments).toBe('12 pages, 0 figures, 13 references. arXiv admin note: text overlap with arXiv:1807.04186');
    expect(first.abstract).toMatch(/^We present an alternative and simpler method for computing principal typings of flow networks\. .* underlying graphs\.$/);
    expect(byId(found, 'arxiv:1807.07122').categories).toEqual(['cs.DS', 'q-bio.GN']);
    expect(byId(found, 'arxiv:1807.07099').categories).toEqual(['eess.SP', 'cs.LG', 'cs.NA', 'stat.ML']); // a cross-list
    const replaced = byId(found, 'arxiv:1709.01662'); // replacements show no abstract on this page
    expect(replaced.categories).toEqual(['cond-mat.stat-mech', 'cs.LG', 'quant-ph', 'stat.ML']);
    expect(replaced.abstract).toBeUndefined();
  });

  it.skipIf(!hasShared)(sharedName('the 2026 /recent listing: comments where given, no abstracts (the page shows none)'), () => {
    const { found } = scan(sharedFixture('arxiv/arxiv-list-cs.CL-recent-2026-07-28.html'), 'https://arxiv.org/list/cs.CL/recent');
    expect(byId(found, 'arxiv:2607.22376').comments).toBe('Accepted at CLiC-it 2026');
    expect(byId(found, 'arxiv:2607.22529').comments).toBeUndefined();
    expect(byId(found, 'arxiv:2607.22165').categories).toEqual(['cs.DB', 'cs.AI', 'cs.CL', 'cs.LG']);
    expect(found.every((p) => p.abstract === undefined)).toBe(true);
    expect(found.every((p) => p.categories?.includes('cs.CL'))).toBe(true);
  });

  it.skipIf(!hasShared)(sharedName('the saved search page: tags without the DOI ones, the whole abstract without "△ Less"'), () => {
    const { found } = scan(sharedFixture('arxiv/arxiv-search-abstract-distributed-systems-2025-12.html'), 'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract');
    const first = byId(found, 'arxiv:2512.03003');
    expect(first.categories).toEqual(['hep-ph']);
    expect(first.comments).toBe('6 pages, 4 figures, 1 table');
    expect(first.abstract).toMatch(/^In this letter I quantify the effects .* of the three-Higgs system and other global observables\.$/);
    expect(byId(found, 'arxiv:2512.02934').categories).toEqual(['quant-ph', 'cond-mat.stat-mech']);
    expect(byId(found, 'arxiv:2512.10701').categories).toEqual(['cs.LG']); // its DOI tag is not a category
    for (const p of found) {
      expect(p.abstract, p.id).toBeTruthy();
      expect(p.abstract, p.id).not.toMatch(/△|Less$|More$/);
    }
  });

  it.skipIf(!hasShared)(sharedName('saved abstract pages: subjects, comments, the abstract without "Abstract:"'), () => {
    const [page] = arxiv.findPapers(parse(sharedFixture('arxiv/arxiv-abs-2106.09608-2021.html')), new URL('https://arxiv.org/abs/2106.09608v2'));
    expect(page!.categories).toEqual(['cs.LG', 'cs.AI', 'cs.CL']);
    expect(page!.comments).toBe('Camera read, in Proceedings of NeurIPS 2021 Main Conference');
    expect(page!.abstract).toMatch(/^World models improve a learning agent's ability to efficiently operate in interactive and situated environments\./);
    const [other] = arxiv.findPapers(parse(sharedFixture('arxiv/arxiv-abs-2004.10162-2020.html')), new URL('https://arxiv.org/abs/2004.10162'));
    expect(other!.categories).toEqual(['cs.LG', 'cs.CV', 'stat.ML']);
    expect(other!.comments).toBe('Published as a conference paper at ICLR 2020');
    const [headOnly] = arxiv.findPapers(parse(sharedFixture('arxiv/arxiv-abs-1902.02534-head-only-commonmeta.html')), new URL('https://arxiv.org/abs/1902.02534'));
    expect([headOnly!.categories, headOnly!.abstract, headOnly!.comments]).toEqual([undefined, undefined, undefined]);
  });
});
