// Capabilities and handler wiring of the language server. Each handler fetches state (document
// text, model, per-resource settings) and calls a pure function in features/; analysis lives there.
import {
  type CancellationToken,
  type CodeAction,
  type WorkspaceEdit,
  type CodeActionParams,
  CodeActionRequest,
  type CodeLensParams,
  CodeLensRequest,
  type CompletionParams,
  CompletionRequest,
  type DefinitionParams,
  DefinitionRequest,
  type DocumentDiagnosticParams,
  DocumentDiagnosticRequest,
  type DocumentHighlightParams,
  DocumentHighlightRequest,
  type DocumentSymbolParams,
  DocumentSymbolRequest,
  type HoverParams,
  HoverRequest,
  type ReferenceParams,
  ReferencesRequest,
  type WorkspaceSymbolParams,
  WorkspaceSymbolRequest,
  CodeActionKind,
  CodeLensRefreshRequest,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type Diagnostic,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  type InitializeParams,
  type InitializeResult,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  ShowDocumentRequest,
  ExecuteCommandRequest,
  type ExecuteCommandParams,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { textDocumentSync } from './textSync';
import { computeCodeActions } from './features/codeActions';
import {
  computeCodeLenses,
  runShowDispatchTable,
  SERVER_SHOW_DISPATCH_TABLE_COMMAND,
  SHOW_DISPATCH_TABLE_COMMAND,
} from './features/codeLens';
import { computeCompletion } from './features/completion';
import { computeDefinition } from './features/definition';
import { computeDiagnostics } from './features/diagnostics';
import { computeDispatchTable } from './features/dispatchTable';
import { computeDocumentHighlights } from './features/documentHighlight';
import {
  fixesAsCommands,
  SERVER_APPLY_FIX_COMMAND,
  staleDocuments,
  textDocumentEdits,
  withoutVersions,
} from './features/fixCommands';
import { computeHover } from './features/hover';
import { completionAsPlainText, hoverAsPlainText } from './features/plainText';
import { computeReferences } from './features/references';
import {
  computeDocumentSymbols,
  computeWorkspaceSymbols,
  flattenDocumentSymbols,
} from './features/symbols';
import { DEFAULT_INCLUDE, DEFAULT_MAX_FILE_BYTES } from './index/backgroundScan';
import { WorkspaceIndex } from './index/workspaceIndex';
import {
  clientCommands,
  clientSupport,
  quickFixesAsCommands,
  serverCapabilities,
} from './capabilities';
import { IndexingController, type ProgressHandle, readRegularSourceText } from './indexing';
import {
  checkParams,
  documentSyncWhileServing,
  initialFolderUris,
  Lifecycle,
  type ParamShape,
  withTimeout,
} from './lifecycle';
import {
  type DispatchTableParams,
  DispatchTableRequest,
  IndexStatusNotification,
  IndexStatusRequest,
} from './protocol';
import { normalizeSettings, type Settings, SettingsCache } from './settings';
import { Logger } from './util/logger';
import { isPosition } from './util/positions';
import { normalizeUri, pathToUri, uriToPath } from './util/uri';

/** Project files whose appearance can move a driver's root (see driverModel's project markers). */
const MARKER_GLOB = '**/{sources,SOURCES,makefile,Makefile,CMakeLists.txt,*.vcxproj,*.inf,*.inx}';
/** Coalesces bursts of edits and file events into one diagnostics refresh. */
const REFRESH_DELAY_MS = 50;
/** While a scan runs only the status goes out, at most this often; diagnostics follow at its end. */
const SCAN_STATUS_DELAY_MS = 500;
/**
 * Documents at least this long are parsed when something reads the index or typing pauses for
 * BIG_DOCUMENT_PAUSE_MS, not on every keystroke (a parse of megabytes takes tens of milliseconds).
 */
const BIG_DOCUMENT_CHARS = 256 * 1024;
const BIG_DOCUMENT_PAUSE_MS = 150;
/** What each request (by its guard name) needs in its params; missing, it is InvalidParams. */
const PARAM_SHAPES: Record<string, ParamShape> = {
  hover: 'position',
  definition: 'position',
  references: 'position',
  documentHighlight: 'position',
  completion: 'position',
  codeLens: 'document',
  documentSymbol: 'document',
  codeAction: 'document',
  diagnostic: 'document',
};

export interface ServerOptions {
  /**
   * How long to wait for the client to answer workspace/configuration or
   * window/workDoneProgress/create before going on with defaults (a client that never answers
   * must not stall every request).
   */
  clientAnswerTimeoutMs?: number;
}

/** Wires the wdm language server onto a connection and starts listening. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const clientAnswerTimeoutMs = options.clientAnswerTimeoutMs ?? 10_000;
  const lifecycle = new Lifecycle();
  const documents = new TextDocuments(textDocumentSync);
  const index = new WorkspaceIndex();
  const logger = new Logger(connection.console);
  let support = clientSupport({});
  // The command lenses run: the VS Code client's own when it says it has one, else the server's.
  let lensCommand = SERVER_SHOW_DISPATCH_TABLE_COMMAND;
  // Settings of clients without workspace/configuration: whatever didChangeConfiguration sent last.
  let globalSettings: unknown;
  const settings = new SettingsCache((scopeUri) =>
    support.configuration ? askConfiguration(scopeUri) : Promise.resolve(globalSettings),
  );
  // Once a workspace/configuration request went unanswered, later ones do not wait again (each
  // new document would stall its first request); any answer, even a late one, ends that.
  let configurationStalled = false;
  function askConfiguration(scopeUri: string): Promise<unknown> {
    const asking = connection.workspace.getConfiguration({ scopeUri, section: 'wdm' });
    asking.then(() => (configurationStalled = false)).catch(() => undefined);
    return withTimeout(
      asking as Promise<unknown>,
      configurationStalled ? 0 : clientAnswerTimeoutMs,
      () => {
        if (!configurationStalled) logger.info('workspace/configuration unanswered: defaults');
        configurationStalled = true;
        return globalSettings;
      },
    );
  }
  const settingsFor = (uri: string): Promise<Settings> =>
    support.configuration ? settings.get(uri) : Promise.resolve(normalizeSettings(globalSettings));
  let progressSupported = false;
  const indexing = new IndexingController(index, {
    settingsFor,
    logger,
    // A notification, not window/showMessageRequest: nothing to answer, every client shows it.
    showWarning: (message) =>
      background(
        'showMessage',
        connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Warning,
          message,
        }),
      ),
    beginProgress: (title) => beginProgress(title),
    stateChanged: () => scheduleRefresh(),
  });

  async function beginProgress(title: string): Promise<ProgressHandle> {
    if (!progressSupported) return { report: () => undefined, done: () => undefined };
    try {
      const creating = connection.window.createWorkDoneProgress();
      const reporter = await withTimeout(creating, clientAnswerTimeoutMs, () => undefined);
      if (!reporter) {
        // Too late for this scan: end the progress bar should the client ever answer.
        creating.then((late) => late.done()).catch(() => undefined);
        return { report: () => undefined, done: () => undefined };
      }
      reporter.begin(title, 0, undefined, false);
      return {
        report: (message, percentage) => reporter.report(Math.round(percentage ?? 0), message),
        done: () => reporter.done(),
      };
    } catch (err) {
      logger.debug(`no work-done progress: ${String(err)}`);
      return { report: () => undefined, done: () => undefined };
    }
  }

  /** Starts async work nobody awaits; a failure is logged instead of crashing the process. */
  function background(name: string, work: Promise<unknown>): void {
    work.catch((err: unknown) => logger.error(`${name} failed`, err));
  }

  /**
   * Runs a request handler, answering `fallback` when it is cancelled or fails. A request outside
   * initialize..shutdown or without the document/position its method needs gets the JSON-RPC
   * error the spec prescribes instead.
   */
  function guard<P, R>(
    name: string,
    fallback: R,
    handler: (params: P, token: CancellationToken | undefined) => R | Promise<R>,
  ): (params: P, token?: CancellationToken) => Promise<R> {
    return async (params, token) => {
      lifecycle.checkRequest(name);
      checkParams(name, params, PARAM_SHAPES[name] ?? 'any');
      // A cancelled request answers RequestCancelled, not `fallback`: an empty diagnostic
      // report would clear the client's findings in clients that apply late answers.
      const cancelled = (): ResponseError<void> =>
        new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      if (token?.isCancellationRequested) throw cancelled();
      let result: R;
      try {
        result = await handler(params, token);
      } catch (err) {
        // A deliberate JSON-RPC error (a refused fix, bad arguments) goes to the client as is.
        if (err instanceof ResponseError) throw err;
        logger.error(`${name} failed`, err);
        result = fallback;
      }
      if (token?.isCancellationRequested) throw cancelled();
      return result;
    };
  }

  /** Runs a notification handler between initialize and shutdown; failures are logged. */
  function guardNotification<P>(
    name: string,
    handler: (params: P) => void | Promise<void>,
  ): (params: P) => Promise<void> {
    return async (params) => {
      if (!lifecycle.serving) return;
      try {
        await handler(params);
      } catch (err) {
        logger.error(`${name} failed`, err);
      }
    };
  }

  /** Text and settings of an open document, or undefined when the server should stay silent. */
  async function openDocument(
    uri: string,
  ): Promise<{ doc: TextDocument; settings: Settings } | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const s = await settingsFor(uri);
    return s.enable ? { doc, settings: s } : undefined;
  }

  async function diagnosticsFor(uri: string): Promise<Diagnostic[]> {
    const s = await settingsFor(uri);
    if (!s.enable || !s.diagnostics.enable) return [];
    return computeDiagnostics(index.model, uri, { severities: s.diagnostics.severity });
  }

  // --- keeping clients up to date after index changes -----------------------------------------
  let refreshTimer: NodeJS.Timeout | undefined;
  let lastStatus = '';
  function scheduleRefresh(): void {
    if (refreshTimer) return;
    refreshTimer = setTimeout(
      () => {
        refreshTimer = undefined;
        background('refresh', refresh());
      },
      indexing.busy ? SCAN_STATUS_DELAY_MS : REFRESH_DELAY_MS,
    );
  }

  async function refresh(): Promise<void> {
    try {
      const status = indexing.status;
      const statusKey = JSON.stringify(status);
      if (statusKey !== lastStatus) {
        lastStatus = statusKey;
        await connection.sendNotification(IndexStatusNotification.type, status);
      }
      // Re-checking every open document for each scanned file would slow the scan down; the
      // documents already show what is known and are refreshed once the scan ends.
      if (indexing.busy) return;
      // Updated files fire another change event, hence another refresh with their definitions.
      await indexing.resolveNewHandlers();
      // Refresh requests are not awaited: a client that never answers one must not hold up the next.
      if (support.pullDiagnostics) {
        if (support.diagnosticsRefresh) {
          background('diagnostics refresh', connection.languages.diagnostics.refresh());
        }
      } else {
        await publishAll();
      }
      if (support.codeLensRefresh) {
        background('codeLens refresh', connection.sendRequest(CodeLensRefreshRequest.type));
      }
    } catch (err) {
      logger.debug(`refresh failed: ${String(err)}`);
    }
  }

  /** Push fallback for clients without pull diagnostics (Neovim 0.7-0.9, older editors). */
  async function publishAll(): Promise<void> {
    for (const doc of documents.all()) await publish(doc.uri);
  }

  async function publish(uri: string): Promise<void> {
    const doc = documents.get(uri);
    const diagnostics = doc ? await diagnosticsFor(key(uri)) : [];
    await connection.sendDiagnostics({ uri, version: doc?.version, diagnostics });
  }

  // Edits that leave the facts unchanged need no refresh: the client re-pulls the edited document.
  index.onDidChange((event) => {
    if (event.modelChanged) scheduleRefresh();
  });

  // --- lifecycle -------------------------------------------------------------------------------
  let initialFolders: string[] = [];
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    lifecycle.initialize();
    // Clients nobody here wrote send null or garbage for optional parts: read them defensively.
    const capabilities: InitializeParams['capabilities'] = params.capabilities ?? {};
    support = clientSupport(capabilities);
    progressSupported = !!capabilities.window?.workDoneProgress;
    const options = params.initializationOptions as
      { settings?: { wdm?: unknown } | null; wdm?: unknown } | null | undefined;
    globalSettings = options?.settings?.wdm ?? options?.wdm;
    lensCommand = clientCommands(params.initializationOptions).has(SHOW_DISPATCH_TABLE_COMMAND)
      ? SHOW_DISPATCH_TABLE_COMMAND
      : SERVER_SHOW_DISPATCH_TABLE_COMMAND;
    initialFolders = initialFolderUris(params, pathToUri);
    return {
      capabilities: serverCapabilities(support),
      serverInfo: { name: 'wdm-dispatch', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (support.configurationDynamic) {
      background(
        'register didChangeConfiguration',
        connection.client.register(DidChangeConfigurationNotification.type, { section: 'wdm' }),
      );
    }
    if (support.watchedFilesDynamic) {
      background(
        'register file watchers',
        connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: DEFAULT_INCLUDE[0] }, { globPattern: MARKER_GLOB }],
        }),
      );
    }
    if (support.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guardNotification('didChangeWorkspaceFolders', (event) => {
          // A malformed notification (no event, no lists, entries without a uri) changes only
          // what it names properly rather than throwing.
          const { added, removed } = event ?? {};
          indexing.removeFolders(folderUris(removed));
          background('adding folders', indexing.addFolders(folderUris(added)));
        }),
      );
    }
    background(
      'reading settings',
      settingsFor(initialFolders[0] ?? '').then((s) => {
        logger.verbose = s.trace.server === 'verbose';
      }),
    );
    // Not awaited: initialize has returned, and requests are answered from what is indexed so far.
    background('indexing', indexing.addFolders(initialFolders));
    scheduleRefresh();
  });

  connection.onShutdown(() => {
    lifecycle.shutdown();
    indexing.dispose();
  });

  // Requests for methods nobody handles: ServerNotInitialized before initialize (the spec),
  // MethodNotFound otherwise.
  connection.onRequest((method: string) => {
    lifecycle.checkRequest(method);
    throw new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  });

  connection.onDidChangeConfiguration(
    guardNotification('didChangeConfiguration', async (change) => {
      const before = JSON.stringify(await indexSettings());
      settings.clear();
      const raw = (change?.settings as { wdm?: unknown } | null | undefined)?.wdm;
      if (raw !== undefined) globalSettings = raw;
      const after = JSON.stringify(await indexSettings());
      logger.verbose =
        (await settingsFor(indexing.folderUris()[0] ?? '')).trace.server === 'verbose';
      if (before !== after) background('re-indexing', indexing.rescanAll());
      scheduleRefresh();
    }),
  );

  async function indexSettings(): Promise<unknown[]> {
    return Promise.all(
      indexing.folderUris().map(async (f) => {
        const s = await settingsFor(f);
        return [s.enable, s.index];
      }),
    );
  }

  // --- documents and files ---------------------------------------------------------------------
  let parseTimer: NodeJS.Timeout | undefined;
  const unparsed = new Set<string>();
  function parseAfterPause(): void {
    if (parseTimer) clearTimeout(parseTimer);
    parseTimer = setTimeout(() => {
      parseTimer = undefined;
      try {
        index.flushDeferred();
      } catch (err) {
        logger.error('indexing open documents failed', err);
      }
      const uris = [...unparsed];
      unparsed.clear();
      if (!support.pullDiagnostics) {
        for (const u of uris) background('publishDiagnostics', publish(u));
      }
    }, BIG_DOCUMENT_PAUSE_MS);
  }

  documents.onDidChangeContent((e) => {
    const text = e.document.getText();
    const big = text.length >= BIG_DOCUMENT_CHARS;
    try {
      // Requests read the index, which parses a deferred text first: they always see this text.
      if (big) index.setOpenDeferred(normalizeUri(e.document.uri), text, e.document.version);
      else index.setOpen(normalizeUri(e.document.uri), text, e.document.version);
    } catch (err) {
      logger.error(`indexing ${e.document.uri} failed`, err);
    }
    if (big) {
      unparsed.add(e.document.uri);
      parseAfterPause();
    } else if (!support.pullDiagnostics) background('publishDiagnostics', publish(e.document.uri));
  });
  documents.onDidClose((e) => {
    index.close(normalizeUri(e.document.uri));
    if (!support.pullDiagnostics) {
      background(
        'publishDiagnostics',
        connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }),
      );
    }
  });

  connection.onDidChangeWatchedFiles(
    guardNotification('didChangeWatchedFiles', async (params) => {
      const valid = Array.isArray(params?.changes) ? params.changes : [];
      const changes = valid.filter(hasUri).map((change) => ({
        uri: change.uri,
        kind:
          change.type === FileChangeType.Deleted
            ? ('deleted' as const)
            : change.type === FileChangeType.Created
              ? ('created' as const)
              : ('changed' as const),
      }));
      await indexing.filesChanged(changes);
    }),
  );

  // --- requests --------------------------------------------------------------------------------
  connection.onRequest(
    HoverRequest.method,
    guard('hover', null, async ({ textDocument, position }: HoverParams) => {
      const open = await openDocument(textDocument.uri);
      if (!open || !isPosition(position)) return null;
      const hover = computeHover(index.model, key(textDocument.uri), open.doc.getText(), position, {
        enabled: open.settings.hover.enable,
      });
      return support.markdownHover ? hover : hoverAsPlainText(hover);
    }),
  );

  connection.onRequest(
    DefinitionRequest.method,
    guard('definition', null, async ({ textDocument, position }: DefinitionParams) => {
      const open = await openDocument(textDocument.uri);
      if (!open || !isPosition(position)) return null;
      return computeDefinition(index.model, key(textDocument.uri), open.doc.getText(), position);
    }),
  );

  connection.onRequest(
    ReferencesRequest.method,
    guard('references', null, async ({ textDocument, position, context }: ReferenceParams) => {
      const open = await openDocument(textDocument.uri);
      if (!open || !isPosition(position)) return null;
      const uri = key(textDocument.uri);
      const text = open.doc.getText();
      return computeReferences(
        index.model,
        uri,
        text,
        position,
        context?.includeDeclaration ?? true,
      );
    }),
  );

  connection.onRequest(
    DocumentHighlightRequest.method,
    guard(
      'documentHighlight',
      null,
      async ({ textDocument, position }: DocumentHighlightParams) => {
        const open = await openDocument(textDocument.uri);
        if (!open || !isPosition(position)) return null;
        const uri = key(textDocument.uri);
        return computeDocumentHighlights(index.model, uri, open.doc.getText(), position);
      },
    ),
  );

  connection.onRequest(
    CompletionRequest.method,
    guard('completion', null, async ({ textDocument, position }: CompletionParams) => {
      const open = await openDocument(textDocument.uri);
      if (!open || !isPosition(position)) return null;
      const items = computeCompletion(
        index.model,
        key(textDocument.uri),
        open.doc.getText(),
        position,
      );
      return support.markdownDocumentation ? items : completionAsPlainText(items);
    }),
  );

  connection.onRequest(
    CodeLensRequest.method,
    guard('codeLens', [], async ({ textDocument }: CodeLensParams) => {
      const s = await settingsFor(textDocument.uri);
      if (!s.enable || !s.codeLens.enable) return [];
      return computeCodeLenses(index.model, key(textDocument.uri), lensCommand);
    }),
  );

  // A lens's command in clients other than VS Code: the table as a message (every client shows
  // one), the routine's registration opened where the client can, the table as the result.
  connection.onRequest(
    ExecuteCommandRequest.method,
    guard('executeCommand', null, async (params: ExecuteCommandParams | null) => {
      if (params?.command === SERVER_APPLY_FIX_COMMAND) return applyFix(params.arguments?.[0]);
      if (params?.command !== SERVER_SHOW_DISPATCH_TABLE_COMMAND) {
        // Only the commands of executeCommandProvider exist: anything else is the client's mistake.
        throw new ResponseError(
          ErrorCodes.InvalidParams,
          `unknown command ${JSON.stringify(params?.command)}: this server runs ` +
            `${SERVER_SHOW_DISPATCH_TABLE_COMMAND} and ${SERVER_APPLY_FIX_COMMAND}`,
        );
      }
      const answer = runShowDispatchTable(index.model, params.arguments);
      background(
        'showMessage',
        connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Info,
          message: answer.message,
        }),
      );
      if (answer.show && support.showDocument) {
        const { uri, range } = answer.show;
        background(
          'showDocument',
          connection.sendRequest(ShowDocumentRequest.type, {
            uri,
            selection: range,
            takeFocus: true,
          }),
        );
      }
      return answer.table;
    }),
  );

  /** Runs a quick fix offered as a command: refused when a document changed since it was made. */
  async function applyFix(edit: unknown): Promise<{ applied: boolean }> {
    const edits = textDocumentEdits(edit);
    if (!edits) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${SERVER_APPLY_FIX_COMMAND}: no edit`);
    }
    const versionOf = (uri: string): number | undefined =>
      documents.all().find((d) => key(d.uri) === uri)?.version;
    const stale = staleDocuments(edits, versionOf);
    if (stale.length > 0) {
      throw new ResponseError(
        LSPErrorCodes.ContentModified,
        `the fix was computed for an older text of ${stale.join(', ')}; ask for it again`,
      );
    }
    const workspaceEdit: WorkspaceEdit = { documentChanges: edits };
    const result = await connection.workspace.applyEdit(
      support.documentChanges ? workspaceEdit : withoutVersions(workspaceEdit),
    );
    return { applied: result.applied };
  }

  connection.onRequest(
    DocumentSymbolRequest.method,
    guard('documentSymbol', [], async ({ textDocument }: DocumentSymbolParams) => {
      if (!(await settingsFor(textDocument.uri)).enable) return [];
      const uri = key(textDocument.uri);
      const symbols = computeDocumentSymbols(index.model, uri);
      return support.hierarchicalSymbols
        ? symbols
        : flattenDocumentSymbols(textDocument.uri, symbols);
    }),
  );

  connection.onRequest(
    WorkspaceSymbolRequest.method,
    guard('workspaceSymbol', [], ({ query }: WorkspaceSymbolParams) =>
      computeWorkspaceSymbols(index.model, typeof query === 'string' ? query : ''),
    ),
  );

  connection.onRequest(
    CodeActionRequest.method,
    guard('codeAction', [], async ({ textDocument, range, context }: CodeActionParams) => {
      // Quick fixes are all this server offers: skip requests for other kinds (code actions on save).
      const only = context?.only;
      if (only && !only.some((kind) => (CodeActionKind.QuickFix + '.').startsWith(kind + '.'))) {
        return [];
      }
      const open = await openDocument(textDocument.uri);
      if (!open || !range) return [];
      const doc = {
        uri: key(textDocument.uri),
        version: open.doc.version,
        text: open.doc.getText(),
      };
      // Fixes may edit another file (DriverEntry elsewhere, a header's declaration): open
      // documents give their text and version; closed files are read from disk, unversioned.
      const otherText = (uri: string): { text: string; version: number | null } | undefined => {
        const other = documents.get(uri);
        if (other) return { text: other.getText(), version: other.version };
        const fsPath = uriToPath(uri);
        if (fsPath === undefined) return undefined;
        const read = readRegularSourceText(
          { fsPath, relPath: fsPath, uri },
          DEFAULT_MAX_FILE_BYTES,
        );
        return read.ok ? { text: read.text, version: null } : undefined;
      };
      const actions = computeCodeActions(
        index.model,
        doc,
        range,
        context?.diagnostics ?? [],
        otherText,
      );
      // Clients without CodeAction literals get commands the server applies (after checking
      // the versions); clients without documentChanges get the edits as plain `changes`.
      if (support.codeActionLiterals) {
        return support.documentChanges ? actions : actions.map(unversionedAction);
      }
      return quickFixesAsCommands(support) ? fixesAsCommands(actions) : [];
    }),
  );

  connection.onRequest(
    DocumentDiagnosticRequest.method,
    guard(
      'diagnostic',
      { kind: DocumentDiagnosticReportKind.Full, items: [] as Diagnostic[] },
      async ({ textDocument }: DocumentDiagnosticParams) => ({
        kind: DocumentDiagnosticReportKind.Full,
        items: await diagnosticsFor(key(textDocument.uri)),
      }),
    ),
  );

  // Registered by method name: a client may send these without `params` (JSON-RPC allows it),
  // which a typed registration would refuse with InvalidParams.
  connection.onRequest(
    IndexStatusRequest.method,
    guard(
      'indexStatus',
      { state: 'ready' as const, files: 0, drivers: 0, truncated: false },
      () => indexing.status,
    ),
  );

  connection.onRequest(
    DispatchTableRequest.method,
    guard('dispatchTable', { drivers: [] }, (params: DispatchTableParams | null | undefined) => {
      const uri = typeof params?.uri === 'string' ? key(params.uri) : undefined;
      return computeDispatchTable(index.model, uri);
    }),
  );

  documents.listen(
    documentSyncWhileServing(connection, lifecycle, (method) =>
      logger.debug(`${method}: dropped (before initialize, after shutdown or malformed)`),
    ),
  );
  connection.listen();
}

/** A quick fix whose versioned edit is rewritten as plain `changes`. */
function unversionedAction(action: CodeAction): CodeAction {
  return action.edit ? { ...action, edit: withoutVersions(action.edit) } : action;
}

/** Entries of a notification's list that carry a string `uri` (others are malformed). */
function hasUri<T>(entry: T): entry is T & { uri: string } {
  return typeof (entry as { uri?: unknown } | null)?.uri === 'string';
}

function folderUris(list: unknown): string[] {
  return Array.isArray(list) ? list.filter(hasUri).map((f) => f.uri) : [];
}

/** The index keys documents by the normalized URI (the scanner's spelling). */
function key(uri: string): string {
  return normalizeUri(uri);
}
