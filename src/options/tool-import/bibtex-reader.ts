/**
 * The first step of a BibTeX parse on its own: entries with their raw field values, as
 * @retorquere/bibtex-parser's own first ("verbatim") step reads them, rule for rule (keys,
 * `{…}` and `"…"` values, `#` joins, @string, @comment, @preamble, `%` between tokens,
 * duplicate fields named `field+duplicate-1`). That step takes a quarter of a second on
 * 10,000 entries; the parser's slow part is the LaTeX grammar it then runs on every field
 * (see ./bibtex-fast.ts). The package does not export the step, hence this copy.
 *
 * It answers null at anything the parser would report or treat specially (a syntax error,
 * an unclosed math section), so that such files are read by the parser itself, with its
 * messages.
 */

export interface RawBibEntry {
  type: string;
  key: string;
  /** Lowercased names; a value given by an unknown @string name is null (see bareValue). */
  fields: Record<string, string | null>;
  /** The entry's text, from its `@` to its closing brace, to give to the parser when needed. */
  input: string;
}

export interface RawBibFile {
  entries: RawBibEntry[];
  /** `@string` definitions, names upper-cased, as the parser's `strings` option takes them. */
  strings: Record<string, string>;
  /** The `@preamble`s' source text, which may define commands the fields use. */
  preambles: string[];
}

class Unread extends Error {}

