/**
 * The query language of triage rules (README, "Rules"): words, "phrases", `word*` prefixes,
 * fields (author: title: abstract: comments: cat:), `-` or NOT, OR, AND (also by juxtaposition,
 * binding tighter than OR), parentheses and /regular expressions/.
 *
 * A query compiles once into a closure; an entry is prepared once for all rules, each part on
 * first use: its text folded (` word word `) with a Bloom filter of its words, its authors by
 * surname. A word absent from an entry, the usual case, costs two bit tests rather than a
 * search of a 1,500-character abstract. Bundled into the content script: no dependencies.
 */
import type { RuleSubject } from './types';

export class QueryError extends Error {
  /** `position`: 0-based index into the query; the message says it too, counted from 1. */
  constructor(message: string, readonly position: number) {
    super(message);
    this.name = 'QueryError';
  }
}

type TextField = 'title' | 'abstract' | 'comments' | 'text';
type Field = TextField | 'author' | 'cat';

export type Matcher = (p: PreparedSubject) => boolean;

// Letters NFKD leaves whole, folded as a reader types them on an English keyboard.
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const ASCII = /^[\x00-\x7f]*$/;

/** Lower case, accents off (NFKD, marks dropped), anything but letters and digits → one space. */
export function fold(s: string): string {
  s = s.toLowerCase();
  // Most text is ASCII, or is once its accents are off: the Unicode classes are slower.
  if (!ASCII.test(s)) s = s.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[ßæœøłđðþı]/g, (c) => SPECIAL[c]!);
  return (ASCII.test(s) ? s.replace(/[^a-z0-9]+/g, ' ') : s.replace(/[^\p{L}\p{N}]+/gu, ' ')).trim();
}

const SUFFIX = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
/** Words before a surname ("L. van der Maaten"): never a first initial. */
const PARTICLE = new Set(['van', 'von', 'der', 'den', 'ter', 'ten', 'zu', 'vander', 'del', 'della', 'dos', 'das', 'bin', 'ibn']);
/** Particles that are also given names ("Le Song", "Da Li"): particles only in lower case. */
const WEAK = new Set(['de', 'di', 'da', 'du', 'des', 'le', 'la', 'st']);

/** A name's words (split at spaces, dots, commas), without suffixes and bare punctuation. */
function words(s: string): string[] {
  return s.split(/[\s.,]+/).filter((w) => {
    const l = w.toLowerCase();
    // Plain ASCII words, most of them, need no folding to be known as words.
    return (/^[a-z]+$/.test(l) || fold(w)) && !SUFFIX.has(l);
  });
}

/**
 * "Yann LeCun", "Y. LeCun", "LeCun, Yann", "LeCun Y." → ['lecun', 'y']. The surname is what
 * comes before a comma, else the last word before any trailing initials; of a hyphenated or
 * particled surname only the last part counts ("Sznajd-Weron" → weron). '' when no initial.
 */
function nameOf(name: string): [surname: string, initial: string] | null {
  const plain = name.includes('(') ? name.replace(/\([^)]*\)/g, ' ') : name;
  const comma = plain.indexOf(',');
  let family = words(comma < 0 ? plain : plain.slice(0, comma));
  let given = comma < 0 ? [] : words(plain.slice(comma + 1));
  if (!given.length) {
    let end = family.length;
    while (end > 1 && (family[end - 1]!.length === 1 || fold(family[end - 1]!).length === 1)) end--;
    given = [...family.slice(0, end - 1), ...family.slice(end)];
    family = family.slice(0, end);
  }
  const surname = fold(family.at(-1) ?? '').split(' ').pop();
  if (!surname) return null;
  const first = given.find((w) => {
    const l = w.toLowerCase();
    return !PARTICLE.has(l) && !(WEAK.has(l) && w === l);
  });
  return [surname, first ? fold(first).charAt(0) : ''];
}

