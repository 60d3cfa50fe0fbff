// Loops over the MajorFunction slots, read from their headers: the slots a `for`/`while` loop
// covers (`<=` vs `<` bounds, start values, array counts), guards on the loop variable inside the
// body, and canonical names of the indexes a write uses.
import {
  IRP_MAJOR_FUNCTIONS,
  IRP_MJ_MAXIMUM_FUNCTION,
  SLOT_COUNT,
  canonicalSlot,
  parseCInteger,
} from '../irpTable';
import { statementEnd } from './controlPaths';
import { guardedSlots } from './loopGuards';
import type { Tokens } from './tokens';

const ALL_SLOTS = IRP_MAJOR_FUNCTIONS.map((irp) => irp.name);

/** Canonical slot of an index as written; `IRP_MJ_MAXIMUM_FUNCTION` itself is IRP_MJ_PNP. */
export function canonicalIndex(written: string): string | undefined {
  const text = written.replace(/^\(\s*(.*?)\s*\)$/, '$1');
  if (text === 'IRP_MJ_MAXIMUM_FUNCTION') return IRP_MAJOR_FUNCTIONS[IRP_MJ_MAXIMUM_FUNCTION].name;
  return canonicalSlot(text);
}

export interface Loop {
  covers: string[];
  /** The header bounds the loop by IRP_MJ codes or the MajorFunction array (not any counter). */
  overSlots: boolean;
  /** The bound runs past the last slot (`<= IRP_MJ_MAXIMUM_FUNCTION + 1`, `<= 0x1c`): `covers` stays the real slots. */
  overruns: boolean;
  /** First and last token of the loop's body statement (set by enclosingLoop). */
  body?: [number, number];
}

/**
 * The loop's slots that the write at token `at` can fill: guards on the loop variable inside the
 * body (`if (i == IRP_MJ_X)`, its `else`, `switch (i)` cases) keep only the slots they let through.
 */
export function narrowByGuards(t: Tokens, loop: Loop, at: number, name: string): string[] {
  if (!loop.body) return loop.covers;
  let mask = 0;
  for (const slot of loop.covers) mask |= 1 << ALL_SLOTS.indexOf(slot);
  const valueOf = (a: number, b: number): number | undefined => {
    const text = t.span(a, b);
    const slot = canonicalIndex(text);
    return slot ? ALL_SLOTS.indexOf(slot) : parseCInteger(text);
  };
  const [first, last] = loop.body;
  const narrowed = guardedSlots(t, first, last, at, name, mask, SLOT_COUNT, valueOf);
  if (narrowed === mask) return loop.covers;
  return ALL_SLOTS.filter((_, n) => (narrowed & (1 << n)) !== 0);
}

/** The variable an index names: `i`, or `i` of a cast `(UCHAR)i`; '' for anything else. */
export function indexVariable(t: Tokens, a: number, b: number): string {
  if (a === b) return t.isIdent(a) ? t.text(a) : '';
  if (t.is(a, '(') && t.match[a] === b - 1 && t.isIdent(b)) return t.text(b);
  return '';
}

/**
 * The nearest `for` loop around token `at` whose header iterates `name`: the slots it covers
 * from its initial value up to its bound (`<= IRP_MJ_MAXIMUM_FUNCTION` covers all 28, `<` 27).
 */
export function enclosingLoop(t: Tokens, at: number, name: string, floor: number): Loop | null {
  const fors = t.loopKeywords();
  let lo = 0;
  let hi = fors.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (fors[mid] < at) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // The nearest few loops before the write, innermost first.
  for (let f = last; f >= 0 && f > last - 32 && fors[f] > floor; f--) {
    const k = fors[f];
    const close = t.match[k + 1];
    if (close < 0 || close > at) continue;
    // An unbraced `if (...) ...; else ...;` body ends with its last arm, not its first `;`.
    const bodyEnd = statementEnd(t, close + 1, t.count);
    if (at > bodyEnd) continue;
    const header = t.is(k, 'while') ? whileHeader(t, k, close, name) : splitHeader(t, k + 2, close);
    if (!header) continue;
    const loop = readLoopHeader(t, header, name);
    if (loop) {
      loop.body = [close + 1, bodyEnd];
      return loop;
    }
  }
  return null;
}

/**
 * A `while (cond)` loop as a for header: the initialisation is the nearest `name = value;` in
 * the few statements before it. `} while (...);` of a do-loop has no body here and is skipped.
 */
function whileHeader(t: Tokens, k: number, close: number, name: string): number[][] | null {
  if (t.is(close + 1, ';')) return null;
  const cond: number[] = [];
  for (let q = k + 2; q < close; q++) cond.push(q);
  const init: number[] = [];
  for (let q = k - 1; q > 0 && q > k - 64; q--) {
    if (
      t.is(q, name) &&
      t.is(q + 1, '=') &&
      (t.is(q - 1, ';') || t.is(q - 1, '{') || t.is(q - 1, '}') || t.isIdent(q - 1))
    ) {
      for (let r = q; r < t.count && !t.is(r, ';'); r++) init.push(r);
      break;
    }
  }
  return [init, cond, []];
}

