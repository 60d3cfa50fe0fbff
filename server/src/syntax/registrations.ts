// Writes into `X->MajorFunction[...]`: direct, chained, cast, numeric or alias indexes, loops over
// every slot (`<=` vs `<` bounds, C++ range-for), helpers taking the driver object, and writes
// into another driver's object (`foreign`), fills of the whole array with one routine. Reads,
// comparisons and NULL stores are not reported.
import { IRP_MAJOR_FUNCTIONS, SLOT_COUNT, parseCInteger } from '../irpTable';
import { controlPath, exitsBefore, statementEnd } from './controlPaths';
import { T_NUMBER } from './lexer';
import {
  boundValue,
  canonicalIndex,
  enclosingLoop,
  indexVariable,
  loopAround,
  narrowByGuards,
} from './loopHeaders';
import {
  chainValueStart,
  expressionEnd,
  isStandaloneIdent,
  postfixStart,
  readHandler,
} from './expressions';
import type { FileContext } from './fileContext';
import type { FunctionInfo } from './structure';
import type { FunctionFact, RegistrationFact, RegistrationTarget } from './factTypes';
import { INDEXED_WORDS, type Tokens } from './tokens';

const ALL_SLOTS = IRP_MAJOR_FUNCTIONS.map((irp) => irp.name);
INDEXED_WORDS.add(['MajorFunction']);

/** `written` of a registration made by a fill call (`memset64`, ...) rather than an index. */
export function isFillCall(written: string): boolean {
  return FILL_CALLS.has(written);
}

/** The names of the fill calls read as registrations (for the prefilter's own search). */
export function fillCallNames(): string[] {
  return [...FILL_CALLS.keys()];
}

/** A registration plus the offset it sorts by (its lvalue start). */
export interface PendingRegistration {
  offset: number;
  fact: RegistrationFact;
}

export function findMajorFunctionWrites(ctx: FileContext, out: PendingRegistration[]): void {
  const t = ctx.t;
  for (const i of t.occurrences('MajorFunction')) {
    if (!t.is(i - 1, '->') && !t.is(i - 1, '.')) continue;
    if (t.is(i + 1, '[')) {
      const close = t.match[i + 1];
      if (close < 0 || !t.is(close + 1, '=')) continue;
      const objStart = postfixStart(t, i - 2);
      if (objStart > i - 2) continue;
      writeAt(ctx, out, objStart, i - 2, i + 2, close - 1, close);
    } else if (t.is(i + 1, ')')) {
      rangeFor(ctx, out, i);
    } else if (t.is(i + 1, ';') || t.is(i + 1, ',')) {
      if (!fillCall(ctx, out, i)) pointerAlias(ctx, out, i);
    }
  }
}

/** Handles the lvalue `obj[objFirst..objLast]->MajorFunction[idx..idxLast]` whose `]` is at `close`. */
function writeAt(
  ctx: FileContext,
  out: PendingRegistration[],
  objFirst: number,
  objLast: number,
  idxFirst: number,
  idxLast: number,
  close: number,
  /** For writes through an alias (`mj[i] = H` after `mj = X->MajorFunction`): the object X. */
  aliasOf?: [number, number],
): void {
  const t = ctx.t;
  const valueStart = chainValueStart(t, close + 2);
  if (valueStart < 0) return;
  const valueEnd = expressionEnd(t, valueStart);
  const handler = readHandler(t, valueStart, valueEnd);
  if (!handler) return;
  const lines = t.s.lines;
  // The reported line is the one holding `MajorFunction[`: when the object ends the line before
  // (`DriverObject->` then `MajorFunction[...]`), the lvalue starts at `MajorFunction`.
  const nameTok = idxFirst - 2;
  let offset = t.s.start[objFirst];
  if (nameTok > objFirst && lines.lineAt(offset) !== lines.lineAt(t.s.start[nameTok])) {
    offset = t.s.start[nameTok];
  }
  const fn = ctx.enclosing(offset);
  const written = idxFirst <= idxLast ? t.span(idxFirst, idxLast) : '';
  let slot = canonicalIndex(written);
  let covers: string[] = slot ? [slot] : [];
  let inLoop = false;
  let invalidIndex = false;
  if (!slot) {
    const loopVar = indexVariable(t, idxFirst, idxLast);
    const loop = loopVar ? enclosingLoop(t, idxFirst, loopVar, fn ? fn.bodyOpen : -1) : null;
    if (loop) {
      covers = loop.body ? narrowByGuards(t, loop, idxFirst, loopVar) : loop.covers;
      // One slot left by a guard (`if (i == IRP_MJ_POWER)`) is that slot; several stay the index.
      slot =
        covers.length === SLOT_COUNT
          ? 'ALL'
          : covers.length === 1 && loop.covers.length > 1
            ? covers[0]
            : written;
      inLoop = true;
      // `i <= IRP_MJ_MAXIMUM_FUNCTION + 1`: the last pass writes past the array.
      invalidIndex = loop.overruns;
    } else {
      slot = written;
      invalidIndex = isConstantIndex(t, idxFirst, idxLast);
    }
  }
  out.push({
    offset,
    fact: {
      slot,
      covers,
      written,
      handler: handler.name,
      handlerRange: lines.range(t.s.start[handler.first], t.s.end[handler.last]),
      indexRange: lines.range(
        idxFirst <= idxLast ? t.s.start[idxFirst] : t.s.end[idxFirst - 1],
        t.s.end[Math.max(idxFirst, idxLast)],
      ),
      lvalueRange: lines.range(offset, t.s.end[close]),
      inLoop,
      invalidIndex,
      ...placeOf(ctx, fn, objFirst, aliasOf ?? [objFirst, objLast]),
      ...(fn && isParameterOf(fn.fact, handler.name) ? { handlerIsParameter: true } : {}),
      ...exitsField(fn ? exitsBefore(t, fn.bodyOpen, fn.bodyClose, objFirst) : 0),
    },
  });
}

