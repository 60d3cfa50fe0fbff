// The C/C++ lexer: one linear pass that never fails, producing tokens as parallel typed arrays
// (no per-token objects), preprocessor directives, conditional-branch state per token and,
// on request, comment ranges. Positions are UTF-16 offsets into the text (JS string indices).
import { LineMap } from './lineMap';
import { Conditionals } from './preprocessor';

export const T_IDENT = 1;
export const T_NUMBER = 2;
export const T_STRING = 3;
export const T_CHAR = 4;
export const T_PUNCT = 5;

/** A preprocessor line (`#pragma ...`, `#if ...`), splices and comments removed from `body`. */
export interface Directive {
  /** `pragma`, `if`, `ifdef`, `define`, ... ('' for a lone `#`). */
  name: string;
  /** Text after the directive name. */
  body: string;
  start: number;
  end: number;
  /** True when the directive sits in a branch that is off by default. */
  inactive: boolean;
}

export interface Span {
  start: number;
  end: number;
}

export interface TokenStream {
  text: string;
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** 1 when the token sits in a preprocessor branch that is off by default. */
  inactive: Uint8Array;
  /** Index into `branches` of the branch the token sits in. */
  branch: Int32Array;
  /** Branch ids: '' at top level, `/<conditional>.<branch>` appended per nesting level. */
  branches: string[];
  directives: Directive[];
  /** Comment ranges, only collected when asked for. */
  comments: Span[];
  /** Indices of the bracket tokens `( ) [ ] { }`, ascending (bracket matching visits only these). */
  brackets: Int32Array;
  /** Indices of identifiers whose key is in INDEXED_KEYS, ascending (may be a word indexed). */
  indexCandidates: Int32Array;
  /** Identifier tokens that contain line splices: token index -> the identifier without them. */
  spliced: Map<number, string>;
  lines: LineMap;
  /** Buffers this stream borrowed; valid only until the next lex with the same scratch. */
  scratch?: LexScratch;
}

/**
 * Identifier keys (`length * 128 + (first character & 127)`) of the words Tokens.occurrences
 * indexes (INDEXED_WORDS marks them): the lexer notes identifiers with such a key, so the index
 * is built from those few tokens instead of every identifier.
 */
export const INDEXED_KEYS = new Uint8Array(128 * 128);

/** Character classes for ASCII: 1 identifier start, 2 digit; everything >= 128 counts as a letter. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36) CLASS[c] = 1;
  else if (c >= 48 && c <= 57) CLASS[c] = 2;
}

/**
 * Beyond the end of the text: compares equal to no character and counts as an identifier part,
 * as the NaN of an out-of-range charCodeAt did, without V8's out-of-bounds deoptimization.
 */
const PAST_END = 0x110000;

/** The UTF-16 unit at `i`, or PAST_END past the end (the lexer looks ahead without bound checks). */
function code(text: string, i: number): number {
  return i < text.length ? text.charCodeAt(i) : PAST_END;
}

function isIdentStart(c: number): boolean {
  return c >= 128 || CLASS[c] === 1;
}

function isIdentPart(c: number): boolean {
  return c >= 128 || CLASS[c] !== 0;
}