function splitHeader(t: Tokens, a: number, b: number): number[][] | null {
  const parts: number[][] = [[]];
  for (let k = a; k < b; k++) {
    if (t.is(k, '(') || t.is(k, '[')) {
      const m = t.match[k];
      if (m < 0 || m > b) return null;
      for (let q = k; q <= m; q++) parts[parts.length - 1].push(q);
      k = m;
      continue;
    }
    if (t.is(k, ';')) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1].push(k);
  }
  return parts.length === 3 ? parts : null;
}

function readLoopHeader(t: Tokens, header: number[][], name: string): Loop | null {
  const [init, cond] = header;
  // Initial value: `i = X` or `ULONG i = X` (X an IRP_MJ name or number; default 0).
  let startValue = 0;
  let declared = false;
  for (let q = 0; q + 1 < init.length; q++) {
    if (t.is(init[q], name) && t.is(init[q + 1], '=')) {
      declared = true;
      const written = t.span(init[q + 2] ?? init[q + 1], init[init.length - 1]);
      const slot = canonicalIndex(written);
      const value = slot ? ALL_SLOTS.indexOf(slot) : parseCInteger(written);
      if (value !== undefined && value >= 0) startValue = value;
    }
  }
  if (!declared && !init.some((k) => t.is(k, name))) {
    // `for (; i <= ...; )` with the variable set before the loop: accept when the condition names it.
    if (!cond.some((k) => t.is(k, name))) return null;
  }
  // Condition: `i <= B`, `i < B`, `B >= i`, `B > i`.
  let op = '';
  let boundTokens: number[] = [];
  for (let q = 0; q < cond.length; q++) {
    const k = cond[q];
    if (!t.is(k, '<') && !t.is(k, '<=') && !t.is(k, '>') && !t.is(k, '>=')) continue;
    const lhsIsVar = q > 0 && t.is(cond[q - 1], name);
    const rhsIsVar = q + 1 < cond.length && t.is(cond[q + 1], name) && q + 2 === cond.length;
    if (lhsIsVar) {
      op = t.text(k);
      boundTokens = cond.slice(q + 1);
    } else if (rhsIsVar) {
      op = t.text(k) === '>' ? '<' : t.text(k) === '>=' ? '<=' : '';
      boundTokens = cond.slice(0, q);
    }
    break;
  }
  if (!op) return null;
  let bound = boundValue(t, boundTokens);
  if (op === '<=') bound += 1;
  const overruns = bound > SLOT_COUNT && startValue < SLOT_COUNT;
  bound = Math.max(0, Math.min(SLOT_COUNT, bound));
  const overSlots = boundTokens.some((k) => /^IRP_MJ_|MajorFunction/.test(t.text(k)));
  return { covers: ALL_SLOTS.slice(Math.min(startValue, bound), bound), overSlots, overruns };
}

/** Exclusive-style value of a loop bound: IRP_MJ_MAXIMUM_FUNCTION (+1), numbers, array counts. */
export function boundValue(t: Tokens, toks: number[]): number {
  if (toks.length === 0) return SLOT_COUNT;
  const text = toks.map((k) => t.text(k)).join('');
  const m = /^\(?(IRP_MJ_MAXIMUM_FUNCTION|\w+)\)?(?:([+-])(\d+|0x[0-9a-fA-F]+))?\)?$/.exec(text);
  if (m) {
    const base =
      m[1] === 'IRP_MJ_MAXIMUM_FUNCTION'
        ? IRP_MJ_MAXIMUM_FUNCTION
        : canonicalSlot(m[1])
          ? ALL_SLOTS.indexOf(canonicalSlot(m[1])!)
          : parseCInteger(m[1]);
    const offset = m[3] ? (parseCInteger(m[3]) ?? 0) : 0;
    if (base !== undefined) return base + (m[2] === '-' ? -offset : offset);
  }
  // `ARRAYSIZE(d->MajorFunction)`, `RTL_NUMBER_OF(...)`, `sizeof(...)/sizeof(...)`, and any other
  // bound not read as a number: the whole array.
  return SLOT_COUNT;
}

/** The innermost for/while loop whose body holds token `at`, read through its counter (not `ptr`). */
export function loopAround(t: Tokens, at: number, ptr: string, floor: number): Loop | null {
  const loops = t.loopKeywords();
  for (let f = loops.length - 1; f >= 0; f--) {
    const k = loops[f];
    if (k >= at) continue;
    if (k <= floor) break;
    const close = t.match[k + 1];
    if (close < 0 || close > at || statementEnd(t, close + 1, t.count) < at) continue;
    const header = t.is(k, 'while') ? whileHeader(t, k, close, '') : splitHeader(t, k + 2, close);
    if (!header) return null;
    for (const q of header[1]) {
      if (!t.isIdent(q) || t.is(q, ptr)) continue;
      const counted = t.is(k, 'while') ? whileHeader(t, k, close, t.text(q)) : header;
      const loop = counted ? readLoopHeader(t, counted, t.text(q)) : null;
      if (loop) return loop;
    }
    return null;
  }
  return null;
}
