// Command ids the extension contributes (category "WDM") and their handlers.
import * as vscode from 'vscode';
import { DISPATCH_TABLE_VIEW, type DispatchTableProvider } from './dispatchTableView';

export const COMMANDS = {
  showDispatchTable: 'wdm.showDispatchTable',
  refreshDispatchTable: 'wdm.refreshDispatchTable',
  restartServer: 'wdm.restartServer',
} as const;

export interface CommandTargets {
  view: DispatchTableProvider;
  treeView: vscode.TreeView<unknown>;
  restart(): Promise<void>;
}

export function registerCommands(targets: CommandTargets): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.showDispatchTable, async (rootUri?: unknown) => {
      await targets.view.refresh();
      // `<view id>.focus` is the command VS Code creates for every contributed view.
      await vscode.commands.executeCommand(`${DISPATCH_TABLE_VIEW}.focus`);
      const node = typeof rootUri === 'string' ? targets.view.driverNode(rootUri) : undefined;
      if (node) await targets.treeView.reveal(node, { expand: true, select: true, focus: false });
    }),
    vscode.commands.registerCommand(COMMANDS.refreshDispatchTable, () => targets.view.refresh()),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => targets.restart()),
  ];
}