const BRACED = /[\\{}$]/g;
const QUOTED = /[\\{}"]/g;

/**
 * Fields skipped, not kept: abstracts are most of a library's text, and file links may hold
 * an odd number of `$` (Better BibTeX writes them), which would stop the parser's first step
 * in the middle of the entry. The parser is given them taken out (./bibtex-unread.ts).
 */
const NOT_KEPT = new Set(['abstract', 'file']);

// The parser's key characters, and any Unicode letter.
const KEY_CHAR = /[+'a-zA-Z0-9&;_:\\./\-\p{Lu}\p{Lt}\p{Ll}\p{Lm}\p{Lo}]/u;

export function readBibEntries(input: string): RawBibFile | null {
  try {
    return new Reader(input).read();
  } catch (err) {
    if (err instanceof Unread) return null;
    throw err;
  }
}

class Reader {
  private pos = 0;
  private readonly entries: RawBibEntry[] = [];
  private readonly strings: Record<string, string> = {};
  private readonly preambles: string[] = [];

  constructor(private readonly input: string) {}

  read(): RawBibFile {
    const s = this.input;
    for (;;) {
      this.skipWhitespace();
      // Outside entries anything goes until an `@`; a `%` line is skipped whole.
      while (this.pos < s.length && s[this.pos] !== '@') {
        if (s[this.pos] === '%') this.toLineEnd();
        else this.pos++;
      }
      if (this.pos >= s.length) break;
      this.next();
    }
    return { entries: this.entries, strings: this.strings, preambles: this.preambles };
  }

  private next(): void {
    const start = this.pos;
    this.pos++; // '@'
    this.skipWhitespace();
    const directive = this.key('').toLowerCase();
    if (directive === 'comment') {
      while (this.input[this.pos] === ' ' || this.input[this.pos] === '\t') this.pos++;
      if (this.input[this.pos] === '{') this.braced();
      else this.toLineEnd();
    } else if (directive === 'preamble') {
      this.value();
      this.preambles.push(this.input.slice(start, this.pos));
    } else if (directive === 'string') {
      const close = this.open();
      const name = this.key('');
      if (!name || !this.tryMatch('=')) throw new Unread();
      this.pos++;
      this.strings[name.toUpperCase()] = this.value() ?? unreadable();
      this.match(close);
    } else {
      const close = this.open();
      const entry: RawBibEntry = { type: directive, key: '', fields: {}, input: '' };
      this.entryBody(entry, close);
      this.match(close);
      entry.input = this.input.slice(start, this.pos).trim();
      this.entries.push(entry);
    }
  }

  /** The parser's `entry`: an optional key, then `name = value` pairs with commas. */
  private entryBody(entry: RawBibEntry, close: string): void {
    if (this.tryMatch(close)) return;
    let key = '';
    if (!this.tryMatch(',')) key = this.key('[]*"');
    if (this.tryMatch('=')) this.field(entry, key);
    else entry.key = key;
    if (this.tryMatch(',')) this.pos++;
    if (this.tryMatch(close)) return;
    this.field(entry);
    while (this.tryMatch(',')) {
      this.pos++;
      if (this.tryMatch(close)) return;
      this.field(entry);
    }
  }

  private field(entry: RawBibEntry, given?: string): void {
    const name = given || this.key('');
    if (!name) return; // the parser skips an empty name the same way
    if (!this.tryMatch('=')) throw new Unread();
    this.pos++;
    const bare = name.toLowerCase();
    if (NOT_KEPT.has(bare)) {
      this.value(false);
      return;
    }
    const value = this.value(true);
    let key = bare;
    for (let n = 1; key in entry.fields; n++) key = `${bare}+duplicate-${n}`;
    entry.fields[key] = value;
  }

  /** Values joined by `#`; null when one is a name this reader cannot resolve. */
  private value(math = true): string | null {
    const parts = [this.single(math)];
    while (this.tryMatch('#')) {
      this.pos++;
      parts.push(this.single(math));
    }
    return parts.includes(null) ? null : parts.join('');
  }

  private single(math: boolean): string | null {
    if (this.tryMatch('{')) return this.braced(math);
    if (this.tryMatch('"')) return this.quoted();
    const bare = this.key('');
    if (/^\d+$/.test(bare)) return bare;
    // A user @string; the parser also knows month and journal abbreviations (jan, cacm),
    // which only a field Margin does not read (month) uses in practice: null says "ask the
    // parser" to whoever reads the field.
    return this.strings[bare.toUpperCase()] || null; // '' too: the parser treats it as unknown
  }

  /** A `{…}` value; `checkMath`: an odd number of `$` in it is the parser's error. */
  private braced(checkMath = true): string {
    const s = this.input;
    const start = ++this.pos;
    let depth = 0;
    let math = false;
    // Abstracts are most of a file: jump from one special character to the next.
    for (let c = this.seek(BRACED); c !== undefined; c = this.seek(BRACED)) {
      if (c === '\\') this.pos++;
      else if (c === '{') depth++;
      else if (c === '$') math = !math;
      else if (depth > 0) depth--;
      else {
        if (math && checkMath) throw new Unread(); // the parser reports an unclosed math section
        return s.slice(start, this.pos++);
      }
      this.pos++;
    }
    throw new Unread();
  }

  private quoted(): string {
    const s = this.input;
    const start = ++this.pos;
    let depth = 0;
    for (let c = this.seek(QUOTED); c !== undefined; c = this.seek(QUOTED)) {
      if (c === '\\') this.pos++;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (depth <= 0) return s.slice(start, this.pos++);
      this.pos++;
    }
    throw new Unread();
  }

  /** Moves to the next character `pattern` finds, and answers it (undefined at the end). */
  private seek(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos;
    const m = pattern.exec(this.input);
    if (!m) return undefined;
    this.pos = m.index;
    return m[0];
  }

  private key(allow: string): string {
    const s = this.input;
    const start = this.pos;
    while (this.pos < s.length && (KEY_CHAR.test(s[this.pos]!) || allow.includes(s[this.pos]!))) this.pos++;
    if (this.pos >= s.length) throw new Unread(); // the parser's "Runaway key"
    return s.slice(start, this.pos);
  }

  /** The opening `{` or `(` of an entry; answers the token that closes it. */
  private open(): string {
    const close = this.tryMatch('{') ? '}' : this.tryMatch('(') ? ')' : unreadable();
    this.match(this.input[this.pos]!);
    return close;
  }

  /** The token, and the whitespace after it, as the parser's `match`. */
  private match(token: string): void {
    if (!this.tryMatch(token)) throw new Unread();
    this.pos += token.length;
    this.skipWhitespace();
  }

  private tryMatch(token: string): boolean {
    this.skipWhitespace();
    return this.input.startsWith(token, this.pos);
  }

  /** Spaces, line breaks and `%` comments, as the parser skips them between tokens. */
  private skipWhitespace(): void {
    const s = this.input;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '%') this.toLineEnd();
      else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.pos++;
      else break;
    }
  }

  private toLineEnd(): void {
    while (this.pos < this.input.length && this.input[this.pos] !== '\n') this.pos++;
  }
}

function unreadable(): never {
  throw new Unread();
}