/** `e`, `E`, `p` or `P`: a sign after one belongs to the number (`1e+5`, `0x1p-3`). */
function isExponentLetter(c: number): boolean {
  return c === 101 || c === 69 || c === 112 || c === 80;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length of the punctuator at `i` (first char `c`): `::`, `->`, `==`, `<=`, `++`, `<<=`, ... */
function punctLength(text: string, i: number, c: number): number {
  const d = code(text, i + 1);
  switch (c) {
    case 58: // :
      return d === 58 ? 2 : 1;
    case 45: // -
      if (d === 62) return code(text, i + 2) === 42 ? 3 : 2;
      return d === 45 || d === 61 ? 2 : 1;
    case 61: // =
    case 33: // !
    case 42: // *
    case 47: // /
    case 37: // %
    case 94: // ^
      return d === 61 ? 2 : 1;
    case 60: // <
      if (d === 60) return code(text, i + 2) === 61 ? 3 : 2;
      if (d === 61) return code(text, i + 2) === 62 ? 3 : 2;
      return 1;
    case 62: // >
      if (d === 62) return code(text, i + 2) === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 43: // +
      return d === 43 || d === 61 ? 2 : 1;
    case 38: // &
      return d === 38 || d === 61 ? 2 : 1;
    case 124: // |
      return d === 124 || d === 61 ? 2 : 1;
    case 35: // #
      return d === 35 ? 2 : 1;
    case 46: // .
      if (d === 46 && code(text, i + 2) === 46) return 3;
      return d === 42 ? 2 : 1;
    default:
      return 1;
  }
}

const STRING_PREFIXES = new Set(['L', 'u', 'U', 'u8', 'R', 'LR', 'uR', 'UR', 'u8R']);

/** True when a backslash at `i` starts a line splice (`\` + LF or CRLF). */
function spliceLength(text: string, i: number): number {
  const c = code(text, i + 1);
  if (c === 10) return 2;
  if (c === 13) return code(text, i + 2) === 10 ? 3 : 2;
  return 0;
}

/** End of a `//` comment starting at `i`: the newline (not consumed), honouring line splices. */
function skipLineComment(text: string, i: number): number {
  const n = text.length;
  for (;;) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return n;
    let k = nl - 1;
    if (k >= 0 && code(text, k) === 13) k--;
    if (k >= i && code(text, k) === 92) {
      i = nl + 1;
      continue;
    }
    return nl;
  }
}

/** End of a quoted literal opened at `i` (the quote); stops at an unescaped newline if unterminated. */
function skipQuoted(text: string, i: number, quote: number): number {
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const c = code(text, j);
    if (c === quote) return j + 1;
    if (c === 92) {
      j += 2;
      continue;
    }
    if (c === 10) return j;
    j++;
  }
  return n;
}

/** End of a raw string `R"delim( ... )delim"` whose `"` is at `i`. */
function skipRaw(text: string, i: number): number {
  // The delimiter is at most 16 characters: look no further for `(` (an unbounded indexOf made
  // a file of many `R"x"` strings without a `(` quadratic).
  const open = text.slice(i + 1, i + 18).indexOf('(') + i + 1;
  if (open <= i) return skipQuoted(text, i, 34);
  const delim = text.slice(i + 1, open);
  if (/[\s\\)]/.test(delim)) return skipQuoted(text, i, 34);
  const close = text.indexOf(')' + delim + '"', open + 1);
  return close < 0 ? text.length : close + delim.length + 2;
}

function cleanDirectiveText(raw: string): string {
  let s = raw.replace(/\\\r?\n/g, ' ');
  if (s.includes('/')) s = s.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ').replace(/\/\/.*$/s, '');
  return s;
}

/**
 * Growable parallel token arrays. A class rather than closures made per lex call: one call
 * target, which V8 inlines and never deoptimizes for a "wrong call target".
 */
class TokenArrays {
  count = 0;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  bracketCount = 0;
  brackets: Int32Array;
  candidateCount = 0;
  candidates: Int32Array;

  constructor(cap: number) {
    this.kind = new Uint8Array(cap);
    this.start = new Int32Array(cap);
    this.end = new Int32Array(cap);
    this.brackets = new Int32Array(Math.max(64, cap >> 2));
    this.candidates = new Int32Array(64);
  }

  /** Marks the token about to be pushed as a bracket. */
  markBracket(): void {
    if (this.bracketCount === this.brackets.length) this.brackets = doubled(this.brackets);
    this.brackets[this.bracketCount++] = this.count;
  }

  /** Marks the token about to be pushed as a candidate for the word index. */
  markCandidate(): void {
    if (this.candidateCount === this.candidates.length) this.candidates = doubled(this.candidates);
    this.candidates[this.candidateCount++] = this.count;
  }

  push(k: number, s: number, e: number): void {
    const i = this.count;
    if (i === this.kind.length) this.grow();
    this.kind[i] = k;
    this.start[i] = s;
    this.end[i] = e;
    this.count = i + 1;
  }

