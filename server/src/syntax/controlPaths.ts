// Runtime control paths inside a function body: which `if`/`else` arm and which `switch` case a
// token sits in, as a path such as `/if2.then/switch1.case3` ('' at the function's top level; an
// arm that itself returns, jumps or throws ends with `!`), and how many exits come before it.
// Writes whose paths part at the same `if` or `switch` are runtime alternatives, not duplicates.
import type { Tokens } from './tokens';

/** One arm of an if/else or one case group of a switch: tokens [start, end]. */
interface Arm {
  start: number;
  end: number;
  label: string;
  /** Index of the enclosing arm in the function's list, -1 at top level. */
  parent: number;
  /** The arm itself (not a nested one) holds a `return`, `goto` or `throw`: code after it is not reached from it. */
  exits?: boolean;
}

/** A function body's arms, and its `return`/`goto`/`throw`/`__leave` tokens in source order. */
interface BodyPaths {
  arms: Arm[];
  exits: number[];
}

/** Paths per function body (keyed by its `{` token), built once per Tokens on first use. */
const bodyCache = new WeakMap<Tokens, Map<number, BodyPaths>>();

/** Statements whose runs end a switch case: the next label starts a new alternative. */
const TERMINATORS = new Set(['break', 'return', 'goto', 'continue', 'throw']);

/**
 * Last token of the statement starting at `k` (an `if` with its `else` chain, a block, a loop, ...);
 * `limit` (exclusive) when it runs off the end.
 */
export function statementEnd(t: Tokens, k: number, limit: number): number {
  for (let guard = 0; guard < 256 && k < limit; guard++) {
    if (t.is(k, '{')) return t.match[k] < 0 ? limit : t.match[k];
    if (
      (t.is(k, 'if') || t.is(k, 'while') || t.is(k, 'for') || t.is(k, 'switch')) &&
      t.is(k + 1, '(')
    ) {
      const close = t.match[k + 1];
      if (close < 0) return limit;
      if (!t.is(k, 'if')) {
        k = close + 1;
        continue;
      }
      const thenEnd = statementEnd(t, close + 1, limit);
      if (!t.is(thenEnd + 1, 'else')) return thenEnd;
      k = thenEnd + 2; // the else statement ends the whole chain (an `else if` continues it)
      continue;
    }
    if (t.is(k, 'do')) {
      const bodyEnd = statementEnd(t, k + 1, limit);
      return simpleEnd(t, bodyEnd + 1, limit); // `while (...);`
    }
    return simpleEnd(t, k, limit);
  }
  return limit;
}

/** The `;` ending a simple statement from `k`, skipping bracket groups. */
function simpleEnd(t: Tokens, k: number, limit: number): number {
  for (; k < limit; k++) {
    if (t.is(k, '(') || t.is(k, '[') || t.is(k, '{')) {
      const m = t.match[k];
      if (m < 0 || m > limit) return limit;
      k = m;
      continue;
    }
    if (t.is(k, ';') || t.is(k, '}')) return t.is(k, '}') ? k - 1 : k;
  }
  return limit;
}

/** True when the statement before the case label at `k` leaves the switch (`break;`, `return x;`). */
function caseEndsBefore(t: Tokens, k: number, floor: number): boolean {
  let e = k - 1;
  while (e > floor && t.is(e, '}')) e--;
  if (!t.is(e, ';')) return false;
  let s = e - 1;
  for (let guard = 0; guard < 512 && s > floor; guard++) {
    if (t.is(s, ')') || t.is(s, ']')) {
      const m = t.match[s];
      if (m < 0 || m <= floor) return false;
      s = m - 1;
      continue;
    }
    if (t.is(s, ';') || t.is(s, '{') || t.is(s, '}') || t.is(s, ':')) break;
    s--;
  }
  return TERMINATORS.has(t.text(s + 1));
}

