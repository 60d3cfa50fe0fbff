// Applying didChange content changes to open documents. The text document library applies them one
// at a time, each copying the whole text, so thousands of cursors typing in a 1 MB file cost
// seconds. Changes that run from the end of the document backwards without overlapping, the way
// VS Code sends a multi-cursor edit, are applied here in one pass over the text instead.
import {
  TextDocument,
  type Position,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-textdocument';

/** Below this many changes the library's one-by-one update is as fast. */
const ONE_PASS_MIN_CHANGES = 8;

/** The TextDocuments configuration of the server: the library's, with the one-pass update. */
export const textDocumentSync = {
  create: TextDocument.create,
  update(
    document: TextDocument,
    changes: TextDocumentContentChangeEvent[],
    version: number,
  ): TextDocument {
    const text =
      changes.length >= ONE_PASS_MIN_CHANGES ? applyBackwards(document, changes) : undefined;
    return text === undefined
      ? TextDocument.update(document, changes, version)
      : TextDocument.create(document.uri, document.languageId, version, text);
  },
};

/**
 * The text after `changes`, when every change is a range that ends at or before the start of the
 * change before it, with positions that exist in the document (so they mean the same place before
 * and after the earlier changes); undefined otherwise (the library applies them one by one).
 */
export function applyBackwards(
  document: TextDocument,
  changes: readonly TextDocumentContentChangeEvent[],
): string | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  let limit = Number.POSITIVE_INFINITY;
  for (const change of changes) {
    if (!('range' in change)) return undefined;
    const start = exactOffset(document, change.range.start);
    const end = exactOffset(document, change.range.end);
    if (start === undefined || end === undefined || start > end || end > limit) return undefined;
    starts.push(start);
    ends.push(end);
    limit = start;
  }
  const text = document.getText();
  const pieces: string[] = [];
  let from = 0;
  for (let i = changes.length - 1; i >= 0; i--) {
    pieces.push(text.slice(from, starts[i]), changes[i].text);
    from = ends[i];
  }
  pieces.push(text.slice(from));
  return pieces.join('');
}

/** The offset of `position`, or undefined when it is not a place in the text (past a line's end). */
function exactOffset(document: TextDocument, position: Position): number | undefined {
  if (!Number.isInteger(position.line) || !Number.isInteger(position.character)) return undefined;
  const offset = document.offsetAt(position);
  const back = document.positionAt(offset);
  return back.line === position.line && back.character === position.character ? offset : undefined;
}
