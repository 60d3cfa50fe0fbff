// Small expression readers over tokens: the start of a postfix expression (`this->m_drv->`),
// the right-hand side of an assignment chain, and a handler with casts, `&` and parentheses
// stripped. All bounded and non-recursive.
import { T_CHAR, T_IDENT, T_NUMBER, T_STRING } from './lexer';
import type { Tokens } from './tokens';

const EXPRESSION_KEYWORDS = new Set([
  'return',
  'sizeof',
  'if',
  'while',
  'case',
  'else',
  'do',
  'switch',
  'for',
  'throw',
  'new',
  'delete',
]);

/** First token of the postfix expression ending at token `end` (`a->b[1].c`, `(*pp)->d`). */
export function postfixStart(t: Tokens, end: number): number {
  let k = end;
  for (let guard = 0; guard < 64; guard++) {
    if (t.is(k, ']') || t.is(k, ')')) {
      const m = t.match[k];
      if (m < 0 || m > k) return k + 1;
      k = m;
      while (t.is(k - 1, ']') || t.is(k - 1, ')')) {
        const m2 = t.match[k - 1];
        if (m2 < 0 || m2 > k) break;
        k = m2;
      }
      if (t.isIdent(k - 1) && !EXPRESSION_KEYWORDS.has(t.text(k - 1))) k--;
    } else if (!t.isIdent(k) || EXPRESSION_KEYWORDS.has(t.text(k))) {
      return k + 1;
    }
    if (t.is(k - 1, '->') || t.is(k - 1, '.') || t.is(k - 1, '::')) {
      k -= 2;
      continue;
    }
    return k;
  }
  return k;
}

/** Last token of the postfix expression starting at `start`, or -1 when none starts there. */
export function postfixEnd(t: Tokens, start: number): number {
  let k = start;
  if (t.is(k, '(')) {
    const m = t.match[k];
    if (m < 0) return -1;
    k = m;
  } else if (t.is(k, '*') || t.is(k, '&')) {
    return -1;
  } else if (!t.isIdent(k)) {
    return -1;
  }
  for (let guard = 0; guard < 64; guard++) {
    if ((t.is(k + 1, '->') || t.is(k + 1, '.') || t.is(k + 1, '::')) && t.isIdent(k + 2)) {
      k += 2;
      continue;
    }
    if (t.is(k + 1, '[') || t.is(k + 1, '(')) {
      const m = t.match[k + 1];
      if (m < 0) return -1;
      k = m;
      continue;
    }
    return k;
  }
  return k;
}

/**
 * Skips the chained lvalues of `a = b = c = H`: from the token after the first `=`, returns the
 * first token of the final right-hand side.
 */
export function chainValueStart(t: Tokens, k: number): number {
  for (let guard = 0; guard < 32; guard++) {
    const e = postfixEnd(t, k);
    if (e < 0 || !t.is(e + 1, '=')) return k;
    k = e + 2;
  }
  // A chain longer than any real one: give up rather than rescan it for every lvalue.
  return -1;
}

/** End (exclusive token index) of an expression starting at `k`: the first `;` `,` `)` `]` `}` at depth 0. */
export function expressionEnd(t: Tokens, k: number): number {
  // Bracket groups count as one step, so 512 steps is far beyond any real value expression; the
  // bound keeps a file of writes that lack their `;` from scanning thousands of tokens per write.
  const limit = Math.min(t.count, k + 512);
  while (k < limit) {
    if (t.is(k, '(') || t.is(k, '[') || t.is(k, '{')) {
      const m = t.match[k];
      if (m < 0) return k;
      k = m + 1;
      continue;
    }
    if (t.is(k, ';') || t.is(k, ',') || t.is(k, ')') || t.is(k, ']') || t.is(k, '}')) return k;
    k++;
  }
  return k;
}

/**
 * `(callconv *)(parameters)` from the `(` at `at`, ending right before the cast's `)` at `close`:
 * the declarator of a function pointer type (`(*)`, `(__fastcall *)`, `(NTAPI *)`).
 */
