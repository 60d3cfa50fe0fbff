// What the server learned from `initialize` about the client, and the capabilities it answers
// with: every optional behaviour (pull diagnostics, refresh, dynamic registration) is gated here.
import {
  type ClientCapabilities,
  CodeActionKind,
  type ServerCapabilities,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { SERVER_SHOW_DISPATCH_TABLE_COMMAND } from './features/codeLens';
import { SERVER_APPLY_FIX_COMMAND } from './features/fixCommands';

/** What the server learned from `initialize` about the client. */
export interface ClientSupport {
  configuration: boolean;
  workspaceFolders: boolean;
  pullDiagnostics: boolean;
  diagnosticsRefresh: boolean;
  codeLensRefresh: boolean;
  watchedFilesDynamic: boolean;
  configurationDynamic: boolean;
  codeActionLiterals: boolean;
  /** `workspace/applyEdit`: the server can run a quick fix as a command (no literal support). */
  applyEdit: boolean;
  /** Versioned `documentChanges` in WorkspaceEdits; otherwise edits go as plain `changes`. */
  documentChanges: boolean;
  hierarchicalSymbols: boolean;
  /** `window/showDocument`: the server's show-dispatch-table command can open a file. */
  showDocument: boolean;
  /** False when hover.contentFormat lists formats but not markdown (plain-text clients). */
  markdownHover: boolean;
  /** The same for completionItem.documentationFormat. */
  markdownDocumentation: boolean;
}

/** Quick fixes go as Commands: the client takes no CodeAction literals but applies server edits. */
export function quickFixesAsCommands(support: ClientSupport): boolean {
  return !support.codeActionLiterals && support.applyEdit;
}

/** A client takes Markdown unless it lists the formats it takes and Markdown is not one. */
function takesMarkdown(formats: unknown): boolean {
  return !Array.isArray(formats) || formats.length === 0 || formats.includes('markdown');
}

export function clientSupport(c: ClientCapabilities): ClientSupport {
  return {
    configuration: !!c.workspace?.configuration,
    workspaceFolders: !!c.workspace?.workspaceFolders,
    pullDiagnostics: !!c.textDocument?.diagnostic,
    diagnosticsRefresh: !!c.workspace?.diagnostics?.refreshSupport,
    codeLensRefresh: !!c.workspace?.codeLens?.refreshSupport,
    watchedFilesDynamic: !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    configurationDynamic: !!c.workspace?.didChangeConfiguration?.dynamicRegistration,
    codeActionLiterals: !!c.textDocument?.codeAction?.codeActionLiteralSupport,
    applyEdit: !!c.workspace?.applyEdit,
    documentChanges: !!c.workspace?.workspaceEdit?.documentChanges,
    hierarchicalSymbols: !!c.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport,
    showDocument: !!c.window?.showDocument?.support,
    markdownHover: takesMarkdown(c.textDocument?.hover?.contentFormat),
    markdownDocumentation: takesMarkdown(
      c.textDocument?.completion?.completionItem?.documentationFormat,
    ),
  };
}

/**
 * Commands the client runs itself, from `initializationOptions.clientCommands` (the VS Code client
 * sends `['wdm.showDispatchTable']`): lenses use them instead of the server's portable command.
 */
export function clientCommands(initializationOptions: unknown): Set<string> {
  const list = (initializationOptions as { clientCommands?: unknown } | null | undefined)
    ?.clientCommands;
  return new Set(Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : []);
}

/** The server's capabilities for a client: pull diagnostics and code action kinds only when it takes them. */
export function serverCapabilities(support: ClientSupport): ServerCapabilities {
  const capabilities: ServerCapabilities = {
    // Columns are UTF-16 code units whatever general.positionEncodings offers (the mandatory
    // encoding); said explicitly so that a client offering utf-8 first does not have to guess.
    positionEncoding: 'utf-16',
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    completionProvider: { triggerCharacters: ['['], resolveProvider: false },
    codeLensProvider: { resolveProvider: false },
    // What a lens runs in clients without their own command (see features/codeLens.ts).
    // Clients without CodeAction literals get quick fixes as commands the server applies.
    executeCommandProvider: {
      commands: quickFixesAsCommands(support)
        ? [SERVER_SHOW_DISPATCH_TABLE_COMMAND, SERVER_APPLY_FIX_COMMAND]
        : [SERVER_SHOW_DISPATCH_TABLE_COMMAND],
    },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    codeActionProvider: support.codeActionLiterals
      ? { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false }
      : true,
    workspace: {
      workspaceFolders: { supported: true, changeNotifications: true },
    },
  };
  if (support.pullDiagnostics) {
    // A registration in one file can fix a finding in another: the client must re-pull all.
    capabilities.diagnosticProvider = {
      identifier: 'wdm',
      interFileDependencies: true,
      workspaceDiagnostics: false,
    };
  }
  return capabilities;
}
