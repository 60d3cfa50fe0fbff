// The file's outline: function definitions (C and C++, SAL-annotated) and the statements at file,
// namespace, `extern "C"` and class level (declaration candidates). Walks one partition of the
// tokens (on-by-default or off-by-default) without recursion, so deep nesting cannot overflow.
import { T_IDENT, T_PUNCT, type LexScratch } from './lexer';
import { isNoiseToken, isNoiseWord, readAnnotation, claimsDispatchRole } from './annotations';
import type { AnnotationFact, FunctionFact, ParameterFact } from './factTypes';
import { canonical, WordSet, type Tokens } from './tokens';

export interface FunctionInfo {
  fact: FunctionFact;
  /** Token indices. */
  nameTok: number;
  paramOpen: number;
  paramClose: number;
  bodyOpen: number;
  bodyClose: number;
  /** Offsets of the body braces (bodyEnd is the offset after `}` or the end of text). */
  bodyStart: number;
  bodyEnd: number;
}

/** A container-level statement: token positions within its view, `last` is the `;`. */
export interface Statement {
  view: Int32Array;
  first: number;
  last: number;
}

export interface Outline {
  functions: FunctionInfo[];
  statements: Statement[];
}

const NOT_A_FUNCTION_NAME = new Set([
  'if',
  'while',
  'for',
  'switch',
  'return',
  'sizeof',
  'catch',
  '__try',
  '__except',
  '__finally',
  'defined',
  'decltype',
  'alignof',
  '__alignof',
  'typeof',
  '__typeof__',
  'do',
  'else',
  'case',
  'throw',
  'noexcept',
  'static_assert',
  'C_ASSERT',
  '__declspec',
  '__attribute__',
  'new',
  'delete',
]);
const TRAILING_QUALIFIERS = new WordSet([
  'const',
  'override',
  'final',
  'noexcept',
  'volatile',
  'mutable',
  '&',
  '&&',
]);

/** A fresh buffer, or one kept across parses when the stream was lexed with a scratch. */
function ints(scratch: LexScratch | undefined, name: string, count: number): Int32Array {
  return scratch ? scratch.ints32(name, count) : new Int32Array(count);
}

/** Splits tokens into the on-by-default and off-by-default partitions (positions in each). */
export function partitions(t: Tokens): { views: Int32Array[]; pos: Int32Array } {
  const s = t.s;
  const firstInactive = s.inactive.indexOf(1);
  if (firstInactive < 0 || firstInactive >= t.count) {
    // Nothing is off by default: positions are the token indices themselves.
    const all = ints(s.scratch, 'partition.all', t.count);
    for (let i = 0; i < t.count; i++) all[i] = i;
    return { views: [all], pos: all };
  }
  // One pass: both partitions get room for every token, then views of the filled parts.
  const flags = s.inactive;
  const active = ints(s.scratch, 'partition.active', t.count);
  const inactive = ints(s.scratch, 'partition.inactive', t.count);
  const pos = ints(s.scratch, 'partition.pos', t.count);
  let a = 0;
  let b = 0;
  for (let i = 0; i < t.count; i++) {
    if (flags[i] === 0) {
      pos[i] = a;
      active[a++] = i;
    } else {
      pos[i] = b;
      inactive[b++] = i;
    }
  }
  return { views: [active.subarray(0, a), inactive.subarray(0, b)], pos };
}

type Container = 'scope' | 'class';

