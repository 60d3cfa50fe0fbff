// The extension activates on a C file of the sample driver in code-server's extension host.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { EXTENSION_ID, poll, openSample } = require('./helpers');

suite('activation', () => {
  test('opening driver.c (language c) activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    const doc = await openSample('driver.c');
    assert.strictEqual(doc.languageId, 'c');
    // No explicit activate(): the onLanguage:c activation event must do it.
    await poll(() => ext.isActive, 'extension activation', 30000);
  });

  test('the extension contributes its wdm.* commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['wdm.showDispatchTable', 'wdm.restartServer']) {
      assert.ok(commands.includes(id), `command ${id} registered`);
    }
  });
});