  private grow(): void {
    const cap = this.kind.length * 2;
    const kind = new Uint8Array(cap);
    kind.set(this.kind);
    this.kind = kind;
    const start = new Int32Array(cap);
    start.set(this.start);
    this.start = start;
    const end = new Int32Array(cap);
    end.set(this.end);
    this.end = end;
  }
}

/**
 * Typed arrays kept from one lex to the next. Re-parsing a large open file on every keystroke
 * otherwise allocates about a megabyte of buffers per edit, and that garbage brings on the
 * full collections that make an edit's p99 several times its median. A stream lexed with a
 * scratch is valid only until the next lex with the same scratch.
 */
export class LexScratch {
  tokens = new TokenArrays(256);
  private flags = new Uint8Array(256);
  private ints = new Int32Array(256);
  private matches = new Int32Array(256);
  private lineStarts: Int32Array = new Int32Array(256);

  /** `count` zeroed bytes (the per-token `inactive` flags). */
  zeroedFlags(count: number): Uint8Array {
    if (this.flags.length < count) this.flags = new Uint8Array(grownCapacity(count));
    const view = this.flags.subarray(0, count);
    view.fill(0);
    return view;
  }

  /** `count` zeroed ints (the per-token `branch` indices). */
  zeroedInts(count: number): Int32Array {
    if (this.ints.length < count) this.ints = new Int32Array(grownCapacity(count));
    const view = this.ints.subarray(0, count);
    view.fill(0);
    return view;
  }

  /** `count` ints set to -1 (bracket matches). */
  unmatched(count: number): Int32Array {
    if (this.matches.length < count) this.matches = new Int32Array(grownCapacity(count));
    const view = this.matches.subarray(0, count);
    view.fill(-1);
    return view;
  }

  /** A buffer of at least `capacity` ints for line starts (contents undefined). */
  lineBuffer(capacity: number): Int32Array {
    if (this.lineStarts.length < capacity) {
      this.lineStarts = new Int32Array(grownCapacity(capacity));
    }
    return this.lineStarts;
  }

  private named = new Map<string, Int32Array>();

  /** `count` ints of the buffer kept under `name` (contents undefined; other syntax passes). */
  ints32(name: string, count: number): Int32Array {
    let buffer = this.named.get(name);
    if (buffer === undefined || buffer.length < count) {
      buffer = new Int32Array(grownCapacity(count));
      this.named.set(name, buffer);
    }
    return buffer.subarray(0, count);
  }

  /**
   * Drops buffers longer than `limit` entries, so one huge file (a 20 MB generated source)
   * does not keep a hundred megabytes of buffers alive after its parse.
   */
  shrink(limit: number): void {
    if (this.tokens.kind.length > limit) this.tokens = new TokenArrays(256);
    if (this.flags.length > limit) this.flags = new Uint8Array(256);
    if (this.ints.length > limit) this.ints = new Int32Array(256);
    if (this.matches.length > limit) this.matches = new Int32Array(256);
    if (this.lineStarts.length > limit) this.lineStarts = new Int32Array(256);
    for (const [name, buffer] of this.named) if (buffer.length > limit) this.named.delete(name);
  }

  /** Keeps a line-start buffer that had to grow while in use. */
  keepLineBuffer(buffer: Int32Array): void {
    if (buffer.length > this.lineStarts.length) this.lineStarts = buffer;
  }
}

function doubled(buffer: Int32Array): Int32Array {
  const bigger = new Int32Array(buffer.length * 2);
  bigger.set(buffer);
  return bigger;
}

function grownCapacity(count: number): number {
  return Math.max(256, count + (count >> 2));
}