export function outline(t: Tokens, view: Int32Array, pos: Int32Array, out: Outline): void {
  const n = view.length;
  const stack: { endP: number; kind: Container }[] = [];
  let kind: Container = 'scope';
  let stmtStart = 0;
  for (let p = 0; p < n; p++) {
    while (stack.length > 0 && p >= stack[stack.length - 1].endP) {
      stack.pop();
      kind = stack.length > 0 ? stack[stack.length - 1].kind : 'scope';
    }
    const i = view[p];
    if (t.s.kind[i] !== T_PUNCT) continue;
    if (t.is(i, ';')) {
      if (stmtStart >= 0 && stmtStart < p) out.statements.push({ view, first: stmtStart, last: p });
      stmtStart = p + 1;
      continue;
    }
    if (t.is(i, '}')) {
      stmtStart = p + 1;
      continue;
    }
    if (
      t.is(i, ':') &&
      kind === 'class' &&
      p > 0 &&
      (t.is(view[p - 1], 'public') ||
        t.is(view[p - 1], 'private') ||
        t.is(view[p - 1], 'protected'))
    ) {
      stmtStart = p + 1;
      continue;
    }
    if (!t.is(i, '{')) continue;
    const close = t.match[i];
    const closeP = close >= 0 ? pos[close] : n;
    // No real declaration header is longer than this; the cap keeps hostile input linear.
    const from = stmtStart < 0 ? p : Math.max(stmtStart, p - 2000);
    if (
      stmtStart >= 0 &&
      p > from &&
      t.isIdent(view[p - 1]) &&
      hasInitializerColon(t, view, pos, from, p)
    ) {
      // A member brace-initializer in a constructor's list: `Foo::Foo() : m_x{1} {`.
      p = closeP;
      continue;
    }
    const fn = stmtStart >= 0 ? detectFunction(t, view, pos, from, p, kind === 'class') : null;
    if (fn) {
      out.functions.push(fn);
      p = closeP;
      stmtStart = p + 1;
      continue;
    }
    const words = from < p ? headerWords(t, view, from, p) : 0;
    if ((words & (SCOPE_WORD | ASSIGNS)) === SCOPE_WORD) {
      stack.push({ endP: closeP, kind });
      kind = 'scope';
      stmtStart = p + 1;
      continue;
    }
    if ((words & (CLASS_WORD | ASSIGNS)) === CLASS_WORD) {
      stack.push({ endP: closeP, kind: 'class' });
      kind = 'class';
      stmtStart = p + 1;
      continue;
    }
    // An initializer or enum body: skip it, the statement goes on to its `;`. Anything else
    // (a macro-made block) ends the statement.
    p = closeP;
    stmtStart = (words & INITIALIZED) !== 0 ? -1 : p + 1;
  }
}

/** True when tokens [a, b) hold a constructor initializer colon (`) :`) at depth 0. */
function hasInitializerColon(
  t: Tokens,
  view: Int32Array,
  pos: Int32Array,
  a: number,
  b: number,
): boolean {
  for (let p = a; p < b; p++) {
    const i = view[p];
    if (t.is(i, '(') || t.is(i, '[') || t.is(i, '{')) {
      const m = t.match[i];
      if (m < 0) return false;
      p = pos[m];
      continue;
    }
    if (t.is(i, ':') && p > a && t.is(view[p - 1], ')')) return true;
  }
  return false;
}

/** headerWords bits: `namespace` or `extern`; `class`, `struct` or `union`; `=` or `enum`. */
const SCOPE_WORD = 1;
const CLASS_WORD = 2;
const INITIALIZED = 4;
/** A punctuator holding `=` (`=`, `==`, `+=`, ...). */
const ASSIGNS = 8;

/** What the first 64 tokens of [a, b) (a block's header) hold, as headerWords bits. */
function headerWords(t: Tokens, view: Int32Array, a: number, b: number): number {
  const { kind, text, start, end } = t.s;
  let bits = 0;
  for (let p = a; p < b && p < a + 64; p++) {
    const i = view[p];
    if (kind[i] === T_PUNCT) {
      if (t.is(i, '=')) bits |= INITIALIZED;
      for (let k = start[i]; k < end[i]; k++) if (text.charCodeAt(k) === 61) bits |= ASSIGNS;
    } else if (kind[i] === T_IDENT) {
      if (t.is(i, 'namespace') || t.is(i, 'extern')) bits |= SCOPE_WORD;
      else if (t.is(i, 'class') || t.is(i, 'struct') || t.is(i, 'union')) bits |= CLASS_WORD;
      else if (t.is(i, 'enum')) bits |= INITIALIZED;
    }
  }
  return bits;
}

