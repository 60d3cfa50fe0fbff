// The fix that silences instead of repairing: `// wdm-ignore <code>` at the end of the line the
// diagnostic starts on (never preferred).
import type { Range } from '../../syntax/factTypes';
import { EditSet, type Fix } from './fixContext';
import type { FixText } from './fixText';

export function suppressFix(uri: string, text: FixText, range: Range, code: string): Fix {
  const line = range.start.line;
  const content = text.lines.lineText(line);
  const edits = new EditSet();
  const existing = /\/\/\s*wdm-ignore\b(.*)$/.exec(content);
  if (existing) {
    // Extend the existing comment rather than adding a second one.
    const endChar = content.length;
    edits.insert(uri, { line, character: endChar }, ` ${code}`);
  } else {
    const pad = content.length > 0 && !/\s$/.test(content) ? ' ' : '';
    edits.insert(uri, { line, character: content.length }, `${pad}// wdm-ignore ${code}`);
  }
  return { title: `Ignore ${code} on this line (// wdm-ignore)`, isPreferred: false, edits };
}
