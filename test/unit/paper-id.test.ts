import { describe, expect, it } from 'vitest';
import { abstractUrl, findPaperIds, isPaperId, toPaperId } from '../../src/shared/paper-id';

describe('toPaperId: every spelling of one paper is one id', () => {
  const same: string[] = [
    '2412.13795',
    '2412.13795v2',
    'arXiv:2412.13795',
    'arxiv:2412.13795v3',
    '  2412.13795 ',
    'https://arxiv.org/abs/2412.13795v2',
    'https://arxiv.org/abs/2412.13795',
    'http://arxiv.org/abs/2412.13795?context=cs',
    'https://arxiv.org/abs/2412.13795#comments',
    '/abs/2412.13795',
    '/pdf/2412.13795',
    '/pdf/2412.13795v1.pdf',
    'https://arxiv.org/pdf/2412.13795',
    'https://arxiv.org/pdf/2412.13795v1.pdf',
    '/html/2412.13795v1',
    'https://arxiv.org/html/2412.13795v1/',
    'https://arxiv.org/html/2412.13795v1/x1.png',
    'https://export.arxiv.org/abs/2412.13795',
    'https://www.arxiv.org/abs/2412.13795',
    'arxiv.org/abs/2412.13795',
    'https://huggingface.co/papers/2412.13795',
    '/papers/2412.13795',
    'https://alphaxiv.org/abs/2412.13795',
    'https://www.alphaxiv.org/abs/2412.13795v2',
    '10.48550/arXiv.2412.13795',
    'doi:10.48550/arXiv.2412.13795',
    'https://doi.org/10.48550/arXiv.2412.13795',
    'https://doi.org/10.48550/arxiv.2412.13795',
  ];
  for (const spelling of same) {
    it(`${JSON.stringify(spelling)} → arxiv:2412.13795`, () => {
      expect(toPaperId(spelling)).toBe('arxiv:2412.13795');
    });
  }

  const others: Array<[string, string]> = [
    ['0704.0001', 'arxiv:0704.0001'],
    ['1412.9999v3', 'arxiv:1412.9999'],
    ['1501.00001', 'arxiv:1501.00001'],
    ['hep-th/9711200', 'arxiv:hep-th/9711200'],
    ['hep-th/9711200v2', 'arxiv:hep-th/9711200'],
    ['HEP-TH/9711200', 'arxiv:hep-th/9711200'],
    ['math.GT/0309136', 'arxiv:math/0309136'],
    ['math/0309136', 'arxiv:math/0309136'],
    ['cond-mat/0612345', 'arxiv:cond-mat/0612345'],
    ['https://arxiv.org/abs/hep-th/9711200v2', 'arxiv:hep-th/9711200'],
    ['https://arxiv.org/pdf/math.GT/0309136v1.pdf', 'arxiv:math/0309136'],
    ['/abs/cond-mat/0612345', 'arxiv:cond-mat/0612345'],
    ['arXiv:astro-ph/9205001', 'arxiv:astro-ph/9205001'],
  ];
  for (const [spelling, id] of others) {
    it(`${JSON.stringify(spelling)} → ${id}`, () => {
      expect(toPaperId(spelling)).toBe(id);
    });
  }
});

describe('toPaperId: anything else is not a paper id', () => {
  const wrong: unknown[] = [
    '',
    '   ',
    null,
    undefined,
    42,
    'hello',
    '2412.1379', // too short a number for 2024
    '2412.137955', // too long
    '1412.12345', // 5 digits before 2015
    '1501.0001', // 4 digits from 2015
    '0703.0001', // before the new scheme
    '2413.12345', // month 13
    '2400.12345', // month 0
    '2412.13795v', // dangling version
    '2412.13795vx',
    'foo/9711200', // not an archive
    'hep-th/971120', // too short
    'hep-th/0801001', // old scheme ended 0703
    'hep-th/9713001', // month 13
    'https://example.com/abs/2412.13795',
    'https://arxiv.org/list/cs.LG/new',
    'https://arxiv.org/abs/',
    'https://huggingface.co/papers',
    'https://huggingface.co/papers/trending',
    'https://huggingface.co/papers/date/2024-08-01',
    'https://huggingface.co/datasets/2412.13795',
    '/papers/2412.13795/comments',
    'https://doi.org/10.1000/xyz123',
    '10.48550/arXiv.nope',
    'javascript:alert(1)',
    'arxiv:2412.13795 and more',
    'x'.repeat(5000),
  ];
  for (const input of wrong) {
    it(`${JSON.stringify(input)?.slice(0, 60)} → null`, () => {
      expect(toPaperId(input as string)).toBeNull();
    });
  }
});

describe('isPaperId and abstractUrl', () => {
  it('accepts only canonical keys', () => {
    expect(isPaperId('arxiv:2412.13795')).toBe(true);
    expect(isPaperId('arxiv:hep-th/9711200')).toBe(true);
    expect(isPaperId('arxiv:2412.13795v2')).toBe(false);
    expect(isPaperId('2412.13795')).toBe(false);
    expect(isPaperId('arxiv:math.GT/0309136')).toBe(false);
    expect(isPaperId({})).toBe(false);
  });
  it('points at the abstract page', () => {
    expect(abstractUrl(toPaperId('hep-th/9711200v2')!)).toBe('https://arxiv.org/abs/hep-th/9711200');
  });
});