/**
 * The fields every registration fact shares: where the write at token `at` sits (function,
 * preprocessor branch, control path) and the object `[first, last]` whose table it writes.
 */
function placeOf(
  ctx: FileContext,
  fn: FunctionInfo | null,
  at: number,
  [first, last]: readonly [number, number],
): Pick<
  RegistrationFact,
  'object' | 'function' | 'target' | 'active' | 'branch' | 'order' | 'controlPath'
> {
  const t = ctx.t;
  return {
    object: t.compact(first, last),
    function: fn ? fn.fact.name : null,
    target: classifyObject(ctx, first, last),
    active: t.active(at),
    branch: t.s.branches[t.s.branch[at]],
    order: 0,
    controlPath: fn ? controlPath(t, fn.bodyOpen, fn.bodyClose, at) : '',
  };
}

function exitsField(count: number): { exitsBefore?: number } {
  return count > 0 ? { exitsBefore: count } : {};
}

/** `name` is one of the parameters of `fn` (a value the caller passes in, not a routine's name). */
export function isParameterOf(fn: FunctionFact, name: string): boolean {
  return fn.params.some((p) => p.name === name);
}

function isConstantIndex(t: Tokens, a: number, b: number): boolean {
  if (a !== b) return false;
  return t.s.kind[a] === T_NUMBER || /^IRP_M[JN]_/.test(t.text(a));
}

export function classifyObject(ctx: FileContext, a: number, b: number): RegistrationTarget {
  const t = ctx.t;
  let root = '';
  let viaDeviceObject = false;
  let hookNamed = false;
  for (let k = a; k <= b; k++) {
    if (t.is(k, 'DriverObject') && (t.is(k - 1, '->') || t.is(k - 1, '.')) && k > a) {
      viaDeviceObject = true;
    }
    // Hooking code names its objects so: `HookedDriverObject`, `g_HookTarget`.
    if (t.isIdent(k) && /hook/i.test(t.text(k))) hookNamed = true;
    if (!root && t.isIdent(k) && !t.is(k, 'this') && !t.is(k + 1, ')') && !t.is(k + 1, '*')) {
      root = t.text(k);
    }
  }
  if (!root) {
    for (let k = a; k <= b; k++) if (t.isIdent(k) && !t.is(k, 'this')) root = t.text(k);
  }
  // Kept from this driver's own entry (`g_Drv = DriverObject;`): its own object, whatever the name.
  if (ctx.ownGlobals.has(root)) return 'driver_object';
  const fn = ctx.enclosing(t.s.start[a]);
  const ownParam = ctx.driverObjectParams(fn).includes(root);
  // Another device's driver object, or an object found by name (directly or through a copy).
  if (viaDeviceObject) return 'foreign';
  if (ownParam) return 'driver_object';
  if (ctx.foreignNames.has(root)) return 'foreign';
  if (ctx.foreignExprs.size > 0 && ctx.foreignExprs.has(t.compact(a, b))) return 'foreign';
  // A function or object named for hooking writes into someone else's object.
  if (hookNamed || (fn && /hook/i.test(fn.fact.name))) return 'foreign';
  return 'driver_object';
}