function detectFunction(
  t: Tokens,
  view: Int32Array,
  pos: Int32Array,
  a: number,
  b: number,
  inClass: boolean,
): FunctionInfo | null {
  if (b - a < 3) return null;
  // A constructor's initializer list: `Foo::Foo(int x) : m_x(x) {`.
  let j = b - 1;
  for (let p = a; p < b; p++) {
    const i = view[p];
    if (t.is(i, '(') || t.is(i, '[')) {
      const m = t.match[i];
      if (m < 0) return null;
      p = pos[m];
      continue;
    }
    if (t.is(i, ':') && p > a && t.is(view[p - 1], ')')) {
      j = p - 1;
      break;
    }
    if (t.is(i, '=')) return null;
  }
  for (;;) {
    if (j < a) return null;
    const i = view[j];
    if (TRAILING_QUALIFIERS.test(t, i)) {
      j--;
      continue;
    }
    if (t.is(i, ')')) {
      const open = t.match[i];
      if (open < 0) return null;
      // Trailing `throw()`, `noexcept(...)` or SAL after the parameters: skip it.
      const beforeP = pos[open] - 1;
      const before = beforeP >= a ? view[beforeP] : -1;
      if (
        before >= 0 &&
        (t.is(before, 'throw') || t.is(before, 'noexcept') || isNoiseToken(t, before))
      ) {
        j = beforeP - 1;
        continue;
      }
      break;
    }
    return null;
  }
  const paramClose = view[j];
  const paramOpen = t.match[paramClose];
  const openP = pos[paramOpen];
  const nameP = openP - 1;
  if (nameP < a) return null;
  const nameTok = view[nameP];
  if (t.s.kind[nameTok] !== T_IDENT) return null;
  const bare = t.text(nameTok);
  if (NOT_A_FUNCTION_NAME.has(bare) || isNoiseWord(bare)) return null;
  // Qualified names: walk back over `A::B::~C`.
  let firstNameP = nameP;
  while (firstNameP - 2 >= a && t.is(view[firstNameP - 1], '~')) firstNameP--;
  while (
    firstNameP - 2 >= a &&
    t.is(view[firstNameP - 1], '::') &&
    t.s.kind[view[firstNameP - 2]] === T_IDENT
  ) {
    firstNameP -= 2;
  }
  const qualified = firstNameP < nameP;
  // Something must precede the name (a return type), unless it is a qualified constructor.
  const prefix = typeTokens(t, view, a, firstNameP);
  if (prefix.types.length === 0 && !qualified && !inClass) return null;
  // Reject statements that are clearly not declarations (`x = f() {`, `a.b() {`).
  for (let p = a; p < firstNameP; p++) {
    const i = view[p];
    if (t.is(i, '=') || t.is(i, '.') || t.is(i, '->') || t.is(i, ';')) return null;
  }
  if (firstNameP > a && t.is(view[firstNameP - 1], ',')) return null;
  const bodyOpen = view[b];
  const bodyClose = t.match[bodyOpen];
  const lines = t.s.lines;
  const bodyStart = t.s.start[bodyOpen];
  const bodyEnd = bodyClose >= 0 ? t.s.end[bodyClose] : t.s.text.length;
  const name = canonical(t.compact(view[firstNameP], nameTok));
  const firstTok = view[a];
  return {
    fact: {
      name,
      nameRange: lines.range(t.s.start[view[firstNameP]], t.s.end[nameTok]),
      range: lines.range(t.s.start[firstTok], bodyEnd),
      bodyRange: lines.range(bodyStart, bodyEnd),
      returnType: canonical(prefix.types.join(' ')),
      params: readParams(t, paramOpen, paramClose),
      annotations: prefix.annotations,
      useDeclAnnotations: prefix.useDecl,
      isDispatchRole: prefix.annotations.some(claimsDispatchRole),
      active: t.active(nameTok),
    },
    nameTok,
    paramOpen,
    paramClose,
    bodyOpen,
    bodyClose,
    bodyStart,
    bodyEnd,
  };
}

export interface TypePrefix {
  /** Type words left after annotations and storage words are removed. */
  types: string[];
  annotations: AnnotationFact[];
  useDecl: boolean;
}

