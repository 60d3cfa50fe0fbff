// Capabilities and handler wiring of the language server; each handler delegates to features/.
import { type Connection, TextDocumentSyncKind } from 'vscode-languageserver';

export function startServer(connection: Connection): void {
  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'wdm-dispatch' },
  }));
  connection.listen();
}
