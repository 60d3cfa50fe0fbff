// The "Dispatch Table" tree view in the Explorer: driver -> slot -> handler, from the server's
// `wdm/dispatchTable` answer; clicking a handler opens its definition.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  DispatchTableRequest,
  type DispatchTableDriver,
  type DispatchTableHandler,
  type DispatchTableSlot,
  type WdmLocation,
} from '../../server/src/protocol';

export const DISPATCH_TABLE_VIEW = 'wdm.dispatchTable';

type Node =
  | { kind: 'driver'; driver: DispatchTableDriver }
  | { kind: 'slot'; slot: DispatchTableSlot; driver: DispatchTableDriver }
  | { kind: 'handler'; handler: DispatchTableHandler; slot: DispatchTableSlot };

function shortPath(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function openCommand(location: WdmLocation, title: string): vscode.Command {
  const range = new vscode.Range(
    location.range.start.line,
    location.range.start.character,
    location.range.end.line,
    location.range.end.character,
  );
  return {
    title,
    command: 'vscode.open',
    arguments: [
      vscode.Uri.parse(location.uri),
      { selection: range } as vscode.TextDocumentShowOptions,
    ],
  };
}

export class DispatchTableProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private drivers: DispatchTableDriver[] = [];

  constructor(private readonly client: () => LanguageClient | undefined) {}

  /** Fetches the table again and redraws the view. */
  async refresh(): Promise<void> {
    const client = this.client();
    if (!client || !client.isRunning()) return;
    try {
      const result = await client.sendRequest(DispatchTableRequest.type, null);
      this.drivers = result?.drivers ?? [];
    } catch {
      // The server restarts or stops: keep the last table until it answers again.
      return;
    }
    this.changed.fire(undefined);
  }

  /** The driver node whose root is `rootUri` (for reveal from a code lens). */
  driverNode(rootUri: string): Node | undefined {
    const driver = this.drivers.find((d) => d.rootUri === rootUri);
    return driver ? { kind: 'driver', driver } : undefined;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.drivers.map((driver) => ({ kind: 'driver', driver }));
    if (node.kind === 'driver') {
      return node.driver.slots.map((slot) => ({ kind: 'slot', slot, driver: node.driver }));
    }
    if (node.kind === 'slot') {
      return node.slot.handlers.map((handler) => ({ kind: 'handler', handler, slot: node.slot }));
    }
    return [];
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'slot') return { kind: 'driver', driver: node.driver };
    return undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'driver') {
      const d = node.driver;
      const handled = d.slots.filter((s) => s.handlers.length > 0).length;
      const item = new vscode.TreeItem(
        d.root || shortPath(d.rootUri) || 'driver',
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `driver:${d.rootUri}`;
      item.description = `${d.entry?.function ?? 'no DriverEntry'} · ${handled} of ${d.slots.length} slots`;
      item.iconPath = new vscode.ThemeIcon('circuit-board');
      item.contextValue = 'wdmDriver';
      if (d.entry) item.command = openCommand(d.entry.location, 'Open DriverEntry');
      return item;
    }
    if (node.kind === 'slot') {
      const s = node.slot;
      const names = [...new Set(s.handlers.map((h) => h.name))];
      const item = new vscode.TreeItem(
        s.slot,
        s.handlers.length > 0
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None,
      );
      item.id = `slot:${node.driver.rootUri}:${s.slot}`;
      item.description = `${s.value} · ${names.length > 0 ? names.join(', ') : 'not handled'}`;
      item.iconPath = new vscode.ThemeIcon(s.handlers.length > 0 ? 'pass' : 'circle-outline');
      item.tooltip =
        s.handlers.length > 0
          ? `${s.slot} (${s.value}) is handled by ${names.join(', ')}`
          : `${s.slot} (${s.value}) is not handled: the I/O manager completes it with STATUS_INVALID_DEVICE_REQUEST`;
      return item;
    }
    const h = node.handler;
    const item = new vscode.TreeItem(h.name, vscode.TreeItemCollapsibleState.None);
    const target = h.location ?? h.registration;
    const line = target.range.start.line + 1;
    item.description = `${shortPath(target.uri)}:${line}${h.inLoop ? ' · loop default' : ''}`;
    item.iconPath = new vscode.ThemeIcon('symbol-function');
    item.command = openCommand(target, `Open ${h.name}`);
    item.tooltip = h.location
      ? `${h.name}, registered at ${shortPath(h.registration.uri)}:${h.registration.range.start.line + 1}`
      : `${h.name} has no definition or declaration in the workspace`;
    return item;
  }
}
