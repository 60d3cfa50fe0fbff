// wdm.restartServer: the language server restarts and answers again (hover, diagnostics).
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { poll, openSample, folderUri, waitForCode, hoverText } = require('./helpers');

suite('restart', () => {
  test('after wdm.restartServer the server indexes again and answers hovers', async () => {
    const doc = await openSample('driver.c');
    await vscode.commands.executeCommand('wdm.restartServer');
    const line = doc
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.includes('MajorFunction[IRP_MJ_WRITE]'));
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('IRP_MJ_WRITE') + 4);
    const text = await poll(async () => {
      const t = hoverText(
        await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos),
      );
      return t.includes('SampleDispatchWrite') ? t : '';
    }, 'hover after restart');
    assert.ok(text.includes('IRP_MJ_WRITE'));
    await waitForCode(folderUri('wdm-sample'), 'create-without-close');
  });
});
