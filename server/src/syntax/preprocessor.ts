// Conditional-compilation state for the lexer: which branch of `#if`/`#ifdef`/`#elif`/`#else`
// is on by default and an id per branch. Policy (no macro values are known): `#if 0` (or
// FALSE) is off; `#ifdef X`, `#ifndef X`, `#if defined(X)` and any other non-constant
// condition take their first branch, so their `#elif`/`#else` are off; `#if 1` likewise.

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

/**
 * Evaluates a `#if`/`#elif` condition under the policy above: constant conditions by value,
 * everything else as true.
 */
export function conditionIsOn(expr: string): boolean {
  const e = expr.replace(/\s+/g, ' ').trim();
  if (/^\(* ?(0+|FALSE|false)[uUlL]* ?\)*$/.test(e)) return false;
  if (/^\(* ?(0+|FALSE|false) ?\)* ?&&/.test(e)) return false;
  if (/^!\(* ?(1|TRUE|true) ?\)*$/.test(e)) return false;
  return true;
}

export class Conditionals {
  /** Branch id strings; index 0 is the top level (''). */
  readonly branches: string[] = [''];
  branchIndex = 0;
  inactive = false;
  private readonly stack: Frame[] = [];
  private counter = 0;

  directive(name: string, body: string): void {
    switch (name) {
      case 'if':
        this.open(conditionIsOn(body));
        break;
      case 'ifdef':
      case 'ifndef':
        this.open(true);
        break;
      case 'elif':
        this.next((taken) => !taken && conditionIsOn(body));
        break;
      case 'elifdef':
      case 'elifndef':
        this.next((taken) => !taken);
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
