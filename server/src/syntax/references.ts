// Direct uses of routines, for `unregistered-dispatch-routine`: a routine typed DRIVER_DISPATCH
// that is called directly (`return PassThrough(DeviceObject, Irp);`), stored in a private table
// or passed on is a helper with a dispatch signature, not a forgotten registration.
import type { DeclarationFact } from './factTypes';
import { T_IDENT, T_PUNCT } from './lexer';
import type { FunctionInfo } from './structure';
import type { Tokens } from './tokens';
import { lastPart } from '../util/names';

/** A parameter type of an IRP (`PIRP`, `IRP *`, `struct _IRP *`). */
const IRP_TYPE = /(?:^|\W)(?:P?IRP|_IRP)(?:\W|$)/;

/** An argument naming an IRP (`Irp`, `pIrp`, `irp`, `NewIrp`): the call hands an IRP on. */
const IRP_NAME = /irp/i;

const STORE_TYPE = 'PDRIVER_DISPATCH';

/**
 * Names used in active code of this file other than where they are declared or defined:
 * - the file's own candidate routines (defined with two parameters, the second an IRP, as
 *   DRIVER_DISPATCH is, or declared with a dispatch role or annotation) wherever their name
 *   appears as an identifier: called, stored in a table, cast and passed to a fill routine, ...;
 * - the callee of a two-argument call whose second argument names an IRP (`Helper(Dev, Irp)`),
 *   so a routine defined in another file counts as called too (a file without candidates or
 *   PDRIVER_DISPATCH is read only in the bodies of functions given an IRP);
 * - names cast to or stored in variables and tables of type PDRIVER_DISPATCH.
 * Sorted, without duplicates; bare names (`ns::Read` is `Read`).
 */
export function findReferences(
  t: Tokens,
  functions: readonly FunctionInfo[],
  declarations: readonly DeclarationFact[],
): string[] {
  const candidates = new Set<string>();
  const irpFunctions: FunctionInfo[] = [];
  // Names the file gives its IRP parameters (`PIRP Request`): handed on, they are IRPs too.
  const irpNames = new Set<string>();
  for (const f of functions) {
    const params = f.fact.params;
    if (!params.some((p) => IRP_TYPE.test(p.type))) continue;
    irpFunctions.push(f);
    for (const p of params) if (IRP_TYPE.test(p.type) && p.name) irpNames.add(p.name);
    if (params.length === 2 && IRP_TYPE.test(params[1].type)) candidates.add(lastPart(f.fact.name));
  }
  const declared = new Set<string>();
  for (const d of declarations) {
    // Every declaration's name is skipped (a prototype is no use); role ones are candidates.
    declared.add(`${d.nameRange.start.line}:${d.nameRange.start.character}`);
    if (d.isDispatchRole || d.annotations.length > 0) candidates.add(lastPart(d.name));
  }
  const used = new Set<string>();
  const byStart = [...functions].sort((a, b) => a.nameTok - b.nameTok);
  if (candidates.size > 0 || t.s.text.includes(STORE_TYPE)) {
    // Length, first and last character of each name mark a bit: one typed-array read rejects
    // nearly every other identifier without slicing it. The bits are cleared before returning.
    const marked: number[] = [];
    for (const c of [...candidates, STORE_TYPE]) {
      const k = wordKey(c, 0, c.length);
      if (MAYBE[k] === 0) marked.push(k);
      MAYBE[k] = 1;
    }
    try {
      scan(t, 0, t.count, candidates, declared, byStart, used, true, irpNames);
    } finally {
      for (const k of marked) MAYBE[k] = 0;
    }
  } else {
    // Nothing of this file can be named elsewhere in it: only IRPs handed on matter, and an IRP
    // is at hand in the functions given one.
    for (const f of irpFunctions) {
      if (f.bodyClose > f.bodyOpen) {
        scan(t, f.bodyOpen, f.bodyClose, candidates, declared, byStart, used, false, irpNames);
      }
    }
  }
  return [...used].sort();
}

/** Candidate marks by wordKey; all zero between calls. */
const MAYBE = new Uint8Array(1 << 17);

function wordKey(text: string, from: number, to: number): number {
  return (
    (((to - from) & 31) << 12) |
    ((text.charCodeAt(from) & 63) << 6) |
    (text.charCodeAt(to - 1) & 63)
  );
}

const NO_DECLARATIONS: ReadonlySet<string> = new Set();

/** Token `i` follows `.` or `->`: a member name, not a routine. */
function isMember(t: Tokens, i: number): boolean {
  const { kind, start, end, text } = t.s;
  if (i <= 0 || kind[i - 1] !== T_PUNCT) return false;
  const len = end[i - 1] - start[i - 1];
  const last = text.charCodeAt(end[i - 1] - 1);
  return (
    (len === 1 && last === 46) || (len === 2 && last === 62 && text.charCodeAt(start[i - 1]) === 45)
  );
}

