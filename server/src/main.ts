// Process entry of the language server: creates the connection (transport from argv: --stdio,
// --node-ipc, --socket=N) and hands it to startServer. The only module that touches streams.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
