// Process entry of the language server: creates the connection (transport from argv: --stdio,
// --node-ipc, --socket=N) and hands it to startServer. The only module that touches streams.
// First: engine settings apply to the code compiled after them.
import './engineTuning';
import { type Connection, createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// A stray failure must not end the editor session: report it on stderr (never stdout, which is
// the protocol channel under --stdio) and keep serving.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`wdm-dispatch-lsp: unhandled rejection: ${String(reason)}\n`);
});
process.on('uncaughtException', (err) => {
  process.stderr.write(`wdm-dispatch-lsp: uncaught exception: ${err.stack ?? String(err)}\n`);
});

// Without a transport argument (--stdio, --node-ipc, --socket=N, --pipe=NAME) the library throws:
// say so in one line and exit 2, instead of a stack trace and an exit code of 0.
function connect(): Connection {
  try {
    return createConnection(ProposedFeatures.all);
  } catch (err) {
    process.stderr.write(
      `wdm-dispatch-lsp: ${err instanceof Error ? err.message : String(err)}\n` +
        'usage: wdm-dispatch-lsp --stdio | --node-ipc | --socket=PORT | --pipe=NAME\n',
    );
    process.exit(2);
  }
}

startServer(connect());
