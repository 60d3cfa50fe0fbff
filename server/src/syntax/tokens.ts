// Helpers over a TokenStream: token text, bracket matching (active and off-by-default tokens
// are matched separately, so `#ifdef`/`#else` pairs that each open a brace stay balanced),
// and compact text of token spans.
import { INDEXED_KEYS, T_IDENT, T_PUNCT, type TokenStream } from './lexer';

export class Tokens {
  readonly s: TokenStream;
  readonly count: number;
  /** Index of the matching bracket for ( [ { ) ] }, or -1. */
  readonly match: Int32Array;
  /** Indices of every `[`, ascending (table recognizers visit only these). */
  readonly squareOpens: number[];

  constructor(stream: TokenStream) {
    this.s = stream;
    this.count = stream.count;
    this.squareOpens = [];
    this.match = matchBrackets(stream, this.squareOpens);
  }

  private fors: Int32Array | undefined;
  private hits: Map<string, number[]> | undefined;

  /**
   * Token indices where `word` (one of the INDEXED_WORDS) occurs as an identifier, ascending.
   * One pass over the identifiers serves every recognizer.
   */
  occurrences(word: string): readonly number[] {
    if (!this.hits) {
      const hits = new Map<string, number[]>();
      const candidates = this.s.indexCandidates;
      for (let c = 0; c < candidates.length; c++) {
        const i = candidates[c];
        const w = INDEXED_WORDS.find(this, i);
        if (w === undefined) continue;
        const list = hits.get(w);
        if (list) list.push(i);
        else hits.set(w, [i]);
      }
      this.hits = hits;
    }
    return this.hits.get(word) ?? NONE;
  }

  /** Indices of `for` and `while` keywords followed by `(`, ascending (computed once). */
  loopKeywords(): Int32Array {
    if (!this.fors) {
      const found: number[] = [];
      for (let i = 0; i + 1 < this.count; i++) {
        if ((this.is(i, 'for') || this.is(i, 'while')) && this.is(i + 1, '(')) found.push(i);
      }
      this.fors = Int32Array.from(found);
    }
    return this.fors;
  }

  text(i: number): string {
    if (i < 0 || i >= this.count) return '';
    if (this.s.spliced.size > 0) {
      const clean = this.s.spliced.get(i);
      if (clean !== undefined) return clean;
    }
    return shared(this.s.text.slice(this.s.start[i], this.s.end[i]));
  }

  /** True when token `i` is the punctuator or identifier `t` (cheap: compares lengths first). */
  is(i: number, t: string): boolean {
    if (i < 0 || i >= this.count) return false;
    if (this.s.spliced.size > 0 && this.s.spliced.has(i)) return this.s.spliced.get(i) === t;
    const a = this.s.start[i];
    if (this.s.end[i] - a !== t.length) return false;
    return this.s.text.startsWith(t, a);
  }

  isIdent(i: number): boolean {
    return i >= 0 && i < this.count && this.s.kind[i] === T_IDENT;
  }

  isPunct(i: number): boolean {
    return i >= 0 && i < this.count && this.s.kind[i] === T_PUNCT;
  }

  active(i: number): boolean {
    return this.s.inactive[i] === 0;
  }

  /** Source text from token a to token b inclusive, whitespace runs collapsed to one space. */
  span(a: number, b: number): string {
    if (a > b || a < 0 || b >= this.count) return '';
    return shared(this.s.text.slice(this.s.start[a], this.s.end[b]).replace(/\s+/g, ' '));
  }

  /** Tokens a..b joined without spaces except between words (`this->m_drv`, `unsigned int`). */
  compact(a: number, b: number): string {
    if (a === b) return this.text(a);
    let out = '';
    for (let i = a; i <= b && i < this.count; i++) {
      const t = this.text(i);
      if (out && this.s.kind[i] !== T_PUNCT && this.s.kind[i - 1] !== T_PUNCT) out += ' ';
      out += t;
    }
    return shared(out);
  }
}

