import { beforeAll, describe, expect, it } from 'vitest';
import { HOST_TAG } from '../../../src/content/host';
import { links } from '../../../src/sites/links';
import { adapterFor } from '../../../src/sites/registry';
import { hasShared, ownFixture, SHARED_MISSING, sharedFixture } from '../../harness/fixtures';

const BLOG = new URL('https://blog.example.org/2026/07/reading-list');

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** [id, title, the href of the link the host goes after] for each occurrence. */
function summary(doc: Document, url: URL) {
  return links.findPapers(doc, url).map((o) => [o.id, o.title, o.anchor.getAttribute('href')]);
}

beforeAll(() => {
  // happy-dom reports every stylesheet a saved page links to as a failed load; they are not needed.
  const win = window as unknown as { happyDOM?: { settings?: { handleDisabledFileLoadingAsSuccess: boolean } } };
  if (win.happyDOM?.settings) win.happyDOM.settings.handleDisabledFileLoadingAsSuccess = true;
});

describe('links: the generic adapter', () => {
  it('comes last in the registry and takes any page the others do not', () => {
    expect(links.matches(BLOG)).toBe(true);
    expect(adapterFor(BLOG)).toBe(links);
    expect(adapterFor(new URL('https://huggingface.co/papers'))).not.toBe(links);
  });
});