describe('toPaperId: the spellings real files and pages contain (issue 12)', () => {
  const cases: Array<[string, string]> = [
    ['https://ar5iv.labs.arxiv.org/html/1512.03385', 'arxiv:1512.03385'],
    ['https://ar5iv.org/abs/1512.03385', 'arxiv:1512.03385'],
    ['https://www.alphaxiv.org/overview/1706.03762', 'arxiv:1706.03762'],
    ['https://www.alphaxiv.org/audio/1706.03762', 'arxiv:1706.03762'],
    ['https://www.alphaxiv.org/replicate/1706.03762v4', 'arxiv:1706.03762'],
    ['http://arxiv.org/abs/arXiv:1310.2590', 'arxiv:1310.2590'],
    ['https://arxiv.org/ftp/cond-mat/papers/0408/0408502.pdf', 'arxiv:cond-mat/0408502'],
    ['https://arxiv.org/ftp/arxiv/papers/1110/1110.2832.pdf', 'arxiv:1110.2832'],
    ['https://arxiv.org/src/2401.12345v2', 'arxiv:2401.12345'],
    ['https://arxiv.org/e-print/2401.12345', 'arxiv:2401.12345'],
    ['https://arxiv.org/ps/1912.03529v1', 'arxiv:1912.03529'],
    ['https://arxiv.org/bibtex/2408.03952', 'arxiv:2408.03952'],
    ['oai:arXiv.org:1912.04616', 'arxiv:1912.04616'],
    ['https://export.arxiv.org/oai2?verb=GetRecord&identifier=oai:arXiv.org:1912.04616&metadataPrefix=arXiv', 'arxiv:1912.04616'],
    ['1709.09354V1', 'arxiv:1709.09354'],
    ['https://arxiv.org/abs/2003.13678//', 'arxiv:2003.13678'],
    ['http://xxx.lanl.gov/abs/1307.1469', 'arxiv:1307.1469'],
    ['/abs?id=adap-org/9303002', 'arxiv:adap-org/9303002'],
    ['/abs?archive=adap-org&papernum=9303002', 'arxiv:adap-org/9303002'],
    ['https://ui.adsabs.harvard.edu/abs/2022arXiv220801611B', 'arxiv:2208.01611'],
    ['https://ui.adsabs.harvard.edu/abs/2013arXiv1307.1469P/abstract', 'arxiv:1307.1469'],
    ['hep-th//9901001', 'arxiv:hep-th/9901001'],
    ['hep-th/1601.07616', 'arxiv:1601.07616'],
  ];
  for (const [spelling, id] of cases) {
    it(`${JSON.stringify(spelling)} → ${id}`, () => expect(toPaperId(spelling)).toBe(id));
  }
  const none = [
    'https://arxiv.org/abs/2401.12345v0', // versions start at 1
    '0704.0000', // number 0000 is never issued
    'hep-lat/9108000', // nor 000
    'hep-lat/9107001', // July 1991: before arXiv began (August 1991)
    'arXiv:astro-ph/9105001',
    'https://user:pw@arxiv.org/abs/2401.12345', // userinfo: a foreign link dressed as arXiv
    'https://arxiv.org/ftp/cond-mat/papers/0408/0508502.pdf', // the folder and the number disagree
    'https://ui.adsabs.harvard.edu/abs/2020ApJ...900...12S/abstract', // a journal's bibcode
    'ftp://arxiv.org/abs/2401.12345',
  ];
  for (const input of none) it(`${JSON.stringify(input)} → null`, () => expect(toPaperId(input)).toBeNull());
});

describe('findPaperIds: every paper a text names, once, in order', () => {
  it('reads reference strings, prefixes, stamps, brackets, punctuation and no-break spaces', () => {
    const text = [
      'ATLAS Collaboration, arXiv:1205.0701. ATLAS Collaboration, ATLAS-CONF-2012-078.',
      'arXiv:0706.0001v1 [q-bio.CB] 1 Jun 2007',
      'arXiv preprint arXiv:2002.10248',
      '<https://arxiv.org/abs/2401.12345>, see also math.GT/0309136.',
      'Example:\u00a0arXiv:1501.00001v2\u00a0and arXiv:2005. 14165 [cs] (Google Scholar spacing)',
      'again https://huggingface.co/papers/1205.0701 and 10.48550/arXiv.2304.02112',
    ].join('\n');
    expect(findPaperIds(text)).toEqual([
      'arxiv:1205.0701',
      'arxiv:0706.0001',
      'arxiv:2002.10248',
      'arxiv:2401.12345',
      'arxiv:math/0309136',
      'arxiv:1501.00001',
      'arxiv:2005.14165',
      'arxiv:2304.02112',
    ]);
  });

  it('finds nothing where a number only looks like an id', () => {
    for (const text of [
      'Pspin=1008.3408s',
      'HJD=2450274.4156+/-0.0009',
      '2451435.4353',
      '10.2310/7290.2014.00033',
      '10.1049/el.2013.3006',
      'https://github.com/arxiv/2401.12345',
      'https://example.com/abs/1709.04466v1',
      'version 0707.123456',
      '0705.35950705.3595v1/',
    ]) {
      expect(findPaperIds(text), text).toEqual([]);
    }
  });

  it('splits two links joined by an escaped newline', () => {
    expect(findPaperIds('arxiv.org/abs/1511.07289%5Cnhttp://arxiv.org/abs/1606.03498')).toEqual(['arxiv:1511.07289', 'arxiv:1606.03498']);
  });
});
