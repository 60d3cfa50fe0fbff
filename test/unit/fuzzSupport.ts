// Shared helpers of the robustness tests: a seeded PRNG (the same inputs on every run), the
// fixture drivers of test/fixtures/robust, a well-formedness check of FileFacts, and a work
// counter over the token cursor every recognizer walks with.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFacts, Range } from '../../server/src/syntax/factTypes';
import * as lexerModule from '../../server/src/syntax/lexer';
import { Tokens } from '../../server/src/syntax/tokens';

/** Mulberry32: tiny, fast, and good enough to spread mutations; seeded so failures reproduce. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}

const ROBUST_FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'robust');

export function robustFixture(name: string): string {
  return fs.readFileSync(path.join(ROBUST_FIXTURES, name), 'utf8');
}

/** Line starts of `text` (LF, CRLF and lone CR end a line, as LSP counts them). */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

/** Asserts every range of `facts` lies inside `text` and every fact list is in source order. */
export function assertWellFormed(facts: FileFacts, text: string, label: string): void {
  const lengths = lineLengths(text);
  const check = (r: Range, what: string): void => {
    for (const p of [r.start, r.end]) {
      const ok =
        Number.isInteger(p.line) &&
        Number.isInteger(p.character) &&
        p.line >= 0 &&
        p.line < lengths.length &&
        p.character >= 0 &&
        p.character <= lengths[p.line];
      if (!ok) assert.fail(`${label}: ${what} ${JSON.stringify(r)} is outside the text`);
    }
    const ordered =
      r.start.line < r.end.line ||
      (r.start.line === r.end.line && r.start.character <= r.end.character);
    if (!ordered) assert.fail(`${label}: ${what} ${JSON.stringify(r)} ends before it starts`);
  };
  const monotone = (lines: number[], what: string): void => {
    for (let i = 1; i < lines.length; i++) {
      if (lines[i] < lines[i - 1]) assert.fail(`${label}: ${what} lines go backwards: ${lines}`);
    }
  };
  for (const r of facts.registrations) {
    check(r.handlerRange, 'registration handler');
    check(r.indexRange, 'registration index');
    check(r.lvalueRange, 'registration lvalue');
    assert.equal(typeof r.handler, 'string');
    assert.ok(Array.isArray(r.covers), `${label}: covers is a list`);
  }
  monotone(
    facts.registrations.map((r) => r.lvalueRange.start.line),
    'registration',
  );
  facts.registrations.forEach((r, k) => assert.equal(r.order, k, `${label}: order`));
  for (const d of facts.declarations) {
    check(d.nameRange, 'declaration name');
    check(d.range, 'declaration');
    for (const a of d.annotations) check(a.range, 'annotation');
  }
  monotone(
    facts.declarations.map((d) => d.nameRange.start.line),
    'declaration',
  );
  for (const f of facts.functions) {
    check(f.nameRange, 'function name');
    check(f.range, 'function');
    check(f.bodyRange, 'function body');
    for (const a of f.annotations) check(a.range, 'annotation');
  }
  // Functions are listed per preprocessor view (active code first), not in source order.
  for (const c of facts.calls) check(c.range, 'call');
  for (const m of facts.memberAssignments) {
    check(m.range, 'member assignment');
    check(m.handlerRange, 'member handler');
  }
  for (const m of facts.minifilterCallbacks) check(m.range, 'minifilter callback');
  for (const s of facts.suppressions) {
    check(s.range, 'suppression');
    assert.ok(s.line >= 0 && s.line <= lengths.length, `${label}: suppression line`);
  }
}

/** Wraps a typed array so that every element read counts as one step of work. */
function counted<T extends object>(array: T, tick: () => void): T {
  return new Proxy(array, {
    get(target, prop) {
      if (typeof prop === 'string' && prop.length > 0 && prop.charCodeAt(0) <= 57) tick();
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/**
 * A machine-independent measure of the recognizers' work while `run` executes: every call of a
 * Tokens method plus every read of the token arrays (kind, start, end, inactive, branch) that the
 * lexer hands to them. The lexer itself is counted by the tokens it produces. No wall clock.
 */
export function countRecognizerWork(run: () => void): number {
  let steps = 0;
  const tick = (): void => {
    steps++;
  };
  const proto = Tokens.prototype as unknown as Record<string, unknown>;
  const names = Object.getOwnPropertyNames(proto).filter(
    (n) => n !== 'constructor' && typeof proto[n] === 'function',
  );
  const saved = new Map<string, unknown>();
  for (const n of names) {
    const original = proto[n] as (...a: unknown[]) => unknown;
    saved.set(n, original);
    proto[n] = function (this: unknown, ...a: unknown[]) {
      steps++;
      return original.apply(this, a);
    };
  }
  const lexer = lexerModule as unknown as { lex: typeof lexerModule.lex };
  const originalLex = lexer.lex;
  lexer.lex = (text, options) => {
    const stream = originalLex(text, options);
    steps += stream.count + stream.directives.length;
    return {
      ...stream,
      kind: counted(stream.kind, tick),
      start: counted(stream.start, tick),
      end: counted(stream.end, tick),
      inactive: counted(stream.inactive, tick),
      branch: counted(stream.branch, tick),
    };
  };
  try {
    run();
  } finally {
    lexer.lex = originalLex;
    for (const [n, f] of saved) proto[n] = f;
  }
  return steps;
}