/** `lecun y` for every spelling of Yann LeCun; the surname alone for a name without a given name. */
export function authorKey(name: string): string | null {
  const n = nameOf(name);
  return n && (n[1] ? `${n[0]} ${n[1]}` : n[0]);
}

// FNV-1a over char codes, the same for the page's words and the query's.
const SEED = 0x811c9dc5 | 0;
const STARTS = 0x5bd1e995; // word starts hash apart from whole words
const step = (h: number, c: number) => Math.imul(h ^ c, 16777619);
const hash = (w: string) => {
  let h = SEED;
  for (let k = 0; k < w.length; k++) h = step(h, w.charCodeAt(k));
  return h;
};
const bit = (b: Uint32Array, x: number) => b[(x >>> 5) & 63]! & (1 << (x & 31));
const inBloom = (b: Uint32Array, h: number) => bit(b, h & 2047) !== 0 && bit(b, h >>> 16) !== 0;

/** Adds the words of folded text, and the first four letters of longer ones, to a filter. */
function addWords(b: Uint32Array, text: string): void {
  const add = (h: number) => {
    b[(h >>> 5) & 63]! |= 1 << (h & 31);
    b[(h >>> 21) & 63]! |= 1 << ((h >>> 16) & 31);
  };
  let h = SEED;
  let n = 0;
  for (let k = 0; k <= text.length; k++) {
    const c = k < text.length ? text.charCodeAt(k) : 32;
    if (c === 32) {
      if (n) add(h);
      h = SEED;
      n = 0;
    } else {
      h = step(h, c);
      if (++n === 4) add(h ^ STARTS);
    }
  }
}

/**
 * An entry as rules read it. Each part is made on first use and kept for every rule: a rule
 * set of authors and categories (the usual one) never folds a 1,500-character abstract.
 */
export class PreparedSubject {
  #folded?: Record<TextField, string> & { bloom: Uint32Array };
  #authors?: Map<string, string>;
  #cats?: string[];
  #raw?: string;

  constructor(readonly subject: RuleSubject) {}

