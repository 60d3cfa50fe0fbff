// Document highlight: the occurrences of the IRP_MJ code or dispatch handler under the cursor in
// the current document (registrations as writes, the rest as text).
import { DocumentHighlightKind, type DocumentHighlight } from 'vscode-languageserver-types';
import type { WorkspaceModel } from '../index/modelTypes';
import type { Position } from '../syntax/factTypes';
import { collectReferences } from './references';

export function computeDocumentHighlights(
  model: WorkspaceModel,
  uri: string,
  text: string,
  position: Position,
): DocumentHighlight[] | null {
  const refs = collectReferences(model, uri, text, position);
  if (!refs) return null;
  return refs
    .filter((r) => r.uri === uri)
    .map((r) => ({
      range: r.range,
      kind: r.role === 'registration' ? DocumentHighlightKind.Write : DocumentHighlightKind.Text,
    }));
}
