// Suppressions: `#pragma prefast(suppress: ...)`, `#pragma warning(suppress: ...)` (the next code
// line), `#pragma prefast|warning(disable: ...)` (the rest of the file) and `// wdm-ignore code`
// comments (an own-line comment covers the next line, a trailing one its own line). A
// `wdm-ignore` without codes lists no codes, which means every wdm rule.
import type { SuppressionFact } from './factTypes';
import type { TokenStream } from './lexer';

export function findSuppressions(s: TokenStream, out: SuppressionFact[]): void {
  const lines = s.lines;
  // Directives and line comments end at the newline; with CRLF the `\r` before it is not part of
  // the line as LSP counts it, so a range ending after it would point past the line's end.
  const endOf = (end: number): number => (s.text.charCodeAt(end - 1) === 13 ? end - 1 : end);
  for (const d of s.directives) {
    if (d.name !== 'pragma' || d.inactive) continue;
    const m = /^(prefast|warning)\s*\(\s*(suppress|disable)\s*:\s*([^,)"]*)/.exec(d.body);
    if (!m) continue;
    const codes = m[3].split(/[\s]+/).filter((c) => c.length > 0);
    if (codes.length === 0) continue;
    const line = lines.lineAt(d.end) + 1;
    out.push({
      codes,
      scope: m[2] === 'disable' ? 'file' : 'next-line',
      line: m[2] === 'disable' ? line : nextCodeLine(s, d.end, line),
      range: lines.range(d.start, endOf(d.end)),
    });
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
