// Offset -> (line, UTF-16 character) for one text. Line breaks are LF, CRLF and lone CR, as in
// LSP; JS string indices are UTF-16 code units already, so a character is offset - line start.
import type { Position, Range } from './factTypes';

/** Where a LineMap may borrow its line-start buffer from (see LexScratch). */
export interface LineBufferSource {
  lineBuffer(capacity: number): Int32Array;
  keepLineBuffer(buffer: Int32Array): void;
}

export class LineMap {
  private readonly text: string;
  private startsCache: Int32Array | undefined;
  private lineCount = 0;
  private lastLine = 0;

  private readonly buffers: LineBufferSource | undefined;

  constructor(text: string, buffers?: LineBufferSource) {
    this.text = text;
    this.buffers = buffers;
  }

  /** Line starts, computed on first use: most tokenized files yield few or no positions. */
  private get starts(): Int32Array {
    if (!this.startsCache) this.startsCache = this.compute();
    return this.startsCache;
  }

  private compute(): Int32Array {
    const text = this.text;
    const n = text.length;
    const initial = Math.max(16, (n >> 5) + 1);
    let starts = this.buffers ? this.buffers.lineBuffer(initial) : new Int32Array(initial);
    starts[0] = 0;
    let count = 1;
    const add = (offset: number): void => {
      if (count === starts.length) {
        const bigger = new Int32Array(starts.length * 2);
        bigger.set(starts);
        starts = bigger;
      }
      starts[count++] = offset;
    };
    // A lone CR (old Mac files) is rare: only then walk every character.
    let loneCr = false;
    for (let i = text.indexOf('\r'); i >= 0 && !loneCr; i = text.indexOf('\r', i + 1)) {
      loneCr = text.charCodeAt(i + 1) !== 10;
    }
    if (loneCr) {
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) add(i + 1);
      }
    } else {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) add(i + 1);
    }
    this.lineCount = count;
    if (this.buffers) this.buffers.keepLineBuffer(starts);
    return starts;
  }

  /** 0-based line holding `offset`. */
  lineAt(offset: number): number {
    const starts = this.starts;
    // Lookups come in source order, mostly on the same or the next line: try the last one first.
    const last = this.lastLine;
    if (starts[last] <= offset && (last + 1 >= this.lineCount || starts[last + 1] > offset)) {
      return last;
    }
    let lo = 0;
    let hi = this.lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return lo;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.lineCount - 1))];
  }

  get lines(): number {
    if (!this.startsCache) this.startsCache = this.compute();
    return this.lineCount;
  }

  position(offset: number): Position {
    const line = this.lineAt(offset);
    return { line, character: offset - this.starts[line] };
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.position(startOffset), end: this.position(endOffset) };
  }
}