function matchBrackets(s: TokenStream, squareOpens: number[]): Int32Array {
  const match = s.scratch ? s.scratch.unmatched(s.count) : new Int32Array(s.count).fill(-1);
  const stacks: number[][] = [[], []];
  // Locals, not property loads per token: this loop visits every bracket of every parse.
  const { brackets, start, inactive, text } = s;
  for (let b = 0; b < brackets.length; b++) {
    const i = brackets[b];
    const c = text.charCodeAt(start[i]);
    const stack = stacks[inactive[i]];
    if (c === 40 || c === 91 || c === 123) {
      stack.push(i);
      if (c === 91) squareOpens.push(i);
      continue;
    }
    const want = c === 41 ? 40 : c === 93 ? 91 : 123;
    // Tolerate a few unclosed brackets (macros, broken code) but never rescan the whole stack.
    for (let depth = stack.length - 1; depth >= 0 && depth >= stack.length - 8; depth--) {
      const o = stack[depth];
      const opener = text.charCodeAt(start[o]);
      if (opener === want) {
        match[o] = i;
        match[i] = o;
        // pop(), not `length = depth`: the length setter is a runtime call on every match.
        while (stack.length > depth) stack.pop();
        break;
      }
      // A `)` or `]` never skips past an unclosed `{`.
      if (want !== 123 && opener === 123) break;
    }
  }
  return match;
}

/** A set of words tested against tokens without slicing the text (length first, then compare). */
export class WordSet {
  /**
   * Words by length and first character (`length * 128 + (first & 127)`): one array index
   * rejects nearly every identifier tested, without a Map lookup or a string compare.
   */
  private readonly byKey: (string[] | undefined)[] = [];

  /** `keys`: a table to mark the key of every word added in (see INDEXED_KEYS). */
  constructor(
    words: Iterable<string>,
    private readonly keys?: Uint8Array,
  ) {
    this.add(words);
  }

  add(words: Iterable<string>): void {
    for (const w of words) {
      if (w.length === 0) continue;
      const key = w.length * 128 + (w.charCodeAt(0) & 127);
      if (this.keys) {
        if (key >= this.keys.length) throw new RangeError(`indexed word too long: ${w}`);
        this.keys[key] = 1;
      }
      const list = this.byKey[key];
      if (list && !list.includes(w)) list.push(w);
      else if (!list) {
        while (this.byKey.length < key) this.byKey.push(undefined);
        this.byKey[key] = [w];
      }
    }
  }

  /** True when token `i` (its text without line splices) is one of the words. */
  test(t: Tokens, i: number): boolean {
    if (i < 0 || i >= t.count) return false;
    return this.find(t, i) !== undefined;
  }

  /** `word` if it is one of the words (for texts that are not one token's slice). */
  findText(word: string): string | undefined {
    return this.byKey[word.length * 128 + (word.charCodeAt(0) & 127)]?.includes(word) === true
      ? word
      : undefined;
  }

  /** The word token `i` spells, or undefined. */
  find(t: Tokens, i: number): string | undefined {
    const s = t.s;
    if (s.spliced.size > 0) {
      const clean = s.spliced.get(i);
      if (clean !== undefined) return this.findText(clean);
    }
    const at = s.start[i];
    const key = (s.end[i] - at) * 128 + (s.text.charCodeAt(at) & 127);
    if (key >= this.byKey.length) return undefined;
    const list = this.byKey[key];
    if (list === undefined) return undefined;
    for (const w of list) if (s.text.startsWith(w, at)) return w;
    return undefined;
  }
}

const NONE: readonly number[] = [];

/**
 * Canonical copies of the long token texts the recognizers keep (names, types, argument texts).
 * A slice of 13 or more characters is a view that keeps the whole file text alive; facts of a
 * re-parse that V8 allocated in the old generation (it does so for the allocation sites that made
 * the long-lived facts of the workspace scan) kept every re-parsed document text alive until the
 * next full collection. Shorter slices are copies already; the table also shares the long ones
 * between parses and files.
 */
const SHARED = new Map<string, string>();
/** Enough for the distinct long names of a large workspace; past it the table starts over. */
const SHARED_LIMIT = 1 << 16;

/** `s`, or for 13 characters and more its canonical copy that owns its characters. */
export function shared(s: string): string {
  return s.length < 13 ? s : canonical(s);
}

/**
 * The canonical copy of `s` whatever its length: for the short texts every definition repeats
 * (parameter names and types, return types), so re-parse facts that V8 allocated in the old
 * generation point at old strings instead of keeping fresh young copies alive.
 */
export function canonical(s: string): string {
  const known = SHARED.get(s);
  if (known !== undefined) return known;
  if (SHARED.size >= SHARED_LIMIT) SHARED.clear();
  // Slicing a concatenation flattens it into a new string: the result no longer points into the
  // text `s` was sliced from. Shorter slices are copies already.
  const own = s.length < 13 ? s : (' ' + s).slice(1);
  SHARED.set(own, own);
  return own;
}

/** Identifiers the recognizers look up through `Tokens.occurrences` (each module adds its own). */
export const INDEXED_WORDS = new WordSet([], INDEXED_KEYS);