  /** Each field folded and padded (` word word `), `text` the three joined by `|` (no phrase
   *  runs from one field into the next), and a Bloom filter of their words (no false "absent"). */
  get folded(): Record<TextField, string> & { bloom: Uint32Array } {
    if (this.#folded) return this.#folded;
    const s = this.subject;
    const bloom = new Uint32Array(64);
    const [title, abstract, comments] = [s.title, s.abstract ?? '', s.comments ?? ''].map((t) => {
      const f = fold(t);
      addWords(bloom, f);
      return ` ${f} `;
    }) as [string, string, string];
    return (this.#folded = { title, abstract, comments, text: `${title}|${abstract}|${comments}`, bloom });
  }

  /** The page's own text, for regular expressions (`text`: the three fields, one a line). */
  raw(field: TextField): string {
    const s = this.subject;
    if (field !== 'text') return (field === 'title' ? s.title : s[field]) ?? '';
    return (this.#raw ??= `${s.title}\n${s.abstract ?? ''}\n${s.comments ?? ''}`);
  }

  /** Surname → the first initials of the authors with it ('.' for one without). */
  get authors(): Map<string, string> {
    if (this.#authors) return this.#authors;
    const map = new Map<string, string>();
    for (const a of this.subject.authors) {
      const n = nameOf(a);
      if (n) map.set(n[0], (map.get(n[0]) ?? '') + (n[1] || '.'));
    }
    return (this.#authors = map);
  }

  /** The categories lower-cased. */
  get cats(): string[] {
    return (this.#cats ??= this.subject.categories.map((c) => c.toLowerCase()));
  }
}

export const prepareSubject = (s: RuleSubject): PreparedSubject => new PreparedSubject(s);

/**
 * Words (the last one a start, for a prefix) in a row on word boundaries: the Bloom filter
 * rules out most entries; the rest are searched from the first letter, not the space before
 * it, which would stop the string search at every word.
 */
function textTest(folded: string, prefix: boolean, field: TextField): Matcher {
  const ws = folded.split(' ');
  const hashes: number[] = [];
  ws.forEach((w, k) => {
    if (!prefix || k < ws.length - 1) hashes.push(hash(w));
    else if (w.length >= 4) hashes.push(hash(w.slice(0, 4)) ^ STARTS);
  });
  const needle = prefix ? folded : `${folded} `;
  return (p) => {
    const f = p.folded;
    for (const h of hashes) if (!inBloom(f.bloom, h)) return false;
    const t = f[field];
    for (let k = t.indexOf(needle, 1); k > 0; k = t.indexOf(needle, k + 1)) if (t.charCodeAt(k - 1) === 32) return true;
    return false;
  };
}

/** The surname agrees (or starts so), and the first initial when both sides give one. */
function authorTest([surname, initial]: [string, string], prefix: boolean): Matcher {
  const fits = (ini: string | undefined) => ini !== undefined && (!initial || ini.includes(initial) || ini.includes('.'));
  if (!prefix) return (p) => fits(p.authors.get(surname));
  return (p) => [...p.authors].some(([s, ini]) => s.startsWith(surname) && fits(ini));
}

/** `cs.LG` exactly; `cs` the archive and its subjects; `hep-*` a glob. */
function categoryTest(pattern: string): Matcher {
  if (pattern.includes('*')) {
    const re = new RegExp(`^${pattern.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return (p) => p.cats.some((c) => re.test(c));
  }
  if (pattern.includes('.')) return (p) => p.cats.includes(pattern);
  return (p) => p.cats.some((c) => c === pattern || c.startsWith(`${pattern}.`));
}

const FIELDS = new Set(['author', 'title', 'abstract', 'comments', 'cat']);
const short = (s: string) => (s.length > 24 ? `${s.slice(0, 24)}…` : s);
const anyOf = (ms: Matcher[]): Matcher => (ms.length === 1 ? ms[0]! : (p) => ms.some((m) => m(p)));
const allOf = (ms: Matcher[]): Matcher => (ms.length === 1 ? ms[0]! : (p) => ms.every((m) => m(p)));

/** Compiles a query, or throws QueryError saying what is wrong and where. */
export function compileQuery(q: string): Matcher {
  let i = 0;
  const fail = (message: string, at: number, detail = ''): never => {
    throw new QueryError(`${message} at character ${at + 1}${detail && `: ${detail}`}`, at);
  };
  const skip = () => {
    while (/\s/.test(q.charAt(i))) i++;
  };
  const wordEnd = (j: number) => {
    while (j < q.length && !/[\s()"]/.test(q[j]!)) j++;
    return j;
  };
  const keyword = () => /^(OR|AND|NOT)$/.exec(q.slice(i, wordEnd(i)))?.[0];
  /** Whether a term starts here (not the end, a `)`, OR or AND). */
  const termAhead = () => (skip(), i < q.length && q[i] !== ')' && keyword() !== 'OR' && keyword() !== 'AND');

  const term = (raw: string, field: Field, at: number): Matcher => {
    const prefix = raw.endsWith('*');
    if (field === 'cat') {
      const pattern = raw.trim().toLowerCase();
      return pattern ? categoryTest(pattern) : fail('No category in ""', at);
    }
    if (field === 'author') {
      const name = nameOf(raw);
      return name ? authorTest(name, prefix) : fail(`No name in "${short(raw)}"`, at);
    }
    const folded = fold(raw);
    return folded ? textTest(folded, prefix, field) : fail(`Nothing to match in "${short(raw)}"`, at);
  };

  const regex = (field: Field, at: number): Matcher => {
    let j = i + 1;
    while (j < q.length && q[j] !== '/') j += q[j] === '\\' ? 2 : 1;
    if (j >= q.length) fail(`Unclosed regular expression /${short(q.slice(i + 1))}`, at);
    const body = q.slice(i + 1, j);
    if (!body) fail('Empty regular expression //', at);
    i = j + 1;
    while (/[a-z]/i.test(q.charAt(i))) i++;
    const flags = q.slice(j + 1, i);
    const bad = /[^iusm]/.exec(flags);
    if (bad) fail(`Unknown flag "${bad[0]}" after /${short(body)}/ (use i, u, s or m)`, j + 1 + bad.index);
    let re!: RegExp;
    try {
      re = new RegExp(body, [...new Set(`${flags}i`)].join(''));
    } catch (err) {
      fail(`Bad regular expression /${short(body)}/`, at, String((err as Error).message).split(': ').pop());
    }
    if (field === 'author') return (p) => p.subject.authors.some((a) => re.test(a));
    if (field === 'cat') return (p) => p.subject.categories.some((c) => re.test(c));
    return (p) => re.test(p.raw(field));
  };

  const primary = (field: Field): Matcher => {
    skip();
    const at = i;
    const k = keyword();
    if (k === 'OR' || k === 'AND') fail(`${k} with nothing before it`, at);
    const named = /([A-Za-z]+):/y;
    named.lastIndex = i;
    const m = named.exec(q);
    if (m && FIELDS.has(m[1]!.toLowerCase())) {
      i += m[0].length;
      if (/^[\s)]?$/.test(q.charAt(i))) fail(`${m[0]} with nothing after it`, at);
      return unary(m[1]!.toLowerCase() as Field);
    }
    // `arXiv:2401.00001` and `https://…` are words; `autor:lecun` is a mistake.
    if (m && !/^(\d|\/\/)/.test(q.slice(i + m[0].length))) {
      fail(`Unknown field "${m[0]}" (use author:, title:, abstract:, comments:, cat:)`, at);
    }
    if (q[i] === '(') {
      i++;
      skip();
      if (q[i] === ')') fail('Nothing inside ( )', at);
      if (i >= q.length) fail('Missing ) to close the (', at);
      const inner = or(field);
      skip();
      if (q[i] !== ')') fail('Missing ) to close the (', at);
      i++;
      return inner;
    }
    if (q[i] === '"') {
      const end = q.indexOf('"', i + 1);
      if (end < 0) fail(`Unclosed quote "${short(q.slice(i + 1))}"`, at);
      i = end + 1;
      return term(q.slice(at + 1, end), field, at);
    }
    if (q[i] === '/') return regex(field, at);
    i = wordEnd(i);
    return term(q.slice(at, i), field, at);
  };

  const unary = (field: Field): Matcher => {
    skip();
    const at = i;
    if (q[i] === '-') {
      i++;
      if (/^[\s)]?$/.test(q.charAt(i))) fail('- with nothing after it', at);
    } else if (keyword() === 'NOT') {
      i += 3;
      if (!termAhead()) fail('NOT with nothing after it', at);
    } else {
      return primary(field);
    }
    const m = unary(field);
    return (p) => !m(p);
  };

  const and = (field: Field): Matcher => {
    const parts = [unary(field)];
    for (;;) {
      skip();
      if (keyword() === 'AND') {
        const at = i;
        i += 3;
        if (!termAhead()) fail('AND with nothing after it', at);
      } else if (!termAhead()) break;
      parts.push(unary(field));
    }
    return allOf(parts);
  };

  const or = (field: Field): Matcher => {
    const parts = [and(field)];
    while ((skip(), keyword() === 'OR')) {
      const at = i;
      i += 2;
      if (!termAhead()) fail('OR with nothing after it', at);
      parts.push(and(field));
    }
    return anyOf(parts);
  };

  if (!q.trim()) throw new QueryError('Empty query', 0);
  const top = or('text');
  if (i < q.length) fail('Unexpected ) (no ( before it)', i);
  return top;
}
