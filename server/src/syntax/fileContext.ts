// What the recognizers share about one file: its tokens, the function definitions (to find the
// enclosing function of any offset), which names hold this driver's own driver object and which
// hold another driver's object found by name (hooks).
import { expressionEnd, isStandaloneIdent, postfixStart } from './expressions';
import type { FunctionInfo } from './structure';
import { INDEXED_WORDS, type Tokens } from './tokens';

/** APIs that return another driver's object by name or handle: their `&out` argument is foreign. */
const LOOKUP_API_NAMES = [
  'ObReferenceObjectByName',
  'ObReferenceObjectByHandle',
  'ObReferenceObjectByHandleWithTag',
  'IoGetDeviceObjectPointer',
  'ObOpenObjectByName',
];
INDEXED_WORDS.add([...LOOKUP_API_NAMES, 'DriverObject']);

export class FileContext {
  readonly t: Tokens;
  /** Function definitions sorted by body start. */
  readonly functions: FunctionInfo[];
  /** Names filled by a lookup API or from another object's `->DriverObject`. */
  readonly foreignNames = new Set<string>();
  /** Names assigned this driver's own driver object (`g_Drv = DriverObject;`). */
  readonly ownGlobals = new Set<string>();
  /** Object expressions that hold a copy of another driver's object (`GlobalData.PatchedTable`). */
  readonly foreignExprs = new Set<string>();
  /** Pointers to a driver object's MajorFunction array (`mj = X->MajorFunction;`): not private tables. */
  readonly aliases = new Set<string>();

  constructor(t: Tokens, functions: FunctionInfo[]) {
    this.t = t;
    this.functions = [...functions].sort((a, b) => a.bodyStart - b.bodyStart);
    this.scanObjectFlows();
  }

  /** The innermost function whose body holds `offset`, or null at file scope. */
  enclosing(offset: number): FunctionInfo | null {
    const fns = this.functions;
    let lo = 0;
    let hi = fns.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (fns[mid].bodyStart <= offset) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let k = best; k >= 0 && k > best - 8; k--) {
      if (fns[k].bodyStart <= offset && offset < fns[k].bodyEnd) return fns[k];
    }
    return null;
  }

  /** driverObjectParams per function: every recognizer asks for the same few functions again. */
  private readonly ownerParams = new Map<FunctionInfo, readonly string[]>();

  /** Parameters of `fn` that hold a driver object: typed `*DRIVER_OBJECT`, or DriverEntry's first. */
  driverObjectParams(fn: FunctionInfo | null): readonly string[] {
    if (!fn) return NO_NAMES;
    let names = this.ownerParams.get(fn);
    if (names === undefined) {
      names = readOwnerParams(fn);
      this.ownerParams.set(fn, names);
    }
    return names;
  }

  private scanObjectFlows(): void {
    const t = this.t;
    // Objects found by name: `LookupApi(..., &x)` and `x = <expr>->DriverObject`.
    const hits: (readonly number[])[] = LOOKUP_API_NAMES.map((w) => t.occurrences(w));
    hits.push(t.occurrences('DriverObject'));
    for (const list of hits) for (const i of list) this.readObjectFlow(i);
    // Copies of a looked-up object are looked-up objects too: `g_Kbd = kbd;`.
    if (this.foreignNames.size > 0) {
      for (let round = 0; round < 2; round++) {
        for (let k = 1; k + 2 < t.count; k++) {
          if (!t.is(k, '=') || !t.isIdent(k + 1) || !t.is(k + 2, ';') || !t.isIdent(k - 1)) {
            continue;
          }
          if (this.foreignNames.has(t.text(k + 1)) && isStandaloneIdent(t, k - 1)) {
            this.foreignNames.add(t.text(k - 1));
          }
        }
      }
    }
    // Own driver object kept in a variable: `g_Drv = DriverObject;` in a function that has it.
    for (const fn of this.functions) {
      const params = this.driverObjectParams(fn);
      if (params.length === 0 || fn.bodyClose < 0) continue;
      for (let k = fn.bodyOpen + 1; k < fn.bodyClose; k++) {
        if (!t.is(k, '=') || !t.isIdent(k - 1) || !t.is(k + 2, ';')) continue;
        if (params.includes(t.text(k + 1)) && isStandaloneIdent(t, k - 1)) {
          this.ownGlobals.add(t.text(k - 1));
        }
      }
    }
  }

  /** One hit of a lookup API or of `DriverObject`: the names and expressions it makes foreign. */
  private readObjectFlow(i: number): void {
    const t = this.t;
    if (t.is(i + 1, '(') && !t.is(i, 'DriverObject')) {
      const close = t.match[i + 1];
      for (let k = i + 2; k < close; k++) {
        if (t.is(k, '&') && t.isIdent(k + 1) && !t.is(k + 2, '->') && !t.is(k + 2, '.')) {
          this.foreignNames.add(t.text(k + 1));
        }
      }
      return;
    }
    if (!t.is(i, 'DriverObject') || !(t.is(i - 1, '->') || t.is(i - 1, '.'))) return;
    if (t.is(i + 1, '=')) {
      // `fdo->DriverObject = X;` swaps another device's driver object for X (usbsnoop).
      const end = expressionEnd(t, i + 2);
      const fn = this.enclosing(t.s.start[i]);
      const rhs = t.compact(i + 2, end - 1);
      if (end > i + 2 && !this.driverObjectParams(fn).includes(rhs)) this.foreignExprs.add(rhs);
      return;
    }
    if (t.is(i + 1, '->')) return;
    const e = postfixStart(t, i);
    let k = e - 1;
    // Skip a cast or a dereference: `x = (PDRIVER_OBJECT)dev->DriverObject`, `*x = *dev->DriverObject`.
    if (t.is(k, ')') && t.match[k] >= 0) k = t.match[k] - 1;
    if (t.is(k, '*')) k--;
    if (!t.is(k, '=')) return;
    if (t.isIdent(k - 1) && isStandaloneIdent(t, k - 1) && !t.is(k - 2, '*')) {
      this.foreignNames.add(t.text(k - 1));
    } else {
      const lhsStart = postfixStart(t, k - 1);
      if (lhsStart <= k - 1) this.foreignExprs.add(t.compact(lhsStart, k - 1));
    }
  }
}

const NO_NAMES: readonly string[] = [];

function readOwnerParams(fn: FunctionInfo): readonly string[] {
  const params = fn.fact.params;
  let names: string[] | undefined;
  for (let k = 0; k < params.length; k++) {
    const p = params[k];
    if (!p.name) continue;
    if (p.type.includes('DRIVER_OBJECT') || (k === 0 && isDriverEntryName(fn.fact.name))) {
      (names ??= []).push(p.name);
    }
  }
  return names ?? NO_NAMES;
}

/** `DriverEntry` or `X::DriverEntry`. */
function isDriverEntryName(name: string): boolean {
  return name === 'DriverEntry' || name.endsWith('::DriverEntry');
}
