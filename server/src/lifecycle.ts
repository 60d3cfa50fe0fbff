// The LSP lifecycle rules a client that nobody here wrote may break, and the checks of request
// parameters: which JSON-RPC error answers a request before `initialize`, after `shutdown`, or with
// parameters that have no document or position. Also bounds the wait for answers from the client.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';

export type Phase = 'starting' | 'running' | 'shutDown';

/** Where the session stands: requests are served only between `initialize` and `shutdown`. */
export class Lifecycle {
  phase: Phase = 'starting';

  /** Notifications are dropped before `initialize` (the spec) and after `shutdown` (nothing left to do). */
  get serving(): boolean {
    return this.phase === 'running';
  }

  /** Throws the error the spec prescribes for a request outside the running phase. */
  checkRequest(method: string): void {
    if (this.phase === 'starting') {
      throw new ResponseError(
        ErrorCodes.ServerNotInitialized,
        `${method}: the server has not been initialized yet`,
      );
    }
    if (this.phase === 'shutDown') {
      throw new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server is shut down`);
    }
  }

  /** `initialize` may only be sent once. */
  initialize(): void {
    if (this.phase !== 'starting') {
      throw new ResponseError(ErrorCodes.InvalidRequest, 'initialize may only be sent once');
    }
    this.phase = 'running';
  }

  shutdown(): void {
    this.checkRequest('shutdown');
    this.phase = 'shutDown';
  }
}

/** What a request's parameters must hold: a document, a document and a position, or anything. */
export type ParamShape = 'any' | 'document' | 'position';

/**
 * Throws InvalidParams when a request lacks what its method needs (no `textDocument.uri`, a
 * position that is not two numbers). Numbers out of range are not malformed: they are clamped.
 */
export function checkParams(method: string, params: unknown, shape: ParamShape): void {
  if (shape === 'any') return;
  const p = params as { textDocument?: { uri?: unknown }; position?: unknown } | null | undefined;
  if (typeof p?.textDocument?.uri !== 'string') {
    throw new ResponseError(ErrorCodes.InvalidParams, `${method}: textDocument.uri is missing`);
  }
  if (shape === 'position') {
    const position = p.position as { line?: unknown; character?: unknown } | null | undefined;
    if (typeof position?.line !== 'number' || typeof position.character !== 'number') {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `${method}: position must be { line: number, character: number }`,
      );
    }
  }
}

/**
 * `work`, or `fallback` when the client has not answered within `ms` (a client that never
 * answers workspace/configuration or window/workDoneProgress/create must not stall the server).
 */
export function withTimeout<T>(work: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** Folder URIs of `initialize`: workspaceFolders, else rootUri, else the deprecated rootPath. */
export function initialFolderUris(
  params: { workspaceFolders?: unknown; rootUri?: unknown; rootPath?: unknown },
  pathToUri: (fsPath: string) => string,
): string[] {
  if (Array.isArray(params.workspaceFolders)) {
    return params.workspaceFolders
      .map((f: unknown) => (f as { uri?: unknown } | null)?.uri)
      .filter((uri): uri is string => typeof uri === 'string' && uri.length > 0);
  }
  if (typeof params.rootUri === 'string' && params.rootUri.length > 0) return [params.rootUri];
  if (typeof params.rootPath === 'string' && params.rootPath.length > 0) {
    return [pathToUri(params.rootPath)];
  }
  return [];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isPositionLike = (v: unknown): boolean =>
  isObject(v) && isNumber(v.line) && isNumber(v.character);
const hasDocumentUri = (event: unknown): boolean =>
  isObject(event) && isObject(event.textDocument) && typeof event.textDocument.uri === 'string';

/** Well-formedness of each document-sync notification: what the document store needs to apply it. */
const DOCUMENT_SYNC_CHECKS: Record<string, (event: unknown) => boolean> = {
  onDidOpenTextDocument: (e) =>
    hasDocumentUri(e) &&
    typeof (e as { textDocument: { text?: unknown } }).textDocument.text === 'string' &&
    isNumber((e as { textDocument: { version?: unknown } }).textDocument.version),
  onDidChangeTextDocument: (e) => {
    if (!hasDocumentUri(e)) return false;
    const { textDocument, contentChanges } = e as {
      textDocument: { version?: unknown };
      contentChanges?: unknown;
    };
    return (
      isNumber(textDocument.version) &&
      Array.isArray(contentChanges) &&
      contentChanges.every(
        (c: unknown) =>
          isObject(c) &&
          typeof c.text === 'string' &&
          (c.range === undefined ||
            (isObject(c.range) && isPositionLike(c.range.start) && isPositionLike(c.range.end))),
      )
    );
  },
  onDidCloseTextDocument: hasDocumentUri,
  onWillSaveTextDocument: hasDocumentUri,
  onDidSaveTextDocument: hasDocumentUri,
};

/**
 * The connection as the document store (`TextDocuments.listen`) should see it: document-sync
 * notifications arrive only between initialize and shutdown (before initialize the spec says to
 * drop them, and acting on them would send diagnostics before the initialize result), and only
 * when well formed (a change whose text is not a string would corrupt the stored document).
 */
export function documentSyncWhileServing<C extends object>(
  connection: C,
  lifecycle: Lifecycle,
  dropped: (method: string) => void,
): C {
  return new Proxy(connection, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      const check = typeof prop === 'string' ? DOCUMENT_SYNC_CHECKS[prop] : undefined;
      if (!check || typeof value !== 'function') return value;
      return (handler: (event: unknown) => unknown) =>
        (value as (h: (event: unknown) => unknown) => unknown).call(target, (event: unknown) => {
          if (lifecycle.serving && check(event)) return handler(event);
          dropped(String(prop));
          return undefined;
        });
    },
  });
}