/** Tokenizes `text`; linear in its length, never throws. */
export function lex(
  text: string,
  options: { keepComments?: boolean; scratch?: LexScratch } = {},
): TokenStream {
  const n = text.length;
  const scratch = options.scratch;
  let out: TokenArrays;
  if (scratch) {
    out = scratch.tokens;
    out.count = 0;
    out.bracketCount = 0;
    out.candidateCount = 0;
  } else {
    out = new TokenArrays(Math.max(256, n >> 3));
  }
  // Branch state changes only at directives: record (first token, state) runs, fill at the end.
  const runs: number[] = [0, 0, 0];
  const directives: Directive[] = [];
  const comments: Span[] = [];
  const spliced = new Map<number, string>();
  const keepComments = options.keepComments === true;
  const cond = new Conditionals();

  let atLineStart = true;
  let i = 0;
  while (i < n) {
    const c = code(text, i);
    if (c === 10) {
      atLineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xfeff) {
      // Indentation comes in runs: skip them here rather than one main-loop turn per blank.
      i++;
      while (i < n) {
        const b = text.charCodeAt(i);
        if (b !== 32 && b !== 9) break;
        i++;
      }
      continue;
    }
    if (c === 47) {
      const d = code(text, i + 1);
      if (d === 47) {
        const e = skipLineComment(text, i + 2);
        if (keepComments) comments.push({ start: i, end: e });
        i = e;
        continue;
      }
      if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        const e = close < 0 ? n : close + 2;
        if (keepComments) comments.push({ start: i, end: e });
        i = e;
        continue;
      }
    }
    if (c === 92) {
      const s = spliceLength(text, i);
      if (s > 0) {
        i += s;
        continue;
      }
    }
    if (c === 35 && atLineStart) {
      i = readDirective(text, i, directives, cond);
      if (cond.branchIndex !== runs[runs.length - 1]) {
        runs.push(out.count, cond.inactive ? 1 : 0, cond.branchIndex);
      }
      continue;
    }
    atLineStart = false;
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const q = code(text, j);
      if ((q === 34 || q === 39) && j - i <= 3 && STRING_PREFIXES.has(text.slice(i, j))) {
        const raw = q === 34 && code(text, j - 1) === 82;
        const e = raw ? skipRaw(text, j) : skipQuoted(text, j, q);
        out.push(q === 34 ? T_STRING : T_CHAR, i, e);
        i = e;
        continue;
      }
      // An identifier split by a line splice (`Major\` + newline + `Function`): one token.
      let clean: string | undefined;
      let sp = code(text, j) === 92 ? spliceLength(text, j) : 0;
      if (sp > 0 && j + sp < n && isIdentPart(code(text, j + sp))) {
        while (sp > 0 && j + sp < n && isIdentPart(code(text, j + sp))) {
          j += sp;
          while (j < n && isIdentPart(code(text, j))) j++;
          sp = code(text, j) === 92 ? spliceLength(text, j) : 0;
        }
        clean = text.slice(i, j).replace(/\\\r?\n/g, '');
        spliced.set(out.count, clean);
      }
      // Keyed by the identifier as the compiler sees it: a spliced one by its text without splices.
      const key = (clean === undefined ? j - i : clean.length) * 128 + (c & 127);
      if (key < INDEXED_KEYS.length && INDEXED_KEYS[key] === 1) out.markCandidate();
      out.push(T_IDENT, i, j);
      i = j;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(code(text, i + 1)))) {
      let j = i + 1;
      while (j < n) {
        const d = code(text, j);
        if (isIdentPart(d) || d === 46) j++;
        else if (
          (d === 43 || d === 45) &&
          isExponentLetter(code(text, j - 1)) &&
          !/^0[xX][0-9a-fA-F]*[eE]$/.test(text.slice(i, j))
        ) {
          j++;
        } else if (d === 39 && isIdentPart(code(text, j + 1))) j += 2;
        else break;
      }
      out.push(T_NUMBER, i, j);
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      const e = skipQuoted(text, i, c);
      out.push(c === 34 ? T_STRING : T_CHAR, i, e);
      i = e;
      continue;
    }
    const len = punctLength(text, i, c);
    if (len === 1 && (c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125)) {
      out.markBracket();
    }
    out.push(T_PUNCT, i, i + len);
    i += len;
    continue;
  }

  const { count, kind, start, end } = out;
  const inactive = scratch ? scratch.zeroedFlags(count) : new Uint8Array(count);
  const branch = scratch ? scratch.zeroedInts(count) : new Int32Array(count);
  for (let r = 0; r < runs.length; r += 3) {
    const from = runs[r];
    const to = r + 3 < runs.length ? runs[r + 3] : count;
    if (to <= from) continue;
    if (runs[r + 1] === 1) inactive.fill(1, from, to);
    if (runs[r + 2] !== 0) branch.fill(runs[r + 2], from, to);
  }

  return {
    text,
    count,
    kind,
    start,
    end,
    inactive,
    branch,
    branches: cond.branches,
    directives,
    brackets: out.brackets.subarray(0, out.bracketCount),
    indexCandidates: out.candidates.subarray(0, out.candidateCount),
    comments,
    spliced,
    lines: new LineMap(text, scratch),
    scratch,
  };
}