describe('links on a blog post (test/fixtures/links-blog.html)', () => {
  it('one occurrence per distinct paper, at its first link, in page order', () => {
    expect(summary(parse(ownFixture('links-blog.html')), BLOG)).toEqual([
      ['arxiv:1706.03762', 'Attention Is All You Need', 'https://arxiv.org/abs/1706.03762'],
      ['arxiv:2407.21783', '', 'https://huggingface.co/papers/2407.21783'],
      ['arxiv:2310.03714', 'DSPy: Compiling Declarative Language Model Calls into Self-Improving Pipelines',
        'https://doi.org/10.48550/arXiv.2310.03714'],
    ]);
  });

  it('the abs link and the pdf link beside it are one paper; the host goes after the abs link', () => {
    const doc = parse(ownFixture('links-blog.html'));
    const attention = links.findPapers(doc, BLOG).filter((o) => o.id === 'arxiv:1706.03762');
    expect(attention).toHaveLength(1);
    expect(attention[0]!.anchor).toBe(doc.querySelector('a[href="https://arxiv.org/abs/1706.03762"]'));
  });

  it('a title found on a later link fills in when the first link is a DOI or a URL', () => {
    const dspy = links.findPapers(parse(ownFixture('links-blog.html')), BLOG).find((o) => o.id === 'arxiv:2310.03714')!;
    expect(dspy.anchor.textContent).toBe('10.48550/arXiv.2310.03714');
    expect(dspy.title).toBe('DSPy: Compiling Declarative Language Model Calls into Self-Improving Pipelines');
  });

  it(`a link inside Margin's own <${HOST_TAG}> is not the page's and is ignored`, () => {
    const doc = parse(ownFixture('links-blog.html'));
    expect(doc.querySelector(`${HOST_TAG} a[href="https://arxiv.org/abs/2106.09608"]`)).not.toBeNull();
    const ids = links.findPapers(doc, BLOG).map((o) => o.id);
    expect(ids).toHaveLength(3);
    expect(ids).not.toContain('arxiv:2106.09608');
  });

  it('links that are not papers get nothing: /list/, arxiv.org, trending, the blog’s own /abs/, mailto, javascript:', () => {
    const doc = parse(ownFixture('links-blog.html'));
    const anchors = new Set(links.findPapers(doc, BLOG).map((o) => o.anchor));
    expect(anchors.size).toBe(3);
    const notPapers = ['https://arxiv.org/list/cs.LG/new', 'https://arxiv.org/', 'https://huggingface.co/papers/trending',
      '/abs/1706.03762', 'https://github.com/stanfordnlp/dspy', 'javascript:void(0)', '', 'mailto:me@example.org', '#top'];
    for (const href of notPapers) {
      const a = doc.querySelector(`a[href="${href}"]`);
      expect(a, href).not.toBeNull();
      expect(anchors.has(a!), href).toBe(false);
    }
  });

  it('reading the page leaves it as it was', () => {
    const doc = parse(ownFixture('links-blog.html'));
    const before = doc.documentElement.outerHTML;
    expect(links.findPapers(doc, BLOG)).toHaveLength(3);
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});

describe('links: what counts as a title', () => {
  const cases: Array<[string, string]> = [
    ['pdf', ''],
    ['[PDF]', ''],
    ['[PDF] arxiv.org', ''],
    ['arXiv', ''],
    ['Read Paper', ''],
    ['View arXiv page', ''],
    ['2106.09608', ''],
    ['arXiv:2106.09608v2', ''],
    ['arXiv:2106.09608 [cs.CL]', ''],
    ['10.48550/arXiv.2106.09608', ''],
    ['https://arxiv.org/abs/2106.09608', ''],
    ['arxiv.org/abs/2106.09608', ''],
    ['Attention Is All You Need', 'Attention Is All You Need'],
    ['  GPT-4.5 System\n   Card ', 'GPT-4.5 System Card'],
    ['<script>alert(1)</script> as a title', '<script>alert(1)</script> as a title'],
  ];
  for (const [text, title] of cases) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(title)}`, () => {
      const doc = parse('<p><a href="https://arxiv.org/abs/2106.09608"></a></p>');
      doc.querySelector('a')!.textContent = text;
      expect(links.findPapers(doc, BLOG).map((o) => o.title)).toEqual([title]);
    });
  }
});

describe('links: relative links and pages without papers', () => {
  it('relative /abs/ links are papers where they resolve to arXiv, and not elsewhere', () => {
    const doc = parse('<a href="/abs/1706.03762">Attention Is All You Need</a> <a href="/pdf/1706.03762">pdf</a>');
    expect(links.findPapers(doc, new URL('https://arxiv.org/list/cs.CL/new')).map((o) => o.id)).toEqual(['arxiv:1706.03762']);
    expect(links.findPapers(doc, BLOG)).toEqual([]);
  });

  it('a <base href> on arXiv makes relative links papers on another host', () => {
    const doc = parse('<head><base href="https://arxiv.org/"></head><body><a href="abs/1706.03762">x</a></body>');
    expect(links.findPapers(doc, BLOG).map((o) => o.id)).toEqual(['arxiv:1706.03762']);
  });

  it('an empty page gives nothing; a malformed href is skipped without throwing', () => {
    expect(links.findPapers(parse(''), BLOG)).toEqual([]);
    const doc = parse('<a href="http://[bad">y</a><a href="https://example.org/">x</a><a href="https://arxiv.org/abs/1706.03762">z</a>');
    expect(links.findPapers(doc, BLOG).map((o) => o.id)).toEqual(['arxiv:1706.03762']);
  });
});

const skipNote = hasShared ? '' : ` (skipped: ${SHARED_MISSING})`;

describe('links on saved pages of other sites', () => {
  // What a user who turned Margin on for these sites should get: none of them links an arXiv
  // paper (their papers are ACL Anthology and ACM ones), so nothing, although each links papers.
  const NOTHING = [
    {
      file: 'others/google-scholar-search-2016-05-14.html',
      url: 'https://scholar.google.co.jp/scholar?q=%22Learning+deep+architectures+for+AI%22',
      own: ['http://dl.acm.org/citation.cfm?id=1658424'],
      into: '.gs_r',
    },
    {
      file: 'others/acl-anthology-author-andreas-madsack.html',
      url: 'https://aclanthology.org/people/andreas-madsack/',
      own: ['https://aclanthology.org/W19-4201.pdf', 'https://aclanthology.org/K18-3004.pdf'],
      into: 'body',
    },
    {
      file: 'others/acl-anthology-paper-2021.naacl-main.208.html',
      url: 'https://aclanthology.org/2021.naacl-main.208/',
      own: ['https://doi.org/10.18653/v1/2021.naacl-main.208', 'https://aclanthology.org/2021.naacl-main.208.pdf'],
      into: 'body',
    },
  ];
  for (const { file, url, own, into } of NOTHING) {
    const name = file.split('/')[1];
    it.skipIf(!hasShared)(`${name}: no arXiv links, so nothing; an arXiv link added to it is found${skipNote}`, () => {
      const doc = parse(sharedFixture(file));
      for (const href of own) expect(doc.querySelector(`a[href="${href}"]`), href).not.toBeNull();
      expect(links.findPapers(doc, new URL(url))).toEqual([]);

      // The page's own structure does not hide links from the adapter.
      const a = doc.createElement('a');
      a.href = 'https://arxiv.org/abs/1206.5538';
      a.textContent = 'Representation Learning: A Review and New Perspectives';
      doc.querySelector(into)!.append(a);
      expect(summary(doc, new URL(url))).toEqual([
        ['arxiv:1206.5538', 'Representation Learning: A Review and New Perspectives', 'https://arxiv.org/abs/1206.5538'],
      ]);
    });
  }

  it.skipIf(!hasShared)(`paperswithcode-method-vae-2024-12.html: the method's source paper, once${skipNote}`, () => {
    const doc = parse(sharedFixture('others/paperswithcode-method-vae-2024-12.html'));
    // Two links to it ("Auto-Encoding Variational Bayes" and "Read Paper"): one occurrence.
    expect(doc.querySelectorAll('a[href*="arxiv.org/abs/1312.6114"]')).toHaveLength(2);
    expect(summary(doc, new URL('https://paperswithcode.com/method/vae'))).toEqual([
      ['arxiv:1312.6114', 'Auto-Encoding Variational Bayes', 'http://arxiv.org/abs/1312.6114v10'],
    ]);
  });
});
