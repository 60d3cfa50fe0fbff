// The DispatchXxx snippets insert through the snippet engine and are offered when typing "dispatch".
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { REPO, poll } = require('./helpers');

function snippetFile() {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'snippets/wdm.code-snippets'), 'utf8'));
}

suite('snippets', () => {
  test('insertSnippet dispatchCleanup writes the annotated declaration and definition', async () => {
    const entries = Object.entries(snippetFile());
    const found = entries.find(([, s]) => [].concat(s.prefix).includes('dispatchCleanup'));
    assert.ok(found, 'a snippet with prefix dispatchCleanup');
    const doc = await vscode.workspace.openTextDocument({ language: 'c', content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('editor.action.insertSnippet', {
      langId: 'c',
      name: found[0],
    });
    const text = await poll(
      () => (/IRP_MJ_CLEANUP/.test(editor.document.getText()) ? editor.document.getText() : ''),
      'snippet text',
      10000,
    );
    assert.match(text, /_Dispatch_type_\(\s*IRP_MJ_CLEANUP\s*\)/);
    assert.match(text, /DRIVER_DISPATCH/);
    assert.match(text, /IoCompleteRequest/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('completion after "dispatch" lists the DispatchXxx snippets', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'c', content: 'dispatch' });
    await vscode.window.showTextDocument(doc);
    const list = await poll(
      async () => {
        const l = await vscode.commands.executeCommand(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          new vscode.Position(0, 8),
        );
        const labels = l.items
          .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
          .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        return labels.filter((x) => /^dispatch[A-Z]/.test(x)).length >= 16 ? labels : null;
      },
      '16 dispatchXxx snippet completions',
      15000,
    );
    for (const p of [
      'dispatchCreate',
      'dispatchClose',
      'dispatchRead',
      'dispatchPnP',
      'dispatchPower',
      'dispatchSystemControl',
    ]) {
      assert.ok(
        list.some((l) => l.toLowerCase() === p.toLowerCase()),
        `${p} offered`,
      );
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