/** Reads the tokens before a declarator: dispatch annotations, other noise, and the type words. */
export function typeTokens(t: Tokens, view: Int32Array, a: number, b: number): TypePrefix {
  const types: string[] = [];
  const annotations: AnnotationFact[] = [];
  let useDecl = false;
  for (let p = a; p < b; p++) {
    const i = view[p];
    if (t.s.kind[i] === T_IDENT && (isNoiseToken(t, i) || t.is(i, '__drv_dispatchType_other'))) {
      const ann = readAnnotation(t, i);
      if (ann) annotations.push(ann);
      if (t.is(i, '_Use_decl_annotations_')) useDecl = true;
      if (t.is(i + 1, '(') && view[p + 1] === i + 1) {
        const m = t.match[i + 1];
        if (m < 0) break;
        while (p + 1 < b && view[p + 1] <= m) p++;
      }
      continue;
    }
    if (t.s.kind[i] === 3 /* string: extern "C" */) continue;
    types.push(t.text(i));
  }
  return { types, annotations, useDecl };
}

/** Token indices of the parameter being read (reused: readParams runs for every definition). */
let paramWords = new Int32Array(64);
/** Parameters read so far (reused: readParams returns a copy). */
const paramsFound: ParameterFact[] = [];

/** Parameters between `(` and `)`: annotations removed, the declarator name split off. */
export function readParams(t: Tokens, open: number, close: number): ParameterFact[] {
  if (close < 0 || close - open < 2) return [];
  if (paramWords.length < close - open) paramWords = new Int32Array(close - open + 64);
  const words = paramWords;
  let count = 0;
  paramsFound.length = 0;
  for (let i = open + 1; i < close; i++) {
    if (t.is(i, ',')) {
      addParam(t, words, count);
      count = 0;
      continue;
    }
    if (t.s.kind[i] === T_IDENT && isNoiseToken(t, i)) {
      if (t.is(i + 1, '(') && t.match[i + 1] > 0) i = t.match[i + 1];
      continue;
    }
    if (t.is(i, '(') || t.is(i, '[') || t.is(i, '{')) {
      // Keep nested groups whole (function-pointer declarators, array sizes, defaults).
      const m = t.match[i];
      if (m > i && m < close) {
        for (let k = i; k <= m; k++) words[count++] = k;
        i = m;
        continue;
      }
    }
    if (t.is(i, '=')) {
      // A default argument: skip to the next comma.
      while (i + 1 < close && !t.is(i + 1, ',')) {
        i = t.match[i + 1] > i + 1 ? t.match[i + 1] : i + 1;
      }
      continue;
    }
    words[count++] = i;
  }
  addParam(t, words, count);
  return paramsFound.slice();
}

/** One parameter from its tokens `words[0 .. count)`: the declarator name and the type words left. */
function addParam(t: Tokens, words: Int32Array, count: number): void {
  if (count === 0) return;
  if (count === 1 && (t.is(words[0], 'void') || t.is(words[0], 'VOID'))) return;
  let nameIdx = -1;
  const last = words[count - 1];
  const arrayDeclarator = t.is(last, ']');
  if (count > 1 && t.s.kind[last] === T_IDENT) nameIdx = count - 1;
  else if (arrayDeclarator) {
    for (let k = count - 1; k > 0; k--) {
      if (t.is(words[k], '[') && t.s.kind[words[k - 1]] === T_IDENT) {
        nameIdx = k - 1;
        break;
      }
    }
  } else {
    // Function pointer: `(*name)(...)`.
    for (let k = 0; k + 2 < count; k++) {
      if (t.is(words[k], '(') && t.is(words[k + 1], '*') && t.s.kind[words[k + 2]] === T_IDENT) {
        nameIdx = k + 2;
        break;
      }
    }
  }
  // An array declarator's brackets go with the name: `UCHAR Buffer[16]` has the type `UCHAR`.
  const typeEnd = nameIdx >= 0 && arrayDeclarator ? nameIdx : count;
  let type = '';
  let first = true;
  for (let k = 0; k < typeEnd; k++) {
    if (k === nameIdx) continue;
    const word = t.text(words[k]);
    type = first ? word : type + ' ' + word;
    first = false;
  }
  paramsFound.push({
    type: canonical(type),
    name: nameIdx >= 0 ? canonical(t.text(words[nameIdx])) : '',
  });
}
