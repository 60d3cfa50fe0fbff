// Suppressions: `#pragma prefast(suppress: ...)`, `#pragma warning(suppress: ...)` (the next code
// line), `#pragma prefast|warning(disable: ...)` (the rest of the file, or up to the `pop` of the
// `push` region it sits in, or a `default` for its codes) and `// wdm-ignore code`
// comments (an own-line comment covers the next line, a trailing one its own line). A
// `wdm-ignore` without codes lists no codes, which means every wdm rule.
import type { Range, SuppressionFact } from './factTypes';
import type { TokenStream } from './lexer';

export function findSuppressions(s: TokenStream, out: SuppressionFact[]): void {
  const lines = s.lines;
  // Directives and line comments end at the newline; with CRLF the `\r` before it is not part of
  // the line as LSP counts it, so a range ending after it would point past the line's end.
  const endOf = (end: number): number => (s.text.charCodeAt(end - 1) === 13 ? end - 1 : end);
  const state = new DisableState(out);
  for (const d of s.directives) {
    if (d.name !== 'pragma' || d.inactive) continue;
    const family = /^(prefast|warning)\s*\(/.exec(d.body);
    if (!family) continue;
    // `warning(disable: 4100; suppress: 28169)`: specifiers are separated by `;`.
    const inner = d.body.slice(family[0].length).replace(/\)[^)]*$/, '');
    for (const spec of inner.split(';')) {
      const m = /^\s*(suppress|disable|default|push|pop)\s*(?::\s*([^,)"]*))?/.exec(spec);
      if (!m) continue;
      const codes = (m[2] ?? '').split(/[\s]+/).filter((c) => c.length > 0);
      const line = lines.lineAt(d.end) + 1;
      if (m[1] === 'push') state.push();
      else if (m[1] === 'pop') state.pop(lines.lineAt(d.start));
      else if (codes.length === 0) continue;
      else if (m[1] === 'default') state.restore(codes, lines.lineAt(d.start));
      else if (m[1] === 'disable') state.disable(codes, line, lines.range(d.start, endOf(d.end)));
      else {
        out.push({
          codes,
          scope: 'next-line',
          line: nextCodeLine(s, d.end, line),
          range: lines.range(d.start, endOf(d.end)),
        });
      }
    }
  }
  for (const c of s.comments) {
    const text = s.text.slice(c.start, c.end);
    const m = /wdm-ignore\b([^\n*]*)/.exec(text);
    if (!m) continue;
    const codes = m[1]
      .trim()
      .split(/[\s,]+/)
      .filter((w) => /^[\w-]+$/.test(w));
    const line = lines.lineAt(c.start);
    const lineStart = lines.lineStart(line);
    const ownLine = s.text.slice(lineStart, c.start).trim() === '';
    out.push({
      codes,
      scope: ownLine ? 'next-line' : 'same-line',
      line: ownLine ? line + 1 : line,
      range: lines.range(c.start, endOf(c.end)),
    });
  }
}

/** The line of the first token at or after `offset` (a pragma suppress skips blank and comment lines). */
function nextCodeLine(s: TokenStream, offset: number, fallback: number): number {
  let lo = 0;
  let hi = s.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.start[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo >= s.count ? fallback : s.lines.lineAt(s.start[lo]);
}

/**
 * The `disable` suppressions in force while the pragmas are read in order. `push` saves the set,
 * `pop` brings the saved set back: suppressions made since the push end at the pop, and those a
 * `default` ended inside the region apply again after it. `default: codes` ends those codes.
 * The `warning` and `prefast` families share one stack (PREfast reads both as warning state).
 */
class DisableState {
  private current: SuppressionFact[] = [];
  private readonly saved: SuppressionFact[][] = [];

  constructor(private readonly out: SuppressionFact[]) {}

  disable(codes: string[], line: number, range: Range): void {
    this.open({ codes, scope: 'file', line, range });
  }

  push(): void {
    this.saved.push([...this.current]);
  }

  /** A `pop` on `line` (an unmatched pop is ignored, as the compiler warns and goes on). */
  pop(line: number): void {
    const back = this.saved.pop();
    if (!back) return;
    for (const f of this.current) if (!back.includes(f)) f.endLine = line;
    const still = this.current;
    this.current = [];
    for (const f of back) {
      // Ended inside the region by a `default`: in force again from the pop on.
      if (still.includes(f)) this.current.push(f);
      else this.open({ codes: f.codes, scope: 'file', line: line + 1, range: f.range });
    }
  }

  /** `default: codes` on `line`: those codes are reported again from there on. */
  restore(codes: string[], line: number): void {
    const ended = new Set(codes.map((c) => c.toLowerCase()));
    for (const f of [...this.current]) {
      const kept = f.codes.filter((c) => !ended.has(c.toLowerCase()));
      if (kept.length === f.codes.length) continue;
      f.endLine = line;
      this.current.splice(this.current.indexOf(f), 1);
      if (kept.length > 0) this.open({ codes: kept, scope: 'file', line, range: f.range });
    }
  }

  private open(f: SuppressionFact): void {
    this.out.push(f);
    this.current.push(f);
  }
}
