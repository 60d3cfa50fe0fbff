// VS Code entry point: starts the language client, registers the commands, the Dispatch Table view
// and the status item. No analysis happens here; everything comes from the server.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { IndexStatusNotification, IndexStatusRequest } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { DISPATCH_TABLE_VIEW, DispatchTableProvider } from './dispatchTableView';
import { createLanguageClient } from './languageClient';
import { StatusItem } from './statusItem';

/** What `activate` returns: the running client, for extension tests. */
export interface WdmApi {
  client: LanguageClient;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<WdmApi> {
  const status = new StatusItem();
  const view = new DispatchTableProvider(() => client);
  const treeView = vscode.window.createTreeView(DISPATCH_TABLE_VIEW, {
    treeDataProvider: view,
    showCollapseAll: true,
  });
  const languageClient = createLanguageClient(context);
  client = languageClient;
  let refreshTimer: NodeJS.Timeout | undefined;
  const refreshSoon = (): void => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void view.refresh(), 200);
  };
  context.subscriptions.push(
    status,
    treeView,
    ...registerCommands({
      view,
      treeView: treeView as vscode.TreeView<unknown>,
      restart: async () => {
        await languageClient.restart();
        await afterStart();
      },
    }),
    languageClient.onDidChangeState((e) => {
      if (e.newState === State.Stopped) status.stopped();
    }),
    languageClient.onNotification(IndexStatusNotification.type, (s) => {
      status.update(s);
      refreshSoon();
    }),
    // Diagnostics change whenever the index does: keep the table in step with them too.
    vscode.languages.onDidChangeDiagnostics(() => {
      if (treeView.visible) refreshSoon();
    }),
    { dispose: () => refreshTimer && clearTimeout(refreshTimer) },
  );

  async function afterStart(): Promise<void> {
    try {
      status.update(await languageClient.sendRequest(IndexStatusRequest.type, null));
    } catch {
      // The notification will bring the status once the server answers.
    }
    await view.refresh();
  }

  await languageClient.start();
  await afterStart();
  return { client: languageClient };
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}
