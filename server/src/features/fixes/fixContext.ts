// What every quick fix works with: the model, the driver of the diagnostic, the text of any file
// (the document itself, or another one through the caller's getText) and an edit collector that
// turns inserts into a versioned WorkspaceEdit.
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { Position, Range } from '../../syntax/factTypes';
import type { Driver, WorkspaceModel } from '../../index/modelTypes';
import { FixText } from './fixText';

export type GetText = (uri: string) => { text: string; version: number | null } | undefined;

export interface FixContext {
  model: WorkspaceModel;
  driver: Driver;
  /** The text of a file, or undefined when the caller cannot provide it. */
  textOf(uri: string): FixText | undefined;
}

export interface Fix {
  title: string;
  isPreferred: boolean;
  edits: EditSet;
}

interface PendingEdit {
  range: Range;
  newText: string;
}

/** Collects edits by document; inserts at one position are merged so their order is kept. */
export class EditSet {
  private readonly byUri = new Map<string, PendingEdit[]>();

  insert(uri: string, at: Position, text: string): this {
    return this.replace(uri, { start: at, end: at }, text);
  }

  replace(uri: string, range: Range, text: string): this {
    const list = this.byUri.get(uri) ?? [];
    const same = list.find(
      (e) =>
        e.range.start.line === range.start.line &&
        e.range.start.character === range.start.character &&
        e.range.end.line === range.end.line &&
        e.range.end.character === range.end.character &&
        range.start.line === range.end.line &&
        range.start.character === range.end.character,
    );
    if (same) same.newText += text;
    else list.push({ range, newText: text });
    this.byUri.set(uri, list);
    return this;
  }

  get empty(): boolean {
    return this.byUri.size === 0;
  }

  uris(): string[] {
    return [...this.byUri.keys()];
  }

  /** `documentChanges` with the version each edit was computed against, so a stale edit is refused. */
  toWorkspaceEdit(versionOf: (uri: string) => number | null): WorkspaceEdit {
    return {
      documentChanges: [...this.byUri].map(([uri, edits]) => ({
        textDocument: { uri, version: versionOf(uri) },
        edits: edits.map((e) => ({ range: e.range, newText: e.newText })),
      })),
    };
  }
}
