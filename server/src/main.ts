// Process entry of the language server: creates the connection (transport from argv: --stdio,
// --node-ipc, --socket=N) and hands it to startServer. The only module that touches streams.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// A stray failure must not end the editor session: report it on stderr (never stdout, which is
// the protocol channel under --stdio) and keep serving.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`wdm-dispatch-lsp: unhandled rejection: ${String(reason)}\n`);
});
process.on('uncaughtException', (err) => {
  process.stderr.write(`wdm-dispatch-lsp: uncaught exception: ${err.stack ?? String(err)}\n`);
});

startServer(createConnection(ProposedFeatures.all));
