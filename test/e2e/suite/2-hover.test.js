// Hover on IRP_MJ_READ in DriverEntry shows the documented IRP table text and this driver's handler.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { CONFIG, poll, openSample, hoverText } = require('./helpers');

suite('hover', () => {
  test('IRP_MJ_READ: documented meaning, value and the sample handler with its location', async () => {
    const doc = await openSample('driver.c');
    const line = doc
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.includes('MajorFunction[IRP_MJ_READ]'));
    assert.ok(line >= 0, 'registration line present');
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('IRP_MJ_READ') + 4);
    const text = await poll(async () => {
      const t = hoverText(
        await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos),
      );
      return t.includes('SampleDispatchRead') ? t : '';
    }, 'hover naming SampleDispatchRead');
    // The documented text comes from server/src/irpTable.ts (bundled into the run's config).
    const read = CONFIG.irp.IRP_MJ_READ;
    const firstWords = read.meaning.split(/\s+/).slice(0, 4).join(' ');
    assert.ok(text.includes('IRP_MJ_READ'), 'names the code');
    assert.ok(/0x0*3\b/i.test(text), `shows the value 0x03 in: ${text}`);
    assert.ok(
      text.includes(firstWords),
      `contains the documented meaning "${firstWords}" in: ${text}`,
    );
    assert.ok(
      /dispatch\.c[:#]L?\d+/.test(text) || text.includes('dispatch.c'),
      `links the handler's definition in dispatch.c: ${text}`,
    );
  });

  test('no hover on ordinary C tokens (leaves room for cpptools/clangd)', async () => {
    const doc = await openSample('driver.c');
    const line = doc
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.includes('return STATUS_SUCCESS'));
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('return') + 2);
    const hovers = await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      doc.uri,
      pos,
    );
    assert.strictEqual(hoverText(hovers).trim(), '');
  });
});
