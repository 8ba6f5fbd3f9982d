import { describe, expect, it } from 'vitest';
import { abstractUrl, isPaperId, toPaperId } from '../../src/shared/paper-id';

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
    ['arXiv:astro-ph/9105001', 'arxiv:astro-ph/9105001'],
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
