// Multi-root workspace (drivers.code-workspace: wdm-sample + second-driver): each folder is indexed
// and its findings stay within its own driver.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const {
  poll,
  folderUri,
  secondUri,
  wdmDiagnostics,
  codeOf,
  waitForCode,
  hoverText,
} = require('./helpers');

suite('multi-root workspace', () => {
  test('both folders are open', () => {
    const names = (vscode.workspace.workspaceFolders || []).map((f) => f.name).sort();
    assert.deepStrictEqual(names, ['second-driver', 'wdm-sample']);
    assert.ok(vscode.workspace.workspaceFile, 'opened from a .code-workspace file');
  });

  test('the second folder gets its own finding (close-without-create) and none of the first', async () => {
    const doc = await vscode.workspace.openTextDocument(secondUri('legacy.c'));
    await vscode.window.showTextDocument(doc, { preview: false });
    const second = folderUri('second-driver');
    await waitForCode(second, 'close-without-create');
    const codes = wdmDiagnostics(second).map((x) => codeOf(x.diag));
    assert.ok(
      !codes.includes('create-without-close'),
      `no finding of the first driver in the second: ${codes}`,
    );
    assert.ok(!codes.includes('missing-required-handler'), 'the second driver is not PnP');
    for (const x of wdmDiagnostics(second))
      assert.ok(!x.diag.message.includes('Sample'), x.diag.message);
  });

  test('hover in the second folder names its own handler', async () => {
    const doc = await vscode.workspace.openTextDocument(secondUri('legacy.c'));
    const line = doc
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.includes('MajorFunction[IRP_MJ_CLOSE]'));
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('IRP_MJ_CLOSE') + 4);
    const text = await poll(async () => {
      const t = hoverText(
        await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos),
      );
      return t.includes('LegacyDispatchClose') ? t : '';
    }, 'hover naming LegacyDispatchClose');
    assert.ok(!text.includes('SampleDispatchClose'), 'no handler of the other driver');
  });
});
