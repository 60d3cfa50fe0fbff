// What the recognizers share about one file: its tokens, the function definitions (to find the
// enclosing function of any offset), which names hold this driver's own driver object and which
// hold another driver's object found by name (hooks).
import { T_IDENT } from './lexer';
import { expressionEnd, isStandaloneIdent } from './expressions';
import type { FunctionInfo } from './structure';
import type { Tokens } from './tokens';

/** APIs that return another driver's object by name or handle: their `&out` argument is foreign. */
const LOOKUP_APIS = new Set([
  'ObReferenceObjectByName',
  'ObReferenceObjectByHandle',
  'ObReferenceObjectByHandleWithTag',
  'IoGetDeviceObjectPointer',
  'ObOpenObjectByName',
]);

export class FileContext {
  readonly t: Tokens;
  /** Function definitions sorted by body start. */
  readonly functions: FunctionInfo[];
  /** Names filled by a lookup API or from another object's `->DriverObject`. */
  readonly foreignNames = new Set<string>();
  /** Names assigned this driver's own driver object (`g_Drv = DriverObject;`). */
  readonly ownGlobals = new Set<string>();

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

  /** Parameters of `fn` that hold a driver object: typed `*DRIVER_OBJECT`, or DriverEntry's first. */
  driverObjectParams(fn: FunctionInfo | null): string[] {
    if (!fn) return [];
    const out: string[] = [];
    fn.fact.params.forEach((p, k) => {
      if (!p.name) return;
      if (/DRIVER_OBJECT/.test(p.type) || (k === 0 && /(^|::)DriverEntry$/.test(fn.fact.name))) {
        out.push(p.name);
      }
    });
    return out;
  }

  private scanObjectFlows(): void {
    const t = this.t;
    const paramsByFn = new Map<FunctionInfo, string[]>();
    for (let i = 0; i < t.count; i++) {
      if (t.s.kind[i] !== T_IDENT) continue;
      const word = t.text(i);
      if (LOOKUP_APIS.has(word) && t.is(i + 1, '(')) {
        const close = t.match[i + 1];
        for (let k = i + 2; k < close; k++) {
          if (t.is(k, '&') && t.isIdent(k + 1) && !t.is(k + 2, '->') && !t.is(k + 2, '.')) {
            this.foreignNames.add(t.text(k + 1));
          }
        }
        continue;
      }
      // `x = <expr>;` where x is a plain name: track driver-object flows.
      if (!t.is(i + 1, '=') || !isStandaloneIdent(t, i)) continue;
      const end = expressionEnd(t, i + 2);
      let viaDeviceObject = false;
      let ownSource = false;
      const fn = this.enclosing(t.s.start[i]);
      let params = fn ? paramsByFn.get(fn) : undefined;
      if (fn && !params) {
        params = this.driverObjectParams(fn);
        paramsByFn.set(fn, params);
      }
      for (let k = i + 2; k < end; k++) {
        if (t.is(k, 'DriverObject') && (t.is(k - 1, '->') || t.is(k - 1, '.'))) {
          viaDeviceObject = true;
        }
        if (
          t.isIdent(k) &&
          isStandaloneIdent(t, k) &&
          !t.is(k + 1, '->') &&
          params &&
          params.includes(t.text(k))
        ) {
          ownSource = true;
        }
      }
      if (viaDeviceObject && !ownSource) this.foreignNames.add(word);
      else if (ownSource && end === i + 3) this.ownGlobals.add(word);
    }
  }
}
