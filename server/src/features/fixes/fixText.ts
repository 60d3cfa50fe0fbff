// Text helpers for quick fixes: a file's line ending and indentation style, the indentation of a
// line, and a small C scanner (comments and strings skipped) to find where statements end.
import { LineIndex } from '../../util/positions';
import type { Position } from '../../syntax/factTypes';

/** The file's line ending: CRLF when its first line break is one, else LF. */
export function detectEol(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/**
 * One level of indentation as the file writes it: a tab when most indented lines start with one,
 * else the most common increase of indentation from one code line to the next (2, 3, 4, 8 spaces).
 */
export function detectIndentUnit(text: string): string {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || /^\s*(\*|\/\/|\/\*|#)/.test(line)) continue;
    const ws = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (ws.startsWith('\t')) tabs++;
    else if (ws.length > 0) spaces++;
    const width = ws.includes('\t') ? -1 : ws.length;
    if (width >= 0 && previous >= 0 && width > previous) {
      const step = width - previous;
      if (step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    }
    previous = width;
  }
  if (tabs > spaces) return '\t';
  let best = 4;
  let count = 0;
  for (const [step, n] of steps) {
    if (n > count || (n === count && step < best)) {
      best = step;
      count = n;
    }
  }
  return ' '.repeat(count > 0 && best >= 2 ? best : 4);
}

export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** A text with its line index and style, read once per fix. */
export class FixText {
  readonly lines: LineIndex;
  readonly eol: string;
  readonly unit: string;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    this.eol = detectEol(text);
    this.unit = detectIndentUnit(text);
  }

  indentOf(line: number): string {
    return leadingWhitespace(this.lines.lineText(line));
  }

  offsetAt(p: Position): number {
    return this.lines.offsetAt(p);
  }

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  /** End of a line (before its line break), as a position. */
  lineEndPosition(line: number): Position {
    return this.positionAt(this.lines.lineEnd(line));
  }

  /** Offset after a comment or string starting at `i`, or `i` when none starts there. */
  private skipTrivia(i: number): number {
    const t = this.text;
    if (t.startsWith('//', i)) {
      const end = t.indexOf('\n', i);
      return end < 0 ? t.length : end;
    }
    if (t.startsWith('/*', i)) {
      const end = t.indexOf('*/', i + 2);
      return end < 0 ? t.length : end + 2;
    }
    const q = t[i];
    if (q === '"' || q === "'") {
      let j = i + 1;
      while (j < t.length && t[j] !== q && t[j] !== '\n') j += t[j] === '\\' ? 2 : 1;
      return Math.min(j + 1, t.length);
    }
    return i;
  }

  /** First offset at or after `i` that is not whitespace or a comment. */
  skipSpace(i: number): number {
    const t = this.text;
    while (i < t.length) {
      const after = this.skipTrivia(i);
      if (after !== i) {
        i = after;
        continue;
      }
      if (/\s/.test(t[i])) {
        i++;
        continue;
      }
      return i;
    }
    return i;
  }

  /** Offset just after the bracket matching the opening one at `open`; -1 when unbalanced. */
  matchBracket(open: number): number {
    const t = this.text;
    const opener = t[open];
    const closer = opener === '(' ? ')' : opener === '{' ? '}' : ']';
    let depth = 0;
    let i = open;
    while (i < t.length) {
      const after = this.skipTrivia(i);
      if (after !== i) {
        i = after;
        continue;
      }
      if (t[i] === opener) depth++;
      else if (t[i] === closer) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }

  /** Offset just after the `;` that ends the statement containing `i` (parentheses respected); -1 if none. */
  statementEnd(i: number): number {
    const t = this.text;
    let depth = 0;
    while (i < t.length) {
      const after = this.skipTrivia(i);
      if (after !== i) {
        i = after;
        continue;
      }
      const c = t[i];
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') depth--;
      else if (c === ';' && depth <= 0) return i + 1;
      else if ((c === '{' || c === '}') && depth <= 0) return -1;
      i++;
    }
    return -1;
  }

  /** Offset just after the statement (block or simple statement) starting at `i`; -1 if unbalanced. */
  statementAfter(i: number): number {
    const start = this.skipSpace(i);
    if (this.text[start] === '{') return this.matchBracket(start);
    const m = /^(if|for|while)\b\s*/.exec(this.text.slice(start, start + 10));
    if (m) {
      const open = this.skipSpace(start + m[1].length);
      if (this.text[open] !== '(') return -1;
      const close = this.matchBracket(open);
      if (close < 0) return -1;
      const body = this.statementAfter(close);
      if (body < 0 || m[1] !== 'if') return body;
      const next = this.skipSpace(body);
      if (/^else\b/.test(this.text.slice(next, next + 5))) return this.statementAfter(next + 4);
      return body;
    }
    return this.statementEnd(start);
  }
}
