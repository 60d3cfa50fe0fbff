// Function-like macros whose body writes `->MajorFunction[`: each invocation is expanded in
// place (one level, arguments substituted, `##` pasted) so the normal recognizers see the
// registrations at the invocation's line. The `#define` line itself is never a registration.
// Expansions keep the text's line count; `mapBack` moves every range of the facts read from the
// expanded text back into the real text (an argument's own range, else the whole invocation).
import type { Directive } from './lexer';
import { expressionEnd } from './expressions';
import type { FileFacts, Position, Range } from './factTypes';
import { T_IDENT } from './lexer';
import { LineMap } from './lineMap';
import type { Tokens } from './tokens';

interface RegistrationMacro {
  params: string[];
  body: string;
}

/** A piece of the expanded text and the original text it stands for (offsets). */
interface Piece {
  /** Start offset in the expanded text. */
  at: number;
  length: number;
  /** Start offset in the original text. */
  from: number;
  /** End offset in the original text (exclusive); for a copied piece, from + length. */
  to: number;
  /** Copied verbatim (offsets shift) or produced by an expansion (maps to its invocation). */
  copied: boolean;
  /** For an expansion: substituted arguments, [start, end) in the expanded text -> original [from, to). */
  args: { at: number; end: number; from: number; to: number }[];
}

export interface ExpandedText {
  text: string;
  /** Rewrites every range of `facts` (read from `text`) into the original text; returns `facts`. */
  mapBack(facts: FileFacts): FileFacts;
}

function registrationMacros(directives: readonly Directive[]): Map<string, RegistrationMacro> {
  const macros = new Map<string, RegistrationMacro>();
  for (const d of directives) {
    if (d.name !== 'define' || !d.body.includes('MajorFunction')) continue;
    const m = /^([A-Za-z_]\w*)\(([^)]*)\)([\s\S]*)$/.exec(d.body);
    if (!m || !/MajorFunction\s*\[/.test(m[3])) continue;
    const params = m[2]
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    macros.set(m[1], { params, body: m[3].trim() });
  }
  return macros;
}

/** The text with registration-macro invocations expanded, or null when there are none. */
export function expandRegistrationMacros(text: string, t: Tokens): ExpandedText | null {
  const macros = registrationMacros(t.s.directives);
  if (macros.size === 0) return null;
  const out: string[] = [];
  let length = 0;
  const pieces: Piece[] = [];
  let copied = 0;
  const copy = (from: number, to: number): void => {
    if (to <= from) return;
    pieces.push({ at: length, length: to - from, from, to, copied: true, args: [] });
    out.push(text.slice(from, to));
    length += to - from;
  };
  for (let i = 0; i < t.count; i++) {
    if (t.s.kind[i] !== T_IDENT || !t.is(i + 1, '(')) continue;
    const macro = macros.get(t.text(i));
    const close = t.match[i + 1];
    if (!macro || close < 0) continue;
    const args: { text: string; from: number; to: number }[] = [];
    let k = i + 2;
    while (k < close) {
      const end = Math.min(expressionEnd(t, k), close);
      const from = t.s.start[k];
      const to = t.s.end[end - 1];
      args.push({ text: t.s.text.slice(from, to).replace(/\s+/g, ' '), from, to });
      k = end + 1;
    }
    const byName = new Map(macro.params.map((p, n) => [p, n]));
    const from = t.s.start[i];
    const to = t.s.end[close];
    copy(copied, from);
    const piece: Piece = { at: length, length: 0, from, to, copied: false, args: [] };
    // Substitute parameters, paste `##`, flatten line breaks; remember where each argument lands.
    let expanded = '';
    const body = macro.body.replace(/\s*##\s*/g, '##');
    const parts = /(##)|([A-Za-z_]\w*)|([\r\n]+)|[^A-Za-z_\r\n#]+|#/g;
    for (let m = parts.exec(body); m; m = parts.exec(body)) {
      if (m[1] !== undefined) continue;
      if (m[3] !== undefined) {
        expanded += ' ';
        continue;
      }
      const n = m[2] !== undefined ? byName.get(m[2]) : undefined;
      if (n === undefined) {
        expanded += m[0];
        continue;
      }
      const arg = args[n] ?? { text: '', from: to, to };
      piece.args.push({
        at: length + expanded.length,
        end: length + expanded.length + arg.text.length,
        from: arg.from,
        to: arg.to,
      });
      expanded += arg.text;
    }
    const newlines = (text.slice(from, to).match(/\n/g) ?? []).length;
    // The padding newlines stand for the invocation's end.
    expanded += '\n'.repeat(newlines);
    piece.length = expanded.length;
    pieces.push(piece);
    out.push(expanded);
    length += expanded.length;
    copied = to;
    i = close;
  }
  if (pieces.length === 0 || pieces.every((p) => p.copied)) return null;
  copy(copied, text.length);
  const expandedText = out.join('');
  return {
    text: expandedText,
    mapBack: (facts) => mapFacts(facts, pieces, new LineMap(expandedText), new LineMap(text)),
  };
}

/** The piece holding expanded offset `at` (the last whose start is at or before it). */
function pieceAt(pieces: readonly Piece[], at: number): Piece {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pieces[mid].at <= at) lo = mid;
    else hi = mid - 1;
  }
  return pieces[lo];
}

function mapRange(range: Range, pieces: readonly Piece[], from: LineMap, to: LineMap): Range {
  const offset = (p: Position): number => from.lineStart(p.line) + p.character;
  const a = offset(range.start);
  const b = offset(range.end);
  const pa = pieceAt(pieces, a);
  // An empty range at a piece's end belongs to the piece before.
  const pb = b > a ? pieceAt(pieces, b - 1) : pa;
  let start: number;
  let end: number;
  if (pa === pb && !pa.copied) {
    const arg = pa.args.find((g) => g.at <= a && b <= g.end);
    if (arg) {
      start = Math.min(arg.from + (a - arg.at), arg.to);
      end = Math.min(arg.from + (b - arg.at), arg.to);
    } else {
      start = pa.from;
      end = pa.to;
    }
  } else {
    start = pa.copied ? pa.from + (a - pa.at) : pa.from;
    end = pb.copied ? pb.from + (b - pb.at) : pb.to;
  }
  return to.range(start, Math.max(start, end));
}

function isRange(v: unknown): v is Range {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<Range>;
  return (
    typeof r.start === 'object' &&
    typeof r.end === 'object' &&
    typeof r.start?.line === 'number' &&
    typeof r.end?.character === 'number'
  );
}

/** Every Range in the facts, however deep (annotations inside declarations, ...), mapped back. */
function mapFacts(
  facts: FileFacts,
  pieces: readonly Piece[],
  from: LineMap,
  to: LineMap,
): FileFacts {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (isRange(value)) record[key] = mapRange(value, pieces, from, to);
      else if (typeof value === 'object') visit(value);
    }
  };
  visit(facts);
  return facts;
}
