// Conditional-compilation state for the lexer: which branch of `#if`/`#ifdef`/`#elif`/`#else`
// is on by default and an id per branch. "By default" means compiled with no `-D` flags: a
// macro is defined only when this file `#define`s it (before the test) or it is one the WDK
// headers always define (ALLOC_PRAGMA, ...). So `#ifdef X` of an unknown X is off and its
// `#else` on; `#ifndef X` is on (header guards); `#if 0` is off, `#if 1` on; `defined(...)`,
// `!`, `&&`, `||`, parentheses and integer literals are evaluated; any other condition
// (`#if DBG`, `#if NTDDI_VERSION >= ...`) cannot be decided and takes its first branch.

interface Frame {
  /** Number of this conditional within the file. */
  id: number;
  /** Index of the current branch (0 for the `#if` part). */
  branch: number;
  /** Whether the enclosing branch is off. */
  parentInactive: boolean;
  /** Whether some branch of this conditional so far was on. */
  taken: boolean;
  /** Whether the current branch is on (ignoring the parent). */
  on: boolean;
  parentBranchIndex: number;
}

/** Macros the WDK headers or every kernel build define. */
const ALWAYS_DEFINED = [
  'ALLOC_PRAGMA',
  'ALLOC_DATA_PRAGMA',
  '_MSC_VER',
  '_WIN32',
  'WIN32',
  '_KERNEL_MODE',
  'NT',
];

/**
 * Evaluates a `#if`/`#elif` condition under the policy above; undefined when it cannot be
 * decided (the caller then takes the first branch).
 */
export function evaluateCondition(expr: string, defined: ReadonlySet<string>): boolean | undefined {
  if (expr.length > 400) return undefined;
  const tokens =
    expr.match(/defined|[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|&&|\|\||!|\(|\)|\S/g) ??
    [];
  let pos = 0;
  let undecidable = false;
  const primary = (depth: number): number => {
    if (depth > 32) {
      undecidable = true;
      return 1;
    }
    const tok = tokens[pos++];
    if (tok === undefined) {
      undecidable = true;
      return 0;
    }
    if (tok === '!') return primary(depth + 1) ? 0 : 1;
    if (tok === '(') {
      const v = or(depth + 1);
      if (tokens[pos] === ')') pos++;
      else undecidable = true;
      return v;
    }
    if (tok === 'defined') {
      const paren = tokens[pos] === '(';
      if (paren) pos++;
      const name = tokens[pos++] ?? '';
      if (paren) {
        if (tokens[pos] === ')') pos++;
        else undecidable = true;
      }
      return defined.has(name) ? 1 : 0;
    }
    if (/^\d|^0[xX]/.test(tok)) {
      return parseInt(
        tok.replace(/[uUlL]+$/, ''),
        tok.startsWith('0x') || tok.startsWith('0X') ? 16 : 10,
      ) !== 0
        ? 1
        : 0;
    }
    if (tok === 'TRUE' || tok === 'true') return 1;
    if (tok === 'FALSE' || tok === 'false') return 0;
    undecidable = true;
    return 1;
  };
  const and = (depth: number): number => {
    let v = primary(depth);
    while (tokens[pos] === '&&') {
      pos++;
      const r = primary(depth);
      v = v && r ? 1 : 0;
    }
    return v;
  };
  const or = (depth: number): number => {
    let v = and(depth);
    while (tokens[pos] === '||') {
      pos++;
      const r = and(depth);
      v = v || r ? 1 : 0;
    }
    return v;
  };
  const value = or(0);
  if (undecidable || pos !== tokens.length) {
    // `0 && anything` and `1 || anything` are decided whatever the rest is.
    if (/^\s*\(?\s*0\s*\)?\s*&&/.test(expr)) return false;
    return undefined;
  }
  return value !== 0;
}

/** Whether a condition is on by default with no macros known beyond the always-defined ones. */
export function conditionIsOn(
  expr: string,
  defined: ReadonlySet<string> = new Set(ALWAYS_DEFINED),
): boolean {
  return evaluateCondition(expr, defined) ?? true;
}

export class Conditionals {
  /** Branch id strings; index 0 is the top level (''). */
  readonly branches: string[] = [''];
  branchIndex = 0;
  inactive = false;
  private readonly stack: Frame[] = [];
  private counter = 0;
  private readonly defined = new Set<string>(ALWAYS_DEFINED);

  directive(name: string, body: string): void {
    switch (name) {
      case 'define':
      case 'undef': {
        const macro = /^[A-Za-z_]\w*/.exec(body);
        if (macro && !this.inactive) {
          if (name === 'define') this.defined.add(macro[0]);
          else this.defined.delete(macro[0]);
        }
        break;
      }
      case 'if':
        this.open(conditionIsOn(body, this.defined));
        break;
      case 'ifdef':
        this.open(this.defined.has(firstWord(body)));
        break;
      case 'ifndef':
        this.open(!this.defined.has(firstWord(body)));
        break;
      case 'elif':
        this.next((taken) => !taken && conditionIsOn(body, this.defined));
        break;
      case 'elifdef':
        this.next((taken) => !taken && this.defined.has(firstWord(body)));
        break;
      case 'elifndef':
        this.next((taken) => !taken && !this.defined.has(firstWord(body)));
        break;
      case 'else':
        this.next((taken) => !taken);
        break;
      case 'endif':
        this.close();
        break;
      default:
        break;
    }
  }

  private open(on: boolean): void {
    const frame: Frame = {
      id: ++this.counter,
      branch: 0,
      parentInactive: this.inactive,
      taken: on,
      on,
      parentBranchIndex: this.branchIndex,
    };
    this.stack.push(frame);
    this.enter(frame);
  }

  private next(decide: (taken: boolean) => boolean): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) return;
    frame.branch++;
    frame.on = decide(frame.taken);
    if (frame.on) frame.taken = true;
    this.enter(frame);
  }

  private close(): void {
    const frame = this.stack.pop();
    if (!frame) return;
    this.inactive = frame.parentInactive;
    this.branchIndex = frame.parentBranchIndex;
  }

  private enter(frame: Frame): void {
    this.inactive = frame.parentInactive || !frame.on;
    const id = `${this.branches[frame.parentBranchIndex]}/${frame.id}.${frame.branch}`;
    this.branches.push(id);
    this.branchIndex = this.branches.length - 1;
  }
}

function firstWord(body: string): string {
  const m = /^[A-Za-z_]\w*/.exec(body);
  return m ? m[0] : '';
}
