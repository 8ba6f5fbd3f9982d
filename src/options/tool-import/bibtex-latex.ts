/**
 * The LaTeX that reference managers write into titles, names and notes, as text: accents
 * (`M{\"u}ller`, `\'e`, `\c{c}`), letters (`J{\o}rn`, `\ss`), escaped specials (`\&`),
 * braces, and the text ligatures (`--` as –). Each rendered as @retorquere/bibtex-parser
 * renders it, which the tests check case by case against the parser itself: an accent is
 * the letter followed by its combining mark, a macro named by letters swallows the spaces
 * after it, a run of spaces or one line break is one space.
 *
 * Anything else (math, `\emph`, an unknown command, a blank line, `%`) answers null: the
 * caller gives that entry to the parser. That keeps the parser's LaTeX grammar, which costs
 * about half a millisecond a field, for the few entries that need it.
 */

// Letters written as a command, from the parser's table (unicode2latex).
const LETTERS: Record<string, string> = {
  o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', ss: 'ß', l: 'ł', L: 'Ł',
  i: 'ı', j: 'ȷ', dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ',
};

// Text commands for one character (and \relax, nothing), which Zotero writes when a field
// already held LaTeX (`Maga{\textbackslash}{\textasciitilde}na`), from the same table.
const SYMBOLS: Record<string, string> = {
  relax: '', textbackslash: '\\', textasciitilde: '~', textbraceleft: '{', textbraceright: '}',
  textendash: '–', textemdash: '—', texttimes: '×', textquoteleft: '‘', textquoteright: '’',
  textquotedblleft: '“', textquotedblright: '”', textellipsis: '…', ldots: '…', dots: '…', textdegree: '°',
};

// Accents, as the combining mark the parser appends to their letter.
const ACCENTS: Record<string, string> = {
  '`': '\u0300', "'": '\u0301', '^': '\u0302', '~': '\u0303', '=': '\u0304', u: '\u0306', '.': '\u0307',
  '"': '\u0308', r: '\u030a', H: '\u030b', v: '\u030c', d: '\u0323', c: '\u0327', k: '\u0328',
};

const ESCAPED = new Set(['&', '%', '$', '#', '_', '{', '}']);

// The parser's text ligatures, longest first (its table has `<` as ¡ and `>` as ¿, as T1 fonts do).
const LIGATURE = /^(?:---|--|``|''|<<|>>|<|>)/;
const LIGATURE_START = new Set(['-', '`', "'", '<', '>']);
const LIGATURES: Record<string, string> = { '---': '—', '--': '–', '``': '“', "''": '”', '<<': '«', '>>': '»', '<': '¡', '>': '¿' };

// Characters with a meaning this reader does not give: math, comments, alignment, sub/superscripts, ties.
const UNREAD = new Set(['$', '%', '&', '#', '^', '_', '~']);

const own = (table: Record<string, string>, name: string): string | undefined => (Object.hasOwn(table, name) ? table[name] : undefined);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isLetter = (c: string | undefined) => c !== undefined && /^[a-zA-Z]$/.test(c);

export interface LatexOptions {
  /**
   * Whether the text is folded after (NFC, ı + mark → i + mark), as titles and names are.
   * Only then are accents and letter commands read: the parser gives some letters composed
   * (ü) and some as a letter and a mark, which folding makes the same. Notes are not
   * folded, and keep theirs for the parser.
   */
  folded: boolean;
}

/** The text of a LaTeX field value, or null when it holds more than this reads. */
export function latexToText(tex: string, { folded }: LatexOptions): string | null {
  let out = '';
  let i = 0;
  let depth = 0;
  while (i < tex.length) {
    const c = tex[i]!;
    if (c === '\\') {
      const name = macroName(tex, i + 1);
      i += 1 + name.length;
      const symbol = name.length === 1 && ESCAPED.has(name) ? name : (own(SYMBOLS, name) ?? (folded ? own(LETTERS, name) : undefined));
      const accent = folded ? own(ACCENTS, name) : undefined;
      if (symbol !== undefined) {
        out += symbol;
        if (isLetter(name[0])) {
          // A command named by letters swallows the spaces after it (`\o rn` is ørn), not a
          // paragraph break.
          const start = i;
          while (isSpace(tex[i])) i++;
          if (countNewlines(tex, start, i) > 1) return null;
        }
      } else if (accent !== undefined) {
        const arg = accentArgument(tex, i);
        if (!arg) return null;
        out += arg.base + accent;
        i = arg.end;
      } else {
        return null;
      }
    } else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      if (--depth < 0) return null;
      i++;
    } else if (isSpace(c)) {
      const start = i;
      while (isSpace(tex[i])) i++;
      if (countNewlines(tex, start, i) > 1) return null; // a paragraph break
      out += ' ';
    } else if (UNREAD.has(c)) {
      return null;
    } else {
      const lig = LIGATURE_START.has(c) ? LIGATURE.exec(tex.slice(i, i + 3)) : null;
      if (lig) {
        out += LIGATURES[lig[0]];
        i += lig[0].length;
      } else {
        out += c;
        i++;
      }
    }
  }
  return depth === 0 ? out : null;
}

/** A command's name: letters, or the one character after the backslash. */
function macroName(tex: string, at: number): string {
  let end = at;
  while (isLetter(tex[end])) end++;
  return end > at ? tex.slice(at, end) : tex.slice(at, at + 1);
}

/** The letter an accent applies to: `\"u`, `\" u`, `\"{u}`, `\"\i`, `\"{\i}`. */
function accentArgument(tex: string, at: number): { base: string; end: number } | null {
  let i = at;
  while (isSpace(tex[i])) i++;
  if (countNewlines(tex, at, i) > 1) return null;
  const braced = tex[i] === '{';
  if (braced) i++;
  let base: string;
  if (isLetter(tex[i])) {
    base = tex[i]!;
    i++;
  } else if (tex[i] === '\\' && (tex[i + 1] === 'i' || tex[i + 1] === 'j') && !isLetter(tex[i + 2])) {
    base = tex[i + 1]!;
    i += 2;
    if (!braced && isSpace(tex[i])) return null; // whether the space goes is the parser's business
  } else {
    return null;
  }
  if (braced) {
    if (tex[i] !== '}') return null; // `\"{ab}`: the parser marks the group's last letter
    i++;
  }
  return { base, end: i };
}

function countNewlines(tex: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (tex[k] === '\n') n++;
  return n;
}
