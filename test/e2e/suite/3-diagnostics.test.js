// The sample's deliberate mistakes show up as wdm diagnostics with their stable codes.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { poll, openSample, folderUri, wdmDiagnostics, codeOf, waitForCode } = require('./helpers');

const EXPECTED = [
  { code: 'create-without-close', files: ['driver.c'] },
  { code: 'missing-required-handler', files: ['driver.c', 'pnp.c'], slot: 'IRP_MJ_SYSTEM_CONTROL' },
  {
    code: 'unregistered-dispatch-routine',
    files: ['driver.h', 'dispatch.c'],
    mentions: 'SampleDispatchCleanup',
  },
  {
    code: 'missing-dispatch-annotation',
    files: ['driver.h', 'dispatch.c', 'driver.c'],
    mentions: 'SampleDispatchDeviceControl',
  },
];

suite('diagnostics', () => {
  suiteSetup(async () => {
    for (const f of ['driver.h', 'dispatch.c', 'pnp.c', 'driver.c']) await openSample(f);
  });

  for (const exp of EXPECTED) {
    test(`${exp.code} is reported in ${exp.files.join(' or ')}`, async () => {
      const folder = folderUri('wdm-sample');
      const hit = await waitForCode(
        folder,
        exp.code,
        30000,
        (x) => !exp.mentions || x.diag.message.includes(exp.mentions),
      );
      assert.ok(exp.files.includes(hit.file), `reported in ${hit.file}`);
      assert.ok(hit.diag.message.length > 10, 'has a message');
      if (exp.slot)
        assert.ok(hit.diag.message.includes(exp.slot), `names ${exp.slot}: ${hit.diag.message}`);
      const href =
        hit.diag.code && typeof hit.diag.code === 'object' ? String(hit.diag.code.target) : '';
      assert.ok(
        href.includes(exp.code) || href.includes('#'),
        `codeDescription links the README section (${href})`,
      );
    });
  }

  test('nothing is reported for what the sample does right (no duplicate-registration, no handler-not-found)', async () => {
    await waitForCode(folderUri('wdm-sample'), 'create-without-close');
    const codes = wdmDiagnostics(folderUri('wdm-sample')).map((x) => codeOf(x.diag));
    for (const wrong of [
      'duplicate-registration',
      'handler-not-found',
      'invalid-major-function-index',
      'dispatch-signature',
    ]) {
      assert.ok(!codes.includes(wrong), `unexpected ${wrong} among ${codes.join(', ')}`);
    }
  });

  test('the finding disappears as soon as the missing registration is typed', async () => {
    const doc = await openSample('driver.c');
    const folder = folderUri('wdm-sample');
    await waitForCode(folder, 'create-without-close');
    const line = doc
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.includes('MajorFunction[IRP_MJ_CREATE]'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(
      doc.uri,
      new vscode.Position(line + 1, 0),
      '    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SampleDispatchClose;\n',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await poll(
        () => !wdmDiagnostics(folder).some((x) => codeOf(x.diag) === 'create-without-close'),
        'create-without-close to go away',
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await waitForCode(folder, 'create-without-close');
  });
});
