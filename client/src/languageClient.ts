// Creates the LanguageClient: dist/server.js over IPC, C and C++ files on disk. The client id is
// `wdm`, the settings prefix, so `wdm.trace.server` traces the protocol in the output channel.
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { COMMANDS } from './commands';

export const CLIENT_ID = 'wdm';
export const CLIENT_NAME = 'WDM Dispatch Routines';

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    // "Attach to Server" in .vscode/launch.json connects to this port.
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'c' },
      { scheme: 'file', language: 'cpp' },
    ],
    // The server registers its own file watchers and reads settings with workspace/configuration.
    outputChannelName: CLIENT_NAME,
    // Lenses then run this extension's command, which reveals the Dispatch Table view; clients
    // that do not say so get the server's own command (workspace/executeCommand) instead.
    initializationOptions: { clientCommands: [COMMANDS.showDispatchTable] },
  };
  // LanguageClient restarts a crashed server (up to 4 times in 3 minutes) on its own.
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
