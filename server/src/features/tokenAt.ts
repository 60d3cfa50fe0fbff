// The identifier under the cursor, or null inside comments, strings and character literals, so
// that hover and navigation answer only on code (cpptools/clangd keep comments and strings).
import type { Position, Range } from '../syntax/factTypes';
import { LineIndex } from '../util/positions';

export interface TokenAt {
  /** The identifier text. */
  word: string;
  range: Range;
  startOffset: number;
  endOffset: number;
}

const IDENT = /[A-Za-z0-9_]/;

/** Top-level scan positions (outside comments and literals) of the last text scanned. */
let checkpoints: { text: string; at: number[] } = { text: '', at: [0] };
const CHECKPOINT_EVERY = 4096;

/**
 * True when `offset` sits inside a comment, a string or a character literal. Scans from the start
 * of the text because block comments span lines; linear and allocation-free.
 */
export function isInCommentOrString(text: string, offset: number): boolean {
  // Resume from the last top-level position before `offset` that an earlier scan of the same
  // text passed: the scan from there is the scan from the start, so hovers on a big file cost
  // O(distance to a checkpoint), not O(offset). Strictly before: a line comment's end is such a
  // position, and an offset right there counts as inside the comment.
  if (checkpoints.text !== text) checkpoints = { text, at: [0] };
  const at = checkpoints.at;
  let low = 0;
  let high = at.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (at[mid] < offset) low = mid;
    else high = mid - 1;
  }
  let i = at[low];
  const end = Math.min(offset, text.length);
  while (i < end) {
    if (i >= at[at.length - 1] + CHECKPOINT_EVERY) at.push(i);
    const ch = text.charCodeAt(i);
    if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      // A line comment ends at a newline that is not spliced with a backslash.
      i += 2;
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (c === 10 && !isSpliced(text, i)) break;
        i++;
      }
      if (i >= end) return true;
      continue;
    }
    if (ch === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      const stop = close < 0 ? text.length : close + 2;
      if (offset < stop && offset > i) return true;
      i = stop;
      continue;
    }
    if (ch === 34 /* " */ || ch === 39 /* ' */) {
      // A raw string R"d(...)d" has no escapes; its delimiter ends it.
      const raw = ch === 34 && i > 0 && text[i - 1] === 'R' && !IDENT.test(text[i - 2] ?? '');
      let j = i + 1;
      if (raw) {
        const open = text.indexOf('(', j);
        const delimiter = open < 0 ? '' : text.slice(j, open);
        const close = open < 0 ? -1 : text.indexOf(`)${delimiter}"`, open);
        j = close < 0 ? text.length : close + delimiter.length + 2;
      } else {
        while (j < text.length) {
          const c = text.charCodeAt(j);
          if (c === 92 /* \ */) {
            j += 2;
            continue;
          }
          if (c === ch) {
            j++;
            break;
          }
          // An unterminated literal ends at the line break (the compiler would reject it anyway).
          if (c === 10) break;
          j++;
        }
      }
      if (offset > i && offset < j) return true;
      i = j;
      continue;
    }
    i++;
  }
  return false;
}

function isSpliced(text: string, newline: number): boolean {
  let k = newline - 1;
  if (text[k] === '\r') k--;
  return text[k] === '\\';
}

/** The identifier touching the position (the cursor may sit just after it), or null. */
export function tokenAt(
  text: string,
  position: Position,
  lines = new LineIndex(text),
): TokenAt | null {
  const offset = lines.offsetAt(position);
  let start = offset;
  let end = offset;
  while (start > 0 && IDENT.test(text[start - 1])) start--;
  while (end < text.length && IDENT.test(text[end])) end++;
  if (start === end) return null;
  const word = text.slice(start, end);
  if (/^[0-9]/.test(word) && !/^0[xX]/.test(word) && !/^[0-9]+[uUlL]*$/.test(word)) return null;
  if (isInCommentOrString(text, start)) return null;
  return {
    word,
    startOffset: start,
    endOffset: end,
    range: { start: lines.positionAt(start), end: lines.positionAt(end) },
  };
}