/** Reads one directive starting at `#` (offset `i`), updates the conditional state, returns the end. */
function readDirective(
  text: string,
  i: number,
  directives: Directive[],
  cond: Conditionals,
): number {
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const ch = code(text, j);
    if (ch === 10) break;
    if (ch === 92) {
      const s = spliceLength(text, j);
      if (s > 0) {
        j += s;
        continue;
      }
    }
    if (ch === 47) {
      const d = code(text, j + 1);
      if (d === 42) {
        const close = text.indexOf('*/', j + 2);
        j = close < 0 ? n : close + 2;
        continue;
      }
      if (d === 47) {
        j = skipLineComment(text, j + 2);
        break;
      }
    }
    if (ch === 34 || ch === 39) {
      j = skipQuoted(text, j, ch);
      continue;
    }
    j++;
  }
  let name: string;
  let body: string;
  const parts = plainDirectiveParts(text, i + 1, j);
  if (parts !== undefined) {
    name = parts.name;
    body = parts.body;
  } else {
    const raw = cleanDirectiveText(text.slice(i + 1, j));
    const m = /^\s*([A-Za-z_]\w*)?/.exec(raw);
    name = m && m[1] ? m[1] : '';
    body = raw.slice(m ? m[0].length : 0).trim();
  }
  const wasInactive = cond.inactive;
  cond.directive(name, body);
  directives.push({ name, body, start: i, end: j, inactive: wasInactive && cond.inactive });
  return j;
}

/** Directive names, returned as these constants instead of fresh slices. */
const DIRECTIVE_NAMES = [
  'if',
  'ifdef',
  'ifndef',
  'elif',
  'else',
  'endif',
  'define',
  'undef',
  'include',
  'pragma',
  'error',
  'line',
];

function isAsciiBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

const plainParts = { name: '', body: '' };

/**
 * Name and body of a directive whose text `[from, to)` holds no backslash or slash (so nothing
 * for cleanDirectiveText to remove), read without its regex and intermediate strings; undefined
 * otherwise, or when a character outside ASCII meets an edge (only the general path knows the
 * Unicode whitespace rules). The result object is reused: read it before the next call.
 */
function plainDirectiveParts(
  text: string,
  from: number,
  to: number,
): { name: string; body: string } | undefined {
  // A backslash or slash, even inside quotes, is left to cleanDirectiveText.
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 92 || c === 47) return undefined;
  }
  let a = from;
  while (a < to && isAsciiBlank(text.charCodeAt(a))) a++;
  let nameEnd = a;
  if (a < to && CLASS[text.charCodeAt(a)] === 1 && text.charCodeAt(a) !== 36) {
    nameEnd = a + 1;
    for (; nameEnd < to; nameEnd++) {
      const c = text.charCodeAt(nameEnd);
      if (c >= 128 || CLASS[c] === 0 || c === 36) break;
    }
  }
  let b = nameEnd;
  while (b < to && isAsciiBlank(text.charCodeAt(b))) b++;
  let e = to;
  while (e > b && isAsciiBlank(text.charCodeAt(e - 1))) e--;
  if ((a < to && text.charCodeAt(a) >= 128) || (b < e && text.charCodeAt(b) >= 128)) {
    return undefined;
  }
  if (e > b && text.charCodeAt(e - 1) >= 128) return undefined;
  let name = '';
  if (nameEnd > a) {
    const length = nameEnd - a;
    for (const known of DIRECTIVE_NAMES) {
      if (known.length === length && text.startsWith(known, a)) {
        name = known;
        break;
      }
    }
    if (name === '') name = text.slice(a, nameEnd);
  }
  plainParts.name = name;
  plainParts.body = b < e ? text.slice(b, e) : '';
  return plainParts;
}
