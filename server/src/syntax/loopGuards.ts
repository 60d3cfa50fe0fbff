// Narrows the slots an all-slot loop's write fills by the conditions on the loop variable that
// guard it inside the loop body: `if (i == IRP_MJ_X)` arms, their `else` arms, `if (i == X) continue;`
// before the write, and `switch (i) { case X: ... default: ... }` groups. Slot sets are bitmasks.
import { statementEnd } from './controlPaths';
import type { Tokens } from './tokens';

/** Value of a constant index (`IRP_MJ_POWER`, `0x16`), or undefined when it is not one. */
export type ConstantValue = (first: number, last: number) => number | undefined;

/** What a condition says about the loop variable: slots for which it surely holds / may hold. */
interface Bounds {
  lower: number;
  upper: number;
}

const MAX_DEPTH = 48;

/** Mask of the slots 0..count-1. */
export function fullMask(count: number): number {
  return count >= 31 ? 0x7fffffff : (1 << count) - 1;
}

interface Walk {
  t: Tokens;
  at: number;
  name: string;
  valueOf: ConstantValue;
  all: number;
  mask: number;
}

/**
 * The subset of `covers` (bit n = slot n) that the write at token `at` can fill, given the
 * guards on loop variable `name` between the loop body's first and last tokens.
 */
export function guardedSlots(
  t: Tokens,
  bodyFirst: number,
  bodyLast: number,
  at: number,
  name: string,
  covers: number,
  slotCount: number,
  valueOf: ConstantValue,
): number {
  const w: Walk = { t, at, name, valueOf, all: fullMask(slotCount), mask: covers };
  descend(w, bodyFirst, bodyLast, 0);
  return w.mask;
}

/** Walks the statements of a block's contents [first, last] down to the one holding `at`. */
function walkBlock(w: Walk, first: number, last: number, depth: number): void {
  const t = w.t;
  let k = first;
  for (let guard = 0; guard < 100000 && k <= last; guard++) {
    k = skipLabels(t, k, last);
    if (k > last) return;
    const end = Math.max(k, statementEnd(t, k, last + 1));
    if (w.at <= end) {
      if (w.at >= k) descend(w, k, end, depth + 1);
      return;
    }
    // `if (i == X) continue;` (or a block ending so) before the write: X is not written here.
    if (t.is(k, 'if') && t.is(k + 1, '(')) {
      const close = t.match[k + 1];
      const thenEnd = close > 0 ? statementEnd(t, close + 1, end + 1) : -1;
      if (thenEnd === end && leavesIteration(t, close + 1, thenEnd)) {
        w.mask &= w.all & ~bounds(w, k + 2, close - 1, 0).lower;
      }
    }
    k = end + 1;
  }
}

/** Descends into the statement [k, end] that holds `at`, narrowing by each guard on the way. */
function descend(w: Walk, k: number, end: number, depth: number): void {
  const t = w.t;
  if (depth > MAX_DEPTH) return;
  k = skipLabels(t, k, end);
  if (t.is(k, '{')) {
    const close = t.match[k];
    if (close > k && close <= end) walkBlock(w, k + 1, close - 1, depth);
    return;
  }
  if (t.is(k, 'if') && t.is(k + 1, '(')) {
    const close = t.match[k + 1];
    if (close < 0 || close >= end) return;
    const thenEnd = statementEnd(t, close + 1, end + 1);
    const cond = bounds(w, k + 2, close - 1, 0);
    if (w.at <= thenEnd) {
      w.mask &= cond.upper;
      descend(w, close + 1, thenEnd, depth + 1);
    } else if (t.is(thenEnd + 1, 'else')) {
      w.mask &= w.all & ~cond.lower;
      descend(w, thenEnd + 2, end, depth + 1);
    }
    return;
  }
  if (t.is(k, 'switch') && t.is(k + 1, '(')) {
    const close = t.match[k + 1];
    if (close < 0 || !t.is(close + 1, '{')) return;
    const bodyClose = t.match[close + 1];
    if (bodyClose < 0 || bodyClose > end) return;
    if (isVariable(w, k + 2, close - 1)) w.mask &= caseSlots(w, close + 1, bodyClose);
    walkBlock(w, close + 2, bodyClose - 1, depth);
    return;
  }
  if ((t.is(k, 'for') || t.is(k, 'while')) && t.is(k + 1, '(')) {
    const close = t.match[k + 1];
    if (close > 0 && close < end) descend(w, close + 1, end, depth + 1);
    return;
  }
  if (t.is(k, 'do')) descend(w, k + 1, end, depth + 1);
}

/** Skips `case X:` / `default:` labels in front of a statement. */
function skipLabels(t: Tokens, k: number, last: number): number {
  for (let guard = 0; guard < 256 && k <= last; guard++) {
    if (t.is(k, 'default') && t.is(k + 1, ':')) {
      k += 2;
      continue;
    }
    if (!t.is(k, 'case')) return k;
    let q = k + 1;
    while (q <= last && !t.is(q, ':')) q++;
    k = q + 1;
  }
  return k;
}

/**
 * The slots of the case labels that reach `at` in the switch body `{ open .. close }`: the labels
 * from the last statement that leaves the switch before `at`. `default` takes every slot that no
 * label of the switch names. Every slot when some label is not a constant.
 */
