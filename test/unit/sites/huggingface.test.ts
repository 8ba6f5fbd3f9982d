import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toPaperId } from '../../../src/shared/paper-id';
import { huggingface } from '../../../src/sites/huggingface';
import { hasShared, ownFixture, SHARED_MISSING, sharedFixture } from '../../harness/fixtures';

const LISTING = new URL('https://huggingface.co/papers');
const XSS_TITLE = 'Robust <img src=x onerror=alert(1)> parsing of <script>alert(1)</script> tags';

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

beforeAll(() => {
  // happy-dom reports every stylesheet a saved page links to as a failed load; they are not needed.
  const win = window as unknown as { happyDOM?: { settings?: { handleDisabledFileLoadingAsSuccess: boolean } } };
  if (win.happyDOM?.settings) win.happyDOM.settings.handleDisabledFileLoadingAsSuccess = true;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('huggingface.matches', () => {
  const yes = [
    'https://huggingface.co/papers',
    'https://huggingface.co/papers/',
    'https://huggingface.co/papers?q=diffusion',
    'https://huggingface.co/papers/date/2026-07-02',
    'https://huggingface.co/papers/week/2026-W27',
    'https://huggingface.co/papers/month/2026-07',
    'https://huggingface.co/papers/trending',
    'https://huggingface.co/papers/2407.21783',
  ];
  const no = [
    'https://huggingface.co/',
    'https://huggingface.co/models',
    'https://huggingface.co/papersfoo',
    'https://huggingface.co/akhaliq',
    'https://huggingface.co/collections/akhaliq/daily-picks',
    'https://huggingface.co/spaces/librarian-bots/recommend_similar_papers',
    'https://arxiv.org/papers',
    'https://huggingface.co.example.com/papers',
  ];
  for (const u of yes) it(`is on for ${u}`, () => expect(huggingface.matches(new URL(u))).toBe(true));
  for (const u of no) it(`is off for ${u}`, () => expect(huggingface.matches(new URL(u))).toBe(false));
});

/** What the saved page says, read without the adapter: ids from the raw HTML, metadata from the JSON. */
function expectedFrom(html: string, doc: Document) {
  const ids = [...html.matchAll(/<h3[^>]*>\s*<a href="\/papers\/([^"#?/]+)"/g)].map((m) => `arxiv:${m[1]}`);
  const props = JSON.parse(doc.querySelector('[data-target="DailyPapers"]')!.getAttribute('data-props')!) as {
    dailyPapers: Array<{ paper: { id: string; title: string; authors: Array<{ name: string }> } }>;
  };
  const meta = props.dailyPapers.map(({ paper }) => ({
    id: `arxiv:${paper.id}`,
    title: paper.title.replace(/\s+/g, ' ').trim(),
    authors: paper.authors.map((a) => a.name),
  }));
  return { ids, meta };
}

const SAVED = [
  { file: 'huggingface/hf-papers-daily-2024-08-01.html', count: 13, markup: 'older markup' },
  { file: 'huggingface/hf-papers-daily-2026-07-02.html', count: 31, markup: 'current markup' },
];
const skipNote = hasShared ? '' : ` (skipped: ${SHARED_MISSING})`;

describe('huggingface on saved listings', () => {
  for (const { file, count, markup } of SAVED) {
    const name = file.split('/')[1];
    it.skipIf(!hasShared)(`${name} (${markup}): exactly ${count} papers, ids in page order${skipNote}`, () => {
      const html = sharedFixture(file);
      const doc = parse(html);
      const { ids, meta } = expectedFrom(html, doc);
      expect(ids).toHaveLength(count);
      expect(meta.map((m) => m.id)).toEqual(ids); // the page's JSON and its cards agree
      const found = huggingface.findPapers(doc, LISTING);
      expect(found.map((o) => o.id)).toEqual(ids);
    });

    it.skipIf(!hasShared)(`${name}: titles and authors from the page's JSON${skipNote}`, () => {
      const html = sharedFixture(file);
      const doc = parse(html);
      const { meta } = expectedFrom(html, doc);
      const found = huggingface.findPapers(doc, LISTING);
      expect(found.map((o) => o.title)).toEqual(meta.map((m) => m.title));
      expect(found.map((o) => o.authors)).toEqual(meta.map((m) => m.authors));
      for (const o of found) expect(o.authors!.length).toBeGreaterThan(0);
    });

    it.skipIf(!hasShared)(`${name}: the host goes after each card's h3, the card is the container${skipNote}`, () => {
      const doc = parse(sharedFixture(file));
      const found = huggingface.findPapers(doc, LISTING);
      const cards = [...doc.querySelectorAll('article')];
      expect(found.map((o) => o.container)).toEqual(cards.map((c) => [c]));
      for (const o of found) {
        expect(o.anchor.tagName).toBe('H3');
        expect(o.container![0]!.contains(o.anchor)).toBe(true);
        expect(toPaperId(o.anchor.querySelector('a')!.getAttribute('href'))).toBe(o.id);
      }
    });

    it.skipIf(!hasShared)(`${name}: the same cards at every listing URL (week, month, trending, search)${skipNote}`, () => {
      const doc = parse(sharedFixture(file));
      const ids = huggingface.findPapers(doc, LISTING).map((o) => o.id);
      expect(ids).toHaveLength(count);
      for (const u of ['/papers/week/2026-W27', '/papers/month/2026-07', '/papers/trending', '/papers?q=agents', '/papers/date/2026-07-02']) {
        expect(huggingface.findPapers(doc, new URL(u, LISTING)).map((o) => o.id)).toEqual(ids);
      }
    });
  }

  it.skipIf(!hasShared)(`the title comes from the JSON even where the card's text differs${skipNote}`, () => {
    const doc = parse(sharedFixture(SAVED[1]!.file));
    const link = doc.querySelector('article h3 > a')!;
    link.textContent = 'Changed by the page after load';
    const first = huggingface.findPapers(doc, LISTING)[0]!;
    expect(first.title).toBe('PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception');
  });

  it.skipIf(!hasShared)(`the JSON is parsed once per distinct data-props value${skipNote}`, () => {
    const doc = parse(sharedFixture(SAVED[1]!.file));
    const parseSpy = vi.spyOn(JSON, 'parse');
    for (let i = 0; i < 5; i++) huggingface.findPapers(doc, LISTING);
    expect(parseSpy).toHaveBeenCalledTimes(1);

    // In-page navigation replaces the props: the next scan reads the new ones.
    const holder = doc.querySelector('[data-target="DailyPapers"]')!;
    const props = JSON.parse(holder.getAttribute('data-props')!) as { dailyPapers: Array<{ paper: { title: string } }> };
    props.dailyPapers[0]!.paper.title = 'A new day, a new title';
    holder.setAttribute('data-props', JSON.stringify(props));
    parseSpy.mockClear();
    expect(huggingface.findPapers(doc, LISTING)[0]!.title).toBe('A new day, a new title');
    huggingface.findPapers(doc, LISTING);
    expect(parseSpy).toHaveBeenCalledTimes(1);
  });

  it.skipIf(!hasShared)(`reading the page leaves it as it was${skipNote}`, () => {
    const doc = parse(sharedFixture(SAVED[1]!.file));
    const before = doc.documentElement.outerHTML;
    expect(huggingface.findPapers(doc, LISTING)).toHaveLength(31);
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});

describe('huggingface on edge cases (test/fixtures)', () => {
  const EDGE_URL = new URL('https://huggingface.co/papers/date/2026-07-02');

  it('finds every card in page order, a paper listed twice twice', () => {
    const found = huggingface.findPapers(parse(ownFixture('hf-listing-edge-cases.html')), EDGE_URL);
    expect(found.map((o) => [o.id, o.title])).toEqual([
      ['arxiv:2607.00011', 'Sparse Mixture Routing for Long-Context Decoding'],
      ['arxiv:2607.00022', 'Duplicated Across the Page: A Study of Listing Layouts'],
      ['arxiv:2607.00033', XSS_TITLE],
      ['arxiv:2607.00022', 'Duplicated Across the Page: A Study of Listing Layouts'],
      ['arxiv:2607.00044', 'Missing From the Props: A Card Rendered After Hydration'],
    ]);
    const [, dupA, , dupB] = found;
    expect(dupA!.anchor).not.toBe(dupB!.anchor);
    expect(dupA!.container![0]).not.toBe(dupB!.container![0]);
  });

  it('a card missing from the JSON is found from the DOM, its title from the h3', () => {
    const found = huggingface.findPapers(parse(ownFixture('hf-listing-edge-cases.html')), EDGE_URL);
    const missing = found.find((o) => o.id === 'arxiv:2607.00044')!;
    expect(missing.title).toBe('Missing From the Props: A Card Rendered After Hydration');
    expect(missing.authors).toBeUndefined();
    expect(found.find((o) => o.id === 'arxiv:2607.00011')!.authors).toEqual(['Ada Lovelace', 'Alan Turing']);
  });

  it('a title that is markup comes back as the same text, and nothing is created from it', () => {
    const doc = parse(ownFixture('hf-listing-edge-cases.html'));
    const found = huggingface.findPapers(doc, EDGE_URL);
    expect(found.find((o) => o.id === 'arxiv:2607.00033')!.title).toBe(XSS_TITLE);
    expect(doc.querySelectorAll('main img[src="x"], main script')).toHaveLength(0);
  });

  it('broken data-props JSON does not throw: the cards are read from the DOM', () => {
    const doc = parse(ownFixture('hf-listing-broken-json.html'));
    expect(() => JSON.parse(doc.querySelector('[data-props]')!.getAttribute('data-props')!)).toThrow();
    const found = huggingface.findPapers(doc, EDGE_URL);
    expect(found.map((o) => [o.id, o.title, o.authors])).toEqual([
      ['arxiv:2607.00011', 'Sparse Mixture Routing for Long-Context Decoding', undefined],
      ['arxiv:2607.00033', XSS_TITLE, undefined],
    ]);
  });

  it('without any data-props the cards are still found, titled from the DOM', () => {
    const doc = parse(ownFixture('hf-listing-edge-cases.html'));
    doc.querySelector('[data-props]')!.removeAttribute('data-props');
    const found = huggingface.findPapers(doc, EDGE_URL);
    expect(found).toHaveLength(5);
    expect(found[0]!.title).toBe('Sparse Mixture Routing for Long-Context Decoding');
    expect(found.every((o) => o.authors === undefined)).toBe(true);
  });

  it('links that are not papers get nothing: user, org, collection, trending, date, comments outside a card', () => {
    const doc = parse(ownFixture('hf-listing-edge-cases.html'));
    const found = huggingface.findPapers(doc, EDGE_URL);
    expect(found).toHaveLength(5);
    const marked = new Set(found.flatMap((o) => [o.anchor, ...(o.container ?? [])]));
    const notPapers = ['/akhaliq', '/ylecun', '/huggingface', '/JohnsHopkins', '/collections/akhaliq/daily-picks-6677',
      '/papers', '/papers/trending', '/papers/date/2026-07-01', '/papers/week/2026-W27', '/papers/2607.00011#community'];
    for (const href of notPapers) {
      const links = [...doc.querySelectorAll(`a[href="${href}"]`)];
      expect(links.length, href).toBeGreaterThan(0);
      for (const a of links) {
        const card = a.closest('article');
        // Outside a card, or in a card that is not a paper: nothing at all.
        if (!card || !marked.has(card)) expect([...marked].some((el) => el.contains(a)), href).toBe(false);
      }
    }
    // With the paper cards gone, nothing is left to annotate.
    for (const o of found) o.container![0]!.remove();
    expect(huggingface.findPapers(doc, EDGE_URL)).toEqual([]);
  });

  it('search results (/papers?q=diffusion): each result, titled and authored from the JSON', () => {
    const url = new URL('https://huggingface.co/papers?q=diffusion');
    expect(huggingface.matches(url)).toBe(true);
    const found = huggingface.findPapers(parse(ownFixture('hf-search-diffusion.html')), url);
    expect(found.map((o) => [o.id, o.title, o.authors?.length])).toEqual([
      ['arxiv:2112.10752', 'High-Resolution Image Synthesis with Latent Diffusion Models', 5],
      ['arxiv:2006.11239', 'Denoising Diffusion Probabilistic Models', 3],
      ['arxiv:2212.09748', 'Scalable Diffusion Models with Transformers', 2],
    ]);
  });
});

describe('huggingface on a single paper page (test/fixtures/hf-paper-page.html)', () => {
  const PAGE = new URL('https://huggingface.co/papers/2310.03714');

  it('its own paper at the h1, then the related paper cards; comment and arXiv links get nothing', () => {
    const doc = parse(ownFixture('hf-paper-page.html'));
    const found = huggingface.findPapers(doc, PAGE);
    expect(found.map((o) => [o.id, o.title])).toEqual([
      ['arxiv:2310.03714', 'DSPy: Compiling Declarative Language Model Calls into Self-Improving Pipelines'],
      ['arxiv:2308.08784', 'CodeCoT and Beyond: Learning to Program and Test like a Developer'],
      ['arxiv:2309.10814', 'Natural Language Embedded Programs for Hybrid Language Symbolic Reasoning'],
    ]);
    const [main, ...related] = found;
    expect(main!.anchor).toBe(doc.querySelector('h1'));
    expect(main!.container).toBeUndefined();
    for (const o of related) {
      expect(o.anchor.tagName).toBe('H3');
      expect(o.container![0]!.tagName).toBe('ARTICLE');
    }
  });

  it("the main paper's authors come from the page's JSON", () => {
    const main = huggingface.findPapers(parse(ownFixture('hf-paper-page.html')), PAGE)[0]!;
    expect(main.authors).toHaveLength(13);
    expect(main.authors![0]).toBe('Omar Khattab');
    expect(main.authors!.at(-1)).toBe('Christopher Potts');
  });

  it('without the JSON the main paper is still found, titled from the h1', () => {
    const doc = parse(ownFixture('hf-paper-page.html'));
    doc.querySelector('[data-target="PaperContent"]')!.setAttribute('data-props', '{"paper":');
    const main = huggingface.findPapers(doc, PAGE)[0]!;
    expect([main.id, main.title, main.authors]).toEqual([
      'arxiv:2310.03714', 'DSPy: Compiling Declarative Language Model Calls into Self-Improving Pipelines', undefined,
    ]);
  });

  it('the same page at a URL that is not a paper has no main paper', () => {
    const doc = parse(ownFixture('hf-paper-page.html'));
    const ids = huggingface.findPapers(doc, new URL('https://huggingface.co/papers/trending')).map((o) => o.id);
    expect(ids).toEqual(['arxiv:2308.08784', 'arxiv:2309.10814']);
  });
});

describe('huggingface: what rules read (the abstract from the JSON, no categories)', () => {
  for (const { file } of SAVED) {
    it.skipIf(!hasShared)(`${file.split('/')[1]}: each paper's abstract is its summary in the page's JSON${skipNote}`, () => {
      const doc = parse(sharedFixture(file));
      const props = JSON.parse(doc.querySelector('[data-target="DailyPapers"]')!.getAttribute('data-props')!) as {
        dailyPapers: Array<{ paper: { summary: string } }>;
      };
      const summaries = props.dailyPapers.map((d) => d.paper.summary.replace(/\s+/g, ' ').trim());
      const found = huggingface.findPapers(doc, LISTING);
      expect(found.map((o) => o.abstract)).toEqual(summaries);
      for (const o of found) expect(o.categories).toEqual([]);
    });
  }

  it.skipIf(!hasShared)(`a summary read as the page has it${skipNote}`, () => {
    const found = huggingface.findPapers(parse(sharedFixture(SAVED[0]!.file)), LISTING);
    const tora = found.find((o) => o.id === 'arxiv:2407.21705')!;
    expect(tora.abstract).toMatch(/^Recent advancements in Diffusion Transformer \(DiT\) have demonstrated remarkable proficienc/);
  });

  it('the paper page: the main paper\'s summary; a card the JSON lacks has none', () => {
    const main = huggingface.findPapers(parse(ownFixture('hf-paper-page.html')), new URL('https://huggingface.co/papers/2310.03714'))[0]!;
    expect(main.abstract).toBe('The ML community is rapidly exploring techniques for prompting language models…');
    expect(main.categories).toEqual([]);
    const found = huggingface.findPapers(parse(ownFixture('hf-listing-edge-cases.html')), new URL('https://huggingface.co/papers/date/2026-07-02'));
    const missing = found.find((o) => o.id === 'arxiv:2607.00044')!;
    expect([missing.abstract, missing.categories]).toEqual([undefined, []]);
  });
});