/**
 * Adds the uses among tokens [from, to) to `used`: calls handing on an IRP and, when `names` is
 * set, the candidate names and PDRIVER_DISPATCH stores (their MAYBE bits marked).
 */
function scan(
  t: Tokens,
  from: number,
  to: number,
  candidates: ReadonlySet<string>,
  declared: ReadonlySet<string>,
  byStart: readonly FunctionInfo[],
  used: Set<string>,
  names: boolean,
  irpNames: ReadonlySet<string>,
): void {
  // Locals and character codes, not Tokens.is: this loop visits every token it is given.
  const { kind, inactive, start, end, text, count } = t.s;
  for (let i = from; i < to; i++) {
    if (kind[i] !== T_IDENT || inactive[i] !== 0 || isMember(t, i)) continue;
    if (names && MAYBE[wordKey(text, start[i], end[i])] !== 0) {
      const word = t.text(i);
      if (candidates.has(word) && !used.has(word) && !isOwnName(t, i, word, byStart, declared)) {
        used.add(word);
      }
      if (word === STORE_TYPE) storedAsDispatch(t, i, used);
    }
    const call =
      i + 1 < count &&
      kind[i + 1] === T_PUNCT &&
      end[i + 1] - start[i + 1] === 1 &&
      text.charCodeAt(start[i + 1]) === 40;
    if (call && handsOnIrp(t, i + 1, irpNames)) {
      const callee = t.text(i);
      if (!isOwnName(t, i, callee, byStart, NO_DECLARATIONS)) used.add(callee);
    }
  }
}

/** Token `i` spelling `word` is the name in one of its definitions (or inside it) or declarations. */
function isOwnName(
  t: Tokens,
  i: number,
  word: string,
  byStart: readonly FunctionInfo[],
  declared: ReadonlySet<string>,
): boolean {
  // The definition starting last at or before `i` (definitions do not nest): from its name to
  // its closing brace, so a recursive call does not make a routine used.
  let lo = 0;
  let hi = byStart.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byStart[mid].nameTok <= i) lo = mid + 1;
    else hi = mid;
  }
  const f = lo > 0 ? byStart[lo - 1] : undefined;
  if (f && i <= Math.max(f.nameTok, f.bodyClose) && lastPart(f.fact.name) === word) return true;
  if (declared.size === 0) return false;
  const at = t.s.lines.range(t.s.start[i], t.s.end[i]).start;
  return declared.has(`${at.line}:${at.character}`);
}

/**
 * Names stored through the PDRIVER_DISPATCH type, wherever they are declared: `(PDRIVER_DISPATCH)X`
 * and the initializer of a variable or table of that type (`PDRIVER_DISPATCH t[] = { A, B };`).
 */
function storedAsDispatch(t: Tokens, i: number, used: Set<string>): void {
  if (t.is(i + 1, ')')) {
    const k = t.is(i + 2, '&') ? i + 3 : i + 2;
    if (t.isIdent(k) && !t.is(k + 1, '(') && !t.is(k + 1, '->') && !t.is(k + 1, '.')) {
      used.add(t.text(k));
    }
    return;
  }
  // The declarator: names, `*`, `const` and `[...]` up to `=`; anything else is not a variable.
  // Both walks stop at the next PDRIVER_DISPATCH, which has its own: the work stays linear.
  let k = i + 1;
  while (k < t.count && !t.is(k, '=')) {
    if (t.is(k, '[') && t.match[k] > k) k = t.match[k] + 1;
    else if ((t.isIdent(k) && !t.is(k, STORE_TYPE)) || t.is(k, '*')) k++;
    else return;
  }
  for (k++; k < t.count && !t.is(k, ';') && !t.is(k, STORE_TYPE); k++) {
    if (!t.isIdent(k) || t.is(k - 1, '->') || t.is(k - 1, '.')) continue;
    if (t.is(k + 1, '(') || t.is(k + 1, '->') || t.is(k + 1, '.') || t.is(k + 1, '[')) continue;
    used.add(t.text(k));
  }
}

/**
 * The call opened at `open` has exactly two arguments, the second a plain name of an IRP: named
 * like one, or the name of an IRP parameter of the file (`irpNames`).
 */
function handsOnIrp(t: Tokens, open: number, irpNames: ReadonlySet<string>): boolean {
  const close = t.match[open];
  if (close < open + 4 || !t.isIdent(close - 1) || !t.is(close - 2, ',')) return false;
  const arg = t.text(close - 1);
  if (!IRP_NAME.test(arg) && !irpNames.has(arg)) return false;
  let commas = 0;
  for (let k = open + 1; k < close; k++) {
    if (t.is(k, ',')) commas++;
    else if ((t.is(k, '(') || t.is(k, '[') || t.is(k, '{')) && t.match[k] > k) k = t.match[k];
  }
  return commas === 1;
}