function isFunctionPointerDeclarator(t: Tokens, at: number, close: number): boolean {
  const star = t.match[at] - 1;
  if (star <= at || !t.is(star, '*')) return false;
  for (let i = at + 1; i < star; i++) if (!t.isIdent(i)) return false;
  const params = star + 2;
  return t.is(params, '(') && t.match[params] === close - 1;
}

export interface HandlerRef {
  /** Handler name (qualified kept) or, for other expressions, their compact text. */
  name: string;
  first: number;
  last: number;
  /** True when the value is a plain (possibly qualified) name after stripping casts and `&`. */
  isName: boolean;
}

const NULL_WORDS = new Set(['NULL', 'nullptr', 'FALSE', 'TRUE', 'false', 'true', 'NULL_PTR']);

/**
 * True for a parenthesised group that reads as a type (a cast): words, `*`, `::`, `struct`, or a
 * function pointer type as decompilers write it, `(int (__fastcall *)(_DEVICE_OBJECT *, _IRP *))`.
 */
function isCastGroup(t: Tokens, open: number, close: number): boolean {
  if (close - open < 2) return false;
  let sawWord = false;
  for (let i = open + 1; i < close; i++) {
    if (t.isIdent(i)) {
      sawWord = true;
      continue;
    }
    if (t.is(i, '*') || t.is(i, '::') || t.is(i, '&')) continue;
    if (sawWord && t.is(i, '(') && isFunctionPointerDeclarator(t, i, close)) break;
    return false;
  }
  if (!sawWord) return false;
  // `(a)` alone followed by an operator is not a cast; a cast is followed by an operand
  // (`(PVOID)0x0BADBEFF` too: a magic constant cast to a pointer is no handler).
  const next = close + 1;
  return t.isIdent(next) || t.is(next, '(') || t.is(next, '&') || t.s.kind[next] === T_NUMBER;
}

/** Reads the handler value in tokens [a, b): strips casts, `&`, parentheses. Null for NULL, numbers, strings. */
export function readHandler(t: Tokens, a: number, b: number): HandlerRef | null {
  for (let guard = 0; guard < 16 && a < b; guard++) {
    if (t.is(a, '&')) {
      a++;
      continue;
    }
    if (t.is(a, '(')) {
      const m = t.match[a];
      if (m < 0 || m >= b) break;
      if (m === b - 1) {
        a++;
        b--;
        continue;
      }
      if (isCastGroup(t, a, m)) {
        a = m + 1;
        continue;
      }
    }
    // C++ casts: static_cast<T>(x), reinterpret_cast<T>(x).
    if (t.isIdent(a) && /_cast$/.test(t.text(a)) && t.is(a + 1, '<')) {
      let k = a + 2;
      while (k < b && !t.is(k, '>')) k++;
      if (t.is(k + 1, '(') && t.match[k + 1] === b - 1) {
        a = k + 2;
        b = b - 1;
        continue;
      }
    }
    break;
  }
  if (a >= b) return null;
  const kind = t.s.kind[a];
  if (
    b - a === 1 &&
    (kind === T_NUMBER || kind === T_STRING || kind === T_CHAR || NULL_WORDS.has(t.text(a)))
  ) {
    return null;
  }
  // A qualified name `A::B::C` (or `::C`).
  let k = a;
  if (t.is(k, '::')) k++;
  let isName = t.isIdent(k);
  while (isName && k + 1 < b) {
    if (t.is(k + 1, '::') && t.isIdent(k + 2)) k += 2;
    else isName = false;
  }
  if (isName && k === b - 1) {
    return { name: t.compact(a, b - 1), first: a, last: b - 1, isName: true };
  }
  // Other expressions are named by their text for display only; capped so a long chain of writes
  // (`a->MajorFunction[X] = b->MajorFunction[Y] = ...`) does not copy the rest of the file per write.
  return { name: t.compact(a, Math.min(b - 1, a + 63)), first: a, last: b - 1, isName: false };
}

/** True when token `i` is an identifier used as a plain word (not `x.i` / `x->i`). */
export function isStandaloneIdent(t: Tokens, i: number): boolean {
  return t.s.kind[i] === T_IDENT && !t.is(i - 1, '.') && !t.is(i - 1, '->') && !t.is(i - 1, '::');
}