/** `for (auto& f : X->MajorFunction) f = H;` with `MajorFunction` at token `i`. */
function rangeFor(ctx: FileContext, out: PendingRegistration[], i: number): void {
  const t = ctx.t;
  const headerOpen = t.match[i + 1];
  if (headerOpen < 0 || !t.is(headerOpen - 1, 'for')) return;
  let colon = -1;
  for (let k = headerOpen + 1; k < i; k++) if (t.is(k, ':')) colon = k;
  if (colon < 0 || !t.isIdent(colon - 1)) return;
  const varName = t.text(colon - 1);
  const objFirst = postfixStart(t, i - 2);
  if (objFirst !== colon + 1) return;
  const bodyEnd = statementEnd(t, i + 2, t.count);
  const fn = ctx.enclosing(t.s.start[i]);
  const lines = t.s.lines;
  for (let k = i + 2; k <= bodyEnd && k < t.count; k++) {
    if (!t.is(k, varName) || !isStandaloneIdent(t, k) || !t.is(k + 1, '=')) continue;
    const valueEnd = expressionEnd(t, k + 2);
    const handler = readHandler(t, k + 2, valueEnd);
    if (!handler) continue;
    const offset = t.s.start[k];
    out.push({
      offset,
      fact: {
        slot: 'ALL',
        covers: [...ALL_SLOTS],
        written: varName,
        handler: handler.name,
        handlerRange: lines.range(t.s.start[handler.first], t.s.end[handler.last]),
        indexRange: lines.range(offset, t.s.end[k]),
        lvalueRange: lines.range(offset, t.s.end[k]),
        inLoop: true,
        invalidIndex: false,
        ...placeOf(ctx, fn, k, [objFirst, i - 2]),
      },
    });
  }
}

/**
 * A pointer to the array: `mj = X->MajorFunction;` (or `PDRIVER_DISPATCH *p = ...`, or in a for
 * header). Later in the function, `mj[IRP_MJ_X] = H` is a write of X's slot, and `*p = H` /
 * `*p++ = H` inside a loop over the slots fills every slot the loop covers (toaster filter,
 * diskperf: `for (i = 0, p = X->MajorFunction; i <= IRP_MJ_MAXIMUM_FUNCTION; i++, p++) *p = H;`).
 */
function pointerAlias(ctx: FileContext, out: PendingRegistration[], i: number): void {
  const t = ctx.t;
  const objFirst = postfixStart(t, i - 2);
  if (!t.is(objFirst - 1, '=') || !t.isIdent(objFirst - 2)) return;
  const ptrTok = objFirst - 2;
  const ptr = t.text(ptrTok);
  ctx.aliases.add(ptr);
  const fn = ctx.enclosing(t.s.start[i]);
  const end = fn && fn.bodyClose > i ? fn.bodyClose : Math.min(t.count, i + 20000);
  const object: [number, number] = [objFirst, i - 2];
  const lines = t.s.lines;
  for (let q = i + 1; q < end; q++) {
    if (!t.is(q, ptr) || !isStandaloneIdent(t, q)) continue;
    // Reassigned: the alias ends here.
    if (t.is(q + 1, '=') && !t.is(q - 1, '*')) break;
    if (t.is(q + 1, '[')) {
      const close = t.match[q + 1];
      if (close > q + 2 && t.is(close + 1, '=')) {
        writeAt(ctx, out, q, q, q + 2, close - 1, close, object);
      }
      continue;
    }
    if (!t.is(q - 1, '*')) continue;
    const valueAt = t.is(q + 1, '=') ? q + 2 : t.is(q + 1, '++') && t.is(q + 2, '=') ? q + 3 : -1;
    if (valueAt < 0) continue;
    const star = q - 1;
    if (!(
      t.is(star - 1, ';') ||
      t.is(star - 1, '{') ||
      t.is(star - 1, '}') ||
      t.is(star - 1, ')')
    )) {
      continue;
    }
    const loop = loopAround(t, star, ptr, fn ? fn.bodyOpen : -1);
    if (!loop) continue;
    const handler = readHandler(t, valueAt, expressionEnd(t, valueAt));
    if (!handler) continue;
    const offset = t.s.start[star];
    out.push({
      offset,
      fact: {
        slot: loop.covers.length === SLOT_COUNT ? 'ALL' : '*' + ptr,
        covers: loop.covers,
        written: '*' + ptr,
        handler: handler.name,
        handlerRange: lines.range(t.s.start[handler.first], t.s.end[handler.last]),
        indexRange: lines.range(offset, t.s.end[q]),
        lvalueRange: lines.range(offset, t.s.end[q]),
        inLoop: true,
        invalidIndex: loop.overruns,
        ...placeOf(ctx, fn, star, object),
      },
    });
  }
}

