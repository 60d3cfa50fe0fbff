// The status bar item: "$(sync~spin) WDM: indexing…" while the server scans, "WDM: N drivers" when
// ready. End-to-end tests wait for this text, so keep its wording stable.
import * as vscode from 'vscode';
import type { IndexStatus } from '../../server/src/protocol';

export const STATUS_INDEXING_TEXT = '$(sync~spin) WDM: indexing…';

/** The ready text: `WDM: 1 driver`, `WDM: 3 drivers`. */
export function readyText(drivers: number): string {
  return `WDM: ${drivers} driver${drivers === 1 ? '' : 's'}`;
}

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'wdm.status',
    vscode.StatusBarAlignment.Left,
    10,
  );

  constructor() {
    this.item.name = 'WDM Dispatch';
    this.item.command = 'wdm.showDispatchTable';
    this.item.text = STATUS_INDEXING_TEXT;
    this.item.tooltip = 'WDM Dispatch Routines: starting the language server';
    this.item.show();
  }

  update(status: IndexStatus): void {
    if (status.state === 'indexing') {
      this.item.text = STATUS_INDEXING_TEXT;
      this.item.tooltip = `WDM Dispatch Routines: indexing driver sources (${status.files} files so far)`;
      return;
    }
    this.item.text = readyText(status.drivers);
    const capped = status.truncated ? ' (capped by wdm.index.maxFiles)' : '';
    this.item.tooltip = `WDM Dispatch Routines: ${status.drivers} drivers in ${status.files} indexed files${capped}. Click for the Dispatch Table.`;
  }

  stopped(): void {
    this.item.text = '$(error) WDM: stopped';
    this.item.tooltip = 'The WDM language server stopped; run "WDM: Restart Language Server".';
  }

  dispose(): void {
    this.item.dispose();
  }
}