/** Every if/else arm and switch case group of the body `{ open .. close }`, in source order. */
function buildPaths(t: Tokens, open: number, close: number): BodyPaths {
  const arms: Arm[] = [];
  const exits: number[] = [];
  const stack: number[] = []; // indexes into arms, innermost last
  const switches: { close: number; id: number; cases: number; arm: number }[] = [];
  const pendingElse = new Map<number, { end: number; id: number }>();
  let ifs = 0;
  let switchCount = 0;
  const parentAt = (k: number): number => {
    while (stack.length > 0 && arms[stack[stack.length - 1]].end < k) stack.pop();
    return stack.length > 0 ? stack[stack.length - 1] : -1;
  };
  for (let k = open + 1; k < close; k++) {
    if (switches.length > 0 && switches[switches.length - 1].close < k) switches.pop();
    if (t.is(k, 'if') && t.is(k + 1, '(')) {
      const cond = t.match[k + 1];
      if (cond < 0 || cond >= close) continue;
      const id = ++ifs;
      const thenEnd = statementEnd(t, cond + 1, close);
      arms.push({ start: cond + 1, end: thenEnd, label: `/if${id}.then`, parent: parentAt(k) });
      stack.push(arms.length - 1);
      // The else arm is recorded when the scan reaches it, so arms stay in source order.
      if (t.is(thenEnd + 1, 'else')) {
        pendingElse.set(thenEnd + 1, { end: statementEnd(t, thenEnd + 2, close), id });
      }
      k = cond;
      continue;
    }
    const elseArm = t.is(k, 'else') ? pendingElse.get(k) : undefined;
    if (elseArm) {
      arms.push({
        start: k + 1,
        end: elseArm.end,
        label: `/if${elseArm.id}.else`,
        parent: parentAt(k),
      });
      stack.push(arms.length - 1);
      continue;
    }
    if (t.is(k, 'return') || t.is(k, 'goto') || t.is(k, 'throw') || t.is(k, '__leave')) {
      exits.push(k);
      const arm = parentAt(k);
      if (arm >= 0) arms[arm].exits = true;
      continue;
    }
    if (t.is(k, 'switch') && t.is(k + 1, '(')) {
      const cond = t.match[k + 1];
      if (cond < 0 || !t.is(cond + 1, '{') || t.match[cond + 1] < 0) continue;
      switches.push({ close: t.match[cond + 1], id: ++switchCount, cases: 0, arm: -1 });
      k = cond + 1;
      continue;
    }
    if ((t.is(k, 'case') || t.is(k, 'default')) && switches.length > 0) {
      const sw = switches[switches.length - 1];
      if (t.is(k, 'default') && !t.is(k + 1, ':')) continue;
      // A case reached by falling through the previous one stays on its path.
      if (sw.arm >= 0 && !caseEndsBefore(t, k, open)) continue;
      if (sw.arm >= 0) arms[sw.arm].end = k - 1;
      const parent = parentAt(k);
      arms.push({ start: k, end: sw.close, label: `/switch${sw.id}.case${sw.cases++}`, parent });
      sw.arm = arms.length - 1;
      stack.push(sw.arm);
    }
  }
  return { arms, exits };
}

function pathsOf(t: Tokens, open: number, close: number): BodyPaths {
  let byBody = bodyCache.get(t);
  if (!byBody) {
    byBody = new Map();
    bodyCache.set(t, byBody);
  }
  let paths = byBody.get(open);
  if (!paths) {
    paths = buildPaths(t, open, close);
    byBody.set(open, paths);
  }
  return paths;
}

/**
 * How many `return`, `goto`, `throw` and `__leave` statements of the body `{ open .. close }` come
 * before token `at`, at any depth. Two writes with different counts have a way out of the function
 * between them, so the second does not always follow the first.
 */
export function exitsBefore(t: Tokens, open: number, close: number, at: number): number {
  if (open < 0 || close <= open || at <= open) return 0;
  const { exits } = pathsOf(t, open, close);
  let lo = 0;
  let hi = exits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (exits[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The control path of token `at` in the function body `{ open .. close }`. */
export function controlPath(t: Tokens, open: number, close: number, at: number): string {
  if (open < 0 || close <= open || at <= open || at >= close) return '';
  const { arms } = pathsOf(t, open, close);
  // The last arm starting at or before `at`, then out through its parents to one that holds it.
  let lo = 0;
  let hi = arms.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (arms[mid].start <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Arms nest, so every arm holding `at` is the found one or one of its parents.
  let arm = found;
  while (arm >= 0 && !(arms[arm].start <= at && at <= arms[arm].end)) arm = arms[arm].parent;
  const labels: string[] = [];
  for (let a = arm; a >= 0 && labels.length < 256; a = arms[a].parent) {
    labels.push(arms[a].exits ? arms[a].label + '!' : arms[a].label);
  }
  return labels.reverse().join('');
}
