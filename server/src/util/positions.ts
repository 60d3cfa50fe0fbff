// Offsets <-> LSP positions (0-based lines, UTF-16 columns) over plain text, and range helpers.
// Tolerant: positions past the end of a line or of the text are clamped, never thrown on.
import type { Position, Range } from '../syntax/factTypes';

/** Line starts of a text, computed once per text; handles \n, \r\n and lone \r. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of a position; lines and columns past the end are clamped to the text. */
  offsetAt(position: Position): number {
    const line = Math.floor(position.line);
    if (!(line >= 0)) return 0;
    if (line >= this.starts.length) return this.text.length;
    const start = this.starts[line];
    const end = this.lineEnd(line);
    const column = Math.max(0, Math.floor(position.character) || 0);
    return Math.min(start + column, end);
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(Math.floor(offset) || 0, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  /** Offset just before the line break of a line. */
  lineEnd(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    while (end > this.starts[line] && /[\r\n]/.test(this.text[end - 1])) end--;
    return end;
  }

  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }
}

// Requests on one document arrive with the same text object until the next edit: the index of
// the last few texts is kept, so a request costs O(log lines), not O(text) (the texts themselves
// are held by the open documents anyway).
const recentIndexes: LineIndex[] = [];
const RECENT_INDEXES = 4;

/** The line index of `text`, shared between requests on the same text. */
export function lineIndexOf(text: string): LineIndex {
  const i = recentIndexes.findIndex((l) => l.text === text);
  const found = i >= 0 ? recentIndexes.splice(i, 1)[0] : new LineIndex(text);
  recentIndexes.unshift(found);
  if (recentIndexes.length > RECENT_INDEXES) recentIndexes.pop();
  return found;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** True when the position lies inside the range, both ends included (a cursor after a word still hits it). */
export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

export function rangesEqual(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** A valid position or undefined: protects features from malformed requests. */
export function isPosition(value: unknown): value is Position {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Position;
  return (
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0
  );
}