function caseSlots(w: Walk, open: number, close: number): number {
  const t = w.t;
  let named = 0;
  let reaching = 0;
  let hasDefault = false;
  let depth = 0;
  for (let k = open + 1; k < close; k++) {
    if (t.is(k, '{') || t.is(k, '(') || t.is(k, '[')) depth++;
    else if (t.is(k, '}') || t.is(k, ')') || t.is(k, ']')) depth--;
    // Nested switches have labels of their own.
    if (t.is(k, 'switch') && t.is(k + 1, '(')) {
      const c = t.match[k + 1];
      const b = c > 0 && t.is(c + 1, '{') ? t.match[c + 1] : -1;
      if (b > k && b < close) {
        k = b;
        continue;
      }
    }
    if (
      k < w.at &&
      depth <= 1 &&
      (t.is(k, 'break') || t.is(k, 'return') || t.is(k, 'continue') || t.is(k, 'goto'))
    ) {
      reaching = 0;
      hasDefault = false;
    }
    if (t.is(k, 'default') && t.is(k + 1, ':')) {
      if (k < w.at) hasDefault = true;
      continue;
    }
    if (!t.is(k, 'case')) continue;
    let colon = k + 1;
    while (colon < close && !t.is(colon, ':')) colon++;
    const value = w.valueOf(k + 1, colon - 1);
    if (value === undefined) return w.all;
    named |= bit(value, w.all);
    if (k < w.at) reaching |= bit(value, w.all);
    k = colon;
  }
  return hasDefault ? reaching | (w.all & ~named) : reaching;
}

function bit(value: number, all: number): number {
  return value >= 0 && value < 31 ? (1 << value) & all : 0;
}

/** True when the statement [k, end] ends the loop iteration (`continue;`, or a block ending so). */
function leavesIteration(t: Tokens, k: number, end: number): boolean {
  let last = end;
  if (t.is(k, '{')) {
    last = end - 1;
    while (last > k && t.is(last, '}')) last--;
  }
  return t.is(last, ';') && t.is(last - 1, 'continue');
}

/** The tokens [a, b] name the loop variable: `i`, `(i)`, `(UCHAR)i`. */
function isVariable(w: Walk, a: number, b: number): boolean {
  const t = w.t;
  for (let guard = 0; guard < 8 && a <= b; guard++) {
    if (a === b) return t.is(a, w.name);
    if (t.is(a, '(') && t.match[a] === b) {
      a++;
      b--;
      continue;
    }
    if (t.is(a, '(') && t.match[a] > a && t.match[a] < b) {
      a = t.match[a] + 1; // a cast
      continue;
    }
    return false;
  }
  return false;
}

/** Bounds of the condition [a, b]: `||`, `&&`, `!`, parentheses and comparisons with constants. */
function bounds(w: Walk, a: number, b: number, depth: number): Bounds {
  const t = w.t;
  const unknown = { lower: 0, upper: w.all };
  if (a > b || depth > MAX_DEPTH) return unknown;
  if (t.is(a, '(') && t.match[a] === b) return bounds(w, a + 1, b - 1, depth + 1);
  for (const op of ['||', '&&']) {
    const parts = splitTopLevel(t, a, b, op);
    if (parts.length < 2) continue;
    let acc = op === '||' ? { lower: 0, upper: 0 } : { lower: w.all, upper: w.all };
    for (const [pa, pb] of parts) {
      const part = bounds(w, pa, pb, depth + 1);
      acc =
        op === '||'
          ? { lower: acc.lower | part.lower, upper: acc.upper | part.upper }
          : { lower: acc.lower & part.lower, upper: acc.upper & part.upper };
    }
    return acc;
  }
  if (t.is(a, '!') && t.is(a + 1, '(') && t.match[a + 1] === b) {
    const inner = bounds(w, a + 2, b - 1, depth + 1);
    return { lower: w.all & ~inner.upper, upper: w.all & ~inner.lower };
  }
  return comparison(w, a, b) ?? unknown;
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const MIRRORED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** `i == X`, `X != i`, `i < X`, ...: the exact set of slots for which it holds, or null. */
function comparison(w: Walk, a: number, b: number): Bounds | null {
  const t = w.t;
  let opAt = -1;
  for (let k = a; k <= b; k++) {
    if (t.is(k, '(') || t.is(k, '[')) {
      const m = t.match[k];
      if (m < 0 || m > b) return null;
      k = m;
      continue;
    }
    if (COMPARISONS.has(t.text(k))) {
      if (opAt >= 0) return null;
      opAt = k;
    } else if (t.is(k, '?') || t.is(k, '=') || t.is(k, ',')) {
      return null;
    }
  }
  if (opAt < 0) return null;
  let op = t.text(opAt);
  let value: number | undefined;
  if (isVariable(w, a, opAt - 1)) {
    value = w.valueOf(opAt + 1, b);
  } else if (isVariable(w, opAt + 1, b)) {
    value = w.valueOf(a, opAt - 1);
    op = MIRRORED[op] ?? op;
  }
  if (value === undefined) return null;
  const below = value <= 0 ? 0 : value >= 31 ? w.all : fullMask(value) & w.all; // slots < value
  const one = bit(value, w.all);
  const sets: Record<string, number> = {
    '==': one,
    '!=': w.all & ~one,
    '<': below,
    '<=': below | one,
    '>': w.all & ~(below | one),
    '>=': w.all & ~below,
  };
  return { lower: sets[op], upper: sets[op] };
}

/** The operands of a top-level `op` chain in [a, b] (empty array-of-one when `op` is absent). */
function splitTopLevel(t: Tokens, a: number, b: number, op: string): [number, number][] {
  const parts: [number, number][] = [];
  let from = a;
  for (let k = a; k <= b; k++) {
    if (t.is(k, '(') || t.is(k, '[')) {
      const m = t.match[k];
      if (m < 0 || m > b) return [[a, b]];
      k = m;
      continue;
    }
    if (t.is(k, '?')) return [[a, b]];
    if (t.is(k, op)) {
      parts.push([from, k - 1]);
      from = k + 1;
    }
  }
  parts.push([from, b]);
  return parts;
}