/**
 * Calls that store one pointer in every element of an array, by the argument that holds the value
 * and the one that holds the count (in elements, or in bytes of `unit`-byte elements).
 */
const FILL_CALLS: ReadonlyMap<string, { value: number; count: number; unit: number }> = new Map([
  // ReactOS style: RtlFillMemoryUlong(D->MajorFunction, sizeof(D->MajorFunction), (ULONG_PTR)H).
  ['RtlFillMemoryUlong', { value: 2, count: 1, unit: 4 }],
  ['RtlFillMemoryUlonglong', { value: 2, count: 1, unit: 8 }],
  // Decompiled drivers (IDA): memset64(D->MajorFunction, (unsigned __int64)&H, 0x1C).
  ['memset64', { value: 1, count: 2, unit: 0 }],
  ['__stosq', { value: 1, count: 2, unit: 0 }],
  ['__stosd', { value: 1, count: 2, unit: 0 }],
]);

/** The top-level arguments of the call whose `(` is at `open`, as [first, last] token pairs. */
function callArguments(t: Tokens, open: number): [number, number][] {
  const close = t.match[open];
  if (close < 0) return [];
  const args: [number, number][] = [];
  let first = open + 1;
  for (let k = open + 1; k <= close; k++) {
    if ((t.is(k, '(') || t.is(k, '[') || t.is(k, '{')) && t.match[k] > k) {
      k = t.match[k];
      continue;
    }
    if (t.is(k, ',') || k === close) {
      args.push([first, k - 1]);
      first = k + 1;
    }
  }
  return args;
}

/**
 * `RtlFillMemoryUlong(X->MajorFunction, n, (ULONG_PTR)H)`, `memset64(X->MajorFunction, &H, 0x1C)`
 * with `MajorFunction` at token `i`: H fills the slots the count reaches, as a loop would (later
 * writes override it). True when the array is the first argument of a fill call.
 */
function fillCall(ctx: FileContext, out: PendingRegistration[], i: number): boolean {
  const t = ctx.t;
  if (!t.is(i + 1, ',')) return false;
  const objFirst = postfixStart(t, i - 2);
  if (objFirst > i - 2) return false;
  // The array may be cast first: `__stosq((PDWORD64)a1->MajorFunction, ...)`.
  const argFirst =
    t.is(objFirst - 1, ')') && t.match[objFirst - 1] >= 0 ? t.match[objFirst - 1] : objFirst;
  const open = argFirst - 1;
  const fill =
    t.is(open, '(') && t.isIdent(open - 1) ? FILL_CALLS.get(t.text(open - 1)) : undefined;
  if (!fill) return false;
  const args = callArguments(t, open);
  if (args.length !== 3 || args[0][0] !== argFirst || args[0][1] !== i) return true;
  const [valueFirst, valueLast] = args[fill.value];
  const handler = readHandler(t, valueFirst, valueLast + 1);
  if (!handler) return true;
  const [countFirst, countLast] = args[fill.count];
  const countTokens: number[] = [];
  for (let k = countFirst; k <= countLast; k++) countTokens.push(k);
  // A byte count written as a number is turned into elements; `sizeof(X->MajorFunction)`,
  // `RTL_NUMBER_OF(...)` and other expressions mean the whole array (boundValue).
  const written = t.span(countFirst, countLast);
  const number = parseCInteger(written);
  const count =
    number !== undefined && fill.unit > 0
      ? Math.floor(number / fill.unit)
      : boundValue(t, countTokens);
  const covers = ALL_SLOTS.slice(0, Math.max(0, Math.min(SLOT_COUNT, count)));
  if (covers.length === 0) return true;
  const call = open - 1;
  const fn = ctx.enclosing(t.s.start[call]);
  const lines = t.s.lines;
  const offset = t.s.start[call];
  out.push({
    offset,
    fact: {
      slot: covers.length === SLOT_COUNT ? 'ALL' : t.text(call),
      covers,
      written: t.text(call),
      handler: handler.name,
      handlerRange: lines.range(t.s.start[handler.first], t.s.end[handler.last]),
      indexRange: lines.range(t.s.start[countFirst], t.s.end[countLast]),
      // From the call's name, so the line reported is the one the statement starts on.
      lvalueRange: lines.range(offset, t.s.end[i]),
      // A default for every slot it reaches, which later writes override, as a loop's is.
      inLoop: true,
      invalidIndex: count > SLOT_COUNT,
      ...placeOf(ctx, fn, call, [objFirst, i - 2]),
    },
  });
  return true;
}
