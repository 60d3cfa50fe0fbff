// Quick fixes for clients that take neither CodeAction literals nor versioned edits: a fix as a
// Command the server runs (`workspace/applyEdit` after checking the versions), and a versioned
// WorkspaceEdit as plain `changes`.
import type {
  CodeAction,
  Command,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';

/** Applies the WorkspaceEdit in its first argument, if the documents are still at its versions. */
export const SERVER_APPLY_FIX_COMMAND = 'wdm.server.applyFix';

/** Quick fixes as Commands of SERVER_APPLY_FIX_COMMAND (for clients without codeActionLiteralSupport). */
export function fixesAsCommands(actions: readonly CodeAction[]): Command[] {
  return actions
    .filter((a) => a.edit !== undefined)
    .map((a) => ({ title: a.title, command: SERVER_APPLY_FIX_COMMAND, arguments: [a.edit] }));
}

function isTextDocumentEdit(change: unknown): change is TextDocumentEdit {
  const c = change as Partial<TextDocumentEdit> | null;
  return (
    typeof c?.textDocument?.uri === 'string' &&
    Array.isArray(c.edits) &&
    c.edits.every(
      (e: unknown) =>
        typeof (e as Partial<TextEdit> | null)?.newText === 'string' &&
        typeof (e as TextEdit).range === 'object',
    )
  );
}

/** The text-document edits of a WorkspaceEdit, or undefined when it holds anything else. */
export function textDocumentEdits(edit: unknown): TextDocumentEdit[] | undefined {
  const changes = (edit as WorkspaceEdit | null)?.documentChanges;
  if (!Array.isArray(changes) || !changes.every(isTextDocumentEdit)) return undefined;
  return changes as TextDocumentEdit[];
}

/** A versioned edit as `changes` by URI, for clients without `workspaceEdit.documentChanges`. */
export function withoutVersions(edit: WorkspaceEdit): WorkspaceEdit {
  const edits = textDocumentEdits(edit);
  if (!edits) return edit;
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    (changes[e.textDocument.uri] ??= []).push(...(e.edits as TextEdit[]));
  }
  return { changes };
}

/**
 * URIs of the edit whose documents are no longer at the version the edit was made for
 * (`versionOf` is the open document's version, undefined when closed; a null version in the
 * edit means "as on disk" and is checked against the document not having been opened since).
 */
export function staleDocuments(
  edits: readonly TextDocumentEdit[],
  versionOf: (uri: string) => number | undefined,
): string[] {
  return edits
    .filter((e) => (e.textDocument.version ?? undefined) !== versionOf(e.textDocument.uri))
    .map((e) => e.textDocument.uri);
}
